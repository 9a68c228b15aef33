// The tools every view carries: its data as CSV and JSON (the API's own answers), its
// figure as SVG and PNG with the date and organisation stamped on, "Cite this view",
// print, and the API call behind it.
import { useState } from 'preact/hooks';
import '../styles/export.css';
import { currentDataVersion } from '../api';
import { today } from '../dates';
import {
  citation,
  curlLine,
  distinctSources,
  downloadBlob,
  fileStem,
  stampLine,
  standaloneSvg,
  svgToPng,
  withFormat,
  absoluteUrl,
  type Stamp,
} from '../export';

// Printing shows what folded details hold (notes, reasoning), then folds them again.
if (typeof window !== 'undefined') {
  let opened: HTMLDetailsElement[] = [];
  window.addEventListener('beforeprint', () => {
    opened = [...document.querySelectorAll<HTMLDetailsElement>('main details:not([open]):not(.cite):not(.api-call)')];
    for (const d of opened) d.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const d of opened) d.open = false;
    opened = [];
  });
}

/** links to the view's data as the API serves it: CSV (list routes) and JSON */
export function Downloads({ api, stem, csv = true }: { api: string; stem: string; csv?: boolean }) {
  return (
    <span class="downloads" role="group" aria-label="Download the data">
      <span class="muted small">Data:</span>
      {csv ? (
        <a class="btn small" href={withFormat(api, 'csv')} download={`${stem}.csv`} data-export="csv">
          CSV
        </a>
      ) : null}
      <a class="btn small" href={withFormat(api, 'json')} download={`${stem}.json`} data-export="json">
        JSON
      </a>
    </span>
  );
}

/** SVG and PNG of a figure; `figure` finds its <svg> when a button is pressed */
export function FigureDownloads({ figure, stem, stamp }: { figure: () => SVGSVGElement | null | undefined; stem: string; stamp: Stamp }) {
  const [error, setError] = useState<string | null>(null);
  const save = async (format: 'svg' | 'png') => {
    setError(null);
    const svg = figure();
    if (!svg) {
      setError('The figure is not drawn yet.');
      return;
    }
    try {
      const doc = standaloneSvg(svg, stampLine(stamp, currentDataVersion(), location.href), stamp.legend);
      if (format === 'svg') downloadBlob(`${stem}.svg`, new Blob([doc.text], { type: 'image/svg+xml' }));
      else downloadBlob(`${stem}.png`, await svgToPng(doc.text, doc.width, doc.height));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span class="downloads" role="group" aria-label="Download the figure">
      <span class="muted small">Figure:</span>
      <button type="button" class="btn small" onClick={() => save('svg')} data-export="svg">
        SVG
      </button>
      <button type="button" class="btn small" onClick={() => save('png')} data-export="png">
        PNG
      </button>
      {error ? (
        <span class="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** "Cite this view": title, URL, data version, date accessed, the sources behind it, BibTeX */
export function CiteThisView({ title, sources = [] }: { title: string; sources?: (string | null | undefined)[] }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const list = distinctSources(sources);
  const c = open ? citation({ title, url: location.href, dataVersion: currentDataVersion(), accessed: today(), sources: list }) : null;
  const copy = (what: string, text: string) => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );
  };
  return (
    <details class="cite" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-testid="cite">
      <summary>Cite this view</summary>
      {c ? (
        <div class="cite-body">
          <p class="cite-text" data-testid="cite-text">
            {c.text}
          </p>
          <button type="button" class="btn small" onClick={() => copy('text', c.text)}>
            Copy citation
          </button>
          <dl class="cite-facts">
            <dt>URL</dt>
            <dd>
              <code>{location.href}</code>
            </dd>
            <dt>Data version</dt>
            <dd>{currentDataVersion() ?? 'not known yet'}</dd>
            <dt>Accessed</dt>
            <dd>{today()}</dd>
          </dl>
          {list.length ? (
            <>
              <h3 class="cite-h">Sources behind this view</h3>
              <ul class="cite-sources">
                {list.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          ) : null}
          <h3 class="cite-h">BibTeX</h3>
          <pre class="cite-bibtex" data-testid="cite-bibtex">
            {c.bibtex}
          </pre>
          <button type="button" class="btn small" onClick={() => copy('bibtex', c.bibtex)}>
            Copy BibTeX
          </button>
          <span class="sr-only" role="status">
            {copied ? `Copied the ${copied === 'bibtex' ? 'BibTeX entry' : 'citation'}` : ''}
          </span>
        </div>
      ) : null}
    </details>
  );
}

/** "As an API call": the request behind the view, as a curl line and a link */
export function ApiCall({ path, body }: { path: string; body?: unknown }) {
  return (
    <details class="api-call" data-testid="api-call">
      <summary>As an API call</summary>
      <pre>{curlLine(path, body)}</pre>
      {body === undefined ? (
        <a href={path} target="_blank" rel="noopener noreferrer">
          {absoluteUrl(path)}
          <span class="sr-only"> (opens in a new tab)</span>
        </a>
      ) : null}
    </details>
  );
}

/**
 * The toolbar of a view: data downloads (when `api` is a GET route), figure downloads
 * (when `figure` is given), print, "Cite this view" and "As an API call".
 */
export function ViewTools({
  title,
  api,
  body,
  csv = true,
  figure,
  stamp,
  sources,
  stem,
}: {
  title: string;
  /** the API path and query behind the view */
  api?: string;
  /** a POST body: the view is the answer to a POST, so no download links */
  body?: unknown;
  /** whether the route serves CSV (every list route does) */
  csv?: boolean;
  figure?: () => SVGSVGElement | null | undefined;
  stamp?: Omit<Stamp, 'title'>;
  sources?: (string | null | undefined)[];
  /** words of the file name after "entente" */
  stem: (string | null | undefined)[];
}) {
  const name = fileStem(...stem);
  return (
    <div class="view-tools no-print" data-testid="view-tools">
      {api && body === undefined ? <Downloads api={api} stem={name} csv={csv} /> : null}
      {figure ? <FigureDownloads figure={figure} stem={name} stamp={{ title, ...stamp }} /> : null}
      <button type="button" class="btn small" onClick={() => window.print()}>
        Print
      </button>
      <CiteThisView title={title} sources={sources} />
      {api ? <ApiCall path={api} body={body} /> : null}
    </div>
  );
}
