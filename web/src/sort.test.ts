import { describe, expect, it } from 'vitest';
import { compareCells, sortRows } from './sort';

describe('compareCells', () => {
  it('compares numbers as numbers and text with numbers in it naturally', () => {
    expect(compareCells(9, 10)).toBeLessThan(0);
    expect(compareCells('item 9', 'item 10')).toBeLessThan(0);
  });
  it('ignores case and accents as the reader would', () => {
    expect(compareCells('Åland', 'aland')).toBe(0);
  });
  it('puts empty cells last', () => {
    expect(compareCells(null, 'a')).toBeGreaterThan(0);
    expect(compareCells('a', '')).toBeLessThan(0);
  });
});

describe('sortRows', () => {
  const rows = [
    { n: 'Finland', from: '2023-04-04' },
    { n: 'Sweden', from: '2024-03-07' },
    { n: 'Austria', from: null },
    { n: 'Albania', from: '2009-04-01' },
  ];
  it('sorts ascending and descending, empty cells last both ways', () => {
    expect(sortRows(rows, (r) => r.from, 'asc').map((r) => r.n)).toEqual(['Albania', 'Finland', 'Sweden', 'Austria']);
    expect(sortRows(rows, (r) => r.from, 'desc').map((r) => r.n)).toEqual(['Sweden', 'Finland', 'Albania', 'Austria']);
  });
  it('is stable and leaves its input alone', () => {
    const same = [
      { k: 1, i: 'a' },
      { k: 1, i: 'b' },
      { k: 0, i: 'c' },
    ];
    expect(sortRows(same, (r) => r.k, 'asc').map((r) => r.i)).toEqual(['c', 'a', 'b']);
    expect(sortRows(same, (r) => r.k, 'desc').map((r) => r.i)).toEqual(['a', 'b', 'c']);
    expect(same.map((r) => r.i)).toEqual(['a', 'b', 'c']);
  });
});
