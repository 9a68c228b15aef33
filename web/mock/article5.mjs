// MOCK of GET /api/v1/article5 and GET /api/v1/treaty-area — FOR UI DEVELOPMENT ONLY.
// (Used by mock/server.mjs, and by mock/proxy.mjs while the real server answers 404.)
//
// The real rules are implemented by the C++ server; this file only follows the
// response *shape* of the agreed contract so the treaty-area map mode can be
// built before the route exists. Its geography is crude (hand-drawn sea
// polygons, a few territorial units with approximate circles) and its rulings
// are placeholders, not legal findings. Every answer says so in its reasoning
// (clause "MOCK") and in the `x-entente-mock` response header.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import { geoContains, geoDistance } from 'd3-geo';

const here = path.dirname(fileURLToPath(import.meta.url));
const topo = JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', 'world-atlas', 'countries-110m.json'), 'utf8'));
const countries = feature(topo, topo.objects.countries).features;
const nations = JSON.parse(fs.readFileSync(path.join(here, 'nations.json'), 'utf8'));
const iso3ByNumeric = new Map(nations.map((n) => [n.iso_numeric, n.iso3]));
const nameByIso3 = new Map(nations.map((n) => [n.iso3, n.name]));
// dependent territories drawn as their own feature, ruled by their sovereign
const SOVEREIGN = { GRL: 'DNK', PRI: 'USA', FLK: 'GBR', NCL: 'FRA', ATF: 'FRA' };

const MOCK_NOTE = { clause: 'MOCK', finding: 'development fixture from web/mock/article5.mjs — not the server’s ruling; the real route answers once it is implemented' };

// approximate, for drawing only
const UNITS = [
  { code: 'US-HI', name: 'Hawaii', sovereign: 'USA', lat: 20.8, lon: -156.3, radius_km: 350, ruling: 'not-covered' },
  { code: 'PRI', name: 'Puerto Rico', sovereign: 'USA', lat: 18.2, lon: -66.5, radius_km: 120, ruling: 'not-covered' },
  { code: 'GUM', name: 'Guam', sovereign: 'USA', lat: 13.45, lon: 144.8, radius_km: 60, ruling: 'not-covered' },
  { code: 'ES-CN', name: 'Canary Islands', sovereign: 'ESP', lat: 28.3, lon: -15.8, radius_km: 260, ruling: 'covered' },
  { code: 'ES-CE', name: 'Ceuta', sovereign: 'ESP', lat: 35.89, lon: -5.32, radius_km: 20, ruling: 'contested' },
  { code: 'ES-ML', name: 'Melilla', sovereign: 'ESP', lat: 35.29, lon: -2.94, radius_km: 20, ruling: 'contested' },
  { code: 'GUF', name: 'French Guiana', sovereign: 'FRA', lat: 4.0, lon: -53.0, radius_km: 250, ruling: 'not-covered' },
  { code: 'PT-20', name: 'Azores', sovereign: 'PRT', lat: 38.5, lon: -28.0, radius_km: 320, ruling: 'covered' },
  { code: 'PT-30', name: 'Madeira', sovereign: 'PRT', lat: 32.75, lon: -16.95, radius_km: 90, ruling: 'covered' },
  { code: 'SJM', name: 'Svalbard', sovereign: 'NOR', lat: 78.5, lon: 17, radius_km: 300, ruling: 'covered' },
  { code: 'BMU', name: 'Bermuda', sovereign: 'GBR', lat: 32.3, lon: -64.75, radius_km: 40, ruling: 'covered' },
  { code: 'FLK', name: 'Falkland Islands', sovereign: 'GBR', lat: -51.7, lon: -59.5, radius_km: 220, ruling: 'not-covered' },
];

// hand-drawn, counter-clockwise-safe rings (d3 wants the interior on the left: drawn clockwise on screen)
const SEAS = [
  {
    id: 'north-atlantic', name: 'North Atlantic (north of the Tropic of Cancer)', status: 'covered',
    polygon: [[-80, 23.44], [-80, 32], [-74, 38], [-68, 42], [-58, 46], [-52, 52], [-60, 60], [-50, 66], [-25, 72], [0, 76], [20, 80], [30, 72], [15, 68], [5, 62], [-6, 58], [-10, 52], [-5, 48], [-10, 44], [-9, 37], [-6, 36], [-10, 30], [-16, 23.44]],
  },
  {
    id: 'mediterranean', name: 'Mediterranean Sea', status: 'covered',
    polygon: [[-5.6, 36], [-2, 36.7], [3, 36.9], [10, 37.3], [11, 34], [15, 32.5], [20, 31.5], [25, 32], [30, 31.3], [34.5, 32], [35.8, 34.5], [36, 36.6], [30, 36.3], [27, 37.5], [26.5, 40.3], [23.5, 40.3], [22, 37.5], [20, 39.6], [19, 41.5], [16, 41.8], [13, 44.5], [12.5, 45.5], [9, 44.2], [6, 43], [3.5, 43.3], [0.5, 40.5], [-2, 37]].reverse(),
  },
  {
    id: 'black-sea', name: 'Black Sea', status: 'contested',
    polygon: [[28, 41.5], [31, 41.2], [36, 41.6], [41.5, 41.5], [41.5, 43.5], [38, 44.8], [35.5, 45.2], [33, 46], [30.5, 46.5], [29.5, 45], [28, 43.5]].reverse(),
  },
  {
    id: 'caribbean', name: 'Caribbean Sea', status: 'not-covered',
    polygon: [[-86, 21.5], [-75, 20], [-65, 18.5], [-61, 15], [-61, 11], [-72, 11.5], [-77, 8.8], [-83, 9.5], [-84, 15], [-88, 16]].reverse(),
  },
];

function ringContains(poly, lon, lat) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inEurope = (lon, lat) => lat >= 34 && lat <= 82 && lon >= -25 && lon <= 45;
const inNorthAmerica = (lon, lat) => lat >= 24 && lat <= 84 && lon >= -170 && lon <= -50;
const TROPIC = 23.43617;

/**
 * @param {{ members: (asOf: string) => Promise<{iso3: string, name: string}[]>,
 *           target: (iso3: string, asOf: string) => Promise<{iso3: string, name: string, relation: string, frameworks: string[]}> }} io
 */
export function makeArticle5Mock(io) {
  const bad = (detail) => Object.assign(new Error(detail), { status: 400, code: 'invalid-argument' });

  async function treatyArea(q) {
    const asOf = q.get('as_of') ?? new Date().toISOString().slice(0, 10);
    const members = await io.members(asOf);
    const set = new Set(members.map((m) => m.iso3));
    return { as_of: asOf, members: [...set].sort(), units: UNITS.filter((u) => set.has(u.sovereign)), seas: SEAS, _mock: true };
  }

  async function article5(q) {
    const lat = Number(q.get('lat'));
    const lon = Number(q.get('lon'));
    if (!q.get('lat') || !q.get('lon') || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw bad('lat and lon are required: decimal degrees, e.g. lat=40.4&lon=-3.7');
    }
    const asOf = q.get('as_of') ?? new Date().toISOString().slice(0, 10);
    const targetKind = q.get('target') ?? 'territory';
    if (!['territory', 'forces', 'vessel', 'aircraft'].includes(targetKind)) throw bad(`unknown target '${targetKind}'; use territory, forces, vessel or aircraft`);
    const nation = q.get('nation');
    if (targetKind !== 'territory' && !nation) throw bad(`target=${targetKind} needs nation (whose ${targetKind})`);
    const members = await io.members(asOf);
    const memberSet = new Set(members.map((m) => m.iso3));

    const reasoning = [MOCK_NOTE];
    const unit = UNITS.find((u) => geoDistance([lon, lat], [u.lon, u.lat]) * 6371 <= u.radius_km && memberSet.has(u.sovereign));
    let territory = null;
    if (unit) territory = { code: unit.code, name: unit.name, sovereign: unit.sovereign };
    else {
      const f = countries.find((c) => geoContains(c, [lon, lat]));
      if (f) {
        const iso3 = iso3ByNumeric.get(String(f.id)) ?? null;
        const sovereign = SOVEREIGN[iso3] ?? iso3;
        territory = { code: iso3 ?? f.properties.name, name: f.properties.name, sovereign };
      }
    }
    if (!territory && targetKind === 'territory') {
      throw bad(`there is no land at the point ${lat.toFixed(4)}, ${lon.toFixed(4)}; an attack at sea is on forces, a vessel or an aircraft: give target vessel, aircraft or forces and the nation`);
    }
    const sea = territory ? null : SEAS.find((s) => ringContains(s.polygon, lon, lat)) ?? null;
    const facts = {
      point: [lon, lat],
      territory,
      sea_area: sea ? { id: sea.id, name: sea.name, status: sea.status } : null,
      sovereign_is_member: territory ? memberSet.has(territory.sovereign) : false,
      in_europe_or_north_america: inEurope(lon, lat) || inNorthAmerica(lon, lat),
      north_of_tropic: lat > TROPIC,
      in_mediterranean: sea?.id === 'mediterranean',
      in_north_atlantic: sea?.id === 'north-atlantic',
      on_turkey: territory?.sovereign === 'TUR',
    };

    let verdict = 'not-covered';
    let clause = 'outside-6';
    if (unit) {
      verdict = unit.ruling;
      clause = unit.ruling === 'covered' ? '6(1)-islands-north-atlantic' : 'outside-6';
      reasoning.push({ clause: 'Article 6(1)', finding: `${unit.name} (${unit.sovereign}) is a territorial unit ruled ${unit.ruling} (mock ruling)` });
    } else if (territory) {
      if (!facts.sovereign_is_member) reasoning.push({ clause: 'Article 6(1)', finding: `${territory.name} is not the territory of a member on ${asOf}` });
      else if (facts.on_turkey) {
        verdict = 'covered';
        clause = '6(1)-turkey';
        reasoning.push({ clause: 'Article 6(1)', finding: 'on the territory of Türkiye' });
      } else if (facts.in_europe_or_north_america) {
        verdict = 'covered';
        clause = '6(1)-europe-north-america';
        reasoning.push({ clause: 'Article 6(1)', finding: `on the territory of ${territory.sovereign}, a member, in Europe or North America` });
      } else reasoning.push({ clause: 'Article 6(1)', finding: `territory of ${territory.sovereign} outside Europe and North America` });
    } else if (sea) {
      verdict = sea.status;
      clause = sea.id === 'mediterranean' ? '6(2)-mediterranean' : sea.id === 'north-atlantic' ? '6(2)-north-atlantic' : 'outside-6';
      reasoning.push({ clause: 'Article 6(2)', finding: `${sea.name}: ${sea.status} (mock polygon)` });
    } else reasoning.push({ clause: 'Article 6', finding: 'at sea outside the areas of Article 6(2)' });

    let target = null;
    if (targetKind !== 'territory') {
      target = await io.target(nation.toUpperCase(), asOf);
      if (!memberSet.has(target.iso3)) {
        if (verdict === 'covered') verdict = 'not-covered';
        reasoning.push({ clause: 'Article 5', finding: `${target.name} is not a member on ${asOf}: Article 5 protects the Parties only` });
      }
    }
    return {
      verdict,
      clause,
      facts,
      bound: verdict === 'covered' ? members : [],
      article4: 'Whatever the verdict, any member may request consultations under Article 4 whenever it considers its territorial integrity, political independence or security threatened.',
      target,
      reasoning,
      _mock: true,
    };
  }

  return { treatyArea, article5 };
}

export { nameByIso3 };
