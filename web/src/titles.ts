// The name of each page, for the browser tab and for the announcement after navigation:
// names, not codes ("Finland · 4 Dec 2026 · Entente", "Operation Deny Flight · …").
// A page that reads its record itself (a programme) names it with nameRecord once it has
// it, and the tab's title follows.
import { useEffect, useState } from 'preact/hooks';
import { fmtShort } from './dates';
import type { View } from './route';

export interface PageRef {
  view: View;
  id: string | null;
  org: string;
  q: Record<string, string>;
  /** the map in its treaty-area mode */
  treaty?: boolean;
}

/** names known to the page; each returns undefined until its list has loaded (then the code is used) */
export interface Names {
  nation?: (iso3: string) => string | undefined;
  framework?: (id: string) => string | undefined;
  operation?: (id: string) => string | undefined;
  /** the name of the record a page of one record shows (a programme's title), by view and id */
  record?: (view: View, id: string) => string | undefined;
}

/** views whose content does not depend on the date */
const UNDATED = new Set<View>([
  'account',
  'changes',
  'edit',
  'simulate',
  'programmes',
  'programme',
  'inbox',
  'menu',
  'parp',
  'parp-cycle',
  'evaluations',
  'unit',
  'events',
  'event',
]);

/** what a page of one record is called until its record is read */
const RECORD_KIND: Partial<Record<View, string>> = { programme: 'Programme', 'parp-cycle': 'PARP cycle', unit: 'Unit', event: 'Event' };

const KIND_OF_RECORD: Record<string, string> = { membership: 'membership', partnership: 'partnership', plan: 'plan' };

/** what the page shows, in a few words */
export function pageName(r: PageRef, names: Names = {}): string {
  const nation = (iso3: string) => names.nation?.(iso3) ?? iso3;
  switch (r.view) {
    case 'nation':
      return r.id ? nation(r.id) : 'Nation';
    case 'org':
      return `${r.id ?? r.org} members`;
    case 'framework':
      return r.id ? (names.framework?.(r.id) ?? r.id) : 'Framework';
    case 'decide':
      return `Decision in ${r.org}`;
    case 'article4':
      return 'Article 4 consultations';
    case 'operations':
      return 'NATO operations';
    case 'operation':
      // an operation's own name says what it is ("Operation Deny Flight", "Kosovo Force (KFOR)")
      return (r.id && names.operation?.(r.id)) || `Operation ${r.id ?? ''}`.trim();
    case 'eligibility':
      return r.q.nation ? `Eligibility: ${nation(r.q.nation)}` : 'Eligibility';
    case 'simulate':
      return 'Crisis simulation';
    case 'account':
      return 'Account';
    case 'changes':
      return 'Changes to the data';
    case 'edit': {
      const kind = KIND_OF_RECORD[r.id ?? ''] ?? 'record';
      return r.q.record ? `Correct a ${kind}` : `Record a ${kind}`;
    }
    case 'programmes':
      return 'Partnership programmes';
    case 'inbox':
      return 'Inbox';
    case 'menu':
      return 'Cooperation menu';
    case 'parp':
      return 'Planning and Review Process';
    case 'evaluations':
      return 'Interoperability evaluation';
    case 'events':
      return 'Partnership events';
    case 'programme':
    case 'parp-cycle':
    case 'unit':
    case 'event':
      return (r.id && names.record?.(r.view, r.id)) || `${RECORD_KIND[r.view]} ${r.id ?? ''}`.trim();
    default:
      return r.treaty ? 'North Atlantic Treaty area' : `Relations to ${r.org}`;
  }
}

/** the document title: the page's name, its date where it has one, and the product */
export function pageTitle(r: PageRef, date: string, names: Names = {}): string {
  const parts = [pageName(r, names)];
  if (!UNDATED.has(r.view)) parts.push(fmtShort(date));
  parts.push('Entente');
  return parts.join(' · ');
}

// The names pages gave their records: one at a time is enough (the page on screen).
let named: { view: View; id: string; name: string } | null = null;
const namedListeners = new Set<() => void>();

/** the page of record `id` shows `name` (a programme's title): the tab's title says it */
export function nameRecord(view: View, id: string, name: string): void {
  if (named && named.view === view && named.id === id && named.name === name) return;
  named = { view, id, name };
  for (const l of namedListeners) l();
}

/** the record name the page on screen gave, as a Names.record lookup (re-renders when it changes) */
export function useRecordName(): (view: View, id: string) => string | undefined {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    namedListeners.add(l);
    return () => {
      namedListeners.delete(l);
    };
  }, []);
  const current = named;
  return (view, id) => (current && current.view === view && current.id === id ? current.name : undefined);
}
