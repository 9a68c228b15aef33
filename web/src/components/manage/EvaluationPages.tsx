// #/evaluations and #/unit/ID — interoperability evaluation: the units partners declare,
// each climbing the ladder declared → SEL1 → NEL1 → SEL2 → NEL2 (the steps come from the
// server's view), one recorded evaluation at a time: every item of the step's checklist
// answered yes or no, with the evaluator and the day. A step that needs several evaluators
// says how many have signed off.
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  answersOf,
  approvalsText,
  checklistComplete,
  EVALUATION_STEP_LABELS,
  EVALUATION_STEP_NAMES,
  labelOf,
  ladderSteps,
  OUTCOME_LABELS,
  UNIT_KIND_LABELS,
  workflowWord,
} from '../../cooperation';
import { ApiError } from '../../api';
import { cooperationApi, PATHS, type Unit, type UnitView } from '../../cooperationApi';
import { fmtShort, today } from '../../dates';
import { useAsync } from '../../hooks';
import { nameRecord } from '../../titles';
import { useSession } from '../../session';
import { VOCABULARY } from '../../vocabulary';
import { Loading } from '../common';
import { ViewTools } from '../Export';
import { Field, Time, fieldProblems } from '../forms';
import { useSortable } from '../Sortable';
import {
  HistoryList,
  LoadFailure,
  NationOptions,
  Notice,
  RuleReason,
  SignedIn,
  WriteProblem,
  goTo,
  linkTo,
  officerNation,
  useNations,
  useSubject,
  useWrite,
} from './ParpPages';

const WHY = 'Nation officers, alliance staff and administrators sign in to declare units and record their evaluations.';

const stepLabel = (step: string) => labelOf(EVALUATION_STEP_LABELS, step) || workflowWord(step);
const stepName = (step: string) => (EVALUATION_STEP_NAMES as Record<string, string>)[step] ?? workflowWord(step);

// ---------- #/evaluations ----------

export function UnitsPage({ q }: { q: Record<string, string> }) {
  return <SignedIn title="Interoperability evaluation" why={WHY}>{() => <Units q={q} />}</SignedIn>;
}

function Units({ q }: { q: Record<string, string> }) {
  const session = useSession();
  const nations = useNations();
  const nationFilter = /^[A-Z]{3}$/.test(q.nation ?? '') ? q.nation : '';
  const path = PATHS.units(nationFilter);
  const res = useAsync(path, () => cooperationApi.units(nationFilter));
  const units = res.data?.units ?? [];
  const { rows, Th } = useSortable<Unit, 'name' | 'nation' | 'kind' | 'level' | 'declared'>(units, {
    name: (u) => u.name,
    nation: (u) => nations.name(u.nation),
    kind: (u) => u.kind,
    level: (u) => ['declared', ...VOCABULARY.evaluation_step].indexOf(u.level),
    declared: (u) => u.declared_at,
  });
  if (res.error) return <LoadFailure error={res.error} title="Interoperability evaluation" what="the units" retry={res.reload} />;
  return (
    <div class="page coop-page units-page">
      <section class="card" aria-labelledby="units-h">
        <h1 id="units-h" class="page-h1">
          Interoperability evaluation
        </h1>
        <p class="muted small lead">
          Units partners declare for evaluation, and the level each has reached: self-evaluations by the partner, NATO evaluations by its evaluators.
        </p>
        <DeclareUnit officer={officerNation(session)} />
      </section>
      <section class="card" aria-labelledby="units-list-h" aria-busy={res.loading ? 'true' : undefined}>
        <div class="card-head">
          <h2 id="units-list-h">Units</h2>
          <ViewTools title="Units declared for interoperability evaluation" api={path} stem={['units', nationFilter]} />
        </div>
        {!res.data ? (
          <Loading />
        ) : !units.length ? (
          <p class="muted" data-testid="units-empty">
            No unit is declared yet. Declare one above.
          </p>
        ) : (
          <div class="table-wrap">
            <table class="table coop-table" data-testid="units">
              <caption class="sr-only">Units and their levels</caption>
              <thead>
                <tr>
                  <Th col="name">Unit</Th>
                  <Th col="nation">Nation</Th>
                  <Th col="kind">Kind</Th>
                  <Th col="level">Level</Th>
                  <Th col="declared">Declared</Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr data-id={u.id} data-level={u.level}>
                    <th scope="row" data-label="Unit">
                      <a href={linkTo('unit', u.id)}>{u.name}</a>
                    </th>
                    <td data-label="Nation">{nations.name(u.nation)}</td>
                    <td data-label="Kind">{labelOf(UNIT_KIND_LABELS, u.kind)}</td>
                    <td data-label="Level">
                      <span class={`tag level-${u.level}`}>{stepLabel(u.level)}</span>
                    </td>
                    <td data-label="Declared">
                      <Time value={u.declared_at} /> <span class="muted small">by {u.declared_by}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function DeclareUnit({ officer }: { officer: string | null }) {
  const nations = useNations();
  const [values, setValues] = useState({ nation: officer ?? '', name: '', kind: VOCABULARY.unit_kind[0] as string });
  const write = useWrite();
  const fields = ['nation', 'name', 'kind'] as const;
  const problems = fieldProblems(write.error, fields);
  const refused = write.error && (write.error as { code?: string }).code === 'refused';
  const submit = (e: Event) => {
    e.preventDefault();
    void write.run(
      () => cooperationApi.declareUnit({ nation: (officer ?? values.nation).trim().toUpperCase(), name: values.name.trim(), kind: values.kind }),
      (v) => goTo('unit', v.id),
    );
  };
  return (
    <form class="coop-form" onSubmit={submit} aria-labelledby="unit-new-h" data-testid="unit-declare">
      <h2 id="unit-new-h" class="h3-like">
        Declare a unit
      </h2>
      <div class="form-grid">
        {officer ? (
          <p class="muted">
            A unit of {nations.name(officer)} ({officer}).
          </p>
        ) : (
          <Field id="unit-nation" label="Nation" required help="ISO code, e.g. GEO" errors={problems.byField.nation}>
            {(c) => (
              <input
                {...c}
                type="text"
                list="unit-nations"
                autoComplete="off"
                maxLength={3}
                value={values.nation}
                onInput={(e) => setValues({ ...values, nation: (e.currentTarget as HTMLInputElement).value })}
              />
            )}
          </Field>
        )}
        {!officer ? <NationOptions id="unit-nations" /> : null}
        <Field id="unit-name" label="Name" required errors={problems.byField.name}>
          {(c) => <input {...c} type="text" value={values.name} onInput={(e) => setValues({ ...values, name: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
        <Field id="unit-kind" label="Kind" required errors={problems.byField.kind}>
          {(c) => (
            <select {...c} value={values.kind} onChange={(e) => setValues({ ...values, kind: (e.currentTarget as HTMLSelectElement).value })}>
              {VOCABULARY.unit_kind.map((k) => (
                <option value={k}>{UNIT_KIND_LABELS[k]}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={write.busy || !values.name.trim() || (!officer && !values.nation.trim())} data-testid="unit-declare-submit">
          Declare the unit
        </button>
      </div>
      {refused ? (
        <div class="error problem" role="alert" data-testid="unit-refused">
          <strong>The rules refuse this unit: </strong>
          <RuleReason text={(write.error as Error).message} />
        </div>
      ) : (
        <WriteProblem write={write} what="The unit was not declared" fields={fields} idPrefix="unit-" labels={{ nation: 'Nation', name: 'Name', kind: 'Kind' }} />
      )}
    </form>
  );
}

// ---------- #/unit/ID ----------

export function UnitPage({ id }: { id: string }) {
  return <SignedIn title="Unit" why={WHY}>{() => <UnitDetail id={id} />}</SignedIn>;
}

function UnitDetail({ id }: { id: string }) {
  const { res, view, setView } = useSubject<UnitView>(`unit:${id}`, () => cooperationApi.unit(id));
  const checklists = useAsync('workflows', () => cooperationApi.workflows());
  const [notice, setNotice] = useState('');
  const itemText = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of checklists.data?.checklists ?? []) m.set(`${c.step}:${c.item}`, c.text);
    return m;
  }, [checklists.data]);
  const name = view ? `${view.name} (${view.nation_name})` : null;
  useEffect(() => {
    if (name) nameRecord('unit', id, name);
  }, [id, name]);
  if (res.error && !view) {
    return <LoadFailure error={res.error} title="Unit" what={`unit ${id}`} retry={res.reload} back={{ href: linkTo('evaluations'), label: 'All units' }} />;
  }
  if (!view) {
    // the same outline as the unit's, so that the heading keeps focus when the unit arrives
    return (
      <div class="page coop-page unit-page">
        <section class="card" aria-labelledby="unit-h">
          <p class="crumbs small">
            <a href={linkTo('evaluations')}>Interoperability evaluation</a>
          </p>
          <h1 id="unit-h" class="page-h1">
            Unit
          </h1>
          <Loading />
        </section>
      </div>
    );
  }
  const steps = ladderSteps(view.ladder, view.level, view.evaluations);
  const evalStep = view.next_step ?? view.level;
  const option = view.actions.find((a) => a.action === view.next_step) ?? null;
  const progress = option ? approvalsText(option, 'evaluators') : null;
  const position = view.ladder.indexOf(view.level);
  return (
    <div class="page coop-page unit-page" data-level={view.level}>
      <section class="card" aria-labelledby="unit-h">
        <p class="crumbs small">
          <a href={linkTo('evaluations')}>Interoperability evaluation</a>
        </p>
        <h1 id="unit-h" class="page-h1">
          {view.name} <span class="muted h-sub">{view.nation_name}</span>
        </h1>
        <dl class="facts">
          <div>
            <dt>Nation</dt>
            <dd>
              {view.nation_name} ({view.nation})
            </dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>{labelOf(UNIT_KIND_LABELS, view.kind)}</dd>
          </div>
          <div>
            <dt>Level</dt>
            <dd data-testid="unit-level">{stepLabel(view.level)}</dd>
          </div>
          <div>
            <dt>Declared</dt>
            <dd>
              <Time value={view.declared_at} /> by {view.declared_by}
            </dd>
          </div>
        </dl>
        <h2 class="h3-like" id="ladder-h">
          The ladder
        </h2>
        <p class="sr-only">
          {view.name} is at {stepLabel(view.level)}, step {position + 1} of {view.ladder.length}.
        </p>
        <ol class="coop-ladder" aria-labelledby="ladder-h" data-testid="unit-ladder">
          {steps.map((s) => (
            <li class={`coop-ladder-step ${s.status}`} data-step={s.step} data-status={s.status} aria-current={s.status === 'current' ? 'step' : undefined}>
              <span class="coop-ladder-mark" aria-hidden="true">
                {s.status === 'done' || s.status === 'current' ? '✓' : ''}
              </span>
              <span class="coop-ladder-label">{stepLabel(s.step)}</span>
              <span class="coop-ladder-name small">{s.step === 'declared' ? 'Declared for evaluation' : stepName(s.step)}</span>
              <span class="sr-only">{s.status === 'done' ? ' (passed)' : s.status === 'current' ? ' (the level the unit holds)' : ' (to come)'}</span>
              <span class="coop-ladder-when muted small">
                {s.evaluation ? <time dateTime={s.evaluation.on}>{fmtShort(s.evaluation.on)}</time> : s.step === 'declared' ? <Time value={view.declared_at} /> : null}
              </span>
            </li>
          ))}
        </ol>
        <Notice text={notice} />
        <ViewTools title={`${view.name} (${view.nation_name}): interoperability evaluation`} api={PATHS.unit(view.id)} csv={false} stem={['unit', view.nation, String(view.id)]} />
      </section>

      <section class="card" aria-labelledby="next-h">
        <h2 id="next-h">
          {view.next_step ? `Next: ${stepLabel(view.next_step)}, ${stepName(view.next_step)}` : `Re-evaluation at ${stepLabel(view.level)}`}
        </h2>
        {!view.next_step ? (
          <p class="muted small">The unit is at the top of the ladder. A failed re-evaluation takes it back a step.</p>
        ) : null}
        {progress ? (
          <p class="coop-approvals" data-testid="unit-approvals">
            {progress}
            {option && option.approved_by.length ? ` (${option.approved_by.join(', ')})` : ''}.
          </p>
        ) : null}
        {option && !option.allowed ? (
          <p class="warnbox" data-testid="unit-not-allowed">
            You may not record this evaluation: {option.reason}
          </p>
        ) : null}
        {view.checklist.length ? (
          <ChecklistForm
            key={`${view.id}:${evalStep}:${view.version}`}
            view={view}
            step={evalStep}
            disabled={!!option && !option.allowed}
            onView={setView}
            onNotice={setNotice}
          />
        ) : (
          <p class="muted">There is no checklist for this step.</p>
        )}
      </section>

      <section class="card" aria-labelledby="evals-h">
        <h2 id="evals-h">Evaluations</h2>
        {view.evaluations.length ? (
          <ol class="coop-evaluations" data-testid="unit-evaluations">
            {[...view.evaluations].reverse().map((e) => {
              const answers = [...answersOf(e.answers)];
              const yes = answers.filter(([, v]) => v).length;
              return (
                <li class={`coop-evaluation outcome-${e.outcome}`} data-step={e.step} data-outcome={e.outcome}>
                  <div class="coop-evaluation-head">
                    <strong>{stepLabel(e.step)}</strong> <span class={`tag outcome-tag ${e.outcome}`}>{labelOf(OUTCOME_LABELS, e.outcome)}</span>{' '}
                    <span>
                      by {e.evaluator} on <time dateTime={e.on}>{fmtShort(e.on)}</time>
                    </span>
                  </div>
                  <details>
                    <summary>
                      Answers: {yes} of {answers.length} yes
                    </summary>
                    <ul class="coop-answers">
                      {answers.map(([item, ok]) => (
                        <li data-item={item} data-answer={ok ? 'yes' : 'no'}>
                          <span class={`tag ${ok ? 'yes' : 'no'}`}>{ok ? 'Yes' : 'No'}</span> {itemText.get(`${e.step}:${item}`) ?? item}
                        </li>
                      ))}
                    </ul>
                  </details>
                  {e.note ? <p class="coop-comment">{e.note}</p> : null}
                  <p class="muted small">
                    Recorded <Time value={e.recorded_at} />
                  </p>
                </li>
              );
            })}
          </ol>
        ) : (
          <p class="muted">No evaluation is recorded yet. The first is the partner's own, {stepLabel(view.ladder[1] ?? 'sel1')}.</p>
        )}
      </section>

      <section class="card" aria-labelledby="unit-history-h">
        <h2 id="unit-history-h">History</h2>
        <HistoryList history={view.history} testid="unit-history" />
      </section>
    </div>
  );
}

/** the step's checklist as yes/no pairs, with the evaluator and the day */
function ChecklistForm({ view, step, disabled, onView, onNotice }: { view: UnitView; step: string; disabled: boolean; onView: (v: UnitView) => void; onNotice: (s: string) => void }) {
  const [answers, setAnswers] = useState<Record<string, boolean | undefined>>({});
  const [evaluator, setEvaluator] = useState('');
  const [on, setOn] = useState(today());
  const [note, setNote] = useState('');
  const write = useWrite();
  const fields = ['answers', 'evaluator', 'on', 'note', 'step'] as const;
  const problems = fieldProblems(write.error, fields);
  const complete = checklistComplete(view.checklist, answers);
  /** what the server said of one item's answer (errors[].pointer "/answers/<item>") */
  const itemError = (item: string) =>
    write.error instanceof ApiError
      ? write.error.errors
          .filter((x) => x.pointer === `/answers/${item.replace(/~/g, '~0').replace(/\//g, '~1')}`)
          .map((x) => x.detail)
          .join(' ')
      : '';
  const submit = (e: Event) => {
    e.preventDefault();
    const body = { step, answers: answers as Record<string, boolean>, evaluator: evaluator.trim(), on, note: note.trim() || undefined };
    void write.run(
      () => cooperationApi.recordEvaluation(view, body),
      (v) => {
        onView(v);
        const last = v.evaluations[v.evaluations.length - 1];
        onNotice(
          last && last.step === step
            ? `${stepLabel(step)} ${labelOf(OUTCOME_LABELS, last.outcome).toLowerCase()}: the unit is at ${stepLabel(v.level)}.`
            : `Recorded; the unit is at ${stepLabel(v.level)}.`,
        );
      },
      onView,
    );
  };
  return (
    <form class="coop-form checklist-form" onSubmit={submit} data-testid="unit-checklist" aria-label={`Record the ${stepLabel(step)} evaluation`}>
      <ol class="coop-checklist">
        {view.checklist.map((c, i) => {
          const name = `check-${c.item}`;
          const error = itemError(c.item);
          const errorId = `${name}-error`;
          return (
            <li data-item={c.item}>
              <fieldset class={`coop-yes-no${error ? ' has-error' : ''}`} aria-describedby={error ? errorId : undefined}>
                <legend>
                  <span class="muted small">{i + 1}.</span> {c.text}
                </legend>
                <label class="check">
                  <input type="radio" name={name} value="yes" checked={answers[c.item] === true} disabled={disabled} onChange={() => setAnswers({ ...answers, [c.item]: true })} /> Yes
                </label>
                <label class="check">
                  <input type="radio" name={name} value="no" checked={answers[c.item] === false} disabled={disabled} onChange={() => setAnswers({ ...answers, [c.item]: false })} /> No
                </label>
                {error ? (
                  <span class="field-error" id={errorId}>
                    {error}
                  </span>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div class="form-grid">
        <Field id="eval-evaluator" label="Evaluator" required errors={problems.byField.evaluator}>
          {(c) => <input {...c} type="text" value={evaluator} disabled={disabled} onInput={(e) => setEvaluator((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="eval-on" label="Evaluated on" required errors={problems.byField.on} help="The day of the evaluation; not a day to come">
          {(c) => <input {...c} type="date" value={on} max={today()} disabled={disabled} onInput={(e) => setOn((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="eval-note" label="Note" errors={problems.byField.note} class="wide">
          {(c) => <textarea {...c} rows={2} value={note} disabled={disabled} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
      </div>
      <p class="muted small" aria-live="polite">
        {complete ? 'Every item is answered. The evaluation passes when every answer is yes.' : `Answer each of the ${view.checklist.length} items yes or no.`}
      </p>
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={disabled || write.busy || !complete || !evaluator.trim() || !on} data-testid="unit-checklist-submit">
          Record the {stepLabel(step)} evaluation
        </button>
      </div>
      <WriteProblem
        write={write}
        what="The evaluation was not recorded"
        fields={fields}
        idPrefix="eval-"
        labels={{ evaluator: 'Evaluator', on: 'Evaluated on', note: 'Note', answers: 'Answers', step: 'Step' }}
      />
    </form>
  );
}
