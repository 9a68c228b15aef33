// #/simulate — run a crisis scenario through the simulator: pick a shipped scenario, set
// its main knobs and each ally's position (or edit the whole scenario as JSON), run it on
// the server with progress and cancel, and read the results; optionally compare two
// policies on common random numbers.
//
// The URL holds the state: scenario (shipped id), runs, seed, edit (a JSON merge patch of
// the shipped scenario), vs (a shipped id, or "variant" for A with switches changed),
// vsedit (the variant's merge patch of A), job (the server's job id) and check (the
// fingerprint of the job's result). The link is the run: the server keeps a job's result
// only for a while (its latest jobs, none after a restart), so a link whose job is gone
// sends the same request again — the simulator gives the same results for the same seed —
// and says whether the results match the fingerprint.
//
// Every field is checked in its own units before anything is sent (simulationForm.ts),
// with the limits the server documents; each error is shown beside its field.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api, get, isComparison, simulationApi, type ScenarioEntry, type ScenarioJson, type SimulationJob, type SimulationRequest } from '../api';
import { isIsoDate } from '../dates';
import { fileStem } from '../export';
import { useAsync, useDebounced } from '../hooks';
import { getRoute, setQuery } from '../route';
import { KNOBS, POSITION_KEYS, applyPatch, deepEqual, diffPatch, fmtInt, fmtPct, fmtSeconds, getAt, knobOfDetail, parsePatch, patchPaths, setAt, type Knob, type PositionKey } from '../simulation';
import {
  crossCheck,
  fieldText,
  fingerprint,
  knobRange,
  orderErrors,
  positionRows,
  positionSpec,
  readField,
  readFields,
  requestLimits,
  rerunVerdict,
  type Ally,
  type FieldError,
  type FieldSpec,
  type FieldValue,
} from '../simulationForm';
import { ErrorBox, Loading } from './common';
import { ViewTools } from './Export';
import { PROCEDURE_LABELS, label } from './rules';
import { AllyPositions, Field, KnobField, controlId } from './SimulateForm';
import { ComparisonView, Headline, ResultView } from './SimulationResults';
import type { Labels } from '../vocabulary';
import '../styles/pages.css';
import '../styles/simulate.css';

const DEFAULT_SCENARIO = 'baltic-armed-attack';
const DEFAULT_RUNS = 10000;
const POLL_MS = 300;
const RUN_PRESETS = [1000, 10000, 100000, 1000000];
/** the organisation whose Council decides in every scenario */
const ORGANISATION = 'NATO';

const KIND_LABELS: Labels<'crisis_kind'> = {
  'armed-attack': 'Armed attack',
  hybrid: 'Hybrid',
  cyber: 'Cyber',
  terrorist: 'Terrorism',
  piracy: 'Piracy',
};

// The page's query outlives the page: coming back through the navigation restores it.
let savedQuery: Record<string, string> | null = null;
// The request behind each job this page started, to tell when the form has moved on.
const requests = new Map<string, SimulationRequest>();

const active = (j: SimulationJob | null) => !!j && (j.state === 'queued' || j.state === 'running');

function intParam(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v != null && v !== '' && Number.isSafeInteger(n) ? n : fallback;
}

/** the rules of a knob typed as text (numbers, percentages, dates); undefined for switches and choices */
function knobSpec(k: Knob, doc: unknown, prefix = ''): FieldSpec | undefined {
  if (k.kind !== 'number' && k.kind !== 'percent' && k.kind !== 'date') return undefined;
  return { id: `${prefix}${k.id}`, label: `${prefix ? 'B: ' : ''}${k.label}`, kind: k.kind, integer: k.integer, noun: k.noun, range: knobRange(k, doc) };
}

/** the same value, whatever its type: a field's reading against the scenario's */
const same = (a: unknown, b: unknown) => (a == null && b == null) || a === b;

// ---------- the scenario list and summary ----------

function ScenarioList({ entries, selected, onSelect }: { entries: ScenarioEntry[]; selected: string; onSelect: (id: string) => void }) {
  const ref = useRef<HTMLFieldSetElement>(null);
  // keep the chosen scenario in view inside the list (without scrolling the page)
  useEffect(() => {
    const list = ref.current;
    const opt = list?.querySelector<HTMLElement>('.scenario-opt.on');
    if (!list || !opt) return;
    const top = opt.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + opt.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - 4);
  }, [selected, entries.length]);
  return (
    <fieldset class="scenario-list" data-testid="scenario-list" ref={ref}>
      <legend class="sr-only">Scenarios</legend>
      {entries.map((e) => (
        <label class={`scenario-opt${e.id === selected ? ' on' : ''}${e.error ? ' broken' : ''}`} data-id={e.id}>
          <input type="radio" name="sim-scenario" value={e.id} checked={e.id === selected} disabled={!!e.error} onChange={() => onSelect(e.id)} />
          <span class="scenario-body">
            <span class="scenario-title">
              <span class="scenario-name">{e.name ?? 'A scenario the server cannot read'}</span>
              {e.kind ? <span class="tag">{label(KIND_LABELS, e.kind)}</span> : null}
            </span>
            {e.description ? <span class="scenario-desc">{e.description}</span> : null}
            {e.error ? <span class="scenario-error">This scenario cannot be run: the server could not read it.</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

type Delay = number | { median?: number; sigma?: number; mean?: number; min?: number; max?: number };

function fmtDelay(d: Delay | undefined): string {
  if (d == null) return '—';
  if (typeof d === 'number') return `${d} d`;
  if (d.median != null) return `median ${d.median} d`;
  if (d.mean != null) return `mean ${d.mean} d`;
  if (d.min != null && d.max != null) return `${d.min}–${d.max} d`;
  return JSON.stringify(d);
}

function ScenarioSummary({ entry, scenario, edited }: { entry: ScenarioEntry; scenario: ScenarioJson; edited: string[] }) {
  const s = scenario as any;
  const head = s.scenario ?? {};
  const crisis = s.crisis ?? {};
  const adv = s.adversary ?? {};
  const dec = s.decision ?? {};
  const tiers: any[] = Array.isArray(s.forces?.tier) ? s.forces.tier : [];
  const partners = s.partners ?? {};
  const offered: any[] = Array.isArray(partners.contribution) ? partners.contribution : [];
  const facts: [string, string, string[]][] = [
    ['Start', String(head.start ?? '—'), ['scenario.start']],
    ['Horizon', `${head.horizon_days ?? '—'} days`, ['scenario.horizon_days']],
    ['Where', crisis.territory ? String(crisis.territory) : `${Number(crisis.lat).toFixed(3)}, ${Number(crisis.lon).toFixed(3)}`, ['crisis.lat', 'crisis.lon', 'crisis.territory']],
    ['Target', `${crisis.target ?? 'territory'}${crisis.target_nation ? ` of ${crisis.target_nation}` : ''}`, ['crisis.target', 'crisis.target_nation']],
    ['Adversary', crisis.adversary ? String(crisis.adversary) : 'non-state', ['crisis.adversary']],
    ['Attack', `day ${crisis.attack_day ?? 0}, intensity ${crisis.intensity ?? '—'}`, ['crisis.attack_day', 'crisis.intensity']],
    ['Adversary troops', `${fmtInt(adv.initial_troops ?? 0)} + ${fmtInt(adv.troops_per_day ?? 0)}/day, up to ${fmtInt(adv.max_troops ?? 0)}`, ['adversary']],
    ['Warning', `${fmtPct(Number(s.warning?.probability ?? 0))} of runs, ${fmtDelay(s.warning?.delay_days)} ahead`, ['warning']],
    ['Decision', `${label(PROCEDURE_LABELS, String(dec.procedure))}, up to ${dec.max_rounds ?? '—'} rounds${dec.pre_authorised ? '; pre-authorised plans' : ''}`, ['decision']],
    ['Forward troops', fmtInt(Number(s.forces?.forward_troops ?? 0)), ['forces.forward_troops']],
    ['Force tiers', tiers.map((t) => `${t.name}: ${fmtInt(t.troops)} by ${t.mode}, ready ${fmtDelay(t.ready_days)}`).join('; ') || '—', ['forces.tier']],
    [
      'Partners',
      partners.contribute === false ? 'do not contribute' : offered.length ? offered.map((c) => `${c.nation} ${fmtInt(c.troops)} (tier ${c.tier})`).join(', ') : 'contribute; none offered',
      ['partners'],
    ],
    ['Deterrence', `${s.outcome?.deterrence_ratio ?? 1}× the adversary by day ${s.outcome?.deterrence_day ?? '—'}`, ['outcome']],
  ];
  const isEdited = (paths: string[]) => edited.some((e) => paths.some((p) => e === p || e.startsWith(`${p}.`) || p.startsWith(`${e}.`)));
  return (
    <section class="card" aria-labelledby="summary-h" data-testid="scenario-summary">
      <div class="card-head">
        <div class="grow">
          <h2 id="summary-h">
            {head.name ?? entry.name ?? entry.id} {head.kind ? <span class="tag">{label(KIND_LABELS, head.kind)}</span> : null}
          </h2>
          {head.description ? <p class="muted small lead">{head.description}</p> : null}
        </div>
        {edited.length ? (
          <span class="tag warn" data-testid="edited-tag">
            Edited: {edited.length} value{edited.length === 1 ? '' : 's'}
          </span>
        ) : null}
      </div>
      <dl class="facts sim-facts">
        {facts.map(([k, v, paths]) => (
          <div class={`${isEdited(paths) ? 'edited' : ''}${v.length > 60 ? ' wide' : ''}`}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

// ---------- progress ----------

function RunStatus({ job, onCancel, cancelling, onRetry }: { job: SimulationJob; onCancel: () => void; cancelling: boolean; onRetry: () => void }) {
  const pct = Math.max(0, Math.min(1, job.progress || (job.runs ? job.done / job.runs : 0)));
  const running = active(job);
  const what = job.kind === 'comparison' ? 'paired runs' : 'runs';
  return (
    <div class={`run-status s-${job.state}`} data-testid="run-status" data-state={job.state}>
      <div class="run-line">
        <span class={`state-pill s-${job.state}`} data-testid="run-state">
          {job.state === 'queued' ? 'Queued' : job.state === 'running' ? 'Running' : job.state === 'done' ? 'Done' : job.state === 'failed' ? 'Failed' : 'Cancelled'}
        </span>
        <span class="run-count" data-testid="run-count">
          {fmtInt(job.done)} of {fmtInt(job.runs)} {what}
        </span>
        <span class="muted small">
          {fmtSeconds(job.elapsed_seconds)} elapsed
          {running && job.eta_seconds != null ? ` · about ${fmtSeconds(job.eta_seconds)} left` : ''}
          {job.state === 'done' && job.elapsed_seconds > 0 ? ` · ${fmtInt(job.done / job.elapsed_seconds)} runs/s` : ''}
        </span>
        {running ? (
          <button type="button" class="btn small-btn cancel-btn" onClick={onCancel} disabled={cancelling} data-testid="cancel">
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
      </div>
      <div
        class="progress"
        role="progressbar"
        aria-label="Simulation progress"
        aria-valuemin={0}
        aria-valuemax={job.runs}
        aria-valuenow={job.done}
        aria-valuetext={`${fmtInt(job.done)} of ${fmtInt(job.runs)} ${what} (${fmtPct(pct)})`}
      >
        <span class="progress-fill" style={`width:${(pct * 100).toFixed(2)}%`} />
      </div>
      {job.state === 'cancelled' ? (
        <p class="small run-note">
          Cancelled after {fmtInt(job.done)} of {fmtInt(job.runs)} {what}; partial runs give no result. Press <strong>Run</strong> to start again.
        </p>
      ) : null}
      {job.state === 'failed' ? (
        <div class="error" role="alert">
          <strong>The simulation failed</strong>: {job.error ?? 'no reason given'}.{' '}
          <button type="button" class="btn small retry" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}

// ---------- the page ----------

/** a run done again because its job was gone: from which job, to which, and how it compares */
interface Rerun {
  from: string;
  /** the fingerprint the link carried */
  original?: string;
  to?: string;
  verdict?: 'identical' | 'different' | 'unknown';
}

export function SimulatePage({ q }: { q: Record<string, string> }) {
  // coming back through the navigation: restore the last state of the page
  const restoring = !Object.keys(q).length && savedQuery && Object.keys(savedQuery).length;
  useEffect(() => {
    if (restoring) setQuery(savedQuery!);
  }, []);
  useEffect(() => {
    if (Object.keys(q).length) savedQuery = q;
  }, [q]);

  const [listTick, setListTick] = useState(0);
  const list = useAsync(`scenarios:${listTick}`, simulationApi.scenarios);
  // the list follows the server's folder: read it again when the window regains focus
  useEffect(() => {
    const again = () => {
      if (document.visibilityState === 'visible') setListTick((t) => t + 1);
    };
    window.addEventListener('focus', again);
    document.addEventListener('visibilitychange', again);
    return () => {
      window.removeEventListener('focus', again);
      document.removeEventListener('visibilitychange', again);
    };
  }, []);
  // the server's own description of its API: the limits of runs, seed and each key
  const openapi = useAsync('openapi', () => get<unknown>('/api/v1/openapi.json'));
  const doc = openapi.data;
  const limits = useMemo(() => requestLimits(doc), [doc]);

  const entries = list.data?.scenarios ?? [];
  const fallbackId = entries.find((e) => e.id === DEFAULT_SCENARIO && !e.error)?.id ?? entries.find((e) => !e.error)?.id ?? '';
  const id = q.scenario ?? fallbackId;
  const entry = entries.find((e) => e.id === id);
  const base = entry?.scenario;
  const runs = intParam(q.runs, DEFAULT_RUNS);
  const seed = intParam(q.seed, 1);

  const patchA = useMemo(() => parsePatch(q.edit), [q.edit]);
  const patchB = useMemo(() => parsePatch(q.vsedit), [q.vsedit]);
  const urlProblem = patchA instanceof Error ? patchA : patchB instanceof Error ? patchB : null;
  const scenarioA = useMemo(() => (base ? applyPatch(base, patchA instanceof Error ? null : patchA) : undefined), [base, patchA]);
  const vs = q.vs ?? '';
  const vsEntry = vs && vs !== 'variant' ? entries.find((e) => e.id === vs) : undefined;
  /** B for a scenario A: A with the variant's switches, or another shipped scenario */
  const scenarioBOf = (a: ScenarioJson | undefined) => (vs === 'variant' ? (a ? applyPatch(a, patchB instanceof Error ? null : patchB) : undefined) : vsEntry?.scenario);
  const scenarioB = useMemo(() => scenarioBOf(scenarioA), [vs, scenarioA, patchB, vsEntry]);
  const editedA = useMemo(() => patchPaths(patchA instanceof Error ? null : patchA), [patchA]);
  const editedB = useMemo(() => patchPaths(patchB instanceof Error ? null : patchB), [patchB]);

  // write the default scenario into the URL once the list is known, so the view is shareable
  useEffect(() => {
    if (!restoring && !q.scenario && fallbackId) setQuery({ scenario: fallbackId });
  }, [fallbackId, q.scenario]);

  // ---------- the allies of the start date, for their positions ----------
  const startText = getAt(scenarioA, ['scenario', 'start']);
  // the date as it settles: typing a year commits each digit (2, 20, 202, 2026)
  const startDate = useDebounced(typeof startText === 'string' && isIsoDate(startText) ? startText : null, 350);
  const allies = useAsync(startDate ? `allies:${startDate}` : null, () => api.members(ORGANISATION, startDate!));
  const allyList: Ally[] = useMemo(
    () => [...(allies.data?.members ?? [])].map((m) => ({ iso3: m.iso3, name: m.name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    [allies.data],
  );
  const [positionsOpen, setPositionsOpen] = useState(false);

  // ---------- the JSON editor ----------
  const pretty = useMemo(() => (scenarioA ? JSON.stringify(scenarioA, null, 2) : ''), [scenarioA]);
  const [jsonText, setJsonText] = useState(pretty);
  const [jsonDirty, setJsonDirty] = useState(false);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  useEffect(() => {
    if (!jsonDirty) setJsonText(pretty);
  }, [pretty]);

  // ---------- the fields: their texts as typed, their checks ----------
  /** what the user typed into a field, until the scenario moves on (by field id) */
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  /** true once a run was refused for the form's errors: from then on they follow the typing */
  const [showErrors, setShowErrors] = useState(false);
  /** the field to focus after the next render */
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  const runsSpec: FieldSpec = { id: 'runs', label: 'Runs', kind: 'number', integer: true, noun: 'runs', range: limits.runs };
  const seedSpec: FieldSpec = { id: 'seed', label: 'Seed', kind: 'number', integer: true, range: limits.seed };

  /** every field typed as text, with its value in scenario `a` (and B), in the order of the form */
  const fieldsOf = (a: ScenarioJson | undefined, b: ScenarioJson | undefined) => {
    const out: { spec: FieldSpec; value: unknown }[] = [
      { spec: runsSpec, value: runs },
      { spec: seedSpec, value: seed },
    ];
    if (!a) return out;
    for (const k of KNOBS) {
      const spec = knobSpec(k, doc);
      if (spec) out.push({ spec, value: getAt(a, k.path) });
    }
    for (const row of positionRows(allyList, a))
      for (const key of POSITION_KEYS) out.push({ spec: positionSpec(row, key, doc), value: row[key] });
    if (vs === 'variant' && b)
      for (const k of KNOBS.filter((x) => x.policy)) {
        const spec = knobSpec(k, doc, 'b-');
        if (spec) out.push({ spec, value: getAt(b, k.path) });
      }
    return out;
  };

  /**
   * The text a field shows: what the user typed while it still stands for the scenario's
   * value (or cannot be read yet), else the scenario's value.
   */
  const textOf = (spec: FieldSpec, value: unknown): string => {
    const typed = drafts[spec.id];
    if (typed === undefined) return fieldText(spec, value);
    const read = readField({ ...spec, range: undefined }, typed);
    if (read.error !== undefined) return typed;
    return same(read.value, value) ? typed : fieldText(spec, value);
  };

  /** the form's errors, in form order: of the fields as typed, or of scenario `a` as it stands */
  const checkForm = (a: ScenarioJson | undefined, b: ScenarioJson | undefined, asTyped: boolean): FieldError[] => {
    const fields = fieldsOf(a, b);
    const { values, errors } = readFields(fields.map(({ spec, value }) => ({ spec, text: asTyped ? textOf(spec, value) : fieldText(spec, value) })));
    const num = (key: string) => (typeof values[key] === 'number' ? (values[key] as number) : undefined);
    const other =
      vs && vs !== 'variant' && b
        ? {
            name: vsEntry?.name ?? 'the other scenario',
            horizon: getAt(b, ['scenario', 'horizon_days']) as number | undefined,
            deterrenceDay: getAt(b, ['outcome', 'deterrence_day']) as number | undefined,
          }
        : undefined;
    // a horizon that cannot be read yet: the others are checked against the one the scenario has
    const committed = getAt(a, ['scenario', 'horizon_days']);
    const horizon = num('horizon') ?? (typeof committed === 'number' ? committed : undefined);
    const cross = crossCheck({ runs: num('runs'), horizon, deterrenceDay: num('det_day'), other }, limits);
    return orderErrors([...errors, ...cross], fields.map((f) => f.spec.id));
  };

  const fields = fieldsOf(scenarioA, scenarioB);
  const texts: Record<string, string> = Object.fromEntries(fields.map(({ spec, value }) => [spec.id, textOf(spec, value)]));
  const formErrors = showErrors ? checkForm(scenarioA, scenarioB, true) : [];

  useEffect(() => {
    if (!focusTarget) return;
    setFocusTarget(null);
    const el = document.getElementById(focusTarget === 'json' ? 'sim-json' : controlId(focusTarget));
    el?.focus();
  }, [focusTarget]);

  // ---------- editing ----------
  const setKnobA = (path: readonly string[], value: unknown) => {
    if (!base || !scenarioA) return;
    const patch = diffPatch(base, setAt(scenarioA, path, value));
    setJsonDirty(false);
    setJsonError(null);
    setQuery({ edit: patch ? JSON.stringify(patch) : null });
  };
  const setKnobB = (path: readonly string[], value: unknown) => {
    if (!scenarioA || !scenarioB) return;
    const patch = diffPatch(scenarioA, setAt(scenarioB, path, value));
    setQuery({ vsedit: patch ? JSON.stringify(patch) : null });
  };
  /** an ally's position set (a probability) or cleared (null) */
  const setPosition = (iso3: string, key: PositionKey, value: number | null) => {
    const table = { ...((getAt(scenarioA, ['positions', key]) as Record<string, number> | undefined) ?? {}) };
    if (value === null) delete table[iso3];
    else table[iso3] = value;
    setKnobA(['positions', key], table);
  };

  /** commits a field's value to the scenario (the URL) as soon as its text reads as one */
  const onText = (spec: FieldSpec, text: string) => {
    setDrafts((d) => ({ ...d, [spec.id]: text }));
    const read = readField({ ...spec, range: undefined }, text);
    if (read.error !== undefined) return;
    const value: FieldValue = read.value;
    if (spec.id === 'runs' || spec.id === 'seed') {
      if (value !== null) setQuery({ [spec.id]: String(value) });
      return;
    }
    const position = /^pos-(affinity|support)-(.+)$/.exec(spec.id);
    if (position) {
      setPosition(position[2], position[1] as PositionKey, value as number | null);
      return;
    }
    const variant = spec.id.startsWith('b-');
    const knob = KNOBS.find((k) => k.id === (variant ? spec.id.slice(2) : spec.id));
    if (!knob || value === null) return;
    if (variant) setKnobB(knob.path, value);
    else setKnobA(knob.path, value);
  };

  /** the JSON editor's scenario: null when it does not parse (the reason is shown) */
  const parseEditor = (): ScenarioJson | null => {
    try {
      const v = JSON.parse(jsonText);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        setJsonError('The scenario must be a JSON object, like {"scenario": {...}, "crisis": {...}}.');
        return null;
      }
      setJsonError(null);
      return v as ScenarioJson;
    } catch (e) {
      setJsonError(`This is not valid JSON: ${(e as Error).message}. Fix it, or press “Reset to the form”.`);
      return null;
    }
  };
  const applyEditor = (): ScenarioJson | null => {
    const v = parseEditor();
    if (!v || !base) return null;
    const patch = diffPatch(base, v);
    setJsonDirty(false);
    setDrafts({});
    setQuery({ edit: patch ? JSON.stringify(patch) : null });
    return v;
  };

  const selectScenario = (next: string) => {
    setJsonDirty(false);
    setJsonError(null);
    setProblem(null);
    setDrafts({});
    setShowErrors(false);
    setQuery({ scenario: next, edit: null, job: null, check: null, vs: vs === next ? null : vs });
  };
  const resetEdits = () => {
    setJsonDirty(false);
    setJsonError(null);
    setDrafts({});
    setQuery({ edit: null });
  };

  // ---------- jobs ----------
  const jobId = q.job ?? null;
  const [job, setJob] = useState<SimulationJob | null>(null);
  const [jobError, setJobError] = useState<unknown>(null);
  const [pollTick, setPollTick] = useState(0);
  /** the job of the link that the server no longer has */
  const [lostId, setLostId] = useState<string | null>(null);
  const [rerun, setRerun] = useState<Rerun | null>(null);
  /** the link's job is gone and cannot be run again as it is: a field needs changing, or a scenario it names is not on the server */
  const [rerunBlocked, setRerunBlocked] = useState<'fields' | 'scenario' | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [announce, setAnnounce] = useState('');
  /** the link was copied, or (without a clipboard) is shown to be copied by hand */
  const [copied, setCopied] = useState<'copied' | 'manual' | null>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const sideRef = useRef<HTMLDivElement>(null);

  // At desktop widths the form column is sticky and scrolls on its own; its height follows
  // the space left under the top bar, so its sticky Run button is always on screen.
  useEffect(() => {
    const side = sideRef.current;
    if (!side) return;
    const wide = matchMedia('(min-width: 901px)');
    let frame = 0;
    const fit = () => {
      frame = 0;
      side.style.maxHeight = wide.matches ? `${Math.round(window.innerHeight - Math.max(12, side.getBoundingClientRect().top) - 12)}px` : '';
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(fit);
    };
    fit();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    wide.addEventListener('change', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      wide.removeEventListener('change', schedule);
    };
  }, []);

  useEffect(() => {
    setJobError(null);
    if (!jobId) {
      setJob(null);
      setLostId(null);
      setRerun(null);
      setRerunBlocked(null);
      return;
    }
    setJob((j) => (j && j.id === jobId ? j : null));
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const ctl = new AbortController();
    const poll = async () => {
      try {
        const j = await simulationApi.job(jobId, ctl.signal);
        if (stopped) return;
        failures = 0;
        setJob(j);
        setJobError(null);
        if (active(j)) timer = setTimeout(poll, POLL_MS);
        else setCancelling(false);
      } catch (e) {
        if (stopped) return;
        // the job is gone (404): it is run again below; a lost connection is tried again a few times
        if (e instanceof ApiError && e.status === 404) {
          setLostId(jobId);
          return;
        }
        setJobError(e);
        if (++failures < 10) timer = setTimeout(poll, 1000);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ctl.abort();
    };
  }, [jobId, pollTick]);

  // announce the changes of state (not every progress step) to screen readers
  const lastState = useRef<string | null>(null);
  useEffect(() => {
    const key = job ? `${job.id}:${job.state}` : null;
    if (!job || key === lastState.current) return;
    lastState.current = key;
    const msg: Record<string, string> = {
      queued: 'Simulation queued.',
      running: 'Simulation running.',
      done: 'Simulation done: results below.',
      failed: `Simulation failed: ${job.error ?? ''}`,
      cancelled: 'Simulation cancelled.',
    };
    setAnnounce(msg[job.state] ?? '');
  }, [job?.id, job?.state]);

  const buildRequest = (a: ScenarioJson, editedNow: boolean, b: ScenarioJson | undefined): SimulationRequest => {
    const body: SimulationRequest = {};
    if (editedNow) body.scenario = a;
    else body.scenario_id = id;
    if (vs === 'variant' && b) body.compare_with = b;
    else if (vs) body.compare_with_id = vs;
    body.runs = runs;
    body.seed = seed;
    return body;
  };
  const currentRequest = scenarioA ? buildRequest(scenarioA, editedA.length > 0, scenarioB) : null;

  /** sends a request; `again` when it runs a lost job again */
  const start = async (body: SimulationRequest, again?: Rerun) => {
    setSubmitting(true);
    try {
      const j = await simulationApi.submit(body);
      requests.set(j.id, body);
      setRerun(again ? { ...again, to: j.id } : null);
      setRerunBlocked(null);
      setLostId(null);
      setJob(j);
      // a run again keeps the link's fingerprint until its result is compared with it
      setQuery(again ? { job: j.id } : { job: j.id, check: null });
      revealResults();
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiError && e.status === 400 && jsonDirty) setAdvancedOpen(true);
    } finally {
      setSubmitting(false);
    }
  };

  const run = async () => {
    setProblem(null);
    if (!scenarioA || !base) return;
    let a = scenarioA;
    let edited = editedA.length > 0;
    let errors: FieldError[];
    if (jsonDirty) {
      const v = applyEditor();
      if (!v) {
        setAdvancedOpen(true);
        setFocusTarget('json');
        return;
      }
      a = v;
      edited = diffPatch(base, v) !== null;
      errors = checkForm(v, scenarioBOf(v), false);
    } else {
      errors = checkForm(scenarioA, scenarioB, true);
    }
    if (errors.length) {
      setShowErrors(true);
      if (errors[0].id.startsWith('pos-')) setPositionsOpen(true);
      setFocusTarget(errors[0].id);
      return;
    }
    await start(buildRequest(a, edited, scenarioBOf(a)));
  };

  // A link whose job the server no longer has: send its request again, once
  const rerunOf = useRef<string | null>(null);
  useEffect(() => {
    if (!lostId || lostId !== jobId || rerunOf.current === lostId || submitting || !list.data) return;
    // the form is checked against the server's documented limits: wait for them (a failed
    // load leaves the checks to the server, which refuses what is out of range)
    if (openapi.loading && !openapi.data) return;
    if (!base || (vs && vs !== 'variant' && !vsEntry?.scenario)) {
      rerunOf.current = lostId;
      setRerunBlocked('scenario');
      return;
    }
    if (!scenarioA || (vs && !scenarioB)) return;
    rerunOf.current = lostId;
    const errors = checkForm(scenarioA, scenarioB, false);
    if (errors.length) {
      setRerunBlocked('fields');
      setShowErrors(true);
      return;
    }
    void start(buildRequest(scenarioA, editedA.length > 0, scenarioB), { from: lostId, original: getRoute().q.check });
  }, [lostId, jobId, list.data, scenarioA, scenarioB, base, submitting, openapi.data, openapi.loading]);

  // The fingerprint of a finished job's result goes into the link; a run again is compared with the link's first
  useEffect(() => {
    if (!job || job.state !== 'done' || !job.result) return;
    let live = true;
    const id = job.id;
    void fingerprint(job.result).then((fp) => {
      if (!live) return;
      setRerun((r) => (r && r.to === id && r.verdict === undefined ? { ...r, verdict: rerunVerdict(r.original, fp) } : r));
      if ((fp ?? '') !== (getRoute().q.check ?? '')) setQuery({ check: fp });
    });
    return () => {
      live = false;
    };
  }, [job?.id, job?.state]);

  const cancel = async () => {
    if (!job) return;
    setCancelling(true);
    try {
      const j = await simulationApi.cancel(job.id);
      setJob((cur) => (cur && cur.id === j.id && active(cur) ? { ...cur, ...j } : cur));
    } catch (e) {
      setCancelling(false);
      setJobError(e);
    }
  };

  /** bring the status of a new run into view and give it the focus (Tab then reaches Cancel) */
  const revealResults = () =>
    requestAnimationFrame(() => {
      const h = resultsRef.current;
      if (!h) return;
      h.focus({ preventScroll: true });
      const box = h.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight * 0.7) {
        const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
        h.closest('section')?.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
      }
    });

  // move focus to the results when a run finishes
  const doneId = job?.state === 'done' ? job.id : null;
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!doneId || focusedFor.current === doneId || !requests.has(doneId)) return;
    focusedFor.current = doneId;
    requestAnimationFrame(() => resultsRef.current?.focus({ preventScroll: true }));
  }, [doneId]);

  const result = job?.state === 'done' ? job.result : undefined;
  const stale = useMemo(() => {
    if (!result || !currentRequest || !job) return false;
    const asked = requests.get(job.id);
    if (asked) return !deepEqual(asked, currentRequest);
    if (isComparison(result)) return !deepEqual(result.a.scenario, scenarioA) || !deepEqual(result.b.scenario, scenarioB) || result.run.runs !== runs || result.run.seed !== seed;
    return !!vs || !deepEqual(result.scenario, scenarioA) || result.run?.runs !== runs || result.run?.seed !== seed;
  }, [result, currentRequest, job, scenarioA, scenarioB]);

  // the server's problem: the knob its detail names, and the fields its errors point at
  const problemDetail = problem instanceof ApiError ? problem.message : '';
  const problemKnob = problemDetail ? knobOfDetail(problemDetail) : undefined;
  const problemSide = problemDetail.startsWith('compare_with:') ? 'b' : 'a';
  const serverErrors = new Map<string, string>();
  if (problem instanceof ApiError)
    for (const e of problem.errors) if (e.pointer === '/runs' || e.pointer === '/seed') serverErrors.set(e.pointer.slice(1), `The server refused it: ${e.detail}.`);
  const errorOf = new Map<string, string>([...serverErrors, ...formErrors.map((e) => [e.id, e.message] as [string, string])]);
  const retryable = problem instanceof ApiError && (problem.status === 0 || problem.status === 429 || problem.status >= 500);

  const nameA = (scenarioA?.scenario?.name as string | undefined) ?? entry?.name ?? 'the scenario';
  const nameB = vs === 'variant' ? `${nameA}, variant${editedB.length ? `: ${editedB.map((p) => p.split('.').pop()).join(', ')} changed` : ''}` : (vsEntry?.name ?? 'another scenario');
  const horizonMismatch =
    vs && vs !== 'variant' && scenarioA && scenarioB
      ? getAt(scenarioA, ['scenario', 'horizon_days']) !== getAt(scenarioB, ['scenario', 'horizon_days']) ||
        getAt(scenarioA, ['outcome', 'deterrence_day']) !== getAt(scenarioB, ['outcome', 'deterrence_day'])
      : false;

  const positions = useMemo(() => (scenarioA ? positionRows(allyList, scenarioA) : []), [allyList, scenarioA]);
  const positionSpecs = new Map<string, FieldSpec>();
  const positionChanged = new Set<string>();
  for (const row of positions)
    for (const key of POSITION_KEYS) {
      const spec = positionSpec(row, key, doc);
      positionSpecs.set(`${key}:${row.iso3}`, spec);
      if (!same(row[key], getAt(base, ['positions', key, row.iso3]))) positionChanged.add(spec.id);
    }

  // the view cites the run it shows; before one, the scenario set up to run
  const title = job
    ? `Simulation of ${nameA}${vs ? ` compared with ${nameB}` : ''}: ${fmtInt(job.runs)} runs, seed ${job.seed}`
    : `Simulation set-up, not run yet: ${nameA}${vs ? ` compared with ${nameB}` : ''}, ${fmtInt(runs)} runs, seed ${seed}`;
  const stem = ['simulation', nameA, vs ? 'comparison' : null, `seed-${seed}`];
  // a page not served over HTTPS has no clipboard: the link is then shown, selected, to copy by hand
  const copyLink = () => {
    if (!navigator.clipboard) {
      setCopied('manual');
      return;
    }
    navigator.clipboard.writeText(location.href).then(
      () => setCopied('copied'),
      () => setCopied('manual'),
    );
  };
  useEffect(() => setCopied(null), [q.job, q.check]);
  const linkRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (copied === 'manual') linkRef.current?.select();
  }, [copied]);

  /** the run done again, or about to be: shown from the moment the link's job is found gone */
  const rerunShown: Rerun | null = rerun ?? (lostId && !rerunBlocked && (submitting || !problem) ? { from: lostId } : null);
  const rerunText = (r: Rerun): string => {
    const gone = 'The server no longer had this run (it keeps only its latest runs, and none after a restart), so it';
    if (!r.verdict) return `${gone} is being run again with the same scenario, runs and seed.`;
    if (r.verdict === 'identical') return `${gone} was run again with the same seed: the results are identical.`;
    if (r.verdict === 'different')
      return `${gone} was run again with the same seed, but the results differ from the original run: the scenario or the reference data on the server have changed since.`;
    return `${gone} was run again with the same scenario, runs and seed. The simulator gives the same results for the same seed as long as the scenario and the reference data are unchanged.`;
  };

  return (
    <div class="page sim-page">
      <header class="card sim-header">
        <h1 class="page-h1">Simulate a crisis</h1>
        <p class="muted small lead">
          Run a crisis scenario many times through early warning, Article 4 consultations, the Council’s decision, force generation and deployment, and
          read how often and how fast the alliance responds.
        </p>
        <ViewTools title={title} api="/api/v1/simulations" body={currentRequest ?? {}} stem={stem} sources={allies.data?.members.map((m) => m.source) ?? []} />
      </header>
      <div class="sim-layout">
        <div class="sim-side" ref={sideRef}>
          <section class="card" aria-labelledby="scen-h">
            <div class="card-head scen-head">
              <h2 id="scen-h">
                Scenarios {list.data ? <span class="count">{entries.length}</span> : null}
              </h2>
              <button type="button" class="btn small-btn" onClick={() => setListTick((t) => t + 1)} disabled={list.loading} aria-label="Reload the list of scenarios">
                {list.loading && list.data ? 'Reloading…' : 'Reload'}
              </button>
            </div>
            <p class="muted small scen-lead">The crisis scenarios on the server. Pick one, then change its parameters below.</p>
            <ErrorBox error={list.error} what="the scenarios" retry={() => setListTick((t) => t + 1)} />
            {!list.data && list.loading ? <Loading label="Loading the scenarios…" /> : null}
            {list.data && !entries.length ? <p class="muted">The server offers no scenarios yet.</p> : null}
            {list.data && q.scenario && !entry ? (
              <div class="error" role="alert">
                The scenario this link names is not on the server; pick one below.
              </div>
            ) : null}
            <ScenarioList entries={entries} selected={id} onSelect={selectScenario} />
          </section>

          <form
            class="card sim-form"
            aria-labelledby="params-h"
            ref={formRef}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <div class="card-head">
              <h2 id="params-h">Parameters</h2>
              {editedA.length ? (
                <button type="button" class="btn small-btn" onClick={resetEdits} data-testid="reset-edits">
                  Reset to the scenario’s values
                </button>
              ) : null}
            </div>
            {urlProblem ? (
              <p class="warnbox url-problem" role="alert">
                The changes this link makes to the scenario cannot be read, so the scenario is shown as shipped.{' '}
                <button type="button" class="btn small" onClick={() => setQuery({ edit: patchA instanceof Error ? null : q.edit, vsedit: patchB instanceof Error ? null : q.vsedit })}>
                  Remove them from the link
                </button>
              </p>
            ) : null}
            <fieldset class="knob-group">
              <legend>Runs</legend>
              <div class="knob-grid">
                <Field
                  spec={runsSpec}
                  text={texts.runs ?? ''}
                  onText={(t) => onText(runsSpec, t)}
                  error={errorOf.get('runs')}
                  help={limits.runs.min !== undefined && limits.runs.max !== undefined ? `${fmtInt(limits.runs.min)} to ${fmtInt(limits.runs.max)} Monte Carlo runs.` : 'Monte Carlo runs.'}
                />
                <Field spec={seedSpec} text={texts.seed ?? ''} onText={(t) => onText(seedSpec, t)} error={errorOf.get('seed')} help="The same seed gives the same numbers." />
              </div>
              <div class="run-presets" role="group" aria-label="Set the number of runs">
                {RUN_PRESETS.map((n) => (
                  <button
                    type="button"
                    class="chip-btn"
                    aria-pressed={runs === n}
                    onClick={() => {
                      setDrafts((d) => ({ ...d, runs: String(n) }));
                      setQuery({ runs: String(n) });
                    }}
                  >
                    {fmtInt(n)}
                  </button>
                ))}
              </div>
            </fieldset>

            {scenarioA ? (
              <fieldset class="knob-group">
                <legend>Scenario</legend>
                <div class="knob-grid">
                  {KNOBS.map((k) => {
                    const spec = knobSpec(k, doc);
                    const value = getAt(scenarioA, k.path);
                    return (
                      <KnobField
                        knob={k}
                        spec={spec}
                        idPrefix=""
                        value={value}
                        changed={base !== undefined && !deepEqual(value, getAt(base, k.path))}
                        text={spec ? (texts[spec.id] ?? '') : ''}
                        onText={(t) => spec && onText(spec, t)}
                        onChange={(v) => setKnobA(k.path, v)}
                        error={spec ? errorOf.get(spec.id) : undefined}
                        problem={problemSide === 'a' && problemKnob?.id === k.id}
                      />
                    );
                  })}
                </div>
              </fieldset>
            ) : null}

            {scenarioA ? (
              <AllyPositions
                rows={positions}
                specs={positionSpecs}
                texts={texts}
                errors={errorOf}
                changed={positionChanged}
                onText={onText}
                open={positionsOpen}
                onToggle={setPositionsOpen}
              >
                {allies.loading && !allies.data ? <Loading label="Loading the allies of the start date…" /> : null}
                <ErrorBox error={allies.error} what="the allies of the start date" retry={allies.reload} />
              </AllyPositions>
            ) : null}

            <details
              class="advanced"
              open={advancedOpen}
              onToggle={(e) => setAdvancedOpen((e.currentTarget as HTMLDetailsElement).open)}
              data-testid="advanced"
            >
              <summary>Advanced: the whole scenario as JSON</summary>
              <p class="muted small">
                Every parameter of scenario A, defaults filled in, in the structure the API takes. The server checks it when you run; unknown keys and
                values out of range are refused with the reason.
              </p>
              <label class="sr-only" for="sim-json">
                Scenario JSON
              </label>
              <textarea
                id="sim-json"
                class="json-editor"
                spellcheck={false}
                rows={18}
                value={jsonText}
                aria-invalid={jsonError ? 'true' : undefined}
                aria-describedby={jsonError ? 'sim-json-error' : undefined}
                onInput={(e) => {
                  setJsonText((e.currentTarget as HTMLTextAreaElement).value);
                  setJsonDirty(true);
                }}
              />
              {jsonError ? (
                <div class="error" role="alert" id="sim-json-error" data-testid="json-error">
                  {jsonError}
                </div>
              ) : null}
              <div class="advanced-actions">
                <button type="button" class="btn small-btn" disabled={!jsonDirty} onClick={() => applyEditor()}>
                  Apply to the form
                </button>
                <button
                  type="button"
                  class="btn small-btn"
                  disabled={!jsonDirty && !jsonError}
                  onClick={() => {
                    setJsonDirty(false);
                    setJsonError(null);
                    setJsonText(pretty);
                  }}
                >
                  Reset to the form
                </button>
                {jsonDirty ? <span class="muted small">Edited; <strong>Run</strong> uses this text.</span> : null}
              </div>
            </details>

            <fieldset class="knob-group compare" data-testid="compare">
              <legend>Compare policies</legend>
              <div class="field">
                <label class="eyebrow" for="sim-vs">
                  Compare with (B)
                </label>
                <select id="sim-vs" value={vs} onChange={(e) => setQuery({ vs: (e.currentTarget as HTMLSelectElement).value || null, job: null, check: null })}>
                  <option value="">No comparison</option>
                  <option value="variant">This scenario with switches changed</option>
                  <optgroup label="Another scenario">
                    {entries
                      .filter((e) => e.id !== id && !e.error)
                      .map((e) => (
                        <option value={e.id}>{e.name ?? e.id}</option>
                      ))}
                  </optgroup>
                </select>
              </div>
              {vs === 'variant' && scenarioB ? (
                <>
                  <p class="muted small">
                    B is A with the switches below; changed ones are marked.
                    {editedB.length ? '' : ' Change at least one to compare two policies.'}
                  </p>
                  <div class="knob-grid">
                    {KNOBS.filter((k) => k.policy).map((k) => {
                      const spec = knobSpec(k, doc, 'b-');
                      const value = getAt(scenarioB, k.path);
                      return (
                        <KnobField
                          knob={k}
                          spec={spec}
                          idPrefix="b-"
                          value={value}
                          changed={!deepEqual(value, getAt(scenarioA, k.path))}
                          text={spec ? (texts[spec.id] ?? '') : ''}
                          onText={(t) => spec && onText(spec, t)}
                          onChange={(v) => setKnobB(k.path, v)}
                          error={spec ? errorOf.get(spec.id) : undefined}
                          problem={problemSide === 'b' && problemKnob?.id === k.id}
                        />
                      );
                    })}
                  </div>
                </>
              ) : null}
              {vs && vs !== 'variant' && vsEntry?.description ? <p class="muted small">{vsEntry.description}</p> : null}
              {horizonMismatch ? (
                <p class="warnbox small">
                  B’s horizon or deterrence day differs from A’s; a comparison reads the two day by day, so they must match. Set A’s to B’s (
                  {String(getAt(scenarioB, ['scenario', 'horizon_days']))} days, deterrence day {String(getAt(scenarioB, ['outcome', 'deterrence_day']))}).
                </p>
              ) : null}
              {vs ? <p class="muted small">Both run on the same random numbers, so the difference is measured run by run.</p> : null}
            </fieldset>

            {problem ? (
              <div class="error problem" role="alert" id="sim-problem" data-testid="sim-problem">
                <strong>{problem instanceof ApiError && problem.status >= 400 && problem.status < 500 && problem.status !== 429 ? 'The server refused the scenario' : 'The run could not start'}</strong>
                {': '}
                {problem instanceof Error ? problem.message : String(problem)}
                {problem instanceof ApiError && problem.status ? <span class="muted"> (HTTP {problem.status})</span> : null}
                {problem instanceof ApiError && problem.retryAfter ? <span> Try again in {fmtSeconds(problem.retryAfter)}.</span> : null}{' '}
                {retryable ? (
                  <button type="button" class="btn small retry" onClick={() => void run()}>
                    Retry
                  </button>
                ) : problemKnob ? (
                  <button type="button" class="btn small" onClick={() => setFocusTarget(`${problemSide === 'b' ? 'b-' : ''}${problemKnob.id}`)}>
                    Go to {problemKnob.label.toLowerCase()}
                  </button>
                ) : null}
              </div>
            ) : null}

            <div class="sim-actions">
              <button type="submit" class="btn primary" disabled={!scenarioA || submitting || active(job)} data-testid="run">
                {submitting ? 'Starting…' : active(job) ? 'Running…' : vs ? 'Run the comparison' : 'Run'}
              </button>
              <span class="muted small run-what">
                {fmtInt(runs)} run{runs === 1 ? '' : 's'}, seed {seed}
                {vs ? ' — A and B' : ''}
              </span>
              {formErrors.length ? (
                <p class="form-errors" role="status" data-testid="form-errors">
                  Nothing was sent: {formErrors.length === 1 ? '1 field needs' : `${formErrors.length} fields need`} changing (marked above).
                </p>
              ) : null}
            </div>
          </form>
        </div>

        <div class="sim-main">
          {entry && scenarioA ? <ScenarioSummary entry={entry} scenario={scenarioA} edited={editedA} /> : null}

          <section class="card sim-results" aria-labelledby="results-h" data-testid="results">
            <div class="card-head">
              <h2 id="results-h" tabIndex={-1} ref={resultsRef}>
                {result && isComparison(result) ? 'Comparison' : 'Results'}
              </h2>
              {job ? (
                <span class="muted small" data-testid="job-meta">
                  {job.kind === 'comparison' ? 'A comparison' : 'A simulation'} of {fmtInt(job.runs)} runs, seed {job.seed}
                </span>
              ) : null}
            </div>
            <p class="sr-only" aria-live="polite" role="status">
              {announce}
            </p>
            {rerunShown ? (
              <p class={`infobox rerun-note${rerunShown.verdict === 'different' ? ' warn' : ''}`} role="status" data-testid="rerun-note" data-verdict={rerunShown.verdict ?? 'pending'}>
                {rerunText(rerunShown)}
              </p>
            ) : null}
            {lostId && rerunBlocked ? (
              <p class="warnbox" data-testid="rerun-blocked">
                The server no longer has this run (it keeps only its latest runs, and none after a restart), and it cannot be run again as the link asks:{' '}
                {rerunBlocked === 'fields' ? 'change the fields marked in the form' : 'a scenario the link names is not on the server; pick one'}, then press{' '}
                <strong>Run</strong>.
              </p>
            ) : null}
            <ErrorBox error={jobError} what="the run" retry={() => setPollTick((t) => t + 1)} />
            {!job && !jobError && !lostId ? (
              <p class="muted">
                Press <strong>Run</strong> to simulate the scenario {fmtInt(runs)} times: early warning, Article 4 consultations, the Council’s decision, force
                generation and deployment over real distances.
              </p>
            ) : null}
            {job ? <RunStatus job={job} onCancel={cancel} cancelling={cancelling} onRetry={() => void run()} /> : null}
            {result && stale ? (
              <p class="stale-note" role="status">
                The parameters have changed since this run. Press <strong>Run</strong> to see their results.
              </p>
            ) : null}
            {result && !isComparison(result) ? (
              <div class={stale ? 'stale' : ''}>
                <Headline r={result} />
              </div>
            ) : null}
            {job && result ? (
              <div class="run-share" data-testid="run-share">
                <p class="small muted">
                  This page’s address is a link to this run: opened later, it shows these results, or runs the same request again with the same seed if the
                  server no longer keeps them.
                </p>
                <div class="run-share-tools">
                  <button type="button" class="btn small" onClick={copyLink}>
                    Copy the link
                  </button>
                  <span class="downloads" role="group" aria-label="Download the result">
                    <span class="muted small">Result:</span>
                    <a class="btn small" href={job.href} download={`${fileStem(...stem)}.json`} data-export="result-json">
                      JSON
                    </a>
                  </span>
                  <span class="small" role="status">
                    {copied === 'copied' ? 'Link copied.' : ''}
                  </span>
                </div>
                {copied === 'manual' ? (
                  <label class="field run-link">
                    <span class="eyebrow">Link to this run: copy it from here</span>
                    <input type="text" readOnly value={location.href} ref={linkRef} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
                  </label>
                ) : null}
              </div>
            ) : null}
          </section>
          {result ? (
            <div class={`sim-result-cards${stale ? ' stale' : ''}`}>
              {isComparison(result) ? <ComparisonView c={result} nameA={nameA} nameB={nameB} /> : <ResultView r={result} seed={result.run?.seed ?? seed} />}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
