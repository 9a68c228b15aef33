import { describe, expect, it } from 'vitest';
import {
  DECIDE_KEYS,
  EXAMPLE_2003,
  SUBJECT_MAX,
  blankForm,
  buildRequest,
  decodeDecide,
  encodeDecide,
  isComplete,
  outsideVoters,
  withBreak,
  withListed,
  withPosition,
  type DecideForm,
} from './decideState';

/** the query of a hash as the router reads it: keys with an empty value are dropped */
function queryOf(keys: Record<string, string | null>): Record<string, string> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(keys)) if (v) q.set(k, v);
  // through the text of a URL, as a shared link is
  return Object.fromEntries(new URLSearchParams(q.toString()));
}

const roundTrip = (form: DecideForm, org: string) => decodeDecide(queryOf(encodeDecide(form)), org);

describe('encodeDecide / decodeDecide', () => {
  it('restores the 2003 example exactly, with no notes', () => {
    const back = roundTrip(EXAMPLE_2003.form, 'NATO');
    expect(back.form).toEqual(EXAMPLE_2003.form);
    expect(back.notes).toEqual([]);
    expect(back.present).toBe(true);
  });

  it('writes readable keys: one per position, nation lists joined by dots', () => {
    const keys = encodeDecide(EXAMPLE_2003.form);
    expect(keys.object).toBe('BEL.DEU.FRA');
    expect(keys.breaks).toBe('BEL_2003-02-09.DEU_2003-02-09.FRA_2003-02-09');
    expect(keys.deadline).toBe('2003-02-10');
    expect(keys.procedure).toBe('silence');
    expect(keys.default).toBeNull();
    expect(keys.support).toBeNull();
    // a URL keeps dots, dashes and underscores as they are
    expect(new URLSearchParams({ object: keys.object!, breaks: keys.breaks! }).toString()).toBe(
      'object=BEL.DEU.FRA&breaks=BEL_2003-02-09.DEU_2003-02-09.FRA_2003-02-09',
    );
  });

  it('gives every key of the form, null when empty, so stale keys are removed', () => {
    const keys = encodeDecide(blankForm('NATO'));
    expect(Object.keys(keys).sort()).toEqual([...DECIDE_KEYS].sort());
    expect(Object.entries(keys).filter(([, v]) => v !== null)).toEqual([['procedure', 'consensus']]);
  });

  it('restores every part of a form: EU unanimity with declared abstentions, QMV, the AU PSC', () => {
    const eu: DecideForm = {
      ...blankForm('EU'),
      subject: 'Sanctions: 14th package & more — “quoted”',
      dflt: 'support',
      positions: { HUN: 'abstain', POL: 'abstain', AUT: 'object', MLT: 'absent', IRL: 'silent' },
      formal: ['HUN', 'POL'],
      reinforced: true,
    };
    expect(roundTrip(eu, 'EU').form).toEqual(eu);
    const qmv = { ...eu, procedure: 'qualified-majority' as const };
    expect(roundTrip(qmv, 'EU').form).toEqual(qmv);
    const au: DecideForm = { ...blankForm('AU'), subject: 'Mission mandate', procedural: true, parties: ['ETH', 'SDN'], positions: { NGA: 'support' } };
    expect(roundTrip(au, 'AU').form).toEqual(au);
  });

  it('a URL without the form’s keys is a blank form, not present', () => {
    const d = decodeDecide({ mode: 'x' }, 'EU');
    expect(d.form).toEqual(blankForm('EU'));
    expect(d.present).toBe(false);
    expect(d.notes).toEqual([]);
  });
});

describe('decodeDecide on hostile input', () => {
  it('leaves out what is not a nation code, and says so', () => {
    const d = decodeDecide({ object: 'FRA.XX.12345.<script>.DEU', support: 'usa' }, 'NATO');
    expect(d.form.positions).toEqual({ FRA: 'object', DEU: 'object', USA: 'support' });
    expect(d.notes).toHaveLength(1);
    expect(d.notes[0]).toMatch(/Left out of the members set to “object”: “XX”, “12345”, “<SCRIPT>” are not a nation code/);
  });

  it('ignores unknown words of procedure, default and switches with a note', () => {
    const d = decodeDecide({ procedure: 'coin-toss', default: 'maybe', reinforced: 'yes', procedural: '0' }, 'NATO');
    expect(d.form.procedure).toBe('consensus');
    expect(d.form.dflt).toBe('silent');
    expect(d.form.reinforced).toBe(false);
    expect(d.notes.join(' ')).toMatch(/procedure “coin-toss” is not one Entente knows/);
    expect(d.notes.join(' ')).toMatch(/default position “maybe” is not a position/);
    expect(d.notes.join(' ')).toMatch(/switch “reinforced=yes” is not understood/);
    expect(d.notes).toHaveLength(3);
  });

  it('a procedure of another council is not taken', () => {
    const d = decodeDecide({ procedure: 'qualified-majority' }, 'NATO');
    expect(d.form.procedure).toBe('consensus');
    expect(d.notes[0]).toMatch(/NATO's council does not decide by the procedure “qualified-majority”/);
  });

  it('leaves out dates that do not exist', () => {
    const d = decodeDecide({ procedure: 'silence', deadline: '2003-02-30', breaks: 'FRA_2003-02-09.DEU_2003-13-01.BEL_yesterday', object: 'FRA.DEU.BEL' }, 'NATO');
    expect(d.form.deadline).toBe('');
    expect(d.form.breaks).toEqual({ FRA: '2003-02-09' });
    const all = d.notes.join(' ');
    expect(all).toMatch(/silence deadline “2003-02-30” is not a date/);
    expect(all).toMatch(/“BEL_YESTERDAY” is not a nation code with a date/);
    expect(all).toMatch(/“DEU on 2003-13-01” \(no such day\)/);
    expect(isComplete(d.form)).toBe(false);
  });

  it('cuts a huge subject and refuses a huge list, never throwing', () => {
    const d = decodeDecide({ subject: 'x'.repeat(100_000), support: 'FRA.'.repeat(10_000) }, 'NATO');
    expect(d.form.subject).toHaveLength(SUBJECT_MAX);
    expect(d.form.positions).toEqual({});
    expect(d.notes.join(' ')).toMatch(/subject in the link is 100000 characters long/);
    expect(d.notes.join(' ')).toMatch(/members set to “support” in the link are too long to be read/);
    // the notes themselves stay short
    for (const n of d.notes) expect(n.length).toBeLessThan(200);
  });

  it('keeps the first of two positions given to one nation', () => {
    const d = decodeDecide({ support: 'FRA', object: 'FRA.DEU' }, 'NATO');
    expect(d.form.positions).toEqual({ FRA: 'support', DEU: 'object' });
    expect(d.notes[0]).toMatch(/“FRA” is given two positions/);
  });

  it('survives values that are not strings and odd separators', () => {
    const q = { object: '....', formal: '.FRA..', subject: undefined } as unknown as Record<string, string>;
    const d = decodeDecide(q, 'EU');
    expect(d.form.positions).toEqual({});
    expect(d.form.formal).toEqual(['FRA']);
    expect(d.notes).toEqual([]);
  });
});

describe('editing the form', () => {
  it('a voter that stops objecting loses its day of breaking silence', () => {
    const f = withPosition(EXAMPLE_2003.form, 'FRA', 'support');
    expect(f.breaks).toEqual({ BEL: '2003-02-09', DEU: '2003-02-09' });
    expect(f.positions.FRA).toBe('support');
    const g = withPosition(f, 'DEU', '');
    expect(g.positions.DEU).toBeUndefined();
    expect(g.breaks).toEqual({ BEL: '2003-02-09' });
  });

  it('breaking silence is an objection; declaring abstention is an abstention', () => {
    expect(withBreak(blankForm('NATO'), 'ITA', '2003-02-08').positions).toEqual({ ITA: 'object' });
    expect(withBreak(EXAMPLE_2003.form, 'FRA', '').breaks.FRA).toBeUndefined();
    const f = withListed(blankForm('EU'), 'formal', 'HUN', true);
    expect(f.formal).toEqual(['HUN']);
    expect(f.positions.HUN).toBe('abstain');
    expect(withPosition(f, 'HUN', 'support').formal).toEqual([]);
    expect(withListed(withListed(blankForm('AU'), 'parties', 'SDN', true), 'parties', 'SDN', false).parties).toEqual([]);
  });
});

describe('buildRequest', () => {
  it('sends what the procedure reads, for the voters only', () => {
    const voters = new Set(['BEL', 'DEU', 'FRA', 'USA']);
    const form = { ...EXAMPLE_2003.form, positions: { ...EXAMPLE_2003.form.positions, XYZ: 'support' as const }, formal: ['FRA'] };
    const req = buildRequest('NATO', '2003-02-06', form, voters);
    expect(req).toEqual({
      organisation: 'NATO',
      procedure: 'silence',
      subject: EXAMPLE_2003.form.subject,
      as_of: '2003-02-06',
      default: 'silent',
      positions: { BEL: 'object', DEU: 'object', FRA: 'object' },
      silence_deadline: '2003-02-10',
      silence_breaks: { BEL: '2003-02-09', DEU: '2003-02-09', FRA: '2003-02-09' },
    });
    expect(outsideVoters(form, voters)).toEqual(['XYZ']);
    expect(outsideVoters(form, null)).toEqual([]);
  });

  it('declared abstentions count only for members who abstain', () => {
    const form: DecideForm = { ...blankForm('EU'), subject: ' s ', positions: { HUN: 'abstain', POL: 'support' }, formal: ['HUN', 'POL'] };
    const req = buildRequest('EU', '2020-01-01', form, null);
    expect(req.formal_abstentions).toEqual(['HUN']);
    expect(req.subject).toBe('s');
  });
});
