// How a source field reads on a page: each item by its title and its publisher, secondary
// sources marked. The parsing is pure and lives in ../sources.ts; this file renders it and
// loads the publishers of the hosts (GET /api/v1/publishers) once per page.

import { useEffect, useState } from 'preact/hooks';
import { publishers } from '../api';
import {
  NO_PUBLISHERS,
  PUBLISHER_KIND_LABELS,
  SECONDARY_EXPLANATION,
  parseSources,
  publisherTable,
  type PublisherTable,
  type SourceRef,
} from '../sources';

export { isUrl, parseSources, type SourceRef } from '../sources';

// The publishers, loaded once for every Source on the page; a failed load is forgotten so
// that the next Source asks again, and meanwhile items are named by their hosts.
let loading: Promise<PublisherTable> | null = null;
let loaded: PublisherTable | null = null;

function loadPublishers(): Promise<PublisherTable> {
  if (!loading) {
    loading = publishers().then(
      (answer) => (loaded = publisherTable(answer.publishers)),
      () => {
        loading = null;
        return NO_PUBLISHERS;
      },
    );
  }
  return loading;
}

function usePublishers(): PublisherTable {
  const [table, setTable] = useState<PublisherTable>(loaded ?? NO_PUBLISHERS);
  useEffect(() => {
    // The table may have arrived between this component's first render and its effect.
    if (loaded) {
      setTable(loaded);
      return;
    }
    let live = true;
    void loadPublishers().then((t) => {
      if (live) setTable(t);
    });
    return () => {
      live = false;
    };
  }, []);
  return table;
}

function SecondaryTag() {
  return (
    <span class="tag source-kind" title={SECONDARY_EXPLANATION}>
      <span aria-hidden="true">secondary</span>
      <span class="sr-only">({PUBLISHER_KIND_LABELS.secondary})</span>
    </span>
  );
}

function Item({ source, first }: { source: SourceRef; first: boolean }) {
  // The separator between items is drawn by the stylesheet; this one is for text and screen readers.
  const separator = first ? null : <span class="sr-only">; </span>;
  if (!source.url) {
    return (
      <span class="source-item">
        {separator}
        <span class="source-text">{source.label}</span>
      </span>
    );
  }
  return (
    <span class="source-item">
      {separator}
      <a class="source" href={source.url} target="_blank" rel="noopener noreferrer" title={source.url}>
        {source.label}
        <span class="sr-only"> (opens in a new tab)</span>
      </a>
      {source.byline ? <span class="source-publisher source-text"> — {source.byline}</span> : null}
      {source.kind === 'secondary' ? <> <SecondaryTag /></> : null}
    </span>
  );
}

/** sources: links named by their titles and publishers, secondary ones marked; plain citations otherwise */
export function Source({ src }: { src: string | null | undefined }) {
  const table = usePublishers();
  const refs = parseSources(src, table);
  if (!refs.length) return <span class="muted">—</span>;
  return (
    <span class="sources">
      {refs.map((r, i) => (
        <Item key={i} source={r} first={i === 0} />
      ))}
    </span>
  );
}
