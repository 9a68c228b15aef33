// Where the forces come from: the crisis location, each contributor's capital sized by its
// mean troops, and the deployment paths as great circles (d3-geo draws a LineString along
// the great circle between its points). Same atlas and projection family as the world map.
import { useMemo, useRef } from 'preact/hooks';
import { geoEqualEarth, geoGraticule10, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Contributor, SimulationResult } from '../api';
import { fileStem } from '../export';
import { fmtInt } from '../simulation';
import { FigureDownloads } from './Export';
import { useAtlas } from './WorldMap';

const W = 800;
const H = 440;
const R_MAX = 17;

/** a contributor with the troops it had in theatre by the horizon */
export interface Deployment extends Omit<Contributor, 'key'> {
  mean_troops: number;
  sd: number;
}

/** the contributors with their mean troops, largest first */
export function deploymentsOf(r: SimulationResult): Deployment[] {
  const at = new Map(r.model.contributors.map((c) => [c.nation, c]));
  return r.contributions
    .map((c) => {
      const where = at.get(c.nation);
      return { nation: c.nation, name: where?.name ?? c.nation, ally: c.ally, lat: where?.lat ?? NaN, lon: where?.lon ?? NaN, distance_km: where?.distance_km ?? NaN, mean_troops: c.mean_troops, sd: c.sd };
    })
    .sort((a, b) => b.mean_troops - a.mean_troops);
}

export function DeploymentMap({ result, active, onActive }: { result: SimulationResult; active: string | null; onActive: (iso3: string | null) => void }) {
  const atlas = useAtlas();
  const svgRef = useRef<SVGSVGElement>(null);
  const scenario = result.scenario.scenario;
  const start = typeof scenario?.start === 'string' ? scenario.start : null;
  const { lat, lon, place } = result.model;
  const deployments = useMemo(() => deploymentsOf(result).filter((d) => d.mean_troops > 0 && Number.isFinite(d.lat) && Number.isFinite(d.lon)), [result]);
  const max = deployments.reduce((m, d) => Math.max(m, d.mean_troops), 0);
  const radius = (troops: number) => (max > 0 ? 2.5 + (R_MAX - 2.5) * Math.sqrt(troops / max) : 3);

  const { proj, land, graticule } = useMemo(() => {
    const pts = [{ lat, lon }, ...deployments];
    const lons = pts.map((p) => p.lon);
    const lats = pts.map((p) => p.lat);
    const cx = (Math.min(...lons) + Math.max(...lons)) / 2;
    const cy = (Math.min(...lats) + Math.max(...lats)) / 2;
    const hw = Math.max((Math.max(...lons) - Math.min(...lons)) / 2 + 6, 14);
    const hh = Math.max((Math.max(...lats) - Math.min(...lats)) / 2 + 5, 9);
    const w = Math.max(-180, cx - hw);
    const e = Math.min(180, cx + hw);
    const s = Math.max(-75, cy - hh);
    const n = Math.min(82, cy + hh);
    const box: [number, number][] = [];
    for (let i = 0; i <= 8; i++) box.push([w + ((e - w) * i) / 8, s], [w + ((e - w) * i) / 8, n]);
    const proj = geoEqualEarth()
      .rotate([-cx, 0])
      .fitExtent(
        [
          [R_MAX + 4, R_MAX + 4],
          [W - R_MAX - 4, H - R_MAX - 4],
        ],
        { type: 'MultiPoint', coordinates: box } as GeoPermissibleObjects,
      );
    proj.clipExtent([
      [0, 0],
      [W, H],
    ]);
    const gp = geoPath(proj);
    return { proj, land: atlas.countries ? atlas.countries.map((c) => gp(c.geo) ?? '').join('') : '', graticule: gp(geoGraticule10()) ?? '' };
  }, [deployments, lat, lon, atlas.countries]);

  const gp = geoPath(proj);
  const target = proj([lon, lat]);
  const total = deployments.reduce((s, d) => s + d.mean_troops, 0);
  const top = deployments.slice(0, 3).map((d) => `${d.name} ${fmtInt(d.mean_troops)}`).join(', ');
  const label = `Map of the deployment to ${place}: ${deployments.length} contributors send ${fmtInt(total)} troops on average; the largest are ${top}. The table below lists every contributor.`;

  return (
    <>
      <div class="minimap deploy-map" data-testid="deployment-map">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} ref={svgRef}>
          <rect width={W} height={H} class="mm-ocean" />
          <path d={graticule} class="graticule" />
          <path d={land} class="mm-land" />
          <g class="deploy-paths">
            {deployments
              .slice()
              .reverse()
              .map((d) => (
                <path
                  class={`deploy-path${d.ally ? '' : ' partner'}${active === d.nation ? ' active' : ''}`}
                  data-iso3={d.nation}
                  d={gp({ type: 'LineString', coordinates: [[d.lon, d.lat], [lon, lat]] }) ?? ''}
                  style={`stroke-width:${(0.8 + 2.6 * Math.sqrt(d.mean_troops / max)).toFixed(2)}`}
                />
              ))}
          </g>
          <g class="deploy-capitals">
            {deployments.map((d) => {
              const xy = proj([d.lon, d.lat]);
              if (!xy) return null;
              return (
                <circle
                  class={`capital${d.ally ? '' : ' partner'}${active === d.nation ? ' active' : ''}`}
                  data-iso3={d.nation}
                  data-troops={Math.round(d.mean_troops)}
                  cx={xy[0].toFixed(1)}
                  cy={xy[1].toFixed(1)}
                  r={radius(d.mean_troops).toFixed(1)}
                  onPointerEnter={() => onActive(d.nation)}
                  onPointerLeave={() => onActive(null)}
                >
                  <title>{`${d.name} (${d.ally ? 'ally' : 'partner'}): ${fmtInt(d.mean_troops)} troops on average, ${fmtInt(d.distance_km)} km`}</title>
                </circle>
              );
            })}
          </g>
          {target ? (
            <g class="crisis-mark" transform={`translate(${target[0].toFixed(1)} ${target[1].toFixed(1)})`} data-testid="crisis-mark">
              <title>{`Crisis: ${place} (${lat.toFixed(3)}, ${lon.toFixed(3)})`}</title>
              <circle r="9" class="crisis-halo" />
              <path d="M-4.5-4.5 4.5 4.5M4.5-4.5-4.5 4.5" class="crisis-x" />
              <text x="13" y="4" class="crisis-label">
                {place}
              </text>
            </g>
          ) : null}
        </svg>
      </div>
      <div class="view-tools no-print deploy-tools">
        <FigureDownloads
          figure={() => svgRef.current}
          stem={fileStem('deployment', scenario?.name ?? place, start)}
          stamp={{ title: `Deployment to ${place}${scenario?.name ? `: ${scenario.name}` : ''}`, date: start, organisation: 'NATO' }}
        />
      </div>
    </>
  );
}

function niceBelow(x: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= x) ?? p;
}

/** the legend of the deployment map: colours and two reference circle sizes */
export function DeploymentLegend({ result }: { result: SimulationResult }) {
  const deployments = deploymentsOf(result).filter((d) => d.mean_troops > 0);
  const max = deployments.reduce((m, d) => Math.max(m, d.mean_troops), 0);
  const partners = deployments.some((d) => !d.ally);
  // a round reference size well below the largest: 1, 2 or 5 times a power of ten, at most a third of it
  const ref = max > 0 ? niceBelow(max / 3) : 0;
  const r = (t: number) => 2.5 + (R_MAX - 2.5) * Math.sqrt(t / max);
  return (
    <ul class="mm-legend deploy-legend">
      <li>
        <span class="mm-key" style="--mk:#1f4e8c" aria-hidden="true" /> Ally’s capital
      </li>
      {partners ? (
        <li>
          <span class="mm-key" style="--mk:#f0a13a" aria-hidden="true" /> Partner’s capital
        </li>
      ) : null}
      <li>
        <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true" class="crisis-key">
          <circle r="6" class="crisis-halo" />
          <path d="M-3-3 3 3M3-3-3 3" class="crisis-x" />
        </svg>
        Crisis location
      </li>
      {ref > 0 ? (
        <li>
          <svg width={2 * R_MAX + 4} height={2 * R_MAX + 4} aria-hidden="true" class="size-key">
            <circle cx={R_MAX + 2} cy={2 * R_MAX + 2 - r(max)} r={r(max)} />
            {ref < max ? <circle cx={R_MAX + 2} cy={2 * R_MAX + 2 - r(ref)} r={r(ref)} /> : null}
          </svg>
          Area by mean troops: {fmtInt(max)}
          {ref < max ? ` and ${fmtInt(ref)}` : ''}
        </li>
      ) : null}
    </ul>
  );
}
