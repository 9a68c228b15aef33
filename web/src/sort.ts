// Sorting table rows by a column: numbers as numbers, dates and text in the reader's
// collation, empty cells last whichever the direction.

export type SortDir = 'asc' | 'desc';
export type Cell = string | number | boolean | null | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function empty(v: Cell): boolean {
  return v === null || v === undefined || v === '';
}

/** ascending order of two cells; empty cells after every value */
export function compareCells(a: Cell, b: Cell): number {
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** the rows sorted by `key` (a stable sort: equal rows keep their order); empty cells last in both directions */
export function sortRows<T>(rows: readonly T[], value: (row: T) => Cell, dir: SortDir): T[] {
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((x, y) => {
      if (empty(x.v) || empty(y.v)) return compareCells(x.v, y.v) || x.i - y.i;
      const c = compareCells(x.v, y.v);
      return (dir === 'asc' ? c : -c) || x.i - y.i;
    })
    .map((x) => x.row);
}
