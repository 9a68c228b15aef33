// Sortable table columns: a header button per column, the order in aria-sort, rows
// sorted by src/sort.ts.
import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import '../styles/export.css';
import { sortRows, type Cell, type SortDir } from '../sort';

export interface SortState<K extends string> {
  key: K | null;
  dir: SortDir;
}

/**
 * Rows sorted by the column the user chose (none at first: the rows keep their order),
 * and a header cell per column that toggles the order.
 */
export function useSortable<T, K extends string>(rows: readonly T[], columns: Record<K, (row: T) => Cell>, initial: SortState<K> = { key: null, dir: 'asc' }) {
  const [state, setState] = useState<SortState<K>>(initial);
  const sorted = useMemo(
    () => (state.key ? sortRows(rows, columns[state.key], state.dir) : [...rows]),
    // columns are plain accessors: a new object with the same functions sorts the same
    [rows, state.key, state.dir],
  );
  const toggle = (key: K) => setState((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  // Th is made once per table, so a header keeps its focus across re-sorts; it reads the
  // current order from a ref that every render updates
  const current = useRef({ state, toggle });
  current.current = { state, toggle };
  const Th = useMemo(
    () =>
      function Th({ col, children, class: cls }: { col: K; children: ComponentChildren; class?: string }) {
        const { state: st, toggle: flip } = current.current;
        const active = st.key === col;
        return (
          <th scope="col" class={cls} aria-sort={active ? (st.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button type="button" class="sort" onClick={() => flip(col)} data-sort={col}>
              {children}
              <span class="sort-mark" aria-hidden="true">
                {active ? (st.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
              </span>
            </button>
          </th>
        );
      },
    [],
  );
  return { rows: sorted, state, toggle, Th };
}
