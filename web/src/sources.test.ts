import { describe, expect, it } from 'vitest';
import {
  capturedUrl,
  findPublisher,
  hostOf,
  labelAround,
  parseSources,
  publisherTable,
  sameName,
  splitLabel,
  titleFromUrl,
} from './sources';

// Rows of data/publishers.csv.
const TABLE = publisherTable([
  { host: 'nato.int', publisher: 'NATO', kind: 'primary' },
  { host: 'un.org', publisher: 'United Nations', kind: 'primary' },
  { host: 'unstats.un.org', publisher: 'UN Statistics Division', kind: 'primary' },
  { host: 'news.un.org', publisher: 'UN News', kind: 'primary' },
  { host: 'wikipedia.org', publisher: 'Wikipedia', kind: 'secondary' },
  { host: 'euromaidanpress.com', publisher: 'Euromaidan Press', kind: 'secondary' },
  { host: 'atlanticcouncil.org', publisher: 'Atlantic Council', kind: 'secondary' },
  { host: 'aus-city.com', publisher: 'aus-city.com', kind: 'secondary' },
  { host: 'aljazeera.com', publisher: 'Al Jazeera', kind: 'secondary' },
  { host: 'eur-lex.europa.eu', publisher: 'EUR-Lex', kind: 'primary' },
  { host: 'odkb-csto.org', publisher: 'Collective Security Treaty Organization', kind: 'primary' },
  { host: 'docslib.org', publisher: 'Docslib', kind: 'secondary' },
  { host: 'webarchive.library.unt.edu', publisher: 'UNT Libraries Web Archive', kind: 'secondary' },
  { host: 'web.archive.org', publisher: 'Internet Archive', kind: 'secondary' },
  { host: 'webarchive.nationalarchives.gov.uk', publisher: 'UK Government Web Archive', kind: 'primary' },
  { host: 'gov.uk', publisher: 'UK Government', kind: 'primary' },
  { host: 'jurist.org', publisher: 'JURIST', kind: 'secondary' },
  { host: 'ec.europa.eu', publisher: 'European Commission', kind: 'primary' },
]);

describe('bare URLs', () => {
  // nations.csv: "https://www.un.org/en/about-us/member-states ; https://unstats.un.org/... ; https://en.wikipedia.org/wiki/Afghanistan"
  it('are named by their publisher and a title from the address, never "host (2)"', () => {
    const refs = parseSources(
      'https://www.un.org/en/about-us/member-states ; https://unstats.un.org/unsd/methodology/m49/ ; https://en.wikipedia.org/wiki/Afghanistan',
      TABLE,
    );
    expect(refs.map((r) => [r.label, r.byline, r.kind])).toEqual([
      ['Member states', 'United Nations', 'primary'],
      ['UN Statistics Division', null, 'primary'],
      ['Afghanistan', 'Wikipedia', 'secondary'],
    ]);
  });

  it('from one host twice are named alike, not numbered', () => {
    const refs = parseSources('https://www.nato.int/cps/en/natohq/topics_52044.htm ; https://www.nato.int/docu/pr/2003/p030216e.htm', TABLE);
    expect(refs.map((r) => r.label)).toEqual(['NATO', 'NATO']);
    expect(refs.every((r) => !/\(\d+\)/.test(r.label))).toBe(true);
  });

  it('of a host without a publisher are named by the host, without www. and unmarked', () => {
    expect(parseSources('https://www.example.org/a/1085070.html')).toEqual([
      { label: 'example.org', url: 'https://www.example.org/a/1085070.html', publisher: 'example.org', byline: null, kind: null, archive: null },
    ]);
  });
});

describe('labelled items', () => {
  it('split "Publisher, Title": the title is the link, the publisher beside it', () => {
    const [ref] = parseSources('NATO, Member countries, https://www.nato.int/cps/en/natohq/topics_52044.htm', TABLE);
    expect(ref).toMatchObject({ label: 'Member countries', publisher: 'NATO', byline: 'NATO', kind: 'primary' });
  });

  it('keep a document name whole, with the page’s publisher beside it', () => {
    const [treaty] = parseSources(
      'Treaty on European Union, Article 31(1) (constructive abstention), https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:12016M031',
      TABLE,
    );
    expect(treaty).toMatchObject({ label: 'Treaty on European Union, Article 31(1) (constructive abstention)', byline: 'EUR-Lex', kind: 'primary' });
    const [communique] = parseSources(
      'PSC 1041st meeting, held 26 October 2021, communique issued 27 October 2021, https://www.aljazeera.com/news/2021/10/27/african-union-suspends-sudan-over-coup',
      TABLE,
    );
    expect(communique).toMatchObject({
      label: 'PSC 1041st meeting, held 26 October 2021, communique issued 27 October 2021',
      byline: 'Al Jazeera',
      kind: 'secondary',
    });
  });

  it('name the site that carries a copy of another publisher’s document', () => {
    const [ref] = parseSources(
      'NATO, Security cooperation with the Mediterranean region and the broader Middle East (brochure), https://docslib.org/doc/1369672/security-cooperation',
      TABLE,
    );
    expect(ref).toMatchObject({ publisher: 'NATO', byline: 'NATO, via Docslib', kind: 'secondary' });
  });

  it('whose label is the publisher’s acronym do not repeat it', () => {
    const [ref] = parseSources('CSTO, https://en.odkb-csto.org/', TABLE);
    expect(ref).toMatchObject({ label: 'CSTO', byline: null, kind: 'primary' });
  });

  it('with a date after the publisher stay whole', () => {
    const [ref] = parseSources('Jurist, 22 August 2023, https://jurist.org/news/2023/08/african-union-suspends-niger-over-coup', TABLE);
    expect(ref).toMatchObject({ label: 'Jurist, 22 August 2023', byline: null, kind: 'secondary' });
  });
});

describe('parse problems', () => {
  // organisations.csv (WEU): the label ended "... reported at"
  it('drop a lead-in left dangling before the URL and say the link is a copy', () => {
    const [ref] = parseSources(
      "Statement of the Presidency of the Permanent Council of the WEU, 31 March 2010 (operations to be wound up by end of June 2011), reported at https://www.atlanticcouncil.org/blogs/natosource/the-end-of-europes-first-cold-war-defense-alliance/",
      TABLE,
    );
    expect(ref.label).toBe('Statement of the Presidency of the Permanent Council of the WEU, 31 March 2010 (operations to be wound up by end of June 2011)');
    expect(ref.byline).toBe('via Atlantic Council');
    expect(ref.kind).toBe('secondary');
  });

  // partnerships.csv (EOP, UKR): a citation without URL ran into the next link, "2020-06-12euromaidanpress.com"
  it('keep a citation without URL and the link after it apart', () => {
    const refs = parseSources(
      "https://www.nato.int/cps/en/natohq/topics_132726.htm ; NATO news release 'NATO recognises Ukraine as Enhanced Opportunities Partner', 2020-06-12 ; https://euromaidanpress.com/?p=138845",
      TABLE,
    );
    expect(refs.map((r) => [r.label, r.url])).toEqual([
      ['NATO', 'https://www.nato.int/cps/en/natohq/topics_132726.htm'],
      ["NATO news release 'NATO recognises Ukraine as Enhanced Opportunities Partner', 2020-06-12", null],
      ['Euromaidan Press', 'https://euromaidanpress.com/?p=138845'],
    ]);
    expect(refs[2].kind).toBe('secondary');
  });

  it('drop "(copy: …)" around a URL', () => {
    const [ref] = parseSources(
      "NATO Press Release (2012) 083, 'North Atlantic Council to meet following Turkey's request for Article 4 consultations', 24 June 2012 (copy: https://aus-city.com/cgi-bin/dada/mail.cgi?flavor=archive_bare&id=20120624084503)",
      TABLE,
    );
    expect(ref.label).toBe("NATO Press Release (2012) 083, 'North Atlantic Council to meet following Turkey's request for Article 4 consultations', 24 June 2012");
    expect(ref.url).toBe('https://aus-city.com/cgi-bin/dada/mail.cgi?flavor=archive_bare&id=20120624084503');
    expect(ref.byline).toBe('via aus-city.com');
  });

  it('close a bracket the URL stood in', () => {
    const [ref] = parseSources(
      'UN News, "UN chief hails victory of political will in historic Republic of North Macedonia accord" (2019-02-15; https://news.un.org/en/tags/north-macedonia)',
      TABLE,
    );
    expect(ref).toMatchObject({
      label: '"UN chief hails victory of political will in historic Republic of North Macedonia accord" (2019-02-15)',
      publisher: 'UN News',
      url: 'https://news.un.org/en/tags/north-macedonia',
    });
  });

  it('keep a parenthesis that belongs to the URL', () => {
    const [ref] = parseSources('https://en.wikipedia.org/wiki/Georgia_(country)', TABLE);
    expect(ref).toMatchObject({ url: 'https://en.wikipedia.org/wiki/Georgia_(country)', label: 'Georgia (country)' });
  });

  it('keep "(placemat)" but drop its ", copy:"', () => {
    expect(labelAround('ISAF Key Facts and Figures (placemat, copy: ', ')')).toEqual({ text: 'ISAF Key Facts and Figures (placemat)', copy: true });
  });
});

describe('web archives', () => {
  it('name a capture by the page it captures, and the archive beside it', () => {
    const [ref] = parseSources(
      'NATO, Partnership tools (2012 version), https://webarchive.library.unt.edu/web/20121020103857/http://www.nato.int/cps/en/natolive/topics_80925.htm',
      TABLE,
    );
    expect(ref).toMatchObject({
      label: 'Partnership tools (2012 version)',
      publisher: 'NATO',
      byline: 'NATO, archived by UNT Libraries Web Archive',
      kind: 'primary',
      archive: 'UNT Libraries Web Archive',
    });
  });

  it('read captures whose page address has one slash', () => {
    expect(capturedUrl('https://webarchive.nationalarchives.gov.uk/20130111210202/http:/digitaldiplomacy.fco.gov.uk/en/guide')).toBe(
      'http://digitaldiplomacy.fco.gov.uk/en/guide',
    );
    const [ref] = parseSources('https://web.archive.org/web/20161027142541/http://sweden.nlembassy.org/you-and-netherlands', TABLE);
    expect(ref).toMatchObject({ label: 'You and netherlands', publisher: 'sweden.nlembassy.org', kind: null, archive: 'Internet Archive' });
  });

  it('are no captures without a timestamp', () => {
    expect(capturedUrl('https://www.nato.int/cps/en/natohq/topics_52044.htm')).toBeNull();
  });
});

describe('pieces', () => {
  it('hostOf: lower-case, without www. or port', () => {
    expect(hostOf('https://www.trtworld.com:443/article/12768723')).toBe('trtworld.com');
    expect(hostOf('http://news.aOuaga.com/h/75972.html')).toBe('news.aouaga.com');
    expect(hostOf('not a url')).toBeNull();
  });

  it('findPublisher: the host, else its nearest parent domain', () => {
    expect(findPublisher(TABLE, 'unstats.un.org')?.publisher).toBe('UN Statistics Division');
    expect(findPublisher(TABLE, 'research.un.org')?.publisher).toBe('United Nations');
    expect(findPublisher(TABLE, 'shape.nato.int')?.publisher).toBe('NATO');
    expect(findPublisher(TABLE, 'notnato.int')).toBeNull();
    expect(findPublisher(TABLE, null)).toBeNull();
  });

  it('titleFromUrl: words from the last path segment or a wiki title; null for ids', () => {
    expect(titleFromUrl('https://en.wikipedia.org/wiki/Partnership_for_Peace')).toBe('Partnership for Peace');
    expect(titleFromUrl('https://ec.europa.eu/eurostat/statistics-explained/index.php?title=Glossary:Country_codes')).toBe('Country codes');
    expect(titleFromUrl('https://www.rferl.org/a/1085070.html')).toBeNull();
    expect(titleFromUrl('https://unstats.un.org/unsd/methodology/m49/')).toBeNull();
    expect(titleFromUrl('https://www.iso.org/obp/ui/#search')).toBeNull();
    expect(titleFromUrl('https://www.nato.int/cps/en/natohq/topics_52044.htm')).toBeNull();
    // the file's own name, not its folder's
    expect(titleFromUrl('https://github.com/factbook/factbook.json/blob/master/middle-east/ae.json')).toBeNull();
    expect(titleFromUrl('https://m.novinite.com/view_news.php?id=128727')).toBeNull();
    expect(titleFromUrl('https://geetha.mil.gr/en/operation-quot-active-endeavour-quot/')).toBe('Operation active endeavour');
    expect(titleFromUrl('https://www.swissinfo.ch/ita/isis--nato--turchia-ha-invocato-l-articolo-4-trattato/41569566')).toBe(
      'Isis NATO turchia ha invocato l articolo trattato',
    );
    expect(titleFromUrl('https://www.reuters.com/article/us-mauritania-coup/african-union-will-suspend-mauritania-au-chair-idUSL855802420080809')).toBe(
      'African union will suspend mauritania AU chair',
    );
  });

  it('titleFromUrl shortens a long title at a word', () => {
    const title = titleFromUrl('https://example.org/news/' + 'alliance-partners-meet-again-'.repeat(6) + 'today');
    expect(title?.endsWith('…')).toBe(true);
    expect((title ?? '').length).toBeLessThanOrEqual(71);
  });

  it('splitLabel: a publisher before the first comma, not a document or a date', () => {
    expect(splitLabel('NATO, Member countries')).toEqual({ publisher: 'NATO', title: 'Member countries' });
    expect(splitLabel('Hungarian Ministry of Defence, Measures following the decision')).toEqual({
      publisher: 'Hungarian Ministry of Defence',
      title: 'Measures following the decision',
    });
    expect(splitLabel('Charter of the Association of Southeast Asian Nations, Singapore').publisher).toBeNull();
    expect(splitLabel("ASEAN Leaders' Statement, Phnom Penh").publisher).toBeNull();
    expect(splitLabel('Tractatenblad 1995, 102').publisher).toBeNull();
    expect(splitLabel('BBC, 17 April 2012').publisher).toBeNull();
    expect(splitLabel('Boundaries between the continents')).toEqual({ publisher: null, title: 'Boundaries between the continents' });
  });

  it('sameName: containment, punctuation and acronyms', () => {
    expect(sameName('US Helsinki Commission', 'U.S. Helsinki Commission')).toBe(true);
    expect(sameName('NATO', 'NATO Allied Command Operations')).toBe(true);
    expect(sameName('NATO', 'North Atlantic Treaty Organization')).toBe(true);
    expect(sameName('Reuters', 'Thomson Reuters Foundation')).toBe(true);
    expect(sameName('AFP', 'Al Jazeera')).toBe(false);
    expect(sameName('VOA', 'Voice of America')).toBe(true);
    expect(sameName('CVCE', 'CVCE.eu')).toBe(true);
    expect(sameName('Republic of Korea Ministry of National Defense', 'Ministry of National Defense of the Republic of Korea')).toBe(true);
    expect(sameName('IRIN', 'The New Humanitarian')).toBe(false);
  });
});
