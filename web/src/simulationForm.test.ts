import { describe, expect, it } from 'vitest';
import openapiText from '../../docs/openapi.json?raw';
import { KNOBS, clauseLabel, legendLayout, LEGEND, knobOfDetail, fmtShare } from './simulation';
import {
  canonicalJson,
  crossCheck,
  documentedRange,
  expectation,
  fieldText,
  fingerprint,
  knobRange,
  orderErrors,
  parseNumber,
  positionRows,
  positionSpec,
  readField,
  readFields,
  requestLimits,
  rerunVerdict,
  type FieldSpec,
} from './simulationForm';

/** the server's OpenAPI document, as it serves it at /api/v1/openapi.json */
const OPENAPI: unknown = JSON.parse(openapiText);

const knob = (id: string) => KNOBS.find((k) => k.id === id)!;
const horizon: FieldSpec = { id: 'horizon', label: 'Horizon', kind: 'number', integer: true, noun: 'days', range: { min: 1, max: 3650 } };
const warning: FieldSpec = { id: 'warning', label: 'Warning probability', kind: 'percent', range: { min: 0, max: 1 } };
const start: FieldSpec = { id: 'start', label: 'Start date', kind: 'date' };

describe('requestLimits', () => {
  it('reads the runs, the seed and the work per job from the OpenAPI document', () => {
    const limits = requestLimits(OPENAPI);
    expect(limits.runs).toEqual({ min: 1, max: 10_000_000 });
    expect(limits.seed.min).toBe(0);
    // the document gives no upper bound for the seed; the browser's exact integers do
    expect(limits.seed.max).toBe(Number.MAX_SAFE_INTEGER);
    expect(limits.workPerJob).toBe(2_000_000_000);
  });
  it('leaves open what a document does not give', () => {
    expect(requestLimits({})).toEqual({ runs: { min: undefined, max: undefined }, seed: { min: undefined, max: Number.MAX_SAFE_INTEGER }, workPerJob: null });
    expect(requestLimits(null).workPerJob).toBeNull();
  });
});

describe('documentedRange and knobRange', () => {
  const doc = {
    components: {
      schemas: {
        Scenario: {
          properties: {
            scenario: { properties: { horizon_days: { type: 'integer', minimum: 1, maximum: 365 } } },
            positions: { properties: { support: { additionalProperties: { minimum: 0, maximum: 1 } } } },
          },
        },
      },
    },
  };
  it('follows nested properties and maps', () => {
    expect(documentedRange(doc, ['scenario', 'horizon_days'])).toEqual({ min: 1, max: 365 });
    expect(documentedRange(doc, ['positions', 'support', '*'])).toEqual({ min: 0, max: 1 });
    expect(documentedRange(doc, ['crisis', 'attack_day'])).toEqual({ min: undefined, max: undefined });
  });
  it("prefers the document's range to the scenario reader's", () => {
    expect(knobRange(knob('horizon'), doc)).toEqual({ min: 1, max: 365 });
    expect(knobRange(knob('attack_day'), doc)).toEqual({ min: 0, max: 3650 });
  });
  it("agrees with every range the server's document gives for a knob", () => {
    for (const k of KNOBS) {
      const d = documentedRange(OPENAPI, k.path);
      if (d.min !== undefined) expect(k.min, `${k.id} minimum`).toBe(d.min);
      if (d.max !== undefined) expect(k.max, `${k.id} maximum`).toBe(d.max);
    }
  });
});

describe('parseNumber', () => {
  it('reads numbers as people type them', () => {
    expect(parseNumber('2000')).toBe(2000);
    expect(parseNumber(' 10,000 ')).toBe(10000);
    expect(parseNumber('10 000')).toBe(10000);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('-3')).toBe(-3);
  });
  it('tells a decimal comma from a number that is not one', () => {
    expect(parseNumber('0,5')).toBe('comma');
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('1,00')).toBe('comma');
    expect(parseNumber('12abc')).toBeNull();
    expect(parseNumber('1e999')).toBeNull();
  });
});

describe('readField', () => {
  it('reads a value in the scenario units', () => {
    expect(readField(horizon, '180')).toEqual({ value: 180 });
    expect(readField(warning, '80')).toEqual({ value: 0.8 });
    expect(readField(warning, '80%')).toEqual({ value: 0.8 });
    expect(readField(warning, '100')).toEqual({ value: 1 });
    expect(readField(start, '2026-06-01')).toEqual({ value: '2026-06-01' });
  });
  it('says what is wrong in the field’s own units', () => {
    expect(readField(horizon, '')).toEqual({ error: 'Enter a whole number of days, from 1 to 3,650.' });
    expect(readField(horizon, '4000').error).toBe('4000 is too large. Enter a whole number of days, from 1 to 3,650.');
    expect(readField(horizon, '0').error).toMatch(/^0 is too small\./);
    expect(readField(horizon, '2.5').error).toMatch(/^2\.5 is not a whole number\./);
    expect(readField(horizon, 'soon').error).toMatch(/^“soon” is not a number\./);
    expect(readField(warning, '150').error).toBe('150 is too large. Enter a percentage, from 0 to 100.');
    expect(readField(warning, '0,5').error).toMatch(/^Use a point for decimals/);
    expect(readField(start, '1/6/2026').error).toBe('“1/6/2026” is not a date. Enter a date as YYYY-MM-DD, for example 2026-06-01.');
    expect(readField(start, '2026-02-30').error).toMatch(/^2026-02-30 is not a day of the calendar/);
  });
  it('takes blank as "not set" in an optional field', () => {
    expect(readField({ ...warning, optional: true }, '  ')).toEqual({ value: null });
  });
  it('refuses a whole number a browser cannot hold exactly', () => {
    const seed: FieldSpec = { id: 'seed', label: 'Seed', kind: 'number', integer: true, range: { min: 0 } };
    expect(readField(seed, '9007199254740993').error).toMatch(/too large/);
  });
});

describe('expectation', () => {
  it('says the range with open ends', () => {
    expect(expectation({ id: 'x', label: 'x', kind: 'number', integer: true, range: { min: 0 } })).toBe('Enter a whole number, 0 or more.');
    expect(expectation({ id: 'x', label: 'x', kind: 'number', noun: 'troops', range: { max: 1e7 } })).toBe('Enter a number of troops, up to 10,000,000.');
    expect(expectation({ id: 'x', label: 'x', kind: 'number' })).toBe('Enter a number.');
  });
});

describe('fieldText', () => {
  it('shows a probability as a percentage', () => {
    expect(fieldText(warning, 0.8)).toBe('80');
    expect(fieldText(warning, 0.123456789)).toBe('12.345679');
    expect(fieldText(horizon, undefined)).toBe('');
    expect(fieldText(start, '2026-06-01')).toBe('2026-06-01');
  });
});

describe('readFields, crossCheck and orderErrors', () => {
  const limits = requestLimits(OPENAPI);
  it('collects values and errors', () => {
    const r = readFields([
      { spec: horizon, text: '180' },
      { spec: warning, text: 'x' },
    ]);
    expect(r.values).toEqual({ horizon: 180 });
    expect(r.errors.map((e) => e.id)).toEqual(['warning']);
  });
  it('puts the deterrence day within the horizon', () => {
    expect(crossCheck({ horizon: 180, deterrenceDay: 400 }, limits)).toEqual([
      { id: 'det_day', message: 'Day 400 is after the horizon. Enter a day from 0 to 180, or lengthen the horizon.' },
    ]);
    expect(crossCheck({ horizon: 180, deterrenceDay: 180 }, limits)).toEqual([]);
  });
  it('bounds the work of a job as the document states it', () => {
    const [e] = crossCheck({ runs: 1_000_000, horizon: 3650 }, limits);
    expect(e.id).toBe('runs');
    expect(e.message).toMatch(/at most 547,795 runs/);
    expect(crossCheck({ runs: 547_795, horizon: 3650 }, limits)).toEqual([]);
    expect(crossCheck({ runs: 1e9, horizon: 3650 }, { ...limits, workPerJob: null })).toEqual([]);
  });
  it('asks for the horizon and deterrence day of the scenario compared with', () => {
    const errors = crossCheck({ horizon: 180, deterrenceDay: 30, other: { name: 'Piracy', horizon: 90, deterrenceDay: 20 } }, limits);
    expect(errors.map((e) => e.id)).toEqual(['horizon', 'det_day']);
    expect(errors[0].message).toBe('B (Piracy) is followed for 90 days; a comparison needs the same horizon. Enter 90.');
  });
  it('keeps the first error of each field, in form order', () => {
    const order = ['runs', 'horizon', 'det_day'];
    const out = orderErrors(
      [
        { id: 'det_day', message: 'a' },
        { id: 'runs', message: 'b' },
        { id: 'det_day', message: 'c' },
        { id: 'elsewhere', message: 'd' },
      ],
      order,
    );
    expect(out).toEqual([
      { id: 'runs', message: 'b' },
      { id: 'det_day', message: 'a' },
      { id: 'elsewhere', message: 'd' },
    ]);
  });
});

describe('positionRows and positionSpec', () => {
  const allies = [
    { iso3: 'HUN', name: 'Hungary' },
    { iso3: 'POL', name: 'Poland' },
  ];
  it("gives each ally the scenario's position, then the nations it names that are not allies", () => {
    const rows = positionRows(allies, { positions: { affinity: { HUN: 0.5 }, support: { POL: 1, SRB: 0.2 } } });
    expect(rows).toEqual([
      { iso3: 'HUN', name: 'Hungary', ally: true, affinity: 0.5, support: undefined },
      { iso3: 'POL', name: 'Poland', ally: true, affinity: undefined, support: 1 },
      { iso3: 'SRB', name: 'SRB', ally: false, affinity: undefined, support: 0.2 },
    ]);
    expect(positionRows(allies, {}).every((r) => r.affinity === undefined && r.support === undefined)).toBe(true);
  });
  it('makes an optional percentage field, 0 to 100', () => {
    const spec = positionSpec(allies[0], 'support', OPENAPI);
    expect(spec).toMatchObject({ id: 'pos-support-HUN', label: 'Hungary: fixed support', kind: 'percent', optional: true, range: { min: 0, max: 1 } });
    expect(readField(spec, '')).toEqual({ value: null });
    expect(readField(spec, '101').error).toMatch(/from 0 to 100/);
  });
});

describe('fingerprint', () => {
  it('is the same whatever the order of the keys, and differs when a value does', async () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const one = await fingerprint({ b: 1, a: 2 });
    expect(one).toMatch(/^[0-9a-f]{16}$/);
    expect(await fingerprint({ a: 2, b: 1 })).toBe(one);
    expect(await fingerprint({ a: 2, b: 1.0000001 })).not.toBe(one);
  });
  it('tells identical, different and unknown apart', () => {
    expect(rerunVerdict('ab', 'ab')).toBe('identical');
    expect(rerunVerdict('ab', 'cd')).toBe('different');
    expect(rerunVerdict(undefined, 'cd')).toBe('unknown');
    expect(rerunVerdict('ab', null)).toBe('unknown');
  });
});

describe('knobOfDetail', () => {
  it('finds the knob a problem names', () => {
    expect(knobOfDetail('scenario: outcome.deterrence_day: is after the horizon (scenario.horizon_days)')?.id).toBe('det_day');
    expect(knobOfDetail('the alliance does not exist on 1930-06-01 (scenario.start)')?.id).toBe('start');
    expect(knobOfDetail('runs must be between 1 and 10000000')).toBeUndefined();
  });
});

describe('legendLayout', () => {
  const item = (label: string) => ({ label, color: '#000', kind: 'line' as const });
  it('puts entries side by side while they fit, then starts a row', () => {
    const w = (label: string) => LEGEND.swatch + LEGEND.gap + label.length * LEGEND.charWidth + LEGEND.between;
    const { places, rows } = legendLayout([item('Median'), item('Mean'), item('Adversary')], w('Median') + w('Mean'));
    expect(places.map((p) => [p.x, p.row])).toEqual([
      [0, 0],
      [w('Median'), 0],
      [0, 1],
    ]);
    expect(rows).toBe(2);
  });
  it('gives an entry wider than the row a row of its own', () => {
    const { places, rows } = legendLayout([item('A very long label indeed'), item('B')], 40);
    expect(places.map((p) => p.row)).toEqual([0, 1]);
    expect(rows).toBe(2);
    expect(legendLayout([], 100).rows).toBe(0);
  });
});

describe('fmtShare', () => {
  it('never shows a share above zero as 0.0%', () => {
    expect(fmtShare(0.0001)).toBe('<0.1%');
    expect(fmtShare(0)).toBe('0.0%');
    expect(fmtShare(0.25)).toBe('25.0%');
  });
});

describe('clauseLabel', () => {
  it('names the paragraph of the article, not the rule id', () => {
    expect(clauseLabel('6(1)-europe-north-america')).toBe('Article 6(1)');
    expect(clauseLabel('6(2)-mediterranean')).toBe('Article 6(2)');
    expect(clauseLabel('outside-6')).toBeNull();
    expect(clauseLabel(undefined)).toBeNull();
  });
});
