// The analytics routes of the API as the pages read them: their answers' shapes and one
// loader per route (cached by address, like every GET in api.ts). The addresses come from
// analytics.ts, so the page's downloads and "As an API call" name the same request.
import { get } from './api';
import {
  alliancesUrl,
  burdenUrl,
  cohesionUrl,
  interoperabilityUrl,
  networkUrl,
  overlapsUrl,
  seriesUrl,
  yearBatches,
  type NetworkQuery,
  type Weights,
} from './analytics';

export interface NetworkNode {
  iso3: string;
  name: string;
  degree: number;
  strength: number;
  betweenness: number;
  eigenvector: number;
  community: number;
}

export interface EdgeTies {
  organisations: string[];
  frameworks: string[];
  ally_partner: string[];
  exercises: string[];
  operations: string[];
}

export interface NetworkEdge {
  a: string;
  b: string;
  weight: number;
  membership: number;
  partnership: number;
  exercise: number;
  operation: number;
  ties?: EdgeTies;
}

export interface Network {
  as_of: string;
  window_years: number;
  weights: Weights;
  modularity: number | null;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  communities: { id: number; size: number; members: string[] }[];
}

/** one year of the series: edges as [a, b, weight] */
export interface SeriesYear {
  as_of: string;
  modularity: number | null;
  communities: number;
  nodes: NetworkNode[];
  edges: [string, string, number][];
}

export interface Guideline {
  id: string;
  name: string;
  agreed: string;
  summit: string;
  metric: string;
  threshold: number;
  by_year: number;
  compared_with: 'gdp_share' | 'equipment_share';
  caveat: string | null;
  source: string;
}

export interface GuidelineCheck {
  in_force: boolean;
  met: boolean | null;
  gap_points: number | null;
  gap_musd: number | null;
}

export interface BurdenRow {
  nation: string;
  name: string;
  year: number;
  ally: boolean;
  expenditure_musd: number | null;
  gdp_share: number | null;
  equipment_share: number | null;
  implied_gdp_musd: number | null;
  estimate: boolean;
  missing_reason: string | null;
  guidelines: Record<string, GuidelineCheck>;
  source: string | null;
}

export interface BurdenAlliance {
  year: number;
  allies: number;
  allies_with_expenditure: number;
  total_expenditure_musd: number | null;
  aggregate_gdp_share: number | null;
  allies_in_aggregate: number;
  guidelines: Record<string, { in_force: boolean; allies_meeting: number; allies_with_figure: number; total_gap_musd: number | null; allies_with_gap: number }>;
}

export interface BurdenSharing {
  from: number;
  to: number;
  guidelines: Guideline[];
  rows: BurdenRow[];
  trends: { nation: string; name: string; gdp_share_slope: number | null; years_with_figures: number }[];
  alliance: BurdenAlliance[];
}

export interface Alliance {
  id: string;
  name: string;
  treaty: string;
  signed: string;
  in_force: string;
  ended: string | null;
  organisation: string;
  source: string;
  note?: string;
}

export interface ProvisionRow {
  level: number;
  applies_to: string | null;
  article: string;
  quote: string;
  source: string;
  note: string;
}

export interface AllianceComparison {
  as_of: string;
  alliances: { id: string; name: string; treaty: string; in_force: boolean; member_count: number; source: string }[];
  provisions: { provision: string; cells: Record<string, { level: number; rows: ProvisionRow[] } | null> }[];
}

export interface Overlaps {
  as_of: string;
  bodies: { id: string; name: string; kind: string; exists: boolean; member_count: number; members: string[] }[];
  counts: number[][];
  pairs: { first: string; second: string; count: number; nations: string[] }[];
  nations: { nation: string; name: string; bodies: string[] }[];
}

export interface InteropComponent {
  name: string;
  given_weight: number;
  weight: number;
  normalisation: string;
}

export interface Interoperability {
  from: number;
  to: number;
  components: InteropComponent[];
  rows: {
    nation: string;
    name: string;
    year: number;
    score: number;
    components: { name: string; raw: number | null; normalised: number | null; weight: number; effective_weight: number; contribution: number | null }[];
    notes: string[];
  }[];
  records: string;
}

export interface Cohesion {
  from: string;
  to: string;
  rounds: number;
  simulated_rounds: number;
  article4_requests: number;
  thin: boolean;
  record: string;
  allies: { nation: string; name: string; rounds: number; objections: number; objection_rate: number | null; article4_requests: number }[];
  pairs: { nation: string; other: string; shared_rounds: number; agreements: number; agreement_rate: number | null; co_signatures: number }[];
  most_aligned: { nation: string; other: string; agreement_rate: number | null }[];
  least_aligned: { nation: string; other: string; agreement_rate: number | null }[];
  records: string;
}

/** how many years one request of the series asks for: a batch is a step of the progress bar */
export const SERIES_BATCH_YEARS = 4;

export const analyticsApi = {
  network: (q: NetworkQuery) => get<Network>(networkUrl(q)),
  burden: (from: number, to: number, nations: readonly string[] = []) => get<BurdenSharing>(burdenUrl(from, to, nations)),
  alliances: () => get<{ alliances: Alliance[] }>('/api/v1/alliances'),
  compare: (ids: readonly string[], asOf: string) => get<AllianceComparison>(alliancesUrl(ids, asOf)),
  overlaps: (ids: readonly string[], asOf: string) => get<Overlaps>(overlapsUrl(ids, asOf)),
  interoperability: (from: number, to: number, nations: readonly string[], weights: Weights) =>
    get<Interoperability>(interoperabilityUrl(from, to, nations, weights)),
  cohesion: (from: string, to: string) => get<Cohesion>(cohesionUrl(from, to)),
  /**
   * One network per year, from..to, read a few years per request; `progress(done, total)`
   * is called after each (years read so far, years asked). Stops when `signal` aborts.
   */
  async series(from: number, to: number, weights: Weights, window: number, progress: (done: number, total: number) => void, signal?: AbortSignal): Promise<SeriesYear[]> {
    const years: SeriesYear[] = [];
    const total = to - from + 1;
    progress(0, total);
    for (const [a, b] of yearBatches(from, to, SERIES_BATCH_YEARS)) {
      if (signal?.aborted) throw new DOMException('stopped', 'AbortError');
      const part = await get<{ years: SeriesYear[] }>(seriesUrl(a, b, weights, window));
      years.push(...part.years);
      progress(Math.min(total, b - from + 1), total);
    }
    return years;
  },
};
