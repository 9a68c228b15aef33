// The fields of the Simulate page's form: a labelled control whose help and error are tied
// to it (aria-describedby, aria-invalid), a scenario knob, and the table of the allies'
// positions. The rules (what a text means, what is wrong with it) live in simulationForm.ts;
// these components only show them.
import type { ComponentChildren } from 'preact';
import type { Knob, PositionKey } from '../simulation';
import { POSITION_KEYS } from '../simulation';
import { fieldText, POSITION_LABELS, type FieldSpec, type PositionRow } from '../simulationForm';

/** the control's id of a field */
export const controlId = (fieldId: string) => `sim-${fieldId}`;

/** the ids that describe a control: its error first, then its help, then the server's problem */
function describedBy(id: string, error: string | undefined, helpId: string | undefined, problem: boolean): string | undefined {
  return [error ? `${id}-error` : null, helpId ?? null, problem ? 'sim-problem' : null].filter(Boolean).join(' ') || undefined;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <span class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
      {error}
    </span>
  ) : null;
}

/** a text input for a number, a percentage or a date, as the user types it */
export function TextInput({
  spec,
  text,
  onText,
  error,
  helpId,
  problem,
}: {
  spec: FieldSpec;
  text: string;
  onText: (text: string) => void;
  error?: string;
  /** the id of the text that helps with the field */
  helpId?: string;
  problem?: boolean;
}) {
  const id = controlId(spec.id);
  const common = {
    id,
    value: text,
    'aria-invalid': error || problem ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, error, helpId, !!problem),
    onInput: (e: Event) => onText((e.currentTarget as HTMLInputElement).value),
  };
  if (spec.kind === 'date') return <input type="date" {...common} />;
  return <input type="text" inputMode={spec.integer ? 'numeric' : 'decimal'} autoComplete="off" spellcheck={false} {...common} />;
}

/** a labelled field: label (with its unit), control, error and help */
export function Field({
  spec,
  unit,
  help,
  text,
  onText,
  error,
  problem,
  class: cls,
}: {
  spec: FieldSpec;
  unit?: string;
  help: ComponentChildren;
  text: string;
  onText: (text: string) => void;
  error?: string;
  problem?: boolean;
  class?: string;
}) {
  const id = controlId(spec.id);
  return (
    <div class={`field knob${error || problem ? ' has-problem' : ''}${cls ? ` ${cls}` : ''}`} data-field={spec.id}>
      <label class="eyebrow" for={id}>
        {spec.label}
        {unit ? <span class="knob-unit"> ({unit})</span> : null}
      </label>
      <TextInput spec={spec} text={text} onText={onText} error={error} helpId={`${id}-help`} problem={problem} />
      <FieldError id={id} error={error} />
      <span class="knob-help muted" id={`${id}-help`}>
        {help}
      </span>
    </div>
  );
}

/** a knob of the scenario: a switch, a choice, or a field typed in its units */
export function KnobField({
  knob,
  spec,
  idPrefix,
  value,
  changed,
  text,
  onText,
  onChange,
  error,
  problem,
}: {
  knob: Knob;
  /** the field's rules (numbers, percentages and dates only) */
  spec?: FieldSpec;
  /** "" for scenario A, "b-" for the variant B */
  idPrefix: string;
  value: unknown;
  changed: boolean;
  text: string;
  onText: (text: string) => void;
  onChange: (value: unknown) => void;
  error?: string;
  problem: boolean;
}) {
  const id = controlId(`${idPrefix}${knob.id}`);
  const cls = `field knob${changed ? ' changed' : ''}${error || problem ? ' has-problem' : ''}`;
  if (knob.kind === 'check') {
    return (
      <div class={cls} data-knob={knob.id}>
        <label class="check">
          <input type="checkbox" id={id} checked={value === true} aria-describedby={describedBy(id, undefined, `${id}-help`, problem)} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />
          <span>{knob.label}</span>
        </label>
        <span class="knob-help muted" id={`${id}-help`}>
          {knob.help}
        </span>
      </div>
    );
  }
  if (knob.kind === 'select') {
    return (
      <div class={cls} data-knob={knob.id}>
        <label class="eyebrow" for={id}>
          {knob.label}
        </label>
        <select
          id={id}
          value={String(value ?? '')}
          aria-describedby={describedBy(id, undefined, `${id}-help`, problem)}
          aria-invalid={problem ? 'true' : undefined}
          onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
        >
          {(knob.options ?? []).map(([v, l]) => (
            <option value={v}>{l}</option>
          ))}
          {typeof value === 'string' && !(knob.options ?? []).some(([v]) => v === value) ? <option value={value}>{value}</option> : null}
        </select>
        <span class="knob-help muted" id={`${id}-help`}>
          {knob.help}
        </span>
      </div>
    );
  }
  return (
    <div class={cls} data-knob={knob.id}>
      <label class="eyebrow" for={id}>
        {knob.label}
        {knob.unit ? <span class="knob-unit"> ({knob.unit})</span> : null}
      </label>
      <TextInput spec={spec!} text={text} onText={onText} error={error} helpId={`${id}-help`} problem={problem} />
      <FieldError id={id} error={error} />
      <span class="knob-help muted" id={`${id}-help`}>
        {knob.help}
      </span>
    </div>
  );
}

/**
 * The allies' positions in the Council: for each ally, its ties to the adversary and a
 * fixed probability of support, both percentages, blank when the scenario sets none.
 */
export function AllyPositions({
  rows,
  specs,
  texts,
  errors,
  changed,
  onText,
  open,
  onToggle,
  children,
}: {
  rows: PositionRow[];
  /** the field of each row's position, by `${key}:${iso3}` */
  specs: Map<string, FieldSpec>;
  /** the text of each field, by the field's id */
  texts: Record<string, string>;
  errors: Map<string, string>;
  /** the fields whose value differs from the shipped scenario's */
  changed: Set<string>;
  onText: (spec: FieldSpec, text: string) => void;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** a loading notice or an error in place of the table */
  children?: ComponentChildren;
}) {
  const set = rows.filter((r) => r.affinity !== undefined || r.support !== undefined).length;
  const invalid = rows.some((r) => POSITION_KEYS.some((k) => errors.has(specs.get(`${k}:${r.iso3}`)?.id ?? '')));
  return (
    <fieldset class="knob-group positions" data-testid="positions">
      <legend>Allies’ positions</legend>
      <p class="knob-help muted positions-help" id="sim-positions-help">
        <strong>Ties to the adversary</strong> (0 none, 100 strong) lower an ally’s chance of supporting the response. A <strong>fixed support</strong>{' '}
        replaces the model’s draw: 100 always supports, 0 always objects. Leave a field blank for the model’s value; the attacked ally always supports.
      </p>
      <details class="positions-details" open={open || invalid} onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          Set each ally’s position{' '}
          <span class="muted">
            ({rows.length ? `${set} of ${rows.length} set` : 'the allies on the start date'})
          </span>
        </summary>
        {children}
        {rows.length ? (
          <div class="table-wrap">
            <table class="table positions-table">
              <caption class="sr-only">Each ally’s position, in percent; blank for the model’s value</caption>
              <thead>
                <tr>
                  <th scope="col">Ally</th>
                  <th scope="col">Ties to the adversary (%)</th>
                  <th scope="col">Fixed support (%)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.iso3} data-iso3={r.iso3}>
                    <th scope="row">
                      {r.name}
                      {r.ally ? null : <span class="muted small"> (not an ally on the start date)</span>}
                    </th>
                    {POSITION_KEYS.map((key: PositionKey) => {
                      const spec = specs.get(`${key}:${r.iso3}`)!;
                      const id = controlId(spec.id);
                      const error = errors.get(spec.id);
                      const was = changed.has(spec.id);
                      return (
                        <td class={`position-cell${was ? ' changed' : ''}${error ? ' has-problem' : ''}`} key={key}>
                          <label class="sr-only" for={id}>
                            {r.name}: {POSITION_LABELS[key]} (%)
                          </label>
                          <TextInput spec={spec} text={texts[spec.id] ?? fieldText(spec, r[key])} onText={(t) => onText(spec, t)} error={error} />
                          <FieldError id={id} error={error} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </details>
    </fieldset>
  );
}
