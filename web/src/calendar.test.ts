import { describe, expect, it } from 'vitest';
import { addMonths, daysIn, dayTitle, eventsByDay, gridRange, monthGrid, monthTitle, moveDay, parseMonth, shiftMonths, weekday } from './calendar';

describe('months', () => {
  it('reads a month from the address, or nothing', () => {
    expect(parseMonth('2026-12')).toBe('2026-12');
    expect(parseMonth(' 2026-01 ')).toBe('2026-01');
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('2026-1')).toBeNull();
    expect(parseMonth('banana')).toBeNull();
    expect(parseMonth(undefined)).toBeNull();
  });

  it('steps across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('knows the length of each month, leap Februaries too', () => {
    expect(daysIn('2024-02')).toBe(29);
    expect(daysIn('2026-02')).toBe(28);
    expect(daysIn('2026-12')).toBe(31);
    expect(daysIn('2026-11')).toBe(30);
  });

  it('names months and days in words', () => {
    expect(monthTitle('2026-12')).toBe('December 2026');
    expect(dayTitle('2026-12-05')).toMatch(/Saturday.*5 December 2026/);
  });
});

describe('the grid of a month', () => {
  it('counts weekdays from Monday', () => {
    expect(weekday('2026-12-07')).toBe(0); // a Monday
    expect(weekday('2026-12-05')).toBe(5); // a Saturday
    expect(weekday('1970-01-01')).toBe(3); // a Thursday
  });

  it('holds whole weeks, Monday to Sunday, around the month', () => {
    // December 2026 starts on a Tuesday and ends on a Thursday
    const weeks = monthGrid('2026-12');
    expect(weeks).toHaveLength(5);
    for (const w of weeks) expect(w).toHaveLength(7);
    expect(weeks[0][0]).toEqual({ date: '2026-11-30', inMonth: false });
    expect(weeks[0][1]).toEqual({ date: '2026-12-01', inMonth: true });
    expect(weeks[4][3]).toEqual({ date: '2026-12-31', inMonth: true });
    expect(weeks[4][6]).toEqual({ date: '2027-01-03', inMonth: false });
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
    expect(gridRange('2026-12')).toEqual({ from: '2026-11-30', to: '2027-01-03' });
  });

  it('needs six weeks for a month that starts late in the week', () => {
    // August 2026 starts on a Saturday
    expect(monthGrid('2026-08')).toHaveLength(6);
    // February 2027 starts on a Monday and has 28 days: four weeks exactly
    expect(monthGrid('2027-02')).toHaveLength(4);
  });
});

describe('events on days', () => {
  it('puts an event on every day from its first to its last', () => {
    const events = [
      { id: 1, from: '2026-12-01', to: '2026-12-03' },
      { id: 2, from: '2026-12-03', to: '2026-12-03' },
      { id: 3, from: '2026-11-28', to: '2026-12-01' },
      { id: 4, from: '2026-12-10', to: '' },
    ];
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-10'];
    const by = eventsByDay(events, days);
    expect(by.get('2026-11-30')!.map((e) => e.id)).toEqual([3]);
    expect(by.get('2026-12-01')!.map((e) => e.id)).toEqual([1, 3]);
    expect(by.get('2026-12-03')!.map((e) => e.id)).toEqual([1, 2]);
    expect(by.get('2026-12-04')).toEqual([]);
    expect(by.get('2026-12-10')!.map((e) => e.id)).toEqual([4]);
  });
});

describe('the keyboard', () => {
  it('moves by a day, a week, to the week’s ends and by a month', () => {
    expect(moveDay('2026-12-31', 'ArrowRight')).toBe('2027-01-01');
    expect(moveDay('2026-12-01', 'ArrowLeft')).toBe('2026-11-30');
    expect(moveDay('2026-12-05', 'ArrowUp')).toBe('2026-11-28');
    expect(moveDay('2026-12-05', 'ArrowDown')).toBe('2026-12-12');
    expect(moveDay('2026-12-05', 'Home')).toBe('2026-11-30');
    expect(moveDay('2026-12-05', 'End')).toBe('2026-12-06');
    expect(moveDay('2026-12-05', 'PageUp')).toBe('2026-11-05');
    expect(moveDay('2027-03-31', 'PageUp')).toBe('2027-02-28');
    expect(moveDay('2026-12-05', 'Enter')).toBeNull();
  });

  it('keeps the day of the month where the next month has it', () => {
    expect(shiftMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(shiftMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
});
