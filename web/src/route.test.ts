import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './route';
import { today } from './dates';

describe('parseHash', () => {
  it('reads the view, the organisation and the date', () => {
    const r = parseHash('#/nation/fin?org=EU&date=2023-04-04&mode=treaty');
    expect(r).toMatchObject({ view: 'nation', id: 'FIN', org: 'EU', date: '2023-04-04', dateDefaulted: false, dateAsked: null, q: { mode: 'treaty' } });
  });
  it('keeps an impossible date on record so the page can say what it shows instead', () => {
    const r = parseHash('#/?org=NATO&date=2023-02-30');
    expect(r.date).toBe(today());
    expect(r.dateDefaulted).toBe(true);
    expect(r.dateAsked).toBe('2023-02-30');
    expect(parseHash('#/?date=banana').dateAsked).toBe('banana');
  });
  it('takes a date written without leading zeros', () => {
    const r = parseHash('#/?date=2023-4-4');
    expect(r.date).toBe('2023-04-04');
    expect(r.dateAsked).toBeNull();
  });
  it('no date is no notice', () => {
    const r = parseHash('#/');
    expect(r.dateDefaulted).toBe(true);
    expect(r.dateAsked).toBeNull();
  });
  it('writes the route back', () => {
    expect(formatHash({ view: 'map', id: null, org: 'NATO', date: '2024-03-07', q: { mode: 'treaty' } })).toBe('#/?org=NATO&date=2024-03-07&mode=treaty');
  });
  it('reads the pages of partnership management, with and without an id', () => {
    expect(parseHash('#/programme/12?round=3')).toMatchObject({ view: 'programme', id: '12', q: { round: '3' } });
    expect(parseHash('#/parp-cycle/2')).toMatchObject({ view: 'parp-cycle', id: '2' });
    expect(parseHash('#/programmes?state=draft')).toMatchObject({ view: 'programmes', id: null, q: { state: 'draft' } });
    expect(parseHash('#/inbox').view).toBe('inbox');
    expect(parseHash('#/programme').view).toBe('map');
    expect(formatHash({ view: 'event', id: '5', org: 'NATO', date: '2026-12-05' })).toBe('#/event/5?org=NATO&date=2026-12-05');
    expect(formatHash({ view: 'evaluations', id: null, org: 'NATO', date: '2026-12-05' })).toBe('#/evaluations?org=NATO&date=2026-12-05');
  });
  it('reads the analytics pages, their state in the query', () => {
    expect(parseHash('#/network?date=2024-06-01&org=EU&size=betweenness')).toMatchObject({ view: 'network', id: null, org: 'EU', date: '2024-06-01', q: { size: 'betweenness' } });
    expect(parseHash('#/burden-sharing?from=2014').view).toBe('burden-sharing');
    expect(parseHash('#/compare').view).toBe('compare');
    expect(parseHash('#/panel').view).toBe('panel');
    expect(formatHash({ view: 'analytics', id: null, org: 'NATO', date: '2024-06-01' })).toBe('#/analytics?org=NATO&date=2024-06-01');
  });
});
