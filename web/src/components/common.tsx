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

/** a source: a link when it is an http(s) URL, plain text otherwise */
export function Source({ src }: { src: string | null | undefined }) {
  if (!src) return <span class="muted">—</span>;
  if (isUrl(src)) {
    return (
      <a class="source" href={src.trim()} target="_blank" rel="noopener noreferrer" title={src}>
        {hostOf(src)}
        <span class="sr-only"> (source, opens in a new tab)</span>
      </a>
    );
  }
  return <span class="source-text">{src}</span>;
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
