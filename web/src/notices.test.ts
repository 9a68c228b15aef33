import { describe, expect, it } from 'vitest';
import { badDateNotice, filterDateNotice, futureNotice, lastDay, nationNotice, organisationNotice, subjectName } from './notices';
import { normaliseDate } from './dates';

const TODAY = '2026-12-05';

describe('badDateNotice', () => {
  it('says which day of the calendar does not exist, and what is shown instead', () => {
    expect(badDateNotice('2023-02-30', TODAY)).toBe('The address asks for 30 February 2023, which does not exist; showing today, 5 Dec 2026.');
    expect(badDateNotice('2023-02-29', TODAY)).toMatch(/29 February 2023, which does not exist/);
    expect(badDateNotice('2023-04-31', TODAY)).toMatch(/31 April 2023, which does not exist/);
  });
  it('explains a month or a day no calendar has', () => {
    expect(badDateNotice('2023-13-01', TODAY)).toMatch(/2023-13-01, which is not a date \(there is no month 13\)/);
    expect(badDateNotice('2023-01-32', TODAY)).toMatch(/no month has a day 32/);
  });
  it('quotes text that is no date at all and says how dates are written', () => {
    expect(badDateNotice('banana', TODAY)).toBe(
      'The address asks for the date “banana”, which is not a date (dates are written year-month-day, such as 2023-04-04); showing today, 5 Dec 2026.',
    );
    expect(badDateNotice('x'.repeat(200), TODAY)!.length).toBeLessThan(220);
  });
  it('says nothing about a real date or no date', () => {
    expect(badDateNotice('2024-02-29', TODAY)).toBeNull();
    expect(badDateNotice(null, TODAY)).toBeNull();
    expect(badDateNotice('', TODAY)).toBeNull();
  });
});

describe('normaliseDate', () => {
  it('accepts dates without leading zeros and rejects days the calendar lacks', () => {
    expect(normaliseDate('2023-4-4')).toBe('2023-04-04');
    expect(normaliseDate('2023-04-04')).toBe('2023-04-04');
    expect(normaliseDate('2023-02-30')).toBeNull();
    expect(normaliseDate('banana')).toBeNull();
    expect(normaliseDate(null)).toBeNull();
  });
});

describe('organisationNotice', () => {
  const WEU = { name: 'Western European Union', founded: '1948-08-25', dissolved: '2011-07-01' };
  const NATO = { name: 'North Atlantic Treaty Organization', founded: '1949-08-24', dissolved: null };
  it('names the last day of a dissolved organisation (its end is the first day it no longer existed)', () => {
    expect(organisationNotice(WEU, TODAY, TODAY)).toBe(
      'The Western European Union was dissolved on 30 June 2011: on 5 December 2026 it no longer exists, so the map shows who had been its members and partners.',
    );
    expect(organisationNotice(WEU, '2015-01-01', TODAY)).toMatch(/no longer existed/);
    expect(organisationNotice(WEU, '2011-07-01', TODAY)).toMatch(/dissolved on 30 June 2011/);
    expect(organisationNotice(WEU, '2011-06-30', TODAY)).toBeNull();
  });
  it('says when a date is before the organisation was founded', () => {
    expect(organisationNotice(NATO, '1949-01-01', TODAY)).toBe(
      'The North Atlantic Treaty Organization was founded on 24 August 1949: on 1 January 1949 it did not exist yet, so no nation had a relation to it.',
    );
    expect(organisationNotice(NATO, '1949-08-24', TODAY)).toBeNull();
    expect(organisationNotice(NATO, '2100-01-01', TODAY)).toBeNull();
  });
});

describe('nationNotice', () => {
  it('says a state did not exist yet', () => {
    expect(nationNotice({ name: 'Ukraine', from: '1991-08-24', to: null }, '1980-01-01')).toBe(
      'Ukraine did not exist as a state on 1 January 1980: it dates from 24 August 1991, so it had no relation to any organisation then.',
    );
    expect(nationNotice({ name: 'Ukraine', from: '1991-08-24', to: null }, '1991-08-24')).toBeNull();
  });
  it('says a state had ended, with its last day', () => {
    expect(nationNotice({ name: 'Soviet Union', from: null, to: '1991-12-26' }, '2000-01-01')).toBe(
      'The Soviet Union no longer existed as a state on 1 January 2000: its last day as a state was 25 December 1991.',
    );
    expect(nationNotice({ name: 'Soviet Union', from: null, to: '1991-12-26' }, '1991-12-25')).toBeNull();
  });
});

describe('futureNotice', () => {
  it('says a future answer assumes nothing changes', () => {
    expect(futureNotice('2100-01-01', TODAY)).toBe(
      '1 January 2100 is in the future: this answer assumes that nothing changes after today (5 December 2026) beyond what is already recorded.',
    );
    expect(futureNotice(TODAY, TODAY)).toBeNull();
    expect(futureNotice('2020-01-01', TODAY)).toBeNull();
  });
});

describe('subjectName and lastDay', () => {
  it('puts "The" where English wants it', () => {
    expect(subjectName('European Union', 'organisation')).toBe('The European Union');
    expect(subjectName('Netherlands', 'nation')).toBe('The Netherlands');
    expect(subjectName('Finland', 'nation')).toBe('Finland');
    expect(subjectName('the Gambia', 'nation')).toBe('The Gambia');
  });
  it('the last day of [from, to) is the day before to', () => {
    expect(lastDay('2011-07-01')).toBe('2011-06-30');
    expect(lastDay('2024-03-01')).toBe('2024-02-29');
  });
});

describe('filterDateNotice', () => {
  it('says a filter date that is no date is left out', () => {
    expect(filterDateNotice('from', '2023-02-30')).toMatch(/“2023-02-30” as the from date, which is not a date.*shown without that filter/);
    expect(filterDateNotice('to', 'banana')).toMatch(/“banana” as the to date/);
  });
  it('says nothing of a date or of no date', () => {
    expect(filterDateNotice('from', '2023-02-28')).toBeNull();
    expect(filterDateNotice('from', undefined)).toBeNull();
    expect(filterDateNotice('from', '')).toBeNull();
  });
});
