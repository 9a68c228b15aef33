// Form pieces shared by the pages that write: a labelled field whose help and errors are
// tied to its control (aria-describedby), and the summary of a problem the server answered.
// A field error comes from the problem's errors[] (a JSON pointer such as "/to" names the
// field "to"), never from matching the text of the detail.
import type { ComponentChildren } from 'preact';
import { ApiError, type FieldError } from '../api';

/** the attributes a field gives its control */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  'aria-required'?: 'true';
}

/** the first token of a JSON pointer (RFC 6901): "/to" → "to", "/a~1b/0" → "a/b" */
export function pointerField(pointer: string): string | null {
  if (!pointer.startsWith('/')) return null;
  const first = pointer.slice(1).split('/')[0];
  return first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A problem's field errors by the field they name, and the ones no field of the form shows. */
export interface FieldProblems {
  byField: Record<string, string[]>;
  other: FieldError[];
}

export function fieldProblems(error: unknown, fields: readonly string[]): FieldProblems {
  const out: FieldProblems = { byField: {}, other: [] };
  if (!(error instanceof ApiError)) return out;
  for (const e of error.errors) {
    const name = e.pointer ? pointerField(e.pointer) : (e.parameter ?? null);
    if (name && fields.includes(name)) (out.byField[name] ??= []).push(e.detail);
    else out.other.push(e);
  }
  return out;
}

export function Field({
  id,
  label,
  help,
  errors,
  required,
  class: cls,
  children,
}: {
  id: string;
  label: ComponentChildren;
  help?: ComponentChildren;
  /** what is wrong with the value, from the server or the page */
  errors?: string[];
  required?: boolean;
  class?: string;
  children: (control: ControlProps) => ComponentChildren;
}) {
  const helpId = help ? `${id}-help` : null;
  const errorId = errors?.length ? `${id}-error` : null;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field form-field${errorId ? ' has-error' : ''}${cls ? ` ${cls}` : ''}`} data-field={id}>
      <label class="eyebrow" for={id}>
        {label}
        {required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : (
          <span class="opt"> (optional)</span>
        )}
      </label>
      {children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': errorId ? 'true' : undefined,
        'aria-required': required ? 'true' : undefined,
      })}
      {errorId ? (
        <span class="field-error" id={errorId}>
          {errors!.join(' ')}
        </span>
      ) : null}
      {helpId ? (
        <span class="knob-help muted" id={helpId}>
          {help}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The problem a write answered: its detail, status and code, and the field errors the
 * form shows beside its fields, each a button that moves to its field.
 */
export function ProblemBox({
  error,
  what,
  fields,
  idPrefix,
  id,
  labels,
}: {
  error: unknown;
  what: string;
  fields?: FieldProblems;
  /** the prefix of the fields' ids: a field "to" is the control `${idPrefix}to` */
  idPrefix?: string;
  id?: string;
  labels?: Record<string, string>;
}) {
  if (!error) return null;
  const named = fields ? Object.entries(fields.byField) : [];
  return (
    <div class="error problem" role="alert" id={id} data-testid={id} tabIndex={-1}>
      <strong>{what}</strong>
      {': '}
      {error instanceof Error ? error.message : String(error)}
      {error instanceof ApiError && error.status ? (
        <span class="muted">
          {' '}
          (HTTP {error.status}
          {error.code ? `, ${error.code}` : ''})
        </span>
      ) : null}
      {named.length || fields?.other.length ? (
        <ul class="problem-fields">
          {named.map(([name, details]) => (
            <li>
              <button
                type="button"
                class="link"
                onClick={() => document.getElementById(`${idPrefix ?? ''}${name}`)?.focus()}
              >
                {labels?.[name] ?? name}
              </button>
              {': '}
              {details.join(' ')}
            </li>
          ))}
          {(fields?.other ?? []).map((e) => {
            const name = e.pointer ? pointerField(e.pointer) : (e.parameter ?? null);
            const known = name ? labels?.[name] : undefined;
            const where = known ?? e.pointer ?? e.parameter ?? e.header;
            return (
              <li>
                {where ? known ? <strong>{known}</strong> : <code>{where}</code> : null}
                {where ? ': ' : ''}
                {e.detail}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** a time as the server gives it (RFC 3339), readably in the reader's time zone */
export function fmtTime(value: string | null | undefined): string {
  if (!value) return '—';
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  return new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function Time({ value }: { value: string | null | undefined }) {
  if (!value) return <span class="muted">—</span>;
  return (
    <time dateTime={value} title={value}>
      {fmtTime(value)}
    </time>
  );
}
