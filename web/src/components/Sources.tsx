// How a source field reads on a page: "Publisher, Title, URL" items separated by ' ; '.

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

