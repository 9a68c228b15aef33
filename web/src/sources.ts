// How a source field reads on a page. A field is "Publisher, Title, URL" items separated by
// ' ; ' (docs/data.md), many of them bare URLs; each item becomes a SourceRef that names
// its title and its publisher, the publisher of a URL coming from data/publishers.csv
// (GET /api/v1/publishers) by its host or a parent domain. Pure: no DOM, no fetching.

import type { Labels, Word } from './vocabulary';

export type PublisherKind = Word<'publisher_kind'>;

/** what a reader is told a kind means (the tag's text and its explanation) */
export const PUBLISHER_KIND_LABELS: Labels<'publisher_kind'> = {
  primary: 'primary source',
  secondary: 'secondary source',
};

export const SECONDARY_EXPLANATION =
  'A secondary source: news, an encyclopedia, research or a copy of a document, ' +
  'not the record of the state or organisation whose fact it is.';

/** a row of data/publishers.csv as the API gives it (only what labelling needs) */
export interface PublisherRow {
  host: string;
  publisher: string;
  kind: PublisherKind;
}

/** the publishers by host, for lookups */
export type PublisherTable = ReadonlyMap<string, PublisherRow>;

export const NO_PUBLISHERS: PublisherTable = new Map();

export function publisherTable(rows: readonly PublisherRow[]): PublisherTable {
  return new Map(rows.map((row) => [row.host.toLowerCase(), row]));
}

export interface SourceRef {
  /** the item's text: its title where the label has one, else the label as written; for a bare URL the page's title from its address, else the publisher's name */
  label: string;
  url: string | null;
  /** who the item says published it ("NATO" of "NATO, Member countries, https://…"), else the publisher of the page linked; null when neither is known */
  publisher: string | null;
  /** the text beside the link: the publisher, "via" the site that carries a copy, and the archive that holds a capture */
  byline: string | null;
  /** the kind of the linked page's publisher; null when the host has no row */
  kind: PublisherKind | null;
  /** the web archive a link is a capture in, by its publisher's name */
  archive: string | null;
}

export function isUrl(s: string | null | undefined): s is string {
  return !!s && /^https?:\/\/\S+$/i.test(s.trim());
}

/** the URL's host, lower-case, without "www."; null when it is no URL */
export function hostOf(url: string): string | null {
  const m = /^https?:\/+([^/?#:\s]+)/i.exec(url);
  return m ? m[1].toLowerCase().replace(/^www\./, '') : null;
}

/** the row for `host` or its nearest parent domain (shape.nato.int → shape.nato.int, else nato.int) */
export function findPublisher(table: PublisherTable, host: string | null): PublisherRow | null {
  let h = host?.toLowerCase() ?? '';
  while (h) {
    const row = table.get(h);
    if (row) return row;
    const dot = h.indexOf('.');
    if (dot < 0) break;
    h = h.slice(dot + 1);
  }
  return null;
}

/**
 * The page a web archive's capture holds, when its address names it after a timestamp:
 * https://web.archive.org/web/20161027142541/http://example.org/page → http://example.org/page
 * (some archives fold the page's "//" into one).
 */
export function capturedUrl(url: string): string | null {
  const m = /^https?:\/\/[^/]+\/(?:[^?#]*?\/)?\d{8,14}[a-z_]*\/(https?):\/+(.+)$/i.exec(url);
  return m ? `${m[1].toLowerCase()}://${m[2]}` : null;
}

const FILE_EXTENSION = /\.(?:s?html?|php\d?|aspx?|jsp|cfm|pdf|json|xml|txt|doc|docx)$/i;
/** path segments that name a kind of page or a language rather than the page */
const GENERIC_SEGMENT = /^(?:index|default|home|view|full|amp|print|articles?|news|page|content|story|item|doc|document|en|fr|eng|a|h|wiki)$/i;
/** words of a path that say nothing of the page ("view_news.php", "article-detail") */
const GENERIC_WORDS = new Set(['view', 'news', 'article', 'articles', 'detail', 'details', 'page', 'index', 'default', 'content', 'story', 'item', 'show', 'display', 'print', 'amp', 'full', 'post', 'entry', 'read', 'more']);
/** what is left in a path of an HTML entity ("operation-quot-active-endeavour-quot") */
const ENTITY_WORDS = new Set(['quot', 'amp', 'nbsp', 'rsquo', 'lsquo', 'ldquo', 'rdquo', 'ndash', 'mdash']);
/** acronyms a path writes in lower case */
const ACRONYMS = new Map(
  ['NATO', 'EU', 'AU', 'PSC', 'OSCE', 'CSTO', 'ASEAN', 'GCC', 'SAARC', 'WEU', 'ISAF', 'KFOR', 'SFOR', 'IFOR', 'UK', 'USA', 'EAPC', 'PfP', 'UNSC'].map((a) => [
    a.toLowerCase(),
    a,
  ]),
);

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** a word a title may keep: letters (any script), or a year; ids like "a3654999" are not */
function titleWord(token: string): boolean {
  const bare = token.replace(/^[([]+|[)\],]+$/g, '');
  return /^\p{L}[\p{L}'’.]*$/u.test(bare) || /^(?:1[89]|20)\d\d$/.test(bare);
}

function shortened(text: string, max = 70): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/**
 * A short title read from the address's last path segment (or a wiki's ?title=), when it
 * reads as words: /en/about-us/member-states → "Member states",
 * /wiki/Partnership_for_Peace → "Partnership for Peace"; null for ids, codes and numbers.
 * Segments that only say what kind of page it is (index, view, news, a language) and
 * numbers are passed over; a parent folder is never taken for the page's title.
 */
export function titleFromUrl(url: string): string | null {
  let path: string;
  let query = '';
  try {
    const parsed = new URL(url);
    path = parsed.pathname;
    query = parsed.search;
  } catch {
    return null;
  }
  const segments = path.split('/').filter((s) => s !== '');
  const wikiTitle = /[?&]title=([^&#]+)/.exec(query);
  let raw: string | undefined;
  if (wikiTitle && (segments.length === 0 || /^index\.php$/i.test(segments[segments.length - 1]))) {
    raw = decoded(wikiTitle[1].replace(/\+/g, ' ')).replace(/^[^:]*:/, '');
  } else {
    for (let i = segments.length - 1; i >= 0 && raw === undefined; i--) {
      const segment = decoded(segments[i]).replace(FILE_EXTENSION, '');
      if (!GENERIC_SEGMENT.test(segment) && !/^[\d_-]*$/.test(segment)) raw = segment;
    }
  }
  if (!raw) return null;
  const inWiki = segments.some((s) => s.toLowerCase() === 'wiki') || !!wikiTitle;
  const tokens = raw
    .split(/[\s_+-]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const words = tokens.filter((t) => titleWord(t) && !ENTITY_WORDS.has(t.toLowerCase()));
  while (words.length > 0 && GENERIC_WORDS.has(words[0].toLowerCase())) words.shift();
  while (words.length > 0 && GENERIC_WORDS.has(words[words.length - 1].toLowerCase())) words.pop();
  // a title is mostly words: at least two of them (one is enough for a wiki's page), and
  // no more than one token in three that is an id or a number
  const lettered = words.filter((w) => /\p{L}{3}/u.test(w) && !GENERIC_WORDS.has(w.toLowerCase()));
  const enough = lettered.length >= 2 || (inWiki && lettered.length === 1);
  const ids = tokens.filter((t) => !titleWord(t)).length;
  if (!enough || ids * 3 > tokens.length) return null;
  const title = words.map((w) => ACRONYMS.get(w.toLowerCase()) ?? w).join(' ');
  return shortened(title.charAt(0).toUpperCase() + title.slice(1));
}

/** the URL as written in running text, without the punctuation that ends a sentence or closes a parenthesis around it */
function trimmedUrl(raw: string): string {
  let url = raw.replace(/[.,;:'"’]+$/, '');
  while (url.endsWith(')') && (url.match(/\(/g) ?? []).length < (url.match(/\)/g) ?? []).length) {
    url = url.slice(0, -1).replace(/[.,;:]+$/, '');
  }
  return url;
}

/** words that start the name of a document rather than of its publisher */
const DOCUMENT_WORDS =
  /\b(?:treaty|charter|protocol|declaration|agreement|convention|statement|resolution|decision|communiqu[eé]|report|meeting|debate|act|letter|cable|release|speech|interview|answer|session|summit|annex|article|chapter|chronology|minutes|memorandum|law|list|glossary|outline|history|note|notice|text|version|document|figures?|fact|sheet|standard|infographic|guide|page|website)\b/i;

const DATE_ONLY =
  /^(?:(?:\d{1,2}\s+)?(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+)?\d{4}(?:-\d\d(?:-\d\d)?)?$/i;

/**
 * "Publisher, Title" where the label has that shape: the part before the first comma
 * names a publisher (a short name, no digits, quotes or brackets, not a document's name)
 * and the rest is more than a date. Otherwise the whole label is the title.
 */
export function splitLabel(label: string): { publisher: string | null; title: string } {
  const comma = label.indexOf(', ');
  if (comma <= 0) return { publisher: null, title: label };
  const head = label.slice(0, comma).trim();
  const rest = label.slice(comma + 2).trim();
  const words = head.split(/\s+/);
  const nameLike =
    words.length <= 8 && !/[\d"'‘’“”()[\]:]/.test(head) && !DOCUMENT_WORDS.test(head) && /^\p{Lu}/u.test(head);
  if (!nameLike || !rest || DATE_ONLY.test(rest)) return { publisher: null, title: label };
  return { publisher: head, title: rest };
}

/** lower-case words without accents or punctuation; "U.S." is "us" */
function folded(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\b(\p{L})\./gu, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const LINKING_WORDS = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'du', 'la', 'le', 'des']);

/** the initials of a name's words: "NATO" for "North Atlantic Treaty Organization", "VOA" for "Voice of America" */
function initials(name: string, all: boolean): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w !== '' && (all || /^\p{Lu}/u.test(w)))
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

/**
 * True when two names name one publisher: one holds the other ("NATO", "NATO Allied Land
 * Command"), they have the same words in another order or punctuation ("U.S. Helsinki
 * Commission", "US Helsinki Commission"), or one is the other's acronym.
 */
export function sameName(a: string, b: string): boolean {
  const x = folded(a);
  const y = folded(b);
  if (!x || !y) return false;
  if (` ${x} `.includes(` ${y} `) || ` ${y} `.includes(` ${x} `)) return true;
  const significant = (t: string) => new Set(t.split(' ').filter((w) => !LINKING_WORDS.has(w)));
  const [fewer, more] = [significant(x), significant(y)].sort((p, q) => p.size - q.size);
  if (fewer.size >= 2 && [...fewer].every((w) => more.has(w))) return true;
  const acronym = (short: string, long: string) =>
    /^\p{Lu}{2,6}$/u.test(short) && (initials(long, false) === short || initials(long, true) === short);
  return acronym(a.trim(), b) || acronym(b.trim(), a);
}

/**
 * The label of an item with a URL, from the text around it: the pieces before and after
 * the URL joined, brackets left empty or open by it closed, and the words that only lead
 * to it ("(copy: …)", "reported at", "as reported by") dropped. `copy` says whether those
 * words said the link is a copy or a report of the document the label names.
 */
export function labelAround(before: string, after: string): { text: string; copy: boolean } {
  let copy = false;
  let text = `${before.trimEnd()} ${after.trimStart()}`
    // separators left before a bracket's end, then brackets left empty
    .replace(/[\s,;:–—-]+\)/g, ')')
    .replace(/\(\s*\)/g, '');
  text = text.replace(/\s*\(copy\)/gi, () => {
    copy = true;
    return '';
  });
  text = text.replace(/,?\s*\bcopy\)/gi, () => {
    copy = true;
    return ')';
  });
  text = text.replace(/\(\s*$/, '').trim();
  // a lead-in left dangling at the end
  const leadIn =
    /[\s,;:(–—-]*\b(?:(?:as\s+)?(?:reported|reproduced|copied|archived|published)\s+(?:at|in|on|by)|copy|see|via|at)\s*:?\s*$/i;
  if (leadIn.test(text)) {
    copy = copy || /reported|reproduced|copied|copy|archived/i.test(text.match(leadIn)?.[0] ?? '');
    text = text.replace(leadIn, '');
  }
  text = text
    .replace(/^[\s,;:–—-]+|[\s,;:–—(-]+$/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  // a bracket the URL's removal left open
  const open = (text.match(/\(/g) ?? []).length - (text.match(/\)/g) ?? []).length;
  if (open > 0) text += ')'.repeat(open);
  return { text, copy };
}

/** one item of a source field (no ' ; ' in it) */
export function parseItem(item: string, table: PublisherTable = NO_PUBLISHERS): SourceRef | null {
  const text = item.trim();
  if (!text) return null;
  const m = /https?:\/\/[^\s<>"]+/i.exec(text);
  if (!m) return { label: text, url: null, publisher: null, byline: null, kind: null, archive: null };
  const url = trimmedUrl(m[0]);
  const captured = capturedUrl(url);
  const page = captured ?? url;
  const pageHost = hostOf(page);
  const row = findPublisher(table, pageHost);
  const archive = captured ? (findPublisher(table, hostOf(url))?.publisher ?? hostOf(url)) : null;
  const site = row?.publisher ?? pageHost ?? url;
  const kind = row?.kind ?? null;
  const archived = archive ? `archived by ${archive}` : null;
  const join = (...parts: (string | null)[]) => parts.filter((p): p is string => !!p).join(', ') || null;

  const { text: label, copy } = labelAround(text.slice(0, m.index), text.slice(m.index + url.length));
  if (!label) {
    const title = titleFromUrl(page);
    return title
      ? { label: title, url, publisher: site, byline: join(site, archived), kind, archive }
      : { label: site, url, publisher: site, byline: archived, kind, archive };
  }
  const { publisher: named, title } = splitLabel(label);
  if (named) {
    const via = sameName(named, site) ? null : `via ${site}`;
    return { label: title, url, publisher: named, byline: join(named, via, archived), kind, archive };
  }
  // a label naming no publisher: the page's publisher stands beside it unless the label names it already
  const shown = copy ? `via ${site}` : sameName(label, site) || folded(label).includes(folded(site)) ? null : site;
  return { label, url, publisher: copy ? null : site, byline: join(shown, archived), kind, archive };
}

/** the items of a source field, separated by ' ; ' (or line breaks), trimmed, empty ones left out */
export function sourceItems(src: string | null | undefined): string[] {
  if (!src) return [];
  return src
    .split(/\s+;\s+|\s*\n\s*/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Split a source field ("URL(s) or document citation(s), separated by ' ; '") into
 * references with their titles, publishers and kinds; `table` names the publishers of
 * bare URLs (without it they are named by their host).
 */
export function parseSources(src: string | null | undefined, table: PublisherTable = NO_PUBLISHERS): SourceRef[] {
  const out: SourceRef[] = [];
  for (const part of sourceItems(src)) {
    const ref = parseItem(part, table);
    if (ref) out.push(ref);
  }
  return out;
}
