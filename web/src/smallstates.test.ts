import { describe, expect, it } from 'vitest';
import { MIN_CLICKABLE_AREA, drawnAreas, smallStates } from './smallstates';

const shapes = [
  { iso3: 'FRA', area: 300 },
  { iso3: 'FRA', area: 20 }, // an island of France: the areas add up
  { iso3: 'LUX', area: 2.4 },
  { iso3: 'UKR', viaIso3: 'SUN', area: 400 },
  { iso3: 'RUS', viaIso3: 'SUN', area: 9000 },
  { iso3: null, area: 50 }, // land that is no state
];

describe('drawnAreas', () => {
  it('sums each nation’s shapes and counts a predecessor’s territory for it too', () => {
    const a = drawnAreas(shapes);
    expect(a.get('FRA')).toBe(320);
    expect(a.get('LUX')).toBe(2.4);
    expect(a.get('SUN')).toBe(9400);
    expect(a.has('MLT')).toBe(false);
  });
});

describe('smallStates', () => {
  const entries = ['FRA', 'LUX', 'MLT', 'SUN', 'XYZ'].map((iso3) => ({ iso3 }));
  const capitals = new Set(['FRA', 'LUX', 'MLT', 'SUN']);
  const areas = drawnAreas(shapes);
  it('marks states drawn too small or not at all, when their capital is known', () => {
    expect(smallStates(entries, areas, 1, (i) => capitals.has(i)).map((e) => e.iso3)).toEqual(['LUX', 'MLT']);
  });
  it('a state drawn large enough once zoomed in loses its point; one not drawn keeps it', () => {
    const k = Math.sqrt(MIN_CLICKABLE_AREA / 2.4) * 1.01;
    expect(smallStates(entries, areas, k, (i) => capitals.has(i)).map((e) => e.iso3)).toEqual(['MLT']);
  });
});
