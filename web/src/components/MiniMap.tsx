// A small locator map (same atlas and projection family as the world map) with point markers.
import { useMemo, useState } from 'preact/hooks';
import { geoEqualEarth, geoGraticule10, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { useAtlas } from './WorldMap';

export interface MiniPoint {
  id: string;
  label: string;
  lat: number;
  lon: number;
  /** CSS class suffix for the marker colour */
  tone: string;
  href?: string;
  /** drawn hollow (e.g. an operation that has ended) */
  hollow?: boolean;
}

const W = 640;

export function MiniMap({
  points,
  height = 300,
  span = 0,
  active,
  onActive,
  label,
  testid,
  views,
}: {
  points: MiniPoint[];
  height?: number;
  /** minimum half-size of the view in degrees around the points */
  span?: number;
  active?: string | null;
  onActive?: (id: string | null) => void;
  label: string;
  testid?: string;
  /** zoom presets: [label, [west, south, east, north]]; the first is "fit the points" when its bounds are null */
  views?: [string, [number, number, number, number] | null][];
}) {
  const atlas = useAtlas();
  const H = height;
  const [view, setView] = useState(0);
  const bounds = views?.[view]?.[1] ?? null;
  const { proj, land, graticule } = useMemo(() => {
    const pts = points.length ? points : [{ lat: 45, lon: 10 }];
    let w = bounds ? bounds[0] : Math.min(...pts.map((p) => p.lon));
    let e = bounds ? bounds[2] : Math.max(...pts.map((p) => p.lon));
    let s = bounds ? bounds[1] : Math.min(...pts.map((p) => p.lat));
    let n = bounds ? bounds[3] : Math.max(...pts.map((p) => p.lat));
    const cx = (w + e) / 2;
    const cy = (s + n) / 2;
    const hw = bounds ? (e - w) / 2 : Math.max((e - w) / 2 + 6, span);
    const hh = bounds ? (n - s) / 2 : Math.max((n - s) / 2 + 5, span * 0.6);
    w = Math.max(-180, cx - hw);
    e = Math.min(180, cx + hw);
    s = Math.max(-75, cy - hh);
    n = Math.min(82, cy + hh);
    const box: [number, number][] = [];
    for (let i = 0; i <= 8; i++) box.push([w + ((e - w) * i) / 8, s], [w + ((e - w) * i) / 8, n]);
    const proj = geoEqualEarth()
      .rotate([-cx, 0])
      .fitExtent(
        [
          [14, 14],
          [W - 14, H - 14],
        ],
        { type: 'MultiPoint', coordinates: box } as GeoPermissibleObjects,
      );
    proj.clipExtent([
      [0, 0],
      [W, H],
    ]);
    const gp = geoPath(proj);
    const land = atlas.countries ? atlas.countries.map((c) => gp(c.geo) ?? '').join('') : '';
    return { proj, land, graticule: gp(geoGraticule10()) ?? '' };
  }, [points, atlas.countries, span, H, bounds]);

  // markers at the same place are spread on a small ring so each can be reached
  const placed = useMemo(() => {
    const groups = new Map<string, MiniPoint[]>();
    for (const p of points) {
      const k = `${p.lat.toFixed(1)},${p.lon.toFixed(1)}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(p);
    }
    const out: { p: MiniPoint; x: number; y: number }[] = [];
    for (const g of groups.values()) {
      const xy = proj([g[0].lon, g[0].lat]);
      if (!xy || xy[0] < 0 || xy[0] > W || xy[1] < 0 || xy[1] > H) continue;
      g.forEach((p, i) => {
        const r = g.length > 1 ? 5 + g.length : 0;
        const a = (2 * Math.PI * i) / g.length - Math.PI / 2;
        out.push({ p, x: xy[0] + r * Math.cos(a), y: xy[1] + r * Math.sin(a) });
      });
    }
    // ongoing and contested markers over ended ones, the active marker over all
    const rank = (p: MiniPoint) => (p.id === active ? 3 : p.tone === 'contested' ? 2 : p.hollow ? 0 : 1);
    return out.sort((a, b) => rank(a.p) - rank(b.p));
  }, [points, proj, active]);

  return (
    <div class="minimap" data-testid={testid}>
      {views && views.length > 1 ? (
        <div class="map-presets mm-views" role="group" aria-label="Zoom">
          {views.map(([l], i) => (
            <button type="button" class="seg" aria-pressed={view === i} onClick={() => setView(i)}>
              {l}
            </button>
          ))}
        </div>
      ) : null}
      <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-label={label}>
        <rect width={W} height={H} class="mm-ocean" />
        <path d={graticule} class="graticule" />
        <path d={land} class="mm-land" />
        {placed.map(({ p, x, y }) => {
          const dot = (
            <g
              class={`mm-marker tone-${p.tone}${p.hollow ? ' hollow' : ''}${active === p.id ? ' active' : ''}`}
              transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
              data-op={p.id}
              onPointerEnter={() => onActive?.(p.id)}
              onPointerLeave={() => onActive?.(null)}
            >
              <title>{p.label}</title>
              <circle r={active === p.id ? 8 : 6} />
            </g>
          );
          return p.href ? (
            <a href={p.href} aria-label={p.label} onFocus={() => onActive?.(p.id)} onBlur={() => onActive?.(null)}>
              {dot}
            </a>
          ) : (
            dot
          );
        })}
      </svg>
    </div>
  );
}
