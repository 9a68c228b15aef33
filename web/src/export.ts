// What leaves the page: file names, download links of the API's own answers (JSON and
// CSV), figures as SVG and PNG with their date and organisation stamped on, and the
// citation of a view (text and BibTeX). Pure functions apart from the download itself.

import { sourceItems } from './sources';

export type ExportFormat = 'csv' | 'json';

/** "entente-nato-members-2026-12-04": lower case, ASCII letters, digits and dashes only */
export function fileStem(...parts: (string | null | undefined)[]): string {
  const words = ['entente', ...parts]
    .filter((p): p is string => !!p)
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean);
  return words.join('-').slice(0, 120).replace(/-+$/, '');
}

/** an API path with `format=` set (replacing one already there); other query keys kept in order */
export function withFormat(apiPath: string, format: ExportFormat): string {
  const [path, query = ''] = apiPath.split('?');
  const q = new URLSearchParams(query);
  q.delete('format');
  q.set('format', format);
  return `${path}?${q.toString()}`;
}

/** the absolute URL of a path of this server (for citations and curl lines) */
export function absoluteUrl(path: string, origin = typeof location === 'undefined' ? 'http://localhost:8080' : location.origin): string {
  return new URL(path, origin).toString();
}

/** a shell-safe curl line for a GET, or a POST with a JSON body */
export function curlLine(path: string, body?: unknown, origin?: string): string {
  const url = absoluteUrl(path, origin);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  if (body === undefined) return `curl ${quote(url)}`;
  return `curl -X POST ${quote(url)} \\\n  -H 'Content-Type: application/json' \\\n  -d ${quote(JSON.stringify(body))}`;
}

export interface Stamp {
  /** what the figure shows ("NATO and its partners") */
  title: string;
  /** the date the figure is as of (YYYY-MM-DD), if it is about one date */
  date?: string | null;
  /** the organisation the figure is about */
  organisation?: string | null;
  /** the key to the figure's colours, drawn under it (charts that draw their own legend leave it out) */
  legend?: { label: string; color: string; count?: number }[];
}

/** the line written under an exported figure */
export function stampLine(stamp: Stamp, dataVersion: number | null, url: string): string {
  const parts = [stamp.title];
  if (stamp.organisation) parts.push(stamp.organisation);
  if (stamp.date) parts.push(`as of ${stamp.date}`);
  parts.push(`Entente${dataVersion != null ? ` data v${dataVersion}` : ''}`);
  parts.push(url);
  return parts.join(' · ');
}

/**
 * The stamp broken into lines of at most `maxChars` characters, at its ' · ' separators
 * where it can and inside a part (a long address) where it must.
 */
export function wrapStamp(text: string, maxChars: number): string[] {
  const width = Math.max(10, Math.floor(maxChars));
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(' · ')) {
    const next = line ? `${line} · ${part}` : part;
    if (next.length <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = part;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The legend's items in rows that fit `width` (about 6.2 units per character of 11-unit
 * text, a 12-unit swatch and gaps): each with its x offset and its text ("Member 32").
 */
export function legendLayout(
  items: { label: string; color: string; count?: number }[],
  width: number,
): { x: number; text: string; color: string }[][] {
  const rows: { x: number; text: string; color: string }[][] = [];
  let row: { x: number; text: string; color: string }[] = [];
  let x = 0;
  for (const item of items) {
    const text = item.count != null ? `${item.label} ${item.count}` : item.label;
    const w = 16 + Math.ceil(text.length * 6.2) + 14;
    if (row.length && x + w > width) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push({ x, text, color: item.color });
    x += w;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** properties copied from the page's stylesheet onto an exported SVG's elements */
const STYLE_PROPS = [
  'paint-order',
  'stroke-linejoin',
  'stroke-linecap',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A standalone SVG document of `svg` as drawn (styles from the page's CSS written onto
 * each element, size fixed), with a white background and the stamp written underneath.
 */
export function standaloneSvg(
  svg: SVGSVGElement,
  stampText: string,
  legend: Stamp['legend'] = [],
): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox?.baseVal;
  const width = Math.max(1, Math.round(vb && vb.width ? vb.width : box.width));
  const height = Math.max(1, Math.round(vb && vb.height ? vb.height : box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [clone, ...clone.querySelectorAll('*')];
  for (let i = 0; i < source.length && i < target.length; i += 1) {
    const cs = getComputedStyle(source[i]);
    const out: string[] = [];
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) out.push(`${p}:${v}`);
    }
    const el = target[i] as SVGElement;
    el.removeAttribute('class');
    if (out.length) el.setAttribute('style', out.join(';'));
  }
  // about 6 units per character of 11-unit system-ui text
  const stampLines = wrapStamp(stampText, (width - 16) / 6.2);
  const legendRows = legendLayout(legend ?? [], width - 16);
  const legendHeight = legendRows.length ? 8 + 18 * legendRows.length : 0;
  const stampHeight = legendHeight + 10 + 15 * stampLines.length;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height + stampHeight));
  const x0 = vb && vb.width ? vb.x : 0;
  const y0 = vb && vb.height ? vb.y : 0;
  clone.setAttribute('viewBox', `${x0} ${y0} ${width} ${height + stampHeight}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('x', String(x0));
  bg.setAttribute('y', String(y0));
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height + stampHeight));
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  const key = document.createElementNS(SVG_NS, 'g');
  key.setAttribute('data-legend', '');
  legendRows.forEach((row, r) => {
    for (const item of row) {
      const y = y0 + height + 8 + 18 * r;
      const swatch = document.createElementNS(SVG_NS, 'rect');
      swatch.setAttribute('x', String(x0 + 8 + item.x));
      swatch.setAttribute('y', String(y));
      swatch.setAttribute('width', '12');
      swatch.setAttribute('height', '12');
      swatch.setAttribute('style', `fill:${item.color};stroke:#8a94a3;stroke-width:0.5`);
      const label = document.createElementNS(SVG_NS, 'text');
      label.setAttribute('x', String(x0 + 8 + item.x + 16));
      label.setAttribute('y', String(y + 10));
      label.setAttribute('style', 'font-family:system-ui,sans-serif;font-size:11px;fill:#17202e;text-anchor:start');
      label.textContent = item.text;
      key.appendChild(swatch);
      key.appendChild(label);
    }
  });
  if (legendRows.length) clone.appendChild(key);
  const text = document.createElementNS(SVG_NS, 'text');
  // start-anchored whatever the figure's own root says (Plot's svg sets text-anchor: middle)
  text.setAttribute('style', 'font-family:system-ui,sans-serif;font-size:11px;fill:#333333;text-anchor:start');
  text.setAttribute('text-anchor', 'start');
  text.setAttribute('data-stamp', '');
  stampLines.forEach((l, i) => {
    const span = document.createElementNS(SVG_NS, 'tspan');
    span.setAttribute('x', String(x0 + 8));
    span.setAttribute('y', String(y0 + height + legendHeight + 18 + 15 * i));
    span.textContent = l;
    text.appendChild(span);
  });
  clone.appendChild(text);
  return { text: new XMLSerializer().serializeToString(clone), width, height: height + stampHeight };
}

/** a PNG of an SVG document, drawn at `scale` device pixels per unit */
export function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        URL.revokeObjectURL(url);
        reject(new Error('this browser cannot draw a PNG'));
        return;
      }
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the figure could not be drawn as a PNG'));
    };
    img.src = url;
  });
}

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface Citation {
  /** the view's title ("Finland: relations to NATO on 4 December 2026") */
  title: string;
  /** the view's URL */
  url: string;
  /** the data version (ETag number), null when unknown */
  dataVersion: number | null;
  /** the date the view was accessed (YYYY-MM-DD) */
  accessed: string;
  /** the sources behind the view: "Publisher, Title, URL" items or bare URLs */
  sources: string[];
}

function bibEscape(s: string): string {
  return s.replace(/[\\{}]/g, (c) => `\\${c}`).replace(/[%&$#_]/g, (c) => `\\${c}`);
}

/** a BibTeX key from the title and the access date: "entente2026finland" */
export function bibKey(c: Pick<Citation, 'title' | 'accessed'>): string {
  const word =
    c.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g)
      ?.find((w) => w.length > 2 && !['the', 'and', 'for'].includes(w)) ?? 'view';
  return `entente${c.accessed.slice(0, 4)}${word}`;
}

/** the citation of a view as a line of text and as a BibTeX @misc entry */
export function citation(c: Citation): { text: string; bibtex: string } {
  const version = c.dataVersion != null ? `, data version ${c.dataVersion}` : '';
  const text = `Entente, “${c.title}”${version}. ${c.url} (accessed ${c.accessed}).`;
  const note = [`Data version ${c.dataVersion ?? 'unknown'}`, ...(c.sources.length ? [`Sources: ${c.sources.join('; ')}`] : [])].join('. ');
  const bibtex = [
    `@misc{${bibKey(c)},`,
    `  author = {{Entente}},`,
    `  title = {${bibEscape(c.title)}},`,
    `  year = {${c.accessed.slice(0, 4)}},`,
    `  howpublished = {\\url{${c.url}}},`,
    `  urldate = {${c.accessed}},`,
    `  note = {${bibEscape(note)}},`,
    `}`,
  ].join('\n');
  return { text, bibtex };
}

/** the distinct sources of several source fields, split on ' ; ', in first-seen order */
export function distinctSources(fields: (string | null | undefined)[]): string[] {
  return [...new Set(fields.flatMap(sourceItems))];
}
