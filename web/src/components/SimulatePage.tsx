// #/simulate — run a crisis scenario through the simulator: pick a shipped scenario, edit
// its main knobs (or the whole scenario as JSON), run it on the server with progress and
// cancel, and read the results; optionally compare two policies on common random numbers.
//
// The URL holds the state: scenario (shipped id), runs, seed, edit (a JSON merge patch of
// the shipped scenario), vs (a shipped id, or "variant" for A with switches changed),
// vsedit (the variant's merge patch of A) and job (the server's job id). Loading such a
// URL shows the job's result while the server keeps it; the same seed reproduces it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, isComparison, simulationApi, type ScenarioEntry, type ScenarioJson, type SimulationJob, type SimulationRequest } from '../api';
import { useAsync } from '../hooks';
import { setQuery } from '../route';
import {
  KNOBS,
  applyPatch,
  deepEqual,
  diffPatch,
  fmtInt,
  fmtPct,
  fmtSeconds,
  getAt,
  knobOfDetail,
  parsePatch,
  patchPaths,
  setAt,
  type Knob,
} from '../simulation';
import { ErrorBox, Loading } from './common';
import { PROCEDURE_LABELS, label } from './rules';
import { ComparisonView, Headline, ResultView } from './SimulationResults';
import type { Labels } from '../vocabulary';

const DEFAULT_SCENARIO = 'baltic-armed-attack';
const DEFAULT_RUNS = 10000;
const MAX_RUNS = 10_000_000;
const POLL_MS = 300;
const RUN_PRESETS = [1000, 10000, 100000, 1000000];

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

// ---------- fields ----------

/**
 * A number input that commits each valid value as it is typed. It keeps its own text, so an
 * empty or partial entry is not lost; such an entry is marked invalid (and blocks a run).
 */
function NumberField({
  id,
  value,
  onCommit,
  scale = 1,
  min,
  max,
  step,
  integer,
  invalid,
  describedBy,
  reset,
}: {
  id: string;
  value: number | undefined;
  onCommit: (v: number) => void;
  scale?: number;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  invalid?: boolean;
  describedBy?: string;
  reset?: number;
}) {
  const shown = value == null || !Number.isFinite(value) ? '' : String(Math.round(value * scale * 1e6) / 1e6);
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (text.trim() === '' || Number(text) !== Number(shown)) setText(shown);
  }, [shown, reset]);
  const n = Number(text);
  const bad = text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n));
  return (
    <input
      type="number"
      id={id}
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      min={min}
      max={max}
      step={step ?? 'any'}
      aria-invalid={bad || invalid ? 'true' : undefined}
      aria-describedby={describedBy}
      data-local-invalid={bad ? 'true' : undefined}
      onInput={(e) => {
        const t = (e.currentTarget as HTMLInputElement).value;
        setText(t);
        const v = Number(t);
        if (t.trim() !== '' && Number.isFinite(v) && (!integer || Number.isInteger(v))) onCommit(v / scale);
      }}
    />
  );
}

function KnobField({
  knob,
  scenario,
  baseline,
  idp,
  onChange,
  problem,
  reset,
}: {
  knob: Knob;
  scenario: ScenarioJson;
  /** the values this form started from: a field that differs is marked changed */
  baseline: ScenarioJson | undefined;
  idp: string;
  onChange: (path: readonly string[], value: unknown) => void;
  problem: boolean;
  reset: number;
}) {
  const id = `${idp}${knob.id}`;
  const value = getAt(scenario, knob.path);
  const changed = baseline !== undefined && !deepEqual(value, getAt(baseline, knob.path));
  const helpId = `${id}-help`;
  const describedBy = problem ? `${helpId} sim-problem` : helpId;
  const cls = `field knob${changed ? ' changed' : ''}${problem ? ' has-problem' : ''}`;
  if (knob.kind === 'check') {
    return (
      <div class={cls} data-knob={knob.id}>
        <label class="check">
          <input type="checkbox" id={id} checked={value === true} aria-describedby={describedBy} onChange={(e) => onChange(knob.path, (e.currentTarget as HTMLInputElement).checked)} />
          <span>{knob.label}</span>
        </label>
        <span class="knob-help muted" id={helpId}>
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
      {knob.kind === 'select' ? (
        <select id={id} value={String(value ?? '')} aria-describedby={describedBy} aria-invalid={problem ? 'true' : undefined} onChange={(e) => onChange(knob.path, (e.currentTarget as HTMLSelectElement).value)}>
          {(knob.options ?? []).map(([v, l]) => (
            <option value={v}>{l}</option>
          ))}
          {typeof value === 'string' && !(knob.options ?? []).some(([v]) => v === value) ? <option value={value}>{value}</option> : null}
        </select>
      ) : (
        <NumberField
          id={id}
          value={typeof value === 'number' ? value : undefined}
          scale={knob.kind === 'percent' ? 100 : 1}
          min={knob.min}
          max={knob.max}
          step={knob.step}
          invalid={problem}
          describedBy={describedBy}
          reset={reset}
          onCommit={(v) => onChange(knob.path, v)}
        />
      )}
      <span class="knob-help muted" id={helpId}>
        {knob.help}
      </span>
    </div>
  );
}

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
      <legend class="sr-only">Shipped scenarios</legend>
      {entries.map((e) => (
        <label class={`scenario-opt${e.id === selected ? ' on' : ''}${e.error ? ' broken' : ''}`} data-id={e.id}>
          <input type="radio" name="sim-scenario" value={e.id} checked={e.id === selected} disabled={!!e.error} onChange={() => onSelect(e.id)} />
          <span class="scenario-body">
            <span class="scenario-title">
              <span class="scenario-name">{e.name ?? e.id}</span>
              {e.kind ? <span class="tag">{label(KIND_LABELS, e.kind)}</span> : null}
            </span>
            {e.description ? <span class="scenario-desc">{e.description}</span> : null}
            {e.error ? <span class="scenario-error">This file cannot be read: {e.error}</span> : <span class="chip-code scenario-file">{e.file}</span>}
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

function RunStatus({ job, onCancel, cancelling }: { job: SimulationJob; onCancel: () => void; cancelling: boolean }) {
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
          <strong>The simulation failed</strong>: {job.error ?? 'no reason given'}
        </div>
      ) : null}
    </div>
  );
}

// ---------- the page ----------

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
  const scenarioB = useMemo(
    () => (vs === 'variant' ? (scenarioA ? applyPatch(scenarioA, patchB instanceof Error ? null : patchB) : undefined) : vsEntry?.scenario),
    [vs, scenarioA, patchB, vsEntry],
  );
  const editedA = useMemo(() => patchPaths(patchA instanceof Error ? null : patchA), [patchA]);
  const editedB = useMemo(() => patchPaths(patchB instanceof Error ? null : patchB), [patchB]);

  // write the default scenario into the URL once the list is known, so the view is shareable
  useEffect(() => {
    if (!restoring && !q.scenario && fallbackId) setQuery({ scenario: fallbackId });
  }, [fallbackId, q.scenario]);

  // ---------- the JSON editor ----------
  const pretty = useMemo(() => (scenarioA ? JSON.stringify(scenarioA, null, 2) : ''), [scenarioA]);
  const [jsonText, setJsonText] = useState(pretty);
  const [jsonDirty, setJsonDirty] = useState(false);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  useEffect(() => {
    if (!jsonDirty) setJsonText(pretty);
  }, [pretty]);
  const [reset, setReset] = useState(0);

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
    setQuery({ edit: patch ? JSON.stringify(patch) : null });
    return v;
  };

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
  const selectScenario = (next: string) => {
    setJsonDirty(false);
    setJsonError(null);
    setProblem(null);
    setQuery({ scenario: next, edit: null, job: null, vs: vs === next ? null : vs });
  };
  const resetEdits = () => {
    setJsonDirty(false);
    setJsonError(null);
    setReset((r) => r + 1);
    setQuery({ edit: null });
  };

  // ---------- jobs ----------
  const jobId = q.job ?? null;
  const [job, setJob] = useState<SimulationJob | null>(null);
  const [jobError, setJobError] = useState<unknown>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [announce, setAnnounce] = useState('');
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
        setJobError(e);
        // the job is gone (404); a lost connection is tried again a few times
        if (!(e instanceof ApiError && e.status === 404) && ++failures < 10) timer = setTimeout(poll, 1000);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ctl.abort();
    };
  }, [jobId]);

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

  const buildRequest = (a: ScenarioJson, editedNow: boolean): SimulationRequest => {
    const body: SimulationRequest = {};
    if (editedNow) body.scenario = a;
    else body.scenario_id = id;
    if (vs === 'variant' && scenarioB) body.compare_with = applyPatch(a, patchB instanceof Error ? null : patchB);
    else if (vs) body.compare_with_id = vs;
    body.runs = runs;
    body.seed = seed;
    return body;
  };
  const currentRequest = scenarioA ? buildRequest(scenarioA, editedA.length > 0) : null;

  const run = async () => {
    setProblem(null);
    if (!scenarioA || !base) return;
    const local = formRef.current?.querySelector<HTMLElement>('[data-local-invalid="true"]');
    if (local) {
      const name = formRef.current?.querySelector(`label[for="${local.id}"]`)?.textContent?.trim() ?? 'A field';
      setProblem(new Error(`${name}: enter a number.`));
      local.focus();
      return;
    }
    let a = scenarioA;
    let edited = editedA.length > 0;
    if (jsonDirty) {
      const v = applyEditor();
      if (!v) {
        setAdvancedOpen(true);
        return;
      }
      a = v;
      edited = diffPatch(base, v) !== null;
    }
    const body = buildRequest(a, edited);
    setSubmitting(true);
    try {
      const j = await simulationApi.submit(body);
      requests.set(j.id, body);
      setJob(j);
      setQuery({ job: j.id });
      revealResults();
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiError && e.status === 400 && jsonDirty) setAdvancedOpen(true);
    } finally {
      setSubmitting(false);
    }
  };

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

  const problemDetail = problem instanceof ApiError ? problem.message : '';
  const problemKnob = problemDetail ? knobOfDetail(problemDetail) : undefined;
  const problemSide = problemDetail.startsWith('compare_with:') ? 'b' : 'a';

  const nameA = (scenarioA?.scenario?.name as string | undefined) ?? entry?.name ?? id;
  const nameB = vs === 'variant' ? `${nameA}, variant${editedB.length ? `: ${editedB.map((p) => p.split('.').pop()).join(', ')} changed` : ''}` : (vsEntry?.name ?? vs);
  const horizonMismatch =
    vs && vs !== 'variant' && scenarioA && scenarioB
      ? getAt(scenarioA, ['scenario', 'horizon_days']) !== getAt(scenarioB, ['scenario', 'horizon_days']) ||
        getAt(scenarioA, ['outcome', 'deterrence_day']) !== getAt(scenarioB, ['outcome', 'deterrence_day'])
      : false;
  const curl = currentRequest ? `curl -s -X POST -H 'content-type: application/json' -d '${JSON.stringify(currentRequest)}' ${location.origin}/api/v1/simulations` : '';

  return (
    <div class="page sim-page">
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
            <ErrorBox error={list.error} what="the scenarios" />
            {!list.data && list.loading ? <Loading label="Loading the scenarios…" /> : null}
            {list.data && !entries.length ? <p class="muted">The server has no scenario files (see its --scenarios folder).</p> : null}
            {list.data && q.scenario && !entry ? (
              <div class="error" role="alert">
                The server has no scenario <code>{q.scenario}</code>; pick one below.
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
            {urlProblem ? <ErrorBox error={urlProblem} /> : null}
            <fieldset class="knob-group">
              <legend>Runs</legend>
              <div class="knob-grid">
                <div class="field">
                  <label class="eyebrow" for="sim-runs">
                    Runs
                  </label>
                  <NumberField id="sim-runs" value={runs} integer min={1} max={MAX_RUNS} step={1} describedBy="sim-runs-help" onCommit={(v) => setQuery({ runs: String(v) })} />
                  <span class="knob-help muted" id="sim-runs-help">
                    1 to {fmtInt(MAX_RUNS)} Monte Carlo runs.
                  </span>
                </div>
                <div class="field">
                  <label class="eyebrow" for="sim-seed">
                    Seed
                  </label>
                  <NumberField id="sim-seed" value={seed} integer min={0} step={1} describedBy="sim-seed-help" onCommit={(v) => setQuery({ seed: String(v) })} />
                  <span class="knob-help muted" id="sim-seed-help">
                    The same seed gives the same numbers.
                  </span>
                </div>
              </div>
              <div class="run-presets" role="group" aria-label="Set the number of runs">
                {RUN_PRESETS.map((n) => (
                  <button type="button" class="chip-btn" aria-pressed={runs === n} onClick={() => setQuery({ runs: String(n) })}>
                    {fmtInt(n)}
                  </button>
                ))}
              </div>
            </fieldset>

            {scenarioA ? (
              <fieldset class="knob-group">
                <legend>Scenario</legend>
                <div class="knob-grid">
                  {KNOBS.map((k) => (
                    <KnobField knob={k} scenario={scenarioA} baseline={base} idp="sim-" onChange={setKnobA} problem={problemSide === 'a' && problemKnob?.id === k.id} reset={reset} />
                  ))}
                </div>
              </fieldset>
            ) : null}

            <details
              class="advanced"
              open={advancedOpen}
              onToggle={(e) => setAdvancedOpen((e.currentTarget as HTMLDetailsElement).open)}
              data-testid="advanced"
            >
              <summary>Advanced: the whole scenario as JSON</summary>
              <p class="muted small">
                Every parameter of scenario A, defaults filled in, in the structure of the scenario files. The server checks it when you run;
                unknown keys and values out of range are refused with the reason.
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
                <select id="sim-vs" value={vs} onChange={(e) => setQuery({ vs: (e.currentTarget as HTMLSelectElement).value || null, job: null })}>
                  <option value="">No comparison</option>
                  <option value="variant">This scenario with switches changed</option>
                  <optgroup label="Another shipped scenario">
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
                    {KNOBS.filter((k) => k.policy).map((k) => (
                      <KnobField knob={k} scenario={scenarioB} baseline={scenarioA} idp="sim-b-" onChange={setKnobB} problem={problemSide === 'b' && problemKnob?.id === k.id} reset={reset} />
                    ))}
                  </div>
                </>
              ) : null}
              {vs && vs !== 'variant' && vsEntry?.description ? <p class="muted small">{vsEntry.description}</p> : null}
              {horizonMismatch ? (
                <p class="warnbox small">
                  B’s horizon or deterrence day differs from A’s; the server compares the two day by day and will refuse. Set A’s to B’s (
                  {String(getAt(scenarioB, ['scenario', 'horizon_days']))} days, deterrence day {String(getAt(scenarioB, ['outcome', 'deterrence_day']))}).
                </p>
              ) : null}
              {vs ? <p class="muted small">Both run on the same random numbers, so the difference is measured run by run.</p> : null}
            </fieldset>

            {problem ? (
              <div class="error problem" role="alert" id="sim-problem" data-testid="sim-problem">
                <strong>{problem instanceof ApiError ? 'The server refused the scenario' : 'Check the form'}</strong>
                {': '}
                {problem instanceof Error ? problem.message : String(problem)}
                {problem instanceof ApiError && problem.status ? (
                  <span class="muted">
                    {' '}
                    (HTTP {problem.status}
                    {problem.code ? `, ${problem.code}` : ''})
                  </span>
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
            </div>
            {curl ? (
              <details class="api-call sim-api-call">
                <summary>As an API call</summary>
                <pre>{curl}</pre>
              </details>
            ) : null}
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
                <span class="muted small">
                  job {job.id} · {job.kind === 'comparison' ? 'comparison' : 'simulation'} · seed {job.seed}
                </span>
              ) : null}
            </div>
            <p class="sr-only" aria-live="polite" role="status">
              {announce}
            </p>
            {jobError instanceof ApiError && jobError.status === 404 ? (
              <p class="infobox" data-testid="job-gone">
                Run {jobId} is no longer on the server (it keeps runs in memory until it restarts). Press <strong>Run</strong> to compute it again: the same
                scenario, runs and seed give the same numbers.
              </p>
            ) : (
              <ErrorBox error={jobError} what={`run ${jobId}`} />
            )}
            {!job && !jobError ? (
              <p class="muted">
                Press <strong>Run</strong> to simulate the scenario {fmtInt(runs)} times: early warning, Article 4 consultations, the Council’s decision, force
                generation and deployment over real distances.
              </p>
            ) : null}
            {job ? <RunStatus job={job} onCancel={cancel} cancelling={cancelling} /> : null}
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
          </section>
          {result ? (
            <div class={`sim-result-cards${stale ? ' stale' : ''}`}>
              {isComparison(result) ? <ComparisonView c={result} nameA={nameA} nameB={nameB} /> : <ResultView r={result} />}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
