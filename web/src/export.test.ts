import { describe, expect, it } from 'vitest';
import { bibKey, citation, curlLine, distinctSources, fileStem, legendLayout, stampLine, withFormat, wrapStamp } from './export';

describe('fileStem', () => {
  it('keeps ASCII letters, digits and dashes, with the product first', () => {
    expect(fileStem('NATO', 'members', '2026-12-04')).toBe('entente-nato-members-2026-12-04');
  });
  it('folds accents and drops what a file system might refuse', () => {
    expect(fileStem('Türkiye', '../../etc/passwd', 'a b/c\\d')).toBe('entente-turkiye-etc-passwd-a-b-c-d');
  });
  it('skips empty parts and stays short', () => {
    expect(fileStem(null, '', undefined, '---')).toBe('entente');
    expect(fileStem('x'.repeat(500)).length).toBeLessThanOrEqual(120);
  });
});

describe('withFormat', () => {
  it('adds the format and keeps the other keys', () => {
    expect(withFormat('/api/v1/relations?organisation=NATO&as_of=2024-03-07', 'csv')).toBe('/api/v1/relations?organisation=NATO&as_of=2024-03-07&format=csv');
  });
  it('replaces a format already there', () => {
    expect(withFormat('/api/v1/nations?format=json', 'csv')).toBe('/api/v1/nations?format=csv');
  });
  it('works without a query', () => {
    expect(withFormat('/api/v1/organisations', 'json')).toBe('/api/v1/organisations?format=json');
  });
});

describe('curlLine', () => {
  it('quotes the URL of a GET', () => {
    expect(curlLine('/api/v1/nations?q=it%27s', undefined, 'http://h:1')).toBe("curl 'http://h:1/api/v1/nations?q=it%27s'");
  });
  it('quotes a POST body with a single quote in it', () => {
    const line = curlLine('/api/v1/decisions', { subject: "Allies' aid" }, 'http://h:1');
    expect(line).toContain("-X POST 'http://h:1/api/v1/decisions'");
    expect(line).toContain(`-d '{"subject":"Allies'\\''` + ` aid"}'`);
  });
});

describe('citation', () => {
  const c = {
    title: 'Finland: relations to NATO on 4 April 2023',
    url: 'http://localhost:8080/#/nation/FIN?org=NATO&date=2023-04-04',
    dataVersion: 12,
    accessed: '2026-12-05',
    sources: ['NATO, Member countries, https://www.nato.int/cps/en/natohq/topics_52044.htm'],
  };
  it('says title, data version, URL and date accessed', () => {
    const { text } = citation(c);
    expect(text).toContain('“Finland: relations to NATO on 4 April 2023”');
    expect(text).toContain('data version 12');
    expect(text).toContain(c.url);
    expect(text).toContain('accessed 2026-12-05');
  });
  it('is a BibTeX @misc entry with the URL, the access date and the sources', () => {
    const { bibtex } = citation(c);
    expect(bibtex.startsWith('@misc{entente2026finland,')).toBe(true);
    expect(bibtex).toContain(`howpublished = {\\url{${c.url}}}`);
    expect(bibtex).toContain('urldate = {2026-12-05}');
    expect(bibtex).toContain('topics\\_52044');
    expect(bibtex.trim().endsWith('}')).toBe(true);
  });
  it('escapes braces so a title cannot end the entry', () => {
    const { bibtex } = citation({ ...c, title: 'a} @misc{evil' });
    expect(bibtex).toContain('title = {a\\} @misc\\{evil}');
  });
  it('makes a key from the first real word', () => {
    expect(bibKey({ title: 'The NATO members', accessed: '2026-01-01' })).toBe('entente2026nato');
    expect(bibKey({ title: '–', accessed: '2026-01-01' })).toBe('entente2026view');
  });
});

describe('stampLine and distinctSources', () => {
  it('stamps title, organisation, date, version and URL', () => {
    expect(stampLine({ title: 'Map', organisation: 'NATO', date: '2024-03-07' }, 3, 'http://x/#/')).toBe('Map · NATO · as of 2024-03-07 · Entente data v3 · http://x/#/');
  });
  it('lists each source once, in the order first seen', () => {
    expect(distinctSources(['a ; b', null, 'b ; c', ''])).toEqual(['a', 'b', 'c']);
  });
});

describe('wrapStamp', () => {
  it('keeps a short stamp on one line', () => {
    expect(wrapStamp('Map · NATO · as of 2024-03-07', 80)).toEqual(['Map · NATO · as of 2024-03-07']);
  });
  it('breaks at the separators, and inside a part longer than a line', () => {
    const lines = wrapStamp(`Map · NATO · http://h/${'x'.repeat(50)}`, 20);
    expect(lines[0]).toBe('Map · NATO');
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines.join('').replace(/ · /g, '')).toBe(`MapNATOhttp://h/${'x'.repeat(50)}`);
  });
});

describe('legendLayout', () => {
  it('puts the items in rows that fit the width, with their counts', () => {
    const items = [
      { label: 'Member', color: '#1f4e8c', count: 32 },
      { label: 'Partner', color: '#f0a13a', count: 35 },
      { label: 'No relation', color: '#dde1e7', count: 126 },
    ];
    const wide = legendLayout(items, 1000);
    expect(wide).toHaveLength(1);
    expect(wide[0].map((i) => i.text)).toEqual(['Member 32', 'Partner 35', 'No relation 126']);
    expect(wide[0][1].x).toBeGreaterThan(wide[0][0].x);
    const narrow = legendLayout(items, 120);
    expect(narrow.length).toBeGreaterThan(1);
    expect(narrow.flat().map((i) => i.text)).toEqual(['Member 32', 'Partner 35', 'No relation 126']);
    expect(narrow.every((row) => row[0].x === 0)).toBe(true);
  });
  it('draws nothing for no items', () => {
    expect(legendLayout([], 500)).toEqual([]);
  });
});
