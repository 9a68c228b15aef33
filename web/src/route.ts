// Hash routing: #/ (map), #/org/NATO, #/framework/PFP, #/nation/FIN, the
// rules pages #/decide, #/article4, #/operations, #/operation/deny-flight,
// #/eligibility, #/simulate, and the pages of signed-in users #/account, #/changes
// and #/edit/membership (…/partnership, …/plan), partnership management (#/programmes,
// #/programme/3, #/inbox, #/menu, #/parp, #/parp-cycle/2, #/evaluations, #/unit/4,
// #/events, #/event/5), the analytics pages (#/analytics, #/network, #/burden-sharing,
// #/compare, #/interoperability, #/cohesion, #/panel), with the state in the query:
// #/?org=NATO&date=2023-04-04.
// Page-specific state (filters, the map mode) is kept in further query keys (`q`).
import { useEffect, useState } from 'preact/hooks';
import { normaliseDate, today } from './dates';

export type View =
  | 'map'
  | 'org'
  | 'framework'
  | 'nation'
  | 'decide'
  | 'article4'
  | 'operations'
  | 'operation'
  | 'eligibility'
  | 'simulate'
  | 'account'
  | 'changes'
  | 'edit'
  | 'programmes'
  | 'programme'
  | 'inbox'
  | 'menu'
  | 'parp'
  | 'parp-cycle'
  | 'evaluations'
  | 'unit'
  | 'events'
  | 'event'
  | 'analytics'
  | 'network'
  | 'burden-sharing'
  | 'compare'
  | 'interoperability'
  | 'cohesion'
  | 'panel';

/** the views of partnership management: signed-in work on programmes, PARP, evaluations, events */
export const MANAGE_VIEWS: ReadonlySet<View> = new Set<View>(['programmes', 'programme', 'inbox', 'menu', 'parp', 'parp-cycle', 'evaluations', 'unit', 'events', 'event']);

/** the analytics pages: the alliance network, burden sharing, alliances compared, interoperability, cohesion, the dyad panel */
export const ANALYTICS_VIEWS: ReadonlySet<View> = new Set<View>(['analytics', 'network', 'burden-sharing', 'compare', 'interoperability', 'cohesion', 'panel']);

const ANALYTICS_NAMES: Partial<Record<View, string>> = {
  analytics: 'Analytics',
  network: 'Alliance network',
  'burden-sharing': 'Burden sharing',
  compare: 'Compare alliances',
  interoperability: 'Partner interoperability',
  cohesion: 'Allied cohesion',
  panel: 'Dyad-year panel',
};

/** what an analytics page is called (its h1, the tab's title, the page's announcement) */
export function analyticsPageName(view: View): string {
  return ANALYTICS_NAMES[view] ?? 'Analytics';
}

/** views with an id in the path (for `edit`, the kind of record: membership, partnership, plan) */
const ID_VIEWS = new Set<View>(['org', 'framework', 'nation', 'operation', 'edit', 'programme', 'parp-cycle', 'unit', 'event']);
/** views without an id */
const PAGE_VIEWS = new Set<View>(['decide', 'article4', 'operations', 'eligibility', 'simulate', 'account', 'changes', 'programmes', 'inbox', 'menu', 'parp', 'evaluations', 'events', ...ANALYTICS_VIEWS]);
/** query keys kept when moving between the map and a nation profile */
const MAP_KEYS = ['mode'];

export interface Route {
  view: View;
  /**
   * organisation, framework or nation id for the org/framework/nation views; the kind of
   * record for edit; the record's id for programme, parp-cycle, unit and event
   */
  id: string | null;
  /** organisation the map is coloured by */
  org: string;
  /** the date shown (YYYY-MM-DD) */
  date: string;
  /** true when the URL carried no date, or one that is no date (then `date` is today) */
  dateDefaulted: boolean;
  /**
   * the `date=` the address asked for when it is no date of the calendar ("2023-02-30",
   * "banana"), so the page can say that it shows today instead; null otherwise
   */
  dateAsked: string | null;
  /** further query keys: page filters, the map mode (`mode=treaty`) */
  q: Record<string, string>;
}

export const DEFAULT_ORG = 'NATO';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const q = new URLSearchParams(queryPart);
  const segs = pathPart.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  let view: View = 'map';
  let id: string | null = null;
  if (ID_VIEWS.has(segs[0] as View) && segs[1]) {
    view = segs[0] as View;
    id = segs[0] === 'nation' ? segs[1].toUpperCase() : segs[1];
  } else if (PAGE_VIEWS.has(segs[0] as View)) {
    view = segs[0] as View;
  }
  const qd = q.get('date');
  const asked = normaliseDate(qd);
  const date = asked ?? today();
  let org = q.get('org') || DEFAULT_ORG;
  if (view === 'org' && id) org = id;
  const extra: Record<string, string> = {};
  for (const [k, v] of q) if (k !== 'org' && k !== 'date' && v !== '') extra[k] = v;
  return { view, id, org, date, dateDefaulted: !asked, dateAsked: qd && !asked ? qd : null, q: extra };
}

export function formatHash(r: Pick<Route, 'view' | 'id' | 'org' | 'date'> & { q?: Record<string, string> }): string {
  const path = r.view === 'map' || !r.id ? (PAGE_VIEWS.has(r.view) ? `/${r.view}` : '/') : `/${r.view}/${encodeURIComponent(r.id)}`;
  const q = new URLSearchParams();
  if (r.view !== 'org') q.set('org', r.org);
  q.set('date', r.date);
  for (const [k, v] of Object.entries(r.q ?? {}).sort(([a], [b]) => a.localeCompare(b))) if (v != null && v !== '') q.set(k, v);
  return `#${path}?${q.toString()}`;
}

type Patch = Partial<Pick<Route, 'view' | 'id' | 'org' | 'date' | 'q'>>;

/** the route after a change: a new view starts with its own query keys (the map mode survives map ⇄ profile) */
function apply(raw: Patch): Route {
  const patch = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Patch;
  const next = { ...current, ...patch };
  if (PAGE_VIEWS.has(next.view) || next.view === 'map') next.id = null;
  if (next.view === 'org' && next.id) next.org = next.id;
  if (patch.q === undefined && patch.view !== undefined && patch.view !== current.view) {
    const keep: Record<string, string> = {};
    const mapLike = (v: View) => v === 'map' || v === 'nation';
    if (mapLike(patch.view) && mapLike(current.view)) for (const k of MAP_KEYS) if (current.q[k]) keep[k] = current.q[k];
    next.q = keep;
  }
  return next;
}

let current: Route = parseHash(typeof location === 'undefined' ? '' : location.hash);
const listeners = new Set<(r: Route) => void>();

function emit() {
  for (const l of listeners) l(current);
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    current = parseHash(location.hash);
    // an impossible date is replaced in the address too (the page says so)
    if (current.dateAsked) history.replaceState(history.state, '', formatHash(current));
    emit();
  });
}

/** forget the impossible date the address asked for (its notice has been read) */
export function dismissDateAsked() {
  if (!current.dateAsked) return;
  current = { ...current, dateAsked: null };
  emit();
}

export function getRoute(): Route {
  return current;
}

/**
 * Change the route. `replace` keeps the browser history short (used for date
 * changes while scrubbing/playing); views are pushed so Back works.
 */
export function navigate(patch: Patch, opts: { replace?: boolean } = {}) {
  const hash = formatHash(apply(patch));
  if (hash === location.hash) return;
  if (opts.replace) {
    history.replaceState(history.state, '', hash);
    // an address's impossible date stays on record (for its notice) until a date is chosen
    const asked = patch.date === undefined ? current.dateAsked : null;
    current = { ...parseHash(hash), dateAsked: asked };
    emit();
  } else {
    location.hash = hash; // fires hashchange
  }
}

/** a link target for the given route change (keeps org and date) */
export function href(patch: Patch): string {
  return formatHash(apply(patch));
}

/** change some page query keys (an empty value removes the key) */
export function setQuery(keys: Record<string, string | null | undefined>, opts: { replace?: boolean } = { replace: true }) {
  const q = { ...current.q };
  for (const [k, v] of Object.entries(keys)) {
    if (v == null || v === '') delete q[k];
    else q[k] = v;
  }
  navigate({ q }, opts);
}

export function useRoute(): Route {
  const [r, setR] = useState(current);
  useEffect(() => {
    const l = (x: Route) => setR(x);
    listeners.add(l);
    setR(current);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return r;
}
