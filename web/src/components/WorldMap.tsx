import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { feature } from 'topojson-client';
import { geoEqualEarth, geoGraticule10, geoPath, type GeoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import type { Nation, RelationEntry } from '../api';
import { fmtShort } from '../dates';
import { RELATIONS, RELATION_ORDER, relationFill, relationLabel, type MapRelation } from '../relations';

const W = 960;
// tiny Pacific islands that straddle the antimeridian would force the full sphere width
const FIT_EXCLUDE = new Set(['242', '090', '548', '540']);

export interface Country {
  key: string;
  /** ISO 3166-1 numeric, or null (Kosovo, N. Cyprus, Somaliland in Natural Earth 110m) */
  numeric: string | null;
  name: string;
  geo: Feature<Geometry, { name: string }>;
}

let atlasPromise: Promise<Country[]> | null = null;

function loadAtlas(): Promise<Country[]> {
  if (!atlasPromise) {
    atlasPromise = fetch(atlasUrl)
      .then((r) => {
        if (!r.ok) throw new Error(`could not load the map (${r.status})`);
        return r.json();
      })
      .then((topo) => {
        const fc = feature(topo, topo.objects.countries) as unknown as { features: Feature<Geometry, { name: string }>[] };
        return fc.features
          .filter((f) => f.id !== '010') // Antarctica: no relations, much space
          .map((f, i) => ({
            key: f.id != null ? String(f.id) : `name:${f.properties.name}:${i}`,
            numeric: f.id != null ? String(f.id) : null,
            name: f.properties.name,
            geo: f,
          }));
      });
    atlasPromise.catch(() => (atlasPromise = null));
  }
  return atlasPromise;
}

export const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

// Natural Earth names that differ from common ISO names, for features without an id.
const NAME_ALIASES: Record<string, string[]> = {
  kosovo: ['kosovo', 'republic of kosovo'],
  'n cyprus': ['northern cyprus', 'turkish republic of northern cyprus'],
  somaliland: ['somaliland'],
};

// When a nation did not exist on the date, colour its modern territory by the
// state it was part of (ISO numeric codes of predecessors, tried in order).
const PREDECESSORS: Record<string, string[]> = {
  '276': ['280'], // Germany ← West Germany (FRG)
  '643': ['810'], // Russia ← USSR
  '804': ['810'],
  '112': ['810'],
  '233': ['810'],
  '428': ['810'],
  '440': ['810'],
  '498': ['810'],
  '268': ['810'],
  '051': ['810'],
  '031': ['810'],
  '398': ['810'],
  '417': ['810'],
  '762': ['810'],
  '795': ['810'],
  '860': ['810'],
  '203': ['200'], // Czechia ← Czechoslovakia
  '703': ['200'],
  '688': ['891', '890'], // Serbia ← Serbia and Montenegro ← Yugoslavia
  '499': ['891', '890'],
  '191': ['890'],
  '705': ['890'],
  '070': ['890'],
  '807': ['890'],
  '887': ['886'], // Yemen ← North Yemen
  '728': ['729'], // South Sudan ← Sudan
  '232': ['231'], // Eritrea ← Ethiopia
  'name:kosovo': ['688', '891', '890'],
  // territories coloured by their sovereign when the API lists no entry of their own
  '304': ['208'], // Greenland → Denmark
  '238': ['826'], // Falkland Is. → United Kingdom
  '260': ['250'], // Fr. S. Antarctic Lands → France
  '540': ['250'], // New Caledonia → France
  '630': ['840'], // Puerto Rico → United States
};

export type ViewPreset = 'world' | 'atlantic' | 'europe';

const PRESETS: Record<ViewPreset, { label: string; bounds: [number, number, number, number] | null }> = {
  world: { label: 'World', bounds: null },
  atlantic: { label: 'Euro-Atlantic', bounds: [-128, 22, 62, 72] },
  europe: { label: 'Europe', bounds: [-24, 34, 48, 71] },
};

function boundsGeo([w, s, e, n]: [number, number, number, number]): GeoPermissibleObjects {
  const pts: [number, number][] = [];
  for (let i = 0; i <= 8; i++) {
    const x = w + ((e - w) * i) / 8;
    pts.push([x, s], [x, n]);
  }
  return { type: 'MultiPoint', coordinates: pts };
}

export interface MapItem {
  country: Country;
  iso3: string | null;
  name: string;
  relation: MapRelation;
  frameworks: string[];
  /** set when the territory is coloured by a predecessor state */
  via: string | null;
  /** why there is no data, when known */
  why: string | null;
}

export function useAtlas() {
  const [countries, setCountries] = useState<Country[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadAtlas().then(setCountries, setError);
  }, []);
  return { countries, error };
}

/** Join map features with the relations of the chosen organisation. */
export function joinRelations(
  countries: Country[],
  relations: RelationEntry[] | undefined,
  nationsByNumeric: Map<string, Nation>,
  asOf: string | null,
): MapItem[] {
  const byNum = new Map<string, RelationEntry>();
  const byName = new Map<string, RelationEntry>();
  for (const r of relations ?? []) {
    if (r.iso_numeric) byNum.set(String(r.iso_numeric).padStart(3, '0'), r);
    byName.set(norm(r.name), r);
  }
  const nationsByName = new Map<string, Nation>();
  for (const n of nationsByNumeric.values()) nationsByName.set(norm(n.name), n);

  return countries.map((c) => {
    let entry: RelationEntry | undefined;
    let nation: Nation | undefined;
    const nameKeys = [norm(c.name), ...(NAME_ALIASES[norm(c.name)] ?? [])];
    if (c.numeric) {
      entry = byNum.get(c.numeric);
      nation = nationsByNumeric.get(c.numeric);
    } else {
      for (const k of nameKeys) entry ??= byName.get(k);
      for (const k of nameKeys) nation ??= nationsByName.get(k);
    }
    let via: string | null = null;
    if (!entry && relations) {
      const preds = PREDECESSORS[c.numeric ?? `name:${norm(c.name)}`] ?? [];
      for (const p of preds) {
        const e = byNum.get(p);
        if (e) {
          entry = e;
          via = e.name;
          break;
        }
      }
    }
    const iso3 = via ? (nation?.iso3 ?? null) : (entry?.iso3 ?? nation?.iso3 ?? null);
    const relation: MapRelation = entry && entry.relation in RELATIONS ? entry.relation : 'no-data';
    let why: string | null = null;
    if (!entry && relations) {
      if (nation?.from && asOf && nation.from > asOf) why = `a state from ${fmtShort(nation.from)}`;
      else if (nation?.to && asOf && nation.to <= asOf) why = `a state until ${fmtShort(nation.to)}`;
      else if (!nation) why = 'not in the registry';
    }
    return {
      why,
      country: c,
      iso3,
      name: via ? (nation?.name ?? c.name) : (entry?.name ?? nation?.name ?? c.name),
      relation,
      frameworks: entry?.frameworks ?? [],
      via,
    };
  });
}

interface Props {
  countries: Country[];
  items: MapItem[];
  asOf: string | null;
  org: string;
  selected: string | null;
  highlight: MapRelation | null;
  loading: boolean;
  preset: ViewPreset;
  onSelect: (iso3: string) => void;
  caption: string;
  /** nations with a change on the date, outlined */
  changed?: Set<string>;
  /** the organisation's headquarters, drawn as a marker */
  hq?: { lat: number; lon: number; label: string } | null;
  /** overrides the relation colour of a country (the treaty-area mode) */
  fillOf?: (it: MapItem) => string;
  /** drawn over the countries, in map coordinates */
  overlay?: (p: { proj: GeoProjection; path: GeoPath }) => ComponentChildren;
  /** drawn under the countries (over the sea), in map coordinates */
  underlay?: (p: { proj: GeoProjection; path: GeoPath }) => ComponentChildren;
  /** when set, a click anywhere on the map (sea included) gives its [lon, lat] instead of selecting a nation */
  onPoint?: (lonLat: [number, number]) => void;
  /** extra line in the tooltip */
  tipHint?: string;
}

/** the map's own test/automation hook: `svg.map.__entente.project([lon, lat])` → viewBox [x, y] */
interface MapHook {
  project: (lonLat: [number, number]) => [number, number] | null;
  invert: (xy: [number, number]) => [number, number] | null;
}

export function MapPresets({ preset, onPreset }: { preset: ViewPreset; onPreset: (p: ViewPreset) => void }) {
  return (
    <div class="map-presets" role="group" aria-label="Map view">
      {(Object.keys(PRESETS) as ViewPreset[]).map((p) => (
        <button type="button" class="seg" aria-pressed={preset === p} onClick={() => onPreset(p)}>
          {PRESETS[p].label}
        </button>
      ))}
    </div>
  );
}

export function WorldMap({ countries, items, asOf, org, selected, highlight, loading, preset, onSelect, caption, hq, changed, fillOf, overlay, underlay, onPoint, tipHint }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [tip, setTip] = useState<{ x: number; y: number; item: MapItem } | null>(null);

  const { paths, graticule, sphere, H, proj } = useMemo(() => {
    // World: Equal Earth centred on 10°E (keeps Chukotka and the Aleutians with
    // their own side), fitted to the width; the height follows the land.
    const pad = 8;
    const fitSet = { type: 'FeatureCollection', features: countries.filter((c) => !FIT_EXCLUDE.has(c.key)).map((c) => c.geo) } as GeoPermissibleObjects;
    const world = geoEqualEarth().rotate([-10, 0]).fitWidth(W - 2 * pad, fitSet);
    const [[, y0], [, y1]] = geoPath(world).bounds(fitSet);
    const H = Math.round(y1 - y0 + 2 * pad);
    const b = PRESETS[preset].bounds;
    const proj = b ? geoEqualEarth().rotate([-10, 0]).fitExtent([[pad, pad], [W - pad, H - pad]], boundsGeo(b)) : world.translate([world.translate()[0] + pad, world.translate()[1] - y0 + pad]);
    proj.clipExtent([[0, 0], [W, H]]);
    const gp = geoPath(proj);
    const paths = new Map<string, string>();
    for (const c of countries) paths.set(c.key, gp(c.geo) ?? '');
    return { paths, graticule: gp(geoGraticule10()) ?? '', sphere: gp({ type: 'Sphere' }) ?? '', H, proj };
  }, [countries, preset]);

  // the country paths do not depend on the hover state: memoised so moving the pointer is cheap
  const countryPaths = useMemo(
    () => (
      <g class="countries">
        {items.map((it) => (
          <path
            key={it.country.key}
            d={paths.get(it.country.key)}
            data-key={it.country.key}
            data-iso3={it.iso3 ?? undefined}
            data-relation={it.relation}
            data-name={it.name}
            fill={fillOf ? fillOf(it) : relationFill(it.relation)}
            class={`country${it.iso3 ? ' clickable' : ''}${highlight && highlight !== it.relation ? ' dim' : ''}`}
          />
        ))}
      </g>
    ),
    [items, paths, highlight, fillOf],
  );

  // invert a click to [lon, lat]; null outside the globe
  const invert = (xy: [number, number]): [number, number] | null => {
    const ll = proj.invert?.(xy);
    if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1]) || Math.abs(ll[1]) > 90 || Math.abs(ll[0]) > 180) return null;
    const back = proj(ll);
    if (!back || Math.hypot(back[0] - xy[0], back[1] - xy[1]) > 0.5) return null;
    return ll;
  };
  useEffect(() => {
    const el = svgRef.current as (SVGSVGElement & { __entente?: MapHook }) | null;
    if (el) el.__entente = { project: (ll) => proj(ll), invert };
  }, [proj]);

  const selItem = selected ? items.find((i) => i.iso3 === selected) : undefined;

  const itemAt = (el: EventTarget | null): MapItem | null => {
    const t = el as Element | null;
    const key = t?.getAttribute?.('data-key');
    if (!key) return null;
    return items.find((i) => i.country.key === key) ?? null;
  };

  const onMove = (e: PointerEvent) => {
    const it = itemAt(e.target);
    if (!it || !wrap.current) return setTip(null);
    const r = wrap.current.getBoundingClientRect();
    if (tip && tip.item === it && Math.abs(tip.x - (e.clientX - r.left)) < 3 && Math.abs(tip.y - (e.clientY - r.top)) < 3) return;
    setTip({ x: e.clientX - r.left, y: e.clientY - r.top, item: it });
  };

  const onClick = (e: MouseEvent) => {
    if (onPoint) {
      const svg = svgRef.current;
      const m = svg?.getScreenCTM();
      if (!svg || !m) return;
      const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      const ll = invert([pt.x, pt.y]);
      if (ll) onPoint(ll);
      return;
    }
    const it = itemAt(e.target);
    if (it?.iso3) onSelect(it.iso3);
  };

  const tipW = wrap.current?.clientWidth ?? W;

  return (
    <div class={`map-wrap${loading ? ' is-loading' : ''}${onPoint ? ' pick' : ''}`} ref={wrap}>
      <div class="map-stamp" aria-hidden="true">
        <span class="stamp-org">{org}</span>
        <span class="stamp-date">{asOf ?? ''}</span>
        {loading ? <span class="spinner" /> : null}
      </div>
      <svg
        class="map"
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        style={`aspect-ratio:${W}/${H}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={caption}
        data-as-of={asOf ?? ''}
        data-org={org}
        onPointerMove={onMove}
        onPointerLeave={() => setTip(null)}
        onClick={onClick}
      >
        <defs>
          {RELATION_ORDER.filter((r) => RELATIONS[r].hatch).map((r) => (
            <pattern id={`hatch-${r}`} patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">
              <rect width="5" height="5" fill={RELATIONS[r].hatch!.bg} />
              <line x1="0" y1="0" x2="0" y2="5" stroke={RELATIONS[r].color} stroke-width="2.6" />
            </pattern>
          ))}
        </defs>
        {onPoint ? <path class="sphere" d={sphere} /> : null}
        <path class="graticule" d={graticule} />
        {underlay ? underlay({ proj, path: geoPath(proj) }) : null}
        {countryPaths}
        {overlay ? overlay({ proj, path: geoPath(proj) }) : null}
        {tip ? <path class="hover-outline" d={paths.get(tip.item.country.key)} /> : null}
        {changed && changed.size
          ? items
              .filter((it) => it.iso3 && changed.has(it.iso3) && it.iso3 !== selected)
              .map((it) => <path class="changed-outline" d={paths.get(it.country.key)} data-changed={it.iso3 ?? undefined} />)
          : null}
        {selItem ? <path class="selected-outline" d={paths.get(selItem.country.key)} /> : null}
        {(() => {
          const p = hq ? proj([hq.lon, hq.lat]) : null;
          if (!hq || !p || p[0] < 0 || p[0] > W || p[1] < 0 || p[1] > H) return null;
          return (
            <g class="hq" transform={`translate(${p[0].toFixed(1)} ${p[1].toFixed(1)})`}>
              <title>{hq.label}</title>
              <circle r="5.5" class="hq-ring" />
              <circle r="2.4" class="hq-dot" />
            </g>
          );
        })()}
      </svg>
      {tip ? (
        <div
          class="map-tip"
          style={`left:${Math.min(tip.x + 14, tipW - 220)}px; top:${tip.y + 14}px`}
          aria-hidden="true"
        >
          <strong>{tip.item.name}</strong>
          <span class="tip-rel">
            <span class="dot" style={`background:${RELATIONS[tip.item.relation].color}`} />
            {relationLabel(tip.item.relation)}
            {tip.item.frameworks.length ? ` · ${tip.item.frameworks.join(', ')}` : ''}
          </span>
          {tip.item.via ? <span class="tip-via">as part of {tip.item.via}</span> : null}
          {tip.item.why ? <span class="tip-via">{tip.item.why}</span> : null}
          {tipHint ? <span class="tip-via">{tipHint}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
