import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NETWORK_WEIGHTS,
  EDGE_TYPES,
  INTEROP_COMPONENTS,
  DEFAULT_INTEROP_WEIGHTS,
  burdenUrl,
  carryPositions,
  describeTies,
  firstUrl,
  fmtFigure,
  fmtMetric,
  formatWeights,
  interoperabilityUrl,
  levelWord,
  metWord,
  networkUrl,
  panelRowEstimate,
  panelUrl,
  parseNations,
  parseWeights,
  parseYear,
  relationGroup,
  relationStyle,
  seedPosition,
  seriesUrl,
  sizeScale,
  strongestTies,
  weightsDiffer,
  yearBatches,
} from './analytics';
import { RELATIONS } from './relations';

describe('weights', () => {
  it('are written in the API order, without trailing zeros', () => {
    expect(formatWeights({ exercise: 0.5, membership: 1, partnership: 0, operation: 2 }, EDGE_TYPES)).toBe('membership:1,partnership:0,exercise:0.5,operation:2');
    expect(formatWeights({ membership: 1 / 3 }, EDGE_TYPES)).toBe('membership:0.3333');
  });
  it('are read back, names not given keeping their default', () => {
    const r = parseWeights('exercise:0.5, operation:0', EDGE_TYPES, DEFAULT_NETWORK_WEIGHTS);
    expect(r).toEqual({ ok: true, weights: { membership: 1, partnership: 1, exercise: 0.5, operation: 0 } });
    expect(parseWeights('', EDGE_TYPES, DEFAULT_NETWORK_WEIGHTS)).toEqual({ ok: true, weights: DEFAULT_NETWORK_WEIGHTS });
  });
  it('refuse what is not name:weight, an unknown name or a negative weight', () => {
    expect(parseWeights('membership:x', EDGE_TYPES, DEFAULT_NETWORK_WEIGHTS).ok).toBe(false);
    expect(parseWeights('bogus:1', EDGE_TYPES, DEFAULT_NETWORK_WEIGHTS)).toMatchObject({ ok: false, error: expect.stringContaining('unknown name bogus') });
    expect(parseWeights('membership:-1', EDGE_TYPES, DEFAULT_NETWORK_WEIGHTS).ok).toBe(false);
  });
  it('round-trip', () => {
    const w = { ...DEFAULT_INTEROP_WEIGHTS, parp: 0.4 };
    const back = parseWeights(formatWeights(w, INTEROP_COMPONENTS), INTEROP_COMPONENTS, DEFAULT_INTEROP_WEIGHTS);
    expect(back).toEqual({ ok: true, weights: w });
    expect(weightsDiffer(w, DEFAULT_INTEROP_WEIGHTS)).toBe(true);
    expect(weightsDiffer({ ...DEFAULT_INTEROP_WEIGHTS }, DEFAULT_INTEROP_WEIGHTS)).toBe(false);
  });
});

describe('addresses', () => {
  it('of the network and its downloads', () => {
    const q = { asOf: '2024-06-01', weights: { ...DEFAULT_NETWORK_WEIGHTS, exercise: 0 }, window: 5 };
    expect(networkUrl(q)).toBe('/api/v1/analytics/network?as_of=2024-06-01&weights=membership:1,partnership:1,exercise:0,operation:1&window=5');
    expect(networkUrl({ ...q, nations: ['FRA', 'DEU'] }, 'edges')).toBe(
      '/api/v1/analytics/network/edges?as_of=2024-06-01&weights=membership:1,partnership:1,exercise:0,operation:1&window=5&nations=FRA,DEU',
    );
    expect(networkUrl(q, 'graphml')).toMatch(/^\/api\/v1\/analytics\/network\/graphml\?as_of=2024-06-01&/);
    expect(seriesUrl(1990, 1993, DEFAULT_NETWORK_WEIGHTS, 3)).toBe('/api/v1/analytics/network/series?from=1990&to=1993&weights=membership:1,partnership:1,exercise:1,operation:1&window=3');
  });
  it('of the other pages', () => {
    expect(burdenUrl(2014, 2024)).toBe('/api/v1/analytics/burden-sharing?from=2014&to=2024');
    expect(burdenUrl(2014, 2024, ['POL'])).toBe('/api/v1/analytics/burden-sharing?from=2014&to=2024&nations=POL');
    expect(panelUrl(2000, 2001)).toBe('/api/v1/analytics/panel?from=2000&to=2001');
    expect(panelUrl(2000, 2001, ['POL', 'DEU'])).toBe('/api/v1/analytics/panel?from=2000&to=2001&nations=POL,DEU');
    expect(interoperabilityUrl(2015, 2024, ['UKR'], DEFAULT_INTEROP_WEIGHTS)).toBe(
      '/api/v1/analytics/interoperability?from=2015&to=2024&nations=UKR&weights=years_in_frameworks:0.2,plans:0.15,parp:0.15,evaluations:0.15,exercises_with_allies:0.2,operations_with_allies:0.15',
    );
  });
  it('split a play into batches of years', () => {
    expect(yearBatches(1990, 1999, 4)).toEqual([
      [1990, 1993],
      [1994, 1997],
      [1998, 1999],
    ]);
    expect(yearBatches(2000, 2000, 4)).toEqual([[2000, 2000]]);
  });
  it('read nations and years from the address', () => {
    expect(parseNations('pol, deu DEU,x,FRANCE')).toEqual(['POL', 'DEU']);
    expect(parseYear('2020', 1)).toBe(2020);
    expect(parseYear('20x', 1)).toBe(1);
    expect(parseYear('1800', 1)).toBe(1);
  });
});

describe('nodes', () => {
  it('are coloured by relation as the map colours it', () => {
    expect(relationStyle('member').color).toBe(RELATIONS.member.color);
    expect(relationStyle('partner').color).toBe(RELATIONS.partner.color);
    expect(relationStyle('suspended-partner')).toMatchObject({ dashed: true, border: RELATIONS['suspended-partner'].color });
    expect(relationStyle(undefined).color).toBe(RELATIONS.none.color);
    expect(relationStyle('nonsense').label).toBe('No relation');
    expect(relationGroup('former-member')).toBe('former');
    expect(relationGroup('suspended-member')).toBe('suspended');
  });
  it('are sized by the square root of their share of the largest value', () => {
    const s = sizeScale([0, 25, 100], 10, 50);
    expect(s(0)).toBe(10);
    expect(s(100)).toBe(50);
    expect(s(25)).toBe(30);
    expect(sizeScale([0, 0], 10, 50)(0)).toBe(10);
    expect(s(Number.NaN)).toBe(10);
  });
  it('start where their code puts them, and keep their place across dates', () => {
    expect(seedPosition('POL')).toEqual(seedPosition('POL'));
    expect(seedPosition('POL')).not.toEqual(seedPosition('DEU'));
    const known = new Map([
      ['POL', { x: 0, y: 0 }],
      ['DEU', { x: 100, y: 0 }],
    ]);
    const { positions, missing } = carryPositions(['POL', 'DEU', 'FIN', 'XYZ'], (id) => (id === 'FIN' ? ['POL', 'DEU'] : []), known);
    expect(positions.get('POL')).toEqual({ x: 0, y: 0 });
    expect(missing).toEqual(['FIN', 'XYZ']);
    const fin = positions.get('FIN')!;
    expect(Math.abs(fin.x - 50)).toBeLessThanOrEqual(40);
    expect(positions.get('XYZ')).toEqual(seedPosition('XYZ'));
  });
  it('list their strongest ties and what they share', () => {
    const edges = [
      { a: 'DEU', b: 'POL', weight: 3 },
      { a: 'FRA', b: 'POL', weight: 5 },
      { a: 'DEU', b: 'FRA', weight: 9 },
    ];
    expect(strongestTies(edges, 'POL').map((t) => t.other)).toEqual(['FRA', 'DEU']);
    expect(describeTies({ organisations: ['NATO', 'EU'], exercises: ['BALTOPS 2024'], frameworks: [], operations: [] })).toBe('members of NATO, EU; exercises: BALTOPS 2024');
    expect(fmtMetric(12.3456, 'strength')).toBe('12.35');
    expect(fmtMetric(0.000123456, 'eigenvector')).toBe('0.000123');
    expect(fmtMetric(7, 'degree')).toBe('7');
  });
});

describe('missing figures', () => {
  it('are a dash, never 0', () => {
    expect(fmtFigure(null)).toBe('–');
    expect(fmtFigure(undefined)).toBe('–');
    expect(fmtFigure(0)).toBe('0.00');
    expect(fmtFigure(4.12)).toBe('4.12');
    expect(metWord(null)).toBe('–');
    expect(metWord(true)).toBe('met');
    expect(metWord(false)).toBe('not met');
  });
  it('levels are words', () => {
    expect([0, 1, 2, null].map(levelWord)).toEqual(['none', 'provided', 'binding', 'not coded']);
    expect(firstUrl('NATO, text, https://www.nato.int/cps/en/natohq/official_texts_17120.htm ; https://x.org')).toBe('https://www.nato.int/cps/en/natohq/official_texts_17120.htm');
    expect(firstUrl('no link')).toBeNull();
  });
});

describe('the panel', () => {
  it('counts ordered pairs of the nations that existed in each year', () => {
    const nations = [
      { iso3: 'AAA', from: null, to: null },
      { iso3: 'BBB', from: '1991-08-24', to: null },
      { iso3: 'CCC', from: null, to: '1991-01-01' },
    ];
    expect(panelRowEstimate(nations, 1990, 1990)).toBe(2);
    expect(panelRowEstimate(nations, 1991, 1991)).toBe(2);
    expect(panelRowEstimate(nations, 1992, 1992)).toBe(2);
    expect(panelRowEstimate([...nations, { iso3: 'DDD', from: null, to: null }], 1992, 1993)).toBe(12);
    expect(panelRowEstimate(nations, 1992, 1992, ['AAA'])).toBe(0);
  });
});
