import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { feature } from 'topojson-client';
import { geoEqualEarth, geoGraticule10, geoPath, type GeoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import type { Nation, RelationEntry } from '../api';
import { fmtShort } from '../dates';
import { RELATIONS, RELATION_ORDER, relationFill, relationLabel, type MapRelation } from '../relations';
import { href } from '../route';
import { drawnAreas, smallStates } from '../smallstates';
import {
  IDENTITY,
  MAX_ZOOM,
  ZOOM_STEP,
  applyView,
  invertView,
  isDrag,
  keyView,
  panBy,
  pinch,
  sameView,
  toTransform,
  wheelFactor,
  zoomAbout,
  zoomCentre,
  type Point,
  type ZoomFrame,
  type ZoomView,
} from '../zoom';
import '../styles/map.css';

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
  /** set when the territory is coloured by a predecessor state: its name */
  via: string | null;
  /** the predecessor state's code, when `via` is set */
  viaIso3: string | null;
  /** why there is no data, when known */
  why: string | null;
}

export function useAtlas() {
  const [countries, setCountries] = useState<Country[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setError(null);
    loadAtlas().then(setCountries, setError);
  }, [attempt]);
  return { countries, error, reload: () => setAttempt((a) => a + 1) };
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
    let viaIso3: string | null = null;
    if (!entry && relations) {
      const preds = PREDECESSORS[c.numeric ?? `name:${norm(c.name)}`] ?? [];
      for (const p of preds) {
        const e = byNum.get(p);
        if (e) {
          entry = e;
          via = e.name;
          viaIso3 = e.iso3;
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
      viaIso3,
    };
  });
}

export interface MapLayerProps {
  proj: GeoProjection;
  path: GeoPath;
  /** the zoom scale: marks drawn at a fixed size on screen divide their size by it */
  k: number;
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
  fillOf?: (it: Pick<MapItem, 'relation'>) => string;
  /** drawn over the countries, in map coordinates */
  overlay?: (p: MapLayerProps) => ComponentChildren;
  /** drawn under the countries (over the sea), in map coordinates */
  underlay?: (p: MapLayerProps) => ComponentChildren;
  /** when set, a click anywhere on the map (sea included) gives its [lon, lat] instead of selecting a nation */
  onPoint?: (lonLat: [number, number]) => void;
  /** extra line in the tooltip */
  tipHint?: string;
  /** the nations on the date with their relation: those too small to click get a point at their capital */
  relations?: RelationEntry[];
  /** every nation by ISO alpha-3 code (their capitals place the points) */
  nationsByIso3?: Map<string, Nation>;
}

/** the map's own test/automation hook: `svg.map.__entente.project([lon, lat])` → viewBox [x, y] as drawn (zoom included) */
interface MapHook {
  project: (lonLat: [number, number]) => [number, number] | null;
  invert: (xy: [number, number]) => [number, number] | null;
  view: () => ZoomView;
}

/** a state too small to click, drawn as a point at its capital */
interface SmallPoint {
  iso3: string;
  name: string;
  relation: MapRelation;
  frameworks: string[];
  x: number;
  y: number;
}

/** what the tooltip of a country shows */
interface Tip {
  x: number;
  y: number;
  key: string;
  name: string;
  relation: MapRelation;
  frameworks: string[];
  via: string | null;
  why: string | null;
  /** the country's outline, drawn while it is hovered */
  outline: string | null;
}

/** the radius of a small state's point and of the area around it that takes a click, in screen pixels */
const POINT_PX = 4;
const POINT_HIT_PX = 8;

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

function zoomWords(v: ZoomView): string {
  return v.k <= 1.001 ? 'Whole map shown' : `Map zoomed in ${v.k < 10 ? v.k.toFixed(1) : Math.round(v.k)} times`;
}

export function WorldMap({
  countries,
  items,
  asOf,
  org,
  selected,
  highlight,
  loading,
  preset,
  onSelect,
  caption,
  hq,
  changed,
  fillOf,
  overlay,
  underlay,
  onPoint,
  tipHint,
  relations,
  nationsByIso3,
}: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  const [view, setView] = useState<ZoomView>(IDENTITY);
  /** the newest view, also while it waits for the next frame to be drawn */
  const viewRef = useRef<ZoomView>(IDENTITY);
  const frame = useRef<number | null>(null);
  const [pxPerUnit, setPxPerUnit] = useState(0.8);
  const [zoomSaid, setZoomSaid] = useState('');

  const { paths, areas, graticule, sphere, H, proj } = useMemo(() => {
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
    const areas = new Map<string, number>();
    for (const c of countries) {
      paths.set(c.key, gp(c.geo) ?? '');
      areas.set(c.key, gp.area(c.geo));
    }
    return { paths, areas, graticule: gp(geoGraticule10()) ?? '', sphere: gp({ type: 'Sphere' }) ?? '', H, proj };
  }, [countries, preset]);

  const zf: ZoomFrame = { width: W, height: H, min: 1, max: MAX_ZOOM };
  const zfRef = useRef(zf);
  zfRef.current = zf;

  /** show a view (drawn at the next frame: a burst of wheel or pointer events draws once) */
  const apply = (v: ZoomView, announce = false) => {
    if (sameView(v, viewRef.current) && !announce) return;
    viewRef.current = v;
    if (announce) setZoomSaid(zoomWords(v));
    if (frame.current == null) {
      frame.current = requestAnimationFrame(() => {
        frame.current = null;
        setView(viewRef.current);
      });
    }
  };
  useEffect(() => () => {
    if (frame.current != null) cancelAnimationFrame(frame.current);
  }, []);

  // another preset is another projection: start from the whole of it
  useEffect(() => {
    viewRef.current = IDENTITY;
    setView(IDENTITY);
  }, [preset]);

  // screen pixels per viewBox unit, to keep points and markers a fixed size on screen
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const measure = () => {
      const w = el.getBoundingClientRect().width;
      if (w > 0) setPxPerUnit(w / W);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  /** a screen point in viewBox units (outside the zoom) */
  const toViewBox = (clientX: number, clientY: number): [number, number] | null => {
    const m = svgRef.current?.getScreenCTM();
    if (!m) return null;
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return [p.x, p.y];
  };

  // the country paths do not depend on the hover state or the zoom: memoised so moving the pointer is cheap
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
            vector-effect="non-scaling-stroke"
            class={`country${it.iso3 ? ' clickable' : ''}${highlight && highlight !== it.relation ? ' dim' : ''}`}
          />
        ))}
      </g>
    ),
    [items, paths, highlight, fillOf],
  );

  // the states too small to click at this zoom, as points at their capitals
  const drawn = useMemo(
    () => drawnAreas(items.map((it) => ({ iso3: it.iso3, viaIso3: it.viaIso3, area: areas.get(it.country.key) ?? 0 }))),
    [items, areas],
  );
  const points = useMemo((): SmallPoint[] => {
    if (!relations || !nationsByIso3) return [];
    const capitalOf = (iso3: string) => {
      const n = nationsByIso3.get(iso3);
      return n && typeof n.capital_lat === 'number' && typeof n.capital_lon === 'number' ? ([n.capital_lon, n.capital_lat] as [number, number]) : null;
    };
    const out: SmallPoint[] = [];
    for (const e of smallStates(relations, drawn, view.k, (iso3) => capitalOf(iso3) !== null)) {
      const p = proj(capitalOf(e.iso3)!);
      if (!p || p[0] < 0 || p[0] > W || p[1] < 0 || p[1] > H) continue;
      out.push({ iso3: e.iso3, name: e.name, relation: e.relation in RELATIONS ? e.relation : 'no-data', frameworks: e.frameworks, x: p[0], y: p[1] });
    }
    return out;
  }, [relations, nationsByIso3, drawn, view.k, proj, H]);

  // invert a viewBox point (as drawn, zoom included) to [lon, lat]; null outside the globe
  const invert = (xy: [number, number]): [number, number] | null => {
    const m = invertView(viewRef.current, xy);
    const ll = proj.invert?.(m);
    if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1]) || Math.abs(ll[1]) > 90 || Math.abs(ll[0]) > 180) return null;
    const back = proj(ll);
    if (!back || Math.hypot(back[0] - m[0], back[1] - m[1]) > 0.5) return null;
    return ll;
  };
  useEffect(() => {
    const el = svgRef.current as (SVGSVGElement & { __entente?: MapHook }) | null;
    if (el)
      el.__entente = {
        project: (ll) => {
          const p = proj(ll);
          return p ? applyView(viewRef.current, p) : null;
        },
        invert,
        view: () => ({ ...viewRef.current }),
      };
  }, [proj]);

  // the wheel zooms about the pointer; zooming out of the whole map scrolls the page instead
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const f = wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey, window.innerHeight);
      const v = viewRef.current;
      if (f < 1 && v.k <= 1) return;
      e.preventDefault();
      const p = toViewBox(e.clientX, e.clientY);
      if (p) apply(zoomAbout(v, f, p, zfRef.current));
      setTip(null);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const selItem = selected ? items.find((i) => i.iso3 === selected) : undefined;

  const tipAt = (el: EventTarget | null, x: number, y: number): Tip | null => {
    // a small state's point has its own title
    const t = el as Element | null;
    const key = t?.getAttribute?.('data-key');
    const it = key ? items.find((i) => i.country.key === key) : undefined;
    return it ? { x, y, key: it.country.key, name: it.name, relation: it.relation, frameworks: it.frameworks, via: it.via, why: it.why, outline: paths.get(it.country.key) ?? null } : null;
  };

  // pointers: one drags the map, two pinch it; a press that moved is not a click
  const gesture = useRef({
    pointers: new Map<number, Point>(),
    start: [0, 0] as Point,
    startView: IDENTITY,
    pinchFrom: null as [Point, Point] | null,
    dragging: false,
    dragged: false,
  });

  const capture = (id: number) => {
    try {
      svgRef.current?.setPointerCapture(id);
    } catch {
      /* the pointer is gone already */
    }
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const g = gesture.current;
    if (e.isPrimary) g.pointers.clear();
    g.pointers.set(e.pointerId, [e.clientX, e.clientY]);
    if (g.pointers.size === 1) {
      g.start = [e.clientX, e.clientY];
      g.startView = viewRef.current;
      g.dragging = false;
      g.dragged = false;
      g.pinchFrom = null;
    } else if (g.pointers.size === 2) {
      const [a, b] = [...g.pointers.values()].map((p) => toViewBox(p[0], p[1]));
      if (a && b) {
        g.pinchFrom = [a, b];
        g.startView = viewRef.current;
        g.dragged = true;
        for (const id of g.pointers.keys()) capture(id);
      }
    }
  };

  const onPointerMove = (e: PointerEvent) => {
    const g = gesture.current;
    if (g.pointers.has(e.pointerId)) {
      g.pointers.set(e.pointerId, [e.clientX, e.clientY]);
      if (g.pointers.size >= 2 && g.pinchFrom) {
        const [a, b] = [...g.pointers.values()].slice(0, 2).map((p) => toViewBox(p[0], p[1]));
        if (a && b) apply(pinch(g.startView, g.pinchFrom, [a, b], zfRef.current));
        if (tip) setTip(null);
        return;
      }
      if (!g.dragging && isDrag(g.start, [e.clientX, e.clientY])) {
        g.dragging = true;
        g.dragged = true;
        capture(e.pointerId);
      }
      if (g.dragging) {
        const s = svgRef.current?.getScreenCTM()?.a || pxPerUnit;
        apply(panBy(g.startView, (e.clientX - g.start[0]) / s, (e.clientY - g.start[1]) / s, zfRef.current));
        if (tip) setTip(null);
        return;
      }
    }
    if (!wrap.current) return;
    const r = wrap.current.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    if (tip && Math.abs(tip.x - x) < 3 && Math.abs(tip.y - y) < 3) return;
    const next = tipAt(e.target, x, y);
    if (!next) return tip ? setTip(null) : undefined;
    setTip(next);
  };

  const onPointerEnd = (e: PointerEvent) => {
    const g = gesture.current;
    g.pointers.delete(e.pointerId);
    if (g.pointers.size === 1) {
      // a pinch ends: the finger left drags on from where it is
      g.start = [...g.pointers.values()][0];
      g.startView = viewRef.current;
      g.pinchFrom = null;
      g.dragging = true;
    } else if (g.pointers.size === 0) {
      g.dragging = false;
      g.pinchFrom = null;
    }
  };

  const onClick = (e: MouseEvent) => {
    // the click that ends a drag or a pinch is no click (a keyboard's click has detail 0)
    if (gesture.current.dragged && e.detail !== 0) {
      gesture.current.dragged = false;
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if (onPoint) {
      const p = toViewBox(e.clientX, e.clientY);
      const ll = p ? invert(p) : null;
      if (ll) onPoint(ll);
      e.preventDefault();
      return;
    }
    const key = (e.target as Element | null)?.getAttribute?.('data-key');
    const it = key ? items.find((i) => i.country.key === key) : undefined;
    if (it?.iso3) onSelect(it.iso3);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const next = keyView(e.key, viewRef.current, zfRef.current);
    if (!next) return;
    e.preventDefault();
    apply(next, true);
  };

  const zoomBy = (factor: number) => apply(zoomCentre(viewRef.current, factor, zf), true);
  const atMin = view.k <= 1.0001;
  const atMax = view.k >= MAX_ZOOM - 1e-6;

  const k = view.k;
  const unit = 1 / (pxPerUnit * k); // viewBox units per screen pixel at this zoom
  // on a phone-sized map the points are smaller, or they would cover the small seas
  const pointPx = pxPerUnit < 0.6 ? POINT_PX - 1 : POINT_PX;
  const tipW = wrap.current?.clientWidth ?? W;
  const path = geoPath(proj);
  const pointFill = (r: MapRelation) => (fillOf ? fillOf({ relation: r }) : RELATIONS[r].color);

  return (
    <div class={`map-wrap${loading ? ' is-loading' : ''}${onPoint ? ' pick' : ''}${atMin ? '' : ' zoomed'}`} ref={wrap}>
      <div class="map-stamp" aria-hidden="true">
        <span class="stamp-org">{org}</span>
        <span class="stamp-date">{asOf ?? ''}</span>
        {loading ? <span class="spinner" /> : null}
      </div>
      <svg
        class="map"
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        style={`aspect-ratio:${W}/${H}; touch-action:${atMin ? 'pan-y' : 'none'}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-label={caption}
        aria-describedby="map-keys"
        tabindex={0}
        data-as-of={asOf ?? ''}
        data-org={org}
        data-zoom={k.toFixed(3)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onPointerLeave={() => setTip(null)}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        <defs>
          {RELATION_ORDER.filter((r) => RELATIONS[r].hatch).map((r) => (
            <pattern id={`hatch-${r}`} patternUnits="userSpaceOnUse" width="5" height="5" patternTransform={`rotate(45) scale(${(1 / k).toFixed(4)})`}>
              <rect width="5" height="5" fill={RELATIONS[r].hatch!.bg} />
              <line x1="0" y1="0" x2="0" y2="5" stroke={RELATIONS[r].color} stroke-width="2.6" />
            </pattern>
          ))}
        </defs>
        <g class="zoom-layer" transform={toTransform(view)} data-testid="zoom-layer">
          {onPoint ? <path class="sphere" d={sphere} vector-effect="non-scaling-stroke" /> : null}
          <path class="graticule" d={graticule} vector-effect="non-scaling-stroke" />
          {underlay ? underlay({ proj, path, k }) : null}
          {countryPaths}
          {overlay ? overlay({ proj, path, k }) : null}
          {tip?.outline ? <path class="hover-outline" d={tip.outline} vector-effect="non-scaling-stroke" /> : null}
          {changed && changed.size
            ? items
                .filter((it) => it.iso3 && changed.has(it.iso3) && it.iso3 !== selected)
                .map((it) => <path class="changed-outline" d={paths.get(it.country.key)} data-changed={it.iso3 ?? undefined} vector-effect="non-scaling-stroke" />)
            : null}
          {selItem ? <path class="selected-outline" d={paths.get(selItem.country.key)} vector-effect="non-scaling-stroke" /> : null}
          {points.length ? (
            <g class={`small-states${onPoint ? ' static' : ''}`} data-testid="small-states">
              {points.map((p) => {
                const label = `${p.name}: ${relationLabel(p.relation)}${p.frameworks.length ? ` (${p.frameworks.join(', ')})` : ''}`;
                const dim = `${highlight && highlight !== p.relation ? ' dim' : ''}${RELATIONS[p.relation].light ? ' light' : ''}`;
                const mark = (
                  <>
                    <title>{label}</title>
                    <circle class="point-hit" cx={p.x} cy={p.y} r={POINT_HIT_PX * unit} />
                    {changed?.has(p.iso3) && p.iso3 !== selected ? <circle class="point-changed" cx={p.x} cy={p.y} r={(pointPx + 2.5) * unit} /> : null}
                    {p.iso3 === selected ? <circle class="point-selected" cx={p.x} cy={p.y} r={(pointPx + 3) * unit} /> : null}
                    <circle class="point-dot" cx={p.x} cy={p.y} r={pointPx * unit} fill={pointFill(p.relation)} />
                  </>
                );
                // in the treaty-area mode a click asks about the place, so the points are only marks
                return onPoint ? (
                  <g class={`small-state${dim}`} data-point={p.iso3} data-relation={p.relation}>
                    {mark}
                  </g>
                ) : (
                  <a class={`small-state${dim}`} href={href({ view: 'nation', id: p.iso3 })} data-point={p.iso3} data-relation={p.relation} aria-label={label}>
                    {mark}
                  </a>
                );
              })}
            </g>
          ) : null}
          {(() => {
            const p = hq ? proj([hq.lon, hq.lat]) : null;
            if (!hq || !p || p[0] < 0 || p[0] > W || p[1] < 0 || p[1] > H) return null;
            return (
              <g class="hq" transform={`translate(${p[0].toFixed(1)} ${p[1].toFixed(1)}) scale(${(1 / k).toFixed(4)})`}>
                <title>{hq.label}</title>
                <circle r="5.5" class="hq-ring" />
                <circle r="2.4" class="hq-dot" />
              </g>
            );
          })()}
        </g>
      </svg>
      <div class="zoom-ctl" role="group" aria-label="Zoom the map">
        <button type="button" class="zoom-btn" aria-label="Zoom in" title="Zoom in (+)" aria-disabled={atMax} data-zoom="in" onClick={() => !atMax && zoomBy(ZOOM_STEP)}>
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M7 2h2v5h5v2H9v5H7V9H2V7h5z" /></svg>
        </button>
        <button type="button" class="zoom-btn" aria-label="Zoom out" title="Zoom out (−)" aria-disabled={atMin} data-zoom="out" onClick={() => !atMin && zoomBy(1 / ZOOM_STEP)}>
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M2 7h12v2H2z" /></svg>
        </button>
        <button type="button" class="zoom-btn" aria-label="Show the whole map" title="Whole map (0)" aria-disabled={atMin} data-zoom="reset" onClick={() => !atMin && apply(IDENTITY, true)}>
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1.5 1.5h5v2h-3v3h-2zM9.5 1.5h5v5h-2v-3h-3zM1.5 9.5h2v3h3v2h-5zM12.5 9.5h2v5h-5v-2h3z" /></svg>
        </button>
      </div>
      <p class="map-keyhint" id="map-keys">
        Drag or use the arrow keys to move the map; the wheel, a pinch or + and − zoom; 0 shows the whole map.
      </p>
      <p class="sr-only" aria-live="polite" data-testid="zoom-live">
        {zoomSaid}
      </p>
      {tip ? (
        <div class="map-tip" style={`left:${Math.min(tip.x + 14, tipW - 220)}px; top:${tip.y + 14}px`} aria-hidden="true">
          <strong>{tip.name}</strong>
          <span class="tip-rel">
            <span class="dot" style={`background:${RELATIONS[tip.relation].color}`} />
            {relationLabel(tip.relation)}
            {tip.frameworks.length ? ` · ${tip.frameworks.join(', ')}` : ''}
          </span>
          {tip.via ? <span class="tip-via">as part of {tip.via}</span> : null}
          {tip.why ? <span class="tip-via">{tip.why}</span> : null}
          {tipHint ? <span class="tip-via">{tipHint}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
