// Hash routing: #/ (map), #/org/NATO, #/framework/PFP, #/nation/FIN,
// with the state in the query: #/?org=NATO&date=2023-04-04
import { useEffect, useState } from 'preact/hooks';
import { isIsoDate, today } from './dates';

export type View = 'map' | 'org' | 'framework' | 'nation';

export interface Route {
  view: View;
  /** organisation, framework or nation id for the org/framework/nation views */
  id: string | null;
  /** organisation the map is coloured by */
  org: string;
  /** the date shown (YYYY-MM-DD) */
  date: string;
  /** true when the URL carried no date (then `date` is today) */
  dateDefaulted: boolean;
}

export const DEFAULT_ORG = 'NATO';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const q = new URLSearchParams(queryPart);
  const segs = pathPart.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  let view: View = 'map';
  let id: string | null = null;
  if ((segs[0] === 'org' || segs[0] === 'framework' || segs[0] === 'nation') && segs[1]) {
    view = segs[0];
    id = segs[0] === 'nation' ? segs[1].toUpperCase() : segs[1];
  }
  const qd = q.get('date');
  const date = isIsoDate(qd) ? qd : today();
  let org = q.get('org') || DEFAULT_ORG;
  if (view === 'org' && id) org = id;
  return { view, id, org, date, dateDefaulted: !isIsoDate(qd) };
}

export function formatHash(r: Pick<Route, 'view' | 'id' | 'org' | 'date'>): string {
  const path = r.view === 'map' || !r.id ? '/' : `/${r.view}/${encodeURIComponent(r.id)}`;
  const q = new URLSearchParams();
  if (r.view !== 'org') q.set('org', r.org);
  q.set('date', r.date);
  return `#${path}?${q.toString()}`;
}

let current: Route = parseHash(typeof location === 'undefined' ? '' : location.hash);
const listeners = new Set<(r: Route) => void>();

function emit() {
  for (const l of listeners) l(current);
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    current = parseHash(location.hash);
    emit();
  });
}

export function getRoute(): Route {
  return current;
}

/**
 * Change the route. `replace` keeps the browser history short (used for date
 * changes while scrubbing/playing); views are pushed so Back works.
 */
export function navigate(patch: Partial<Pick<Route, 'view' | 'id' | 'org' | 'date'>>, opts: { replace?: boolean } = {}) {
  const next = { ...current, ...patch };
  if (next.view === 'map') next.id = null;
  if (next.view === 'org' && next.id) next.org = next.id;
  const hash = formatHash(next);
  if (hash === location.hash) return;
  if (opts.replace) {
    history.replaceState(history.state, '', hash);
    current = parseHash(hash);
    emit();
  } else {
    location.hash = hash; // fires hashchange
  }
}

/** a link target for the given route change (keeps org and date) */
export function href(patch: Partial<Pick<Route, 'view' | 'id' | 'org' | 'date'>>): string {
  const next = { ...current, ...patch };
  if (next.view === 'map') next.id = null;
  if (next.view === 'org' && next.id) next.org = next.id;
  return formatHash(next);
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
