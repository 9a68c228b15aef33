// The directed dyad-year panel: a form (years, nations or all), what each column holds, the
// rules it keeps (missing is not zero; no pair of nations in a year either did not exist in),
// the number of rows it will have, and the link that downloads it from the API.
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api';
import { panelRowEstimate, panelUrl, parseNations, parseYear } from '../../analytics';
import { today } from '../../dates';
import { useAsync } from '../../hooks';
import { setQuery } from '../../route';
import { ErrorBox } from '../common';
import { ApiCall } from '../Export';

const COLUMNS: [string, string][] = [
  ['year', 'the calendar year'],
  ['a, b', 'the ordered pair of nations (ISO alpha-3): each pair appears twice, once in each order'],
  ['shared_memberships', 'how many organisations both were members of in the year'],
  ['shared_organisations', 'their ids, separated by ";"'],
  ['a_partner_of_b_organisations', 'the organisations of which a was a partner while b was a member'],
  ['defense, offense, neutrality, nonaggression, consultation', "a's treaty obligation towards b in the year: the highest level (0–2) of the alliances binding both"],
  ['shared_exercises', 'exercises of the year in which both took part'],
  ['shared_operations', 'operations active in the year in which both took part'],
];

export function PanelPage({ q }: { q: Record<string, string> }) {
  const thisYear = Number(today().slice(0, 4));
  const from = parseYear(q.from, 1949, 1945, 2100);
  const to = parseYear(q.to, thisYear - 1, 1945, 2100);
  const chosen = parseNations(q.nations);
  const [text, setText] = useState(chosen.join(', '));
  const nations = useAsync('nations', () => api.nations());
  const known = useMemo(() => new Set((nations.data?.nations ?? []).map((n) => n.iso3)), [nations.data]);
  const unknown = nations.data ? chosen.filter((c) => !known.has(c)) : [];
  const rows = nations.data ? panelRowEstimate(nations.data.nations, from, to, chosen) : null;
  const url = panelUrl(from, to, chosen);
  const yearError = from > to ? 'The first year comes after the last.' : to - from + 1 > 200 ? 'At most 200 years at a time.' : null;

  return (
    <div class="page analytics-page panel-page">
      <section class="card" aria-labelledby="panel-h">
        <h1 id="panel-h" class="page-h1">
          Dyad-year panel
        </h1>
        <p class="muted small lead">
          One row per ordered pair of nations and year, for statistical work: what ties a to b in that year. The file is CSV, sent compressed when
          your browser accepts it.
        </p>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label class="eyebrow" for="panel-from">
              From
            </label>
            <input id="panel-from" type="number" min={1945} max={2100} value={from} aria-describedby={yearError ? 'panel-years-error' : undefined} onChange={(e) => setQuery({ from: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label class="eyebrow" for="panel-to">
              To
            </label>
            <input id="panel-to" type="number" min={1945} max={2100} value={to} aria-describedby={yearError ? 'panel-years-error' : undefined} onChange={(e) => setQuery({ to: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field grow">
            <label class="eyebrow" for="panel-nations">
              Nations (ISO alpha-3 codes; empty: all)
            </label>
            <input
              id="panel-nations"
              type="text"
              value={text}
              placeholder="e.g. POL, DEU, FRA"
              aria-describedby={unknown.length ? 'panel-nations-error' : 'panel-nations-help'}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
              onChange={(e) => setQuery({ nations: parseNations((e.currentTarget as HTMLInputElement).value).join(',') || null })}
            />
            <span id="panel-nations-help" class="muted small">
              Separated by commas or spaces.
            </span>
            {unknown.length ? (
              <span class="field-error" id="panel-nations-error" role="alert">
                Not a nation code: {unknown.join(', ')}.
              </span>
            ) : null}
          </div>
        </form>
        {yearError ? (
          <p class="field-error" id="panel-years-error" role="alert">
            {yearError}
          </p>
        ) : null}
        <ErrorBox error={nations.error} what="the nations" retry={nations.reload} />
        <p data-testid="panel-estimate">
          {rows === null ? 'Counting the rows…' : `About ${rows.toLocaleString('en-GB')} rows: ${chosen.length ? `${chosen.length} nations` : 'every nation'}, ${from}–${to}, each pair of nations that both existed in a year.`}
        </p>
        <p>
          <a class="btn primary" href={url} download={`entente-panel-${from}-${to}.csv`} data-testid="panel-download" aria-disabled={yearError || unknown.length ? 'true' : undefined}>
            Download the panel (CSV)
          </a>
        </p>
        <ApiCall path={url} />
      </section>
      <section class="card" aria-labelledby="panel-columns-h">
        <h2 id="panel-columns-h">Columns</h2>
        <dl class="columns-list">
          {COLUMNS.map(([c, what]) => (
            <>
              <dt>
                <code>{c}</code>
              </dt>
              <dd>{what}</dd>
            </>
          ))}
        </dl>
        <h2>Rules</h2>
        <ul>
          <li>
            <strong>Missing is not zero.</strong> A column is empty (NA) in the years its dataset does not cover; 0 means the dataset covers the year
            and there is nothing to count.
          </li>
          <li>
            <strong>No false dyads.</strong> A pair appears only in the years both nations existed: no row for a state before its independence or after
            it ceased to exist.
          </li>
        </ul>
      </section>
    </div>
  );
}
