import { describe, expect, it } from 'vitest';
import { pageName, pageTitle } from './titles';

const names = {
  nation: (iso3: string) => ({ FIN: 'Finland', NLD: 'Netherlands' })[iso3],
  framework: (id: string) => ({ PFP: 'Partnership for Peace' })[id],
  operation: (id: string) => ({ 'deny-flight': 'Operation Deny Flight', kfor: 'Kosovo Force (KFOR)' })[id],
};
const at = (view: string, id: string | null = null, q: Record<string, string> = {}) => ({ view: view as never, id, org: 'NATO', q });

describe('pageTitle', () => {
  it('names a nation, not its code', () => {
    expect(pageTitle(at('nation', 'FIN'), '2026-12-04', names)).toBe('Finland · 4 Dec 2026 · Entente');
  });
  it('falls back to the code until the names have loaded', () => {
    expect(pageTitle(at('nation', 'FIN'), '2026-12-04')).toBe('FIN · 4 Dec 2026 · Entente');
  });
  it('names an organisation’s members, a framework and an operation', () => {
    expect(pageTitle(at('org', 'NATO'), '2026-12-04', names)).toBe('NATO members · 4 Dec 2026 · Entente');
    expect(pageName(at('framework', 'PFP'), names)).toBe('Partnership for Peace');
    expect(pageTitle(at('operation', 'deny-flight'), '2026-12-04', names)).toBe('Operation Deny Flight · 4 Dec 2026 · Entente');
    expect(pageName(at('operation', 'kfor'), names)).toBe('Kosovo Force (KFOR)');
    expect(pageName(at('operation', 'unknown'))).toBe('Operation unknown');
  });
  it('titles the map by its organisation and mode', () => {
    expect(pageTitle(at('map'), '2023-04-04', names)).toBe('Relations to NATO · 4 Apr 2023 · Entente');
    expect(pageName({ ...at('map'), treaty: true }, names)).toBe('North Atlantic Treaty area');
  });
  it('leaves the date out of pages that do not depend on it', () => {
    expect(pageTitle(at('account'), '2026-12-04', names)).toBe('Account · Entente');
    expect(pageTitle(at('edit', 'membership', { record: '12' }), '2026-12-04', names)).toBe('Correct a membership · Entente');
  });
  it('names the nation of the eligibility page', () => {
    expect(pageName(at('eligibility', null, { nation: 'NLD' }), names)).toBe('Eligibility: Netherlands');
  });
  it('names the pages of partnership management, without a date', () => {
    expect(pageTitle(at('programmes'), '2026-12-05', names)).toBe('Partnership programmes · Entente');
    expect(pageTitle(at('inbox'), '2026-12-05', names)).toBe('Inbox · Entente');
    expect(pageName(at('menu'), names)).toBe('Cooperation menu');
    expect(pageName(at('parp'), names)).toBe('Planning and Review Process');
    expect(pageName(at('evaluations'), names)).toBe('Interoperability evaluation');
    expect(pageName(at('events'), names)).toBe('Partnership events');
  });
  it('names a record by what its page read, by kind and id until then', () => {
    const record = (view: string, id: string) => (view === 'programme' && id === '3' ? 'Georgia ITPP 2027–2028' : undefined);
    expect(pageTitle(at('programme', '3'), '2026-12-05', { ...names, record })).toBe('Georgia ITPP 2027–2028 · Entente');
    expect(pageTitle(at('programme', '4'), '2026-12-05', { ...names, record })).toBe('Programme 4 · Entente');
    expect(pageName(at('parp-cycle', '2'))).toBe('PARP cycle 2');
    expect(pageName(at('unit', '7'))).toBe('Unit 7');
    expect(pageName(at('event', '5'))).toBe('Event 5');
  });
});
