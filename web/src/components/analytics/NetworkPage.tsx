// The alliance network on a date: nations tied by shared memberships, partnerships,
// exercises and operations (weights per tie type, 0 = off), coloured by their relation to
// the organisation of the top bar and sized by a centrality. Play reads one network per
// year (with progress) and steps through them. A node's profile opens beside the graph;
// the sortable table below carries every node for keyboards and screen readers, and on a
// phone it stands in for the graph.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, currentDataVersion } from '../../api';
import {
  CENTRALITIES,
  CENTRALITY_LABELS,
  DEFAULT_NETWORK_WEIGHTS,
  DEFAULT_WINDOW,
  EDGE_TYPES,
  MAX_WINDOW,
  describeTies,
  fmtMetric,
  formatWeights,
  networkUrl,
  parseWeights,
  parseYear,
  strongestTies,
  weightsDiffer,
  type Centrality,
  type Weights,
} from '../../analytics';
import { analyticsApi, type NetworkEdge, type NetworkNode, type SeriesYear } from '../../analyticsApi';
import { fmtLong, fmtShort, isIsoDate, today } from '../../dates';
import { downloadBlob, fileStem, stampLine, standaloneSvg } from '../../export';
import { useAsync, useMediaQuery } from '../../hooks';
import { RELATIONS, RELATION_ORDER, type MapRelation } from '../../relations';
import { href, navigate, setQuery } from '../../route';
import { ErrorBox, Loading } from '../common';
import { ViewTools } from '../Export';
import { Legend } from '../Legend';
import { useSortable } from '../Sortable';
import { NetworkGraph, type GraphEdge, type GraphHandle } from './NetworkGraph';
import { FieldErrors, NumberField, paramErrors } from './shared';

const EDGE_LABELS: Record<string, string> = {
  membership: 'Shared membership',
  partnership: 'Partnership',
  exercise: 'Shared exercise',
  operation: 'Shared operation',
};

const FIRST_YEAR = 1949;
const PLAY_MS = 900;

interface Play {
  years: SeriesYear[];
  index: number;
  running: boolean;
}

export function NetworkPage({ org, date, q }: { org: string; date: string; q: Record<string, string> }) {
  const parsed = parseWeights(q.weights, EDGE_TYPES, DEFAULT_NETWORK_WEIGHTS);
  const weights = parsed.ok ? parsed.weights : DEFAULT_NETWORK_WEIGHTS;
  const windowYears = parseYear(q.window, DEFAULT_WINDOW, 0, MAX_WINDOW);
  const size: Centrality = (CENTRALITIES as readonly string[]).includes(q.size) ? (q.size as Centrality) : 'degree';
  const selected = q.node ?? null;
  const phone = useMediaQuery('(max-width: 700px)');
  const thisYear = Number(today().slice(0, 4));
  const playFrom = parseYear(q.from, 1990, FIRST_YEAR, thisYear);

  const netQuery = { asOf: date, weights, window: windowYears };
  const url = networkUrl(netQuery);
  const net = useAsync(`net:${url}`, () => analyticsApi.network(netQuery));
  const relations = useAsync(`${org}@${date}`, () => api.relations(org, date));
  const orgs = useAsync('orgs', api.organisations);
  const orgName = orgs.data?.organisations.find((o) => o.id === org)?.name ?? org;

  const [play, setPlay] = useState<Play | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [playError, setPlayError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const [highlight, setHighlight] = useState<MapRelation | null>(null);
  const graph = useRef<GraphHandle | null>(null);
  const [figureError, setFigureError] = useState<string | null>(null);

  // a change of weights or window ends a play of the old ones
  const playKey = `${formatWeights(weights, EDGE_TYPES)}|${windowYears}|${playFrom}`;
  useEffect(() => {
    abort.current?.abort();
    setPlay(null);
    setProgress(null);
  }, [playKey]);
  useEffect(() => () => abort.current?.abort(), []);

  useEffect(() => {
    if (!play?.running) return;
    const t = window.setTimeout(() => {
      setPlay((p) => {
        if (!p) return p;
        if (p.index + 1 >= p.years.length) {
          navigate({ date: yearDate(p.years[p.index].as_of, date) }, { replace: true });
          return null;
        }
        return { ...p, index: p.index + 1 };
      });
    }, PLAY_MS);
    return () => window.clearTimeout(t);
  }, [play]);

  const startPlay = async () => {
    if (play) {
      // pause: the page shows the year reached, with its full network
      const reached = play.years[play.index];
      setPlay(null);
      if (reached) navigate({ date: yearDate(reached.as_of, date) }, { replace: true });
      return;
    }
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setPlayError(null);
    try {
      const years = await analyticsApi.series(playFrom, thisYear, weights, windowYears, (done, total) => setProgress({ done, total }), ctrl.signal);
      if (ctrl.signal.aborted) return;
      setProgress(null);
      if (years.length) setPlay({ years, index: 0, running: true });
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      setProgress(null);
      setPlayError(e);
    }
  };

  const shown = play ? play.years[play.index] : null;
  const nodes: NetworkNode[] = shown ? shown.nodes : (net.data?.nodes ?? []);
  const fullEdges: NetworkEdge[] = shown ? [] : (net.data?.edges ?? []);
  const edges: GraphEdge[] = useMemo(
    () => (shown ? shown.edges.map(([a, b, weight]) => ({ a, b, weight })) : fullEdges.map((e) => ({ a: e.a, b: e.b, weight: e.weight }))),
    [shown, net.data],
  );
  const asOf = shown ? shown.as_of : (net.data?.as_of ?? date);

  const rel = relations.data?.organisation === org ? relations.data : undefined;
  const relationByIso = useMemo(() => new Map((rel?.relations ?? []).map((r) => [r.iso3, r.relation as string])), [rel]);
  const relationOf = useMemo(() => (iso3: string) => relationByIso.get(iso3), [relationByIso]);
  const dimmed = useMemo(() => (highlight ? (iso3: string) => (relationByIso.get(iso3) ?? 'none') !== highlight : null), [highlight, relationByIso]);
  const nodeIsos = useMemo(() => new Set(nodes.map((n) => n.iso3)), [nodes]);
  const legendRelations = useMemo(() => (rel?.relations ?? []).filter((r) => nodeIsos.has(r.iso3)), [rel, nodeIsos]);

  const problems = paramErrors(net.error ?? playError, ['weights', 'window', 'as_of', 'from', 'to']);
  const setWeight = (type: string, w: number) => {
    const next: Weights = { ...weights, [type]: Math.max(0, w) };
    setQuery({ weights: weightsDiffer(next, DEFAULT_NETWORK_WEIGHTS) ? formatWeights(next, EDGE_TYPES) : null });
  };
  const choose = (iso3: string) => setQuery({ node: iso3 === selected ? null : iso3 });

  const title = `Alliance network on ${fmtLong(asOf)}, coloured by relation to ${org}, sized by ${size}`;
  const stem = ['network', asOf];
  const communities = net.data?.communities ?? [];
  const summary = net.data && !shown ? `${nodes.length} nations, ${fullEdges.length} ties, ${communities.length} communities, modularity ${fmtModularity(net.data.modularity)}` : shown ? `${nodes.length} nations, ${shown.edges.length} ties, ${shown.communities} communities, modularity ${fmtModularity(shown.modularity)}` : '';

  const saveFigure = async (format: 'svg' | 'png') => {
    setFigureError(null);
    const g = graph.current;
    if (!g) return setFigureError('The graph is not drawn yet.');
    try {
      if (format === 'png') {
        const blob = g.png();
        if (!blob) return setFigureError('The graph is not drawn yet.');
        downloadBlob(`${fileStem(...stem)}.png`, blob);
        return;
      }
      const svg = g.svg();
      if (!svg) return setFigureError('The graph is not drawn yet.');
      // styles are read from the page as drawn: the figure is attached, out of sight, while it is copied
      const holder = document.createElement('div');
      holder.setAttribute('aria-hidden', 'true');
      holder.style.cssText = 'position:absolute;left:-99999px;top:0;width:10px;height:10px;overflow:hidden';
      holder.appendChild(svg);
      document.body.appendChild(holder);
      try {
        const legend = RELATION_ORDER.filter((r) => legendRelations.some((x) => x.relation === r)).map((r) => ({ label: RELATIONS[r].label, color: RELATIONS[r].color }));
        const doc = standaloneSvg(svg, stampLine({ title, date: asOf, organisation: org }, currentDataVersion(), location.href), legend);
        downloadBlob(`${fileStem(...stem)}.svg`, new Blob([doc.text], { type: 'image/svg+xml' }));
      } finally {
        holder.remove();
      }
    } catch (e) {
      setFigureError(e instanceof Error ? e.message : String(e));
    }
  };

  const node = selected ? nodes.find((n) => n.iso3 === selected) : undefined;

  return (
    <div class="page analytics-page network-page">
      <section class="card" aria-labelledby="network-h">
        <div class="card-head">
          <div>
            <h1 id="network-h" class="page-h1">
              Alliance network
            </h1>
            <p class="muted small lead">
              Nations are tied when they share a membership, a partnership (one a member, the other a partner of the same organisation), an exercise
              or an operation in the window before the date. Each tie's weight is the weighted count of what they share.
            </p>
          </div>
        </div>
        <div class="filters network-controls" role="group" aria-label="Network settings">
          <div class="field">
            <label class="eyebrow" for="net-date">
              Date
            </label>
            <input
              id="net-date"
              type="date"
              value={date}
              min={`${FIRST_YEAR}-01-01`}
              max={today()}
              aria-describedby={problems.by.as_of ? 'net-date-error' : undefined}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLInputElement).value;
                if (isIsoDate(v)) navigate({ date: v }, { replace: true });
              }}
            />
            <FieldErrors id="net-date-error" errors={problems.by.as_of} />
          </div>
          <div class="field year-slider">
            <label class="eyebrow" for="net-year">
              Year <span class="muted">{shown ? shown.as_of.slice(0, 4) : date.slice(0, 4)}</span>
            </label>
            <input
              id="net-year"
              type="range"
              min={FIRST_YEAR}
              max={thisYear}
              step={1}
              value={Number((shown ? shown.as_of : date).slice(0, 4))}
              aria-valuetext={shown ? shown.as_of : fmtLong(date)}
              onChange={(e) => {
                const y = Number((e.currentTarget as HTMLInputElement).value);
                setPlay(null);
                navigate({ date: y >= thisYear ? today() : `${y}-12-31` }, { replace: true });
              }}
            />
          </div>
          <div class="field play-field">
            <label class="eyebrow" for="net-from">
              Play from
            </label>
            <div class="play-row">
              <input
                id="net-from"
                type="number"
                min={FIRST_YEAR}
                max={thisYear}
                value={playFrom}
                aria-describedby={problems.by.from ? 'net-from-error' : undefined}
                onChange={(e) => setQuery({ from: (e.currentTarget as HTMLInputElement).value || null })}
              />
              <button type="button" class="btn" onClick={startPlay} aria-pressed={!!play} data-testid="network-play" disabled={!!progress}>
                {play ? 'Pause' : 'Play'}
              </button>
            </div>
            <FieldErrors id="net-from-error" errors={problems.by.from} />
          </div>
          <label class="field">
            <span class="eyebrow">Node size</span>
            <select id="net-size" value={size} onChange={(e) => setQuery({ size: (e.currentTarget as HTMLSelectElement).value === 'degree' ? null : (e.currentTarget as HTMLSelectElement).value })}>
              {CENTRALITIES.map((c) => (
                <option value={c}>{CENTRALITY_LABELS[c]}</option>
              ))}
            </select>
          </label>
          <NumberField
            id="net-window"
            label="Window (years)"
            value={windowYears}
            min={0}
            max={MAX_WINDOW}
            step={1}
            help="Exercises and operations of this many years before the date count as ties"
            errors={problems.by.window}
            onValue={(v) => setQuery({ window: v === DEFAULT_WINDOW ? null : String(v) })}
          />
        </div>
        <fieldset class="weights" aria-describedby={problems.by.weights ? 'net-weights-error' : undefined}>
          <legend class="eyebrow">Tie weights (0 = off)</legend>
          {EDGE_TYPES.map((t) => (
            <NumberField id={`net-w-${t}`} label={EDGE_LABELS[t]} value={weights[t]} min={0} step={0.5} onValue={(v) => setWeight(t, v)} />
          ))}
          <FieldErrors id="net-weights-error" errors={problems.by.weights ?? (parsed.ok ? undefined : [parsed.error])} />
        </fieldset>
        {progress ? (
          <p class="play-progress" role="status" data-testid="network-progress">
            <label for="net-progress">
              Reading the networks year by year: {progress.done} of {progress.total}
            </label>{' '}
            <progress id="net-progress" max={progress.total} value={progress.done} />
          </p>
        ) : null}
        {play ? (
          <p class="muted small" role="status">
            Playing: {shown?.as_of.slice(0, 4)} ({play.index + 1} of {play.years.length}). Pause shows that year's full network and its ties.
          </p>
        ) : null}
        <ErrorBox error={playError && !problems.other.length && Object.keys(problems.by).length ? null : playError} what="the yearly networks" retry={startPlay} />
        <ErrorBox error={net.error && Object.keys(problems.by).length ? null : net.error} what={`the network on ${fmtLong(date)}`} retry={net.reload} />
        <p class="muted small network-summary" aria-live="polite">
          {summary}
        </p>
      </section>

      <div class="network-layout">
        <section class="card network-card" aria-labelledby="network-graph-h">
          <div class="card-head">
            <h2 id="network-graph-h">
              Relations to <a href={href({ view: 'org', id: org })}>{orgName}</a> on {fmtShort(asOf)}
            </h2>
          </div>
          {phone ? (
            <p class="muted small" data-testid="network-phone-note">
              On a narrow screen the network is given as the table below; a wider window draws the graph.
            </p>
          ) : net.data || shown ? (
            <NetworkGraph
              asOf={asOf}
              nodes={nodes}
              edges={edges}
              relationOf={relationOf}
              size={size}
              selected={selected}
              dimmed={dimmed}
              onSelect={choose}
              handle={graph}
              label={`Network graph of ${nodes.length} nations on ${fmtLong(asOf)}, coloured by relation to ${org} and sized by ${size}. The table below lists every node; choose a nation there to open its profile.`}
            />
          ) : net.loading ? (
            <Loading label="Computing the network…" />
          ) : null}
          <Legend relations={legendRelations.length ? legendRelations : rel ? [] : undefined} noDataCount={0} active={highlight} onActive={setHighlight} stale={relations.loading} />
          <div class="view-tools no-print network-figure-tools">
            <span class="downloads" role="group" aria-label="Download more of the network">
              <span class="muted small">Also:</span>
              <a class="btn small" href={networkUrl(netQuery, 'edges') + '&format=csv'} download={`${fileStem('network-edges', date)}.csv`} data-export="edges-csv">
                Edges CSV
              </a>
              <a class="btn small" href={networkUrl(netQuery, 'graphml')} download={`${fileStem('network', date)}.graphml`} data-export="graphml">
                GraphML
              </a>
              {!phone ? (
                <>
                  <button type="button" class="btn small" onClick={() => saveFigure('svg')} data-export="svg">
                    SVG
                  </button>
                  <button type="button" class="btn small" onClick={() => saveFigure('png')} data-export="png">
                    PNG
                  </button>
                </>
              ) : null}
              {figureError ? (
                <span class="field-error" role="alert">
                  {figureError}
                </span>
              ) : null}
            </span>
          </div>
          <ViewTools title={title} api={url} stem={stem} sources={[]} stamp={{ date: asOf, organisation: org }} />
        </section>
        {selected ? (
          <NodeProfile
            iso3={selected}
            node={node}
            edges={fullEdges}
            playing={!!shown}
            communitySize={communities.find((c) => c.id === node?.community)?.size}
            relation={relationByIso.get(selected)}
            org={org}
            names={new Map(nodes.map((n) => [n.iso3, n.name]))}
            onClose={() => setQuery({ node: null })}
          />
        ) : null}
      </div>
      <NodeTable nodes={nodes} relationOf={relationOf} selected={selected} onChoose={choose} asOf={asOf} />
    </div>
  );
}

/** the date a year of the series stands for: its 31 December, or today in the current year */
function yearDate(asOf: string, fallback: string): string {
  const t = today();
  return isIsoDate(asOf) ? (asOf > t ? t : asOf) : fallback;
}

function fmtModularity(m: number | null | undefined): string {
  return m === null || m === undefined ? '–' : m.toFixed(3);
}

function NodeProfile({
  iso3,
  node,
  edges,
  playing,
  communitySize,
  relation,
  org,
  names,
  onClose,
}: {
  iso3: string;
  node: NetworkNode | undefined;
  edges: NetworkEdge[];
  playing: boolean;
  communitySize: number | undefined;
  relation: string | undefined;
  org: string;
  names: Map<string, string>;
  onClose: () => void;
}) {
  const ties = useMemo(() => strongestTies(edges, iso3, 8), [edges, iso3]);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => head.current?.focus({ preventScroll: true }), [iso3]);
  return (
    <aside class="card node-profile" aria-labelledby="node-h" data-testid="node-profile" data-node={iso3}>
      <div class="card-head">
        <h2 id="node-h" tabIndex={-1} ref={head}>
          {node?.name ?? iso3}
        </h2>
        <button type="button" class="btn small" onClick={onClose} aria-label="Close the profile">
          Close
        </button>
      </div>
      {!node ? (
        <p class="muted">{iso3} is not a node of the network on this date.</p>
      ) : (
        <>
          <p class="small">
            Relation to {org}: <strong>{relation ? (RELATIONS[relation as MapRelation]?.label ?? relation) : 'no relation'}</strong>
          </p>
          <dl class="metrics" data-testid="node-metrics">
            {CENTRALITIES.map((c) => (
              <>
                <dt>{CENTRALITY_LABELS[c]}</dt>
                <dd data-metric={c}>{fmtMetric(node[c], c)}</dd>
              </>
            ))}
            <dt>Community</dt>
            <dd data-metric="community">
              {node.community}
              {communitySize ? <span class="muted"> ({communitySize} nations)</span> : null}
            </dd>
          </dl>
          <h3 class="small-h">Strongest ties</h3>
          {playing ? (
            <p class="muted small">Pause the play to see this year's ties.</p>
          ) : ties.length ? (
            <ol class="ties" data-testid="node-ties">
              {ties.map((t) => (
                <li>
                  <strong>{names.get(t.other) ?? t.other}</strong> <span class="muted small">weight {fmtMetric(t.weight, 'strength')}</span>
                  <br />
                  <span class="small">{describeTies(t.ties)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted small">No ties with these weights.</p>
          )}
          <p>
            <a href={href({ view: 'nation', id: iso3, q: {} })} data-testid="node-profile-link">
              {node.name}'s profile
            </a>
          </p>
        </>
      )}
    </aside>
  );
}

type NodeCol = 'name' | 'relation' | 'community' | Centrality;

function NodeTable({
  nodes,
  relationOf,
  selected,
  onChoose,
  asOf,
}: {
  nodes: NetworkNode[];
  relationOf: (iso3: string) => string | undefined;
  selected: string | null;
  onChoose: (iso3: string) => void;
  asOf: string;
}) {
  const cols: Record<NodeCol, (n: NetworkNode) => string | number> = {
    name: (n) => n.name,
    relation: (n) => RELATIONS[(relationOf(n.iso3) ?? 'none') as MapRelation]?.label ?? '',
    community: (n) => n.community,
    degree: (n) => n.degree,
    strength: (n) => n.strength,
    betweenness: (n) => n.betweenness,
    eigenvector: (n) => n.eigenvector,
  };
  const { rows, Th } = useSortable<NetworkNode, NodeCol>(nodes, cols, { key: 'degree', dir: 'desc' });
  if (!nodes.length) return null;
  return (
    <section class="card" aria-labelledby="nodes-h">
      <div class="card-head">
        <h2 id="nodes-h">
          Nations in the network on {fmtShort(asOf)} <span class="count">{nodes.length}</span>
        </h2>
      </div>
      <div class="table-wrap">
        <table class="table network-table" data-testid="network-table">
          <thead>
            <tr>
              <Th col="name">Nation</Th>
              <Th col="relation">Relation</Th>
              <Th col="community" class="num">Community</Th>
              <Th col="degree" class="num">Degree</Th>
              <Th col="strength" class="num">Strength</Th>
              <Th col="betweenness" class="num">Betweenness</Th>
              <Th col="eigenvector" class="num">Eigenvector</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((n) => (
              <tr data-iso3={n.iso3} class={selected === n.iso3 ? 'selected' : undefined}>
                <th scope="row">
                  <button type="button" class="linklike" aria-pressed={selected === n.iso3} onClick={() => onChoose(n.iso3)}>
                    {n.name}
                  </button>
                </th>
                <td>{cols.relation(n)}</td>
                <td class="num">{n.community}</td>
                {CENTRALITIES.map((c) => (
                  <td class="num" data-metric={c}>
                    {fmtMetric(n[c], c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
