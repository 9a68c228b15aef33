import type { ComponentChildren } from 'preact';
import { errorMessage, ApiError } from '../api';
import { fmtShort } from '../dates';
import { RELATIONS, relationLabel, type MapRelation } from '../relations';

export { isUrl, parseSources, Source, type SourceRef } from './Sources';

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

/**
 * An error said plainly, with Retry: `retry` runs the failed load again (useAsync's
 * reload); without it Retry reloads the page.
 */
export function ErrorBox({ error, what, retry }: { error: unknown; what?: string; retry?: () => void }) {
  if (!error) return null;
  const title = error instanceof ApiError ? error.title : 'Error';
  return (
    <div class="error" role="alert">
      <strong>{what ? `Could not load ${what}` : title}</strong>
      {': '}
      {errorMessage(error)}
      {error instanceof ApiError && error.status ? <span class="muted"> (HTTP {error.status}{error.code ? `, ${error.code}` : ''})</span> : null}{' '}
      <button type="button" class="btn small retry" onClick={() => (retry ? retry() : location.reload())}>
        Retry
      </button>
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
