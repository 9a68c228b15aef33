// The map's "Treaty area" mode: the North Atlantic Treaty area (Article 6) on a date,
// and the Article 5 check of any point clicked on the map (or typed in).
import type { GeoPath, GeoProjection } from 'd3-geo';
import { geoArea, geoCircle } from 'd3-geo';
import { useMemo } from 'preact/hooks';
import { ApiError, api, type Article5Answer, type Article5Target, type Nation, type TreatyArea } from '../api';
import { fmtLong } from '../dates';
import { useAsync } from '../hooks';
import { href, setQuery } from '../route';
import { ErrorBox, Loading } from './common';
import { NationChips, RULING_LABELS, Reasoning, VerdictPill, label } from './rules';
import type { MapItem } from './WorldMap';
import { VOCABULARY, type Labels } from '../vocabulary';
import { relationLabel } from '../relations';

export const TREATY = {
  member: '#4a78b5',
  other: '#e3e7ec',
  nodata: '#f1f2f4',
};

export function treatyFill(it: Pick<MapItem, 'relation'>): string {
  if (it.relation === 'member') return TREATY.member;
  if (it.relation === 'no-data') return TREATY.nodata;
  return TREATY.other;
}

export const PLACES: { name: string; lat: number; lon: number }[] = [
  { name: 'Madrid', lat: 40.4168, lon: -3.7038 },
  { name: 'Istanbul', lat: 41.0082, lon: 28.9784 },
  { name: 'Anchorage', lat: 61.2181, lon: -149.9003 },
  { name: 'Honolulu', lat: 21.3069, lon: -157.8583 },
  { name: 'Las Palmas (Canary Is.)', lat: 28.1235, lon: -15.4363 },
  { name: 'Ceuta', lat: 35.8894, lon: -5.3213 },
  { name: 'Cayenne (French Guiana)', lat: 4.9224, lon: -52.3135 },
  { name: 'Nuuk (Greenland)', lat: 64.1814, lon: -51.6941 },
  { name: 'Mid-Atlantic', lat: 40, lon: -40 },
  { name: 'Central Mediterranean', lat: 35, lon: 18 },
  { name: 'Black Sea', lat: 43.2, lon: 34 },
  { name: 'Guam', lat: 13.4443, lon: 144.7937 },
];

const TARGET_LABELS: Labels<'target_kind'> = { territory: 'Territory', forces: 'Forces', vessel: 'Vessel', aircraft: 'Aircraft' };
/** every target of an armed attack with its label, in the server's order */
export const TARGETS: [Article5Target, string][] = VOCABULARY.target_kind.map((t) => [t, TARGET_LABELS[t]]);

const TROPIC = 23.43617;

export function parseAt(s: string | undefined): { lat: number; lon: number } | null {
  if (!s) return null;
  const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const lat = +m[1];
  const lon = +m[2];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}
export const formatAt = (lat: number, lon: number) => `${lat.toFixed(4)},${lon.toFixed(4)}`;

/** the sea areas of Article 6(2), drawn under the land */
export function TreatySeas({ path, area }: { path: GeoPath; area: TreatyArea | undefined }) {
  return (
    <g class="treaty treaty-seas">
      <defs>
        <pattern id="sea-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="rgba(240,161,58,0.16)" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="rgba(217,115,13,0.5)" stroke-width="1.6" />
        </pattern>
      </defs>
      {area?.seas.map((s) => (
        <path class={`sea s-${s.status}`} data-sea={s.id} d={path({ type: 'Polygon', coordinates: [closeRing(s.polygon)] }) ?? ''}>
          <title>
            {s.name}: {label(RULING_LABELS, s.status)}
          </title>
        </path>
      ))}
    </g>
  );
}

/** drawn over the land: the Tropic of Cancer, the territorial units by ruling, the checked point */
export function TreatyMarks({
  proj,
  path,
  k = 1,
  area,
  point,
  verdict,
}: {
  proj: GeoProjection;
  path: GeoPath;
  /** the map's zoom: labels, dots and the pin keep their size on screen */
  k?: number;
  area: TreatyArea | undefined;
  point: { lat: number; lon: number } | null;
  verdict: string | null;
}) {
  const s = `scale(${(1 / k).toFixed(4)})`;
  const tropic = path({ type: 'LineString', coordinates: Array.from({ length: 73 }, (_, i) => [-180 + i * 5, TROPIC]) }) ?? '';
  const tropicLabel = proj([-32, TROPIC]);
  const p = point ? proj([point.lon, point.lat]) : null;
  return (
    <g class="treaty" data-testid="treaty-overlay">
      <path class="tropic" d={tropic} />
      {tropicLabel ? (
        <text class="tropic-label" transform={`translate(${tropicLabel[0].toFixed(1)} ${tropicLabel[1].toFixed(1)}) ${s}`} y={-4}>
          Tropic of Cancer
        </text>
      ) : null}
      {area?.units.map((u) => {
        // a unit that is a whole member state (Türkiye) is already shaded as members' territory
        if (u.code === u.sovereign) return null;
        // units of nations that are not members on the date do not belong to the area
        if (area.members.length && !area.members.includes(u.sovereign)) return null;
        const c = proj([u.lon, u.lat]);
        const d = path(geoCircle().center([u.lon, u.lat]).radius(Math.max(u.radius_km, 1) / 111.2)()) ?? '';
        return (
          <g class={`unit u-${u.ruling}${u.radius_km > 400 ? ' large' : ''}`} data-unit={u.code}>
            <title>
              {u.name} ({u.sovereign}): {label(RULING_LABELS, u.ruling)}
              {u.reasoning ? ` — ${u.reasoning}` : ''}
            </title>
            <path d={d} />
            {c ? <circle cx={c[0]} cy={c[1]} r={2.4 / k} /> : null}
          </g>
        );
      })}
      {p ? (
        <g class={`a5-pin${verdict ? ` v-${verdict}` : ' pending'}`} transform={`translate(${p[0].toFixed(1)} ${p[1].toFixed(1)}) ${s}`} data-testid="a5-pin">
          <circle r="9" class="pin-halo" />
          <circle r="4.5" class="pin-dot" />
        </g>
      ) : null}
    </g>
  );
}

/** a closed ring wound as d3-geo wants it (whatever the winding sent: a sea is never larger than a hemisphere) */
function closeRing(ring: [number, number][]): [number, number][] {
  if (!ring.length) return ring;
  const [a, b] = [ring[0], ring[ring.length - 1]];
  const closed = a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
  return geoArea({ type: 'Polygon', coordinates: [closed] }) > 2 * Math.PI ? [...closed].reverse() : closed;
}

export function TreatyLegend({ area, error, retry }: { area: TreatyArea | undefined; error: unknown; retry?: () => void }) {
  const seaStatuses = new Set(area?.seas.map((s) => s.status));
  const unitRulings = new Set(area?.units.map((u) => u.ruling));
  return (
    <div class="legend treaty-legend">
      <ul class="legend-items static" aria-label="Legend of the treaty area">
        <li class="legend-item">
          <span class="swatch" style={`background:${TREATY.member}; width:14px; height:14px`} aria-hidden="true" />
          Members’ territory {area ? <span class="legend-count">{area.members.length}</span> : null}
        </li>
        {(['covered', 'contested', 'not-covered'] as const)
          .filter((s) => seaStatuses.has(s))
          .map((s) => (
            <li class="legend-item">
              <span class={`sea-key s-${s}`} aria-hidden="true" />
              Sea: {label(RULING_LABELS, s).toLowerCase()}
            </li>
          ))}
        {(['covered', 'contested', 'not-covered'] as const)
          .filter((s) => unitRulings.has(s))
          .map((s) => (
            <li class="legend-item">
              <span class={`unit-key u-${s}`} aria-hidden="true" />
              Territory ruled {label(RULING_LABELS, s).toLowerCase()}
            </li>
          ))}
        <li class="legend-item">
          <span class="tropic-key" aria-hidden="true" />
          Tropic of Cancer
        </li>
      </ul>
      {error ? <ErrorBox error={error} what="the treaty area (seas and territorial units)" retry={retry} /> : null}
    </div>
  );
}

const FACTS: [string, string][] = [
  ['sovereign_is_member', 'Sovereign is a member'],
  ['in_europe_or_north_america', 'In Europe or North America'],
  ['on_turkey', 'On Türkiye'],
  ['north_of_tropic', 'North of the Tropic of Cancer'],
  ['in_north_atlantic', 'In the North Atlantic'],
  ['in_mediterranean', 'In the Mediterranean'],
];

/** the side panel of the treaty-area mode */
export function Article5Panel({ date, q, nations, memberIsos }: { date: string; q: Record<string, string>; nations: Nation[]; memberIsos: Set<string> }) {
  const at = parseAt(q.at);
  const target = (TARGETS.some(([t]) => t === q.target) ? q.target : 'territory') as Article5Target;
  const nation = target === 'territory' ? undefined : (q.nation ?? 'USA');
  const res = useAsync(at ? `a5:${formatAt(at.lat, at.lon)}:${date}:${target}:${nation ?? ''}` : null, () =>
    api.article5({ lat: at!.lat, lon: at!.lon, as_of: date, target, nation }),
  );
  // a check that failed shows its error, not the verdict of the point before
  const a = at && !res.error ? res.data : undefined;
  const sorted = useMemo(() => {
    const list = nations.filter((n) => (!n.from || n.from <= date) && (!n.to || date < n.to));
    return {
      members: list.filter((n) => memberIsos.has(n.iso3)).sort((x, y) => x.name.localeCompare(y.name)),
      others: list.filter((n) => !memberIsos.has(n.iso3)).sort((x, y) => x.name.localeCompare(y.name)),
    };
  }, [nations, memberIsos, date]);

  return (
    <section class="card a5-card" aria-labelledby="a5-h" data-testid="article5-panel">
      <div class="card-head">
        <h2 id="a5-h">Article 5 — is it covered?</h2>
        <button type="button" class="btn icon ghost" onClick={() => setQuery({ mode: null, at: null, target: null, nation: null })} aria-label="Leave the treaty-area mode" title="Close">
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 2.1 8 6.6l4.5-4.5 1.4 1.4L9.4 8l4.5 4.5-1.4 1.4L8 9.4l-4.5 4.5-1.4-1.4L6.6 8 2.1 3.5z" /></svg>
        </button>
      </div>
      <p class="muted small lead">
        An armed attack on a member counts under Article 5 only within the area of Article 6. Click anywhere on the map — land or sea — or pick
        a place, to see whether an attack there on {fmtLong(date)} would be covered.
      </p>

      <div class="a5-controls">
        <div class="field">
          <span class="eyebrow" id="a5-target-l">An attack on</span>
          <div class="map-presets" role="group" aria-labelledby="a5-target-l">
            {TARGETS.map(([t, l]) => (
              <button type="button" class="seg" aria-pressed={target === t} data-target={t} onClick={() => setQuery({ target: t === 'territory' ? null : t })}>
                {l}
              </button>
            ))}
          </div>
        </div>
        {target !== 'territory' ? (
          <label class="field">
            <span class="eyebrow">Whose {target}</span>
            <select id="a5-nation" value={nation} onChange={(e) => setQuery({ nation: (e.currentTarget as HTMLSelectElement).value })}>
              <optgroup label="NATO members on the date">
                {sorted.members.map((n) => (
                  <option value={n.iso3}>{n.name}</option>
                ))}
              </optgroup>
              <optgroup label="Other nations">
                {sorted.others.map((n) => (
                  <option value={n.iso3}>{n.name}</option>
                ))}
              </optgroup>
            </select>
          </label>
        ) : null}
        <form
          class="a5-coords"
          onSubmit={(e) => {
            e.preventDefault();
            const f = e.currentTarget as HTMLFormElement;
            const lat = parseFloat((f.elements.namedItem('lat') as HTMLInputElement).value);
            const lon = parseFloat((f.elements.namedItem('lon') as HTMLInputElement).value);
            if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) setQuery({ at: formatAt(lat, lon) });
          }}
        >
          <label class="field">
            <span class="eyebrow">Latitude</span>
            <input type="number" name="lat" step="any" min="-90" max="90" required value={at ? at.lat.toFixed(4) : ''} key={`lat${q.at}`} />
          </label>
          <label class="field">
            <span class="eyebrow">Longitude</span>
            <input type="number" name="lon" step="any" min="-180" max="180" required value={at ? at.lon.toFixed(4) : ''} key={`lon${q.at}`} />
          </label>
          <button type="submit" class="btn">
            Check
          </button>
        </form>
        <div class="field">
          <span class="eyebrow">Places</span>
          <ul class="places">
            {PLACES.map((p) => (
              <li>
                <button type="button" class="chip-btn" onClick={() => setQuery({ at: formatAt(p.lat, p.lon) })}>
                  {p.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>

      <div aria-live="polite" id="a5-answer" class="a5-answer">
        {at && target === 'territory' && res.error instanceof ApiError && res.error.status === 400 ? (
          <div class="infobox a5-try" role="status">
            <p>
              <strong>No territory here.</strong> An attack at sea is on a member’s forces, a vessel or an aircraft: check{' '}
              {TARGETS.filter(([t]) => t !== 'territory').map(([t, l], i) => (
                <>
                  {i ? (i === 2 ? ' or ' : ', ') : ''}
                  <button type="button" class="link" data-target={t} onClick={() => setQuery({ target: t })}>
                    {l.toLowerCase()}
                  </button>
                </>
              ))}
              .
            </p>
            <p class="muted small">Server: {res.error.message}</p>
          </div>
        ) : at ? (
          <ErrorBox error={res.error} what="the Article 5 ruling" retry={res.reload} />
        ) : null}
        {at && !a && res.loading ? <Loading label="Checking…" /> : null}
        {a ? <Article5Result a={a} loading={res.loading} /> : null}
      </div>
    </section>
  );
}

function yesNo(v: unknown) {
  if (v === true) return <span class="yn yes">yes</span>;
  if (v === false) return <span class="yn no">no</span>;
  return <span class="muted">—</span>;
}

function Article5Result({ a, loading }: { a: Article5Answer; loading: boolean }) {
  const [lon, lat] = a.facts.point ?? [NaN, NaN];
  return (
    <div class={`a5-result${loading ? ' stale' : ''}`} data-testid="article5-result" data-verdict={a.verdict}>
      <div class={`outcome o-${a.verdict}`}>
        <span class="outcome-icon" aria-hidden="true">
          {a.verdict === 'covered' ? '✓' : a.verdict === 'contested' ? '?' : '✕'}
        </span>
        <span class="outcome-text" data-testid="article5-verdict">
          {label(RULING_LABELS, a.verdict)}
        </span>
      </div>
      <p class="outcome-sub">
        <span class="code clause-code">{a.clause}</span>
        {Number.isFinite(lat) ? (
          <span class="muted small">
            {' '}
            at {lat.toFixed(3)}°, {lon.toFixed(3)}°
          </span>
        ) : null}
      </p>
      <dl class="facts compact-facts">
        <div>
          <dt>Territory</dt>
          <dd>
            {a.facts.territory ? (
              <>
                {a.facts.territory.name}{' '}
                {a.facts.territory.sovereign ? (
                  <a class="muted small" href={href({ view: 'nation', id: a.facts.territory.sovereign })}>
                    ({a.facts.territory.sovereign})
                  </a>
                ) : null}
              </>
            ) : (
              <span class="muted">at sea</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Sea area</dt>
          <dd>
            {a.facts.sea_area ? (
              <>
                {a.facts.sea_area.name} <VerdictPill value={a.facts.sea_area.status} labels={RULING_LABELS} />
              </>
            ) : (
              <span class="muted">none</span>
            )}
          </dd>
        </div>
        {FACTS.filter(([k]) => k in a.facts).map(([k, l]) => (
          <div>
            <dt>{l}</dt>
            <dd>{yesNo(a.facts[k])}</dd>
          </div>
        ))}
      </dl>
      {a.target ? (
        <div class="a5-target">
          <span class="eyebrow">Target</span>
          <a href={href({ view: 'nation', id: a.target.iso3 })}>{a.target.name}</a> <span class="muted small">({relationLabel(a.target.relation).toLowerCase()})</span>
          {a.target.frameworks.length ? (
            <span class="muted small">
              {' '}
              via{' '}
              {a.target.frameworks.map((f, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={href({ view: 'framework', id: f, org: 'NATO' })}>{f}</a>
                </>
              ))}
            </span>
          ) : null}
        </div>
      ) : null}
      {a.verdict === 'covered' && a.bound.length ? (
        <details class="a5-bound">
          <summary>
            {a.bound.length} members bound to assist under Article 5
          </summary>
          <NationChips nations={a.bound} testid="bound" />
        </details>
      ) : null}
      {a.article4 ? <p class="infobox small">{a.article4}</p> : null}
      <h3>Reasoning</h3>
      <Reasoning items={a.reasoning} />
    </div>
  );
}
