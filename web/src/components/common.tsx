import type { ComponentChildren } from 'preact';
import { errorMessage, ApiError } from '../api';
import { fmtShort } from '../dates';
import { RELATIONS, relationLabel, type MapRelation } from '../relations';

export function isUrl(s: string | null | undefined): s is string {
  return !!s && /^https?:\/\/\S+$/i.test(s.trim());
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export interface SourceRef {
  label: string;
  url: string | null;
}

/**
 * Split a source field ("URL(s) or document citation(s), separated by ' ; '")
 * into labelled links: "NATO, Member countries, https://…" → label + URL.
 */
export function parseSources(src: string | null | undefined): SourceRef[] {
  if (!src) return [];
  const out: SourceRef[] = [];
  for (const part of src.split(/\s+;\s+|\s*\n\s*/)) {
    const p = part.trim();
    if (!p) continue;
    const m = /https?:\/\/[^\s<>"]+/i.exec(p);
    if (!m) {
      out.push({ label: p, url: null });
      continue;
    }
    const url = m[0].replace(/[).,;]+$/, '');
    const label = (p.slice(0, m.index) + p.slice(m.index + m[0].length)).replace(/^[\s,;:–—-]+|[\s,;:–—(-]+$/g, '').trim();
    out.push({ label, url });
  }
  // bare URLs are labelled by their host; repeated hosts are numbered
  const seen = new Map<string, number>();
  for (const r of out) {
    if (r.url && !r.label) {
      const h = hostOf(r.url);
      const n = (seen.get(h) ?? 0) + 1;
      seen.set(h, n);
      r.label = n > 1 ? `${h} (${n})` : h;
    }
  }
  return out;
}

/** sources: links where they are http(s) URLs, plain citations otherwise */
export function Source({ src }: { src: string | null | undefined }) {
  const refs = parseSources(src);
  if (!refs.length) return <span class="muted">—</span>;
  return (
    <span class="sources">
      {refs.map((r) =>
        r.url ? (
          <a class="source" href={r.url} target="_blank" rel="noopener noreferrer" title={r.url}>
            {r.label}
            <span class="sr-only"> (opens in a new tab)</span>
          </a>
        ) : (
          <span class="source-text">{r.label}</span>
        ),
      )}
    </span>
  );
}

/** a note ("choices and disagreements between sources"), folded when long */
export function Note({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  if (text.length <= 140) return <p class="note">{text}</p>;
  return (
    <details class="note">
      <summary>{text.slice(0, 110).replace(/\s+\S*$/, '')}…</summary>
      <p>{text}</p>
    </details>
  );
}

export function DateRange({ from, to }: { from: string | null | undefined; to: string | null | undefined }) {
  return (
    <span class="daterange">
      {from ? <time dateTime={from}>{fmtShort(from)}</time> : <span class="muted">?</span>}
      {' – '}
      {to ? <time dateTime={to}>{fmtShort(to)}</time> : <span class="muted">present</span>}
    </span>
  );
}

export function ErrorBox({ error, what }: { error: unknown; what?: string }) {
  if (!error) return null;
  const title = error instanceof ApiError ? error.title : 'Error';
  return (
    <div class="error" role="alert">
      <strong>{what ? `Could not load ${what}` : title}</strong>
      {': '}
      {errorMessage(error)}
      {error instanceof ApiError && error.status ? <span class="muted"> (HTTP {error.status}{error.code ? `, ${error.code}` : ''})</span> : null}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

export function Swatch({ relation, size = 14 }: { relation: MapRelation; size?: number }) {
  const s = RELATIONS[relation] ?? RELATIONS['no-data'];
  const style = s.hatch
    ? `background: repeating-linear-gradient(135deg, ${s.color} 0 2px, ${s.hatch.bg} 2px 5px)`
    : `background: ${s.color}`;
  return <span class={`swatch${s.light ? ' light' : ''}`} style={`${style}; width:${size}px; height:${size}px`} aria-hidden="true" />;
}

export function RelationBadge({ relation }: { relation: string }) {
  const known = relation in RELATIONS;
  return (
    <span class={`badge rel-${known ? relation : 'none'}`}>
      {known ? <Swatch relation={relation as MapRelation} size={10} /> : null}
      {relationLabel(relation)}
    </span>
  );
}

export function Card({ title, children, class: cls, headingLevel = 2, actions, id }: {
  title?: ComponentChildren;
  children: ComponentChildren;
  class?: string;
  headingLevel?: 2 | 3;
  actions?: ComponentChildren;
  id?: string;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class={`card${cls ? ` ${cls}` : ''}`} aria-labelledby={id && title ? `${id}-h` : undefined} id={id}>
      {title || actions ? (
        <div class="card-head">
          {title ? <H id={id ? `${id}-h` : undefined}>{title}</H> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}
