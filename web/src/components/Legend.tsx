import type { RelationEntry } from '../api';
import { href } from '../route';
import { RELATIONS, RELATION_ORDER, type MapRelation } from '../relations';
import { Swatch } from './common';

interface Props {
  /** the relations on the date; undefined while they load (then no count is shown) */
  relations: RelationEntry[] | undefined;
  noDataCount: number;
  active: MapRelation | null;
  onActive: (r: MapRelation | null) => void;
  /** the relations of another date are still shown while this date's load */
  stale?: boolean;
}

/** Legend with counts; each entry is a toggle that highlights it on the map and lists its nations. */
export function Legend({ relations, noDataCount, active, onActive, stale }: Props) {
  if (!relations) {
    return (
      <div class="legend" aria-busy="true">
        <p class="muted small legend-pending">Counting the nations…</p>
      </div>
    );
  }
  const counts = new Map<MapRelation, number>();
  for (const r of relations ?? []) {
    const k: MapRelation = r.relation in RELATIONS ? r.relation : 'no-data';
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  if (noDataCount > 0) counts.set('no-data', (counts.get('no-data') ?? 0) + noDataCount);
  const present = RELATION_ORDER.filter((r) => counts.get(r));
  const listed = active ? (relations ?? []).filter((r) => r.relation === active).sort((a, b) => a.name.localeCompare(b.name)) : [];

  return (
    <div class={`legend${stale ? ' stale' : ''}`} aria-busy={stale || undefined}>
      <ul class="legend-items" aria-label="Legend: relation, number of nations. Choose one to highlight it and list its nations.">
        {present.map((r) => (
          <li>
            <button
              type="button"
              class="legend-item"
              aria-pressed={active === r}
              data-legend={r}
              onClick={() => onActive(active === r ? null : r)}
            >
              <Swatch relation={r} />
              <span class="legend-label">{RELATIONS[r].label}</span>
              <span class="legend-count">{counts.get(r)}</span>
            </button>
          </li>
        ))}
      </ul>
      {active && active !== 'no-data' ? (
        <div class="legend-list" aria-live="polite">
          <h3 class="sr-only">{RELATIONS[active].label} nations</h3>
          {listed.length ? (
            <ul>
              {listed.map((n) => (
                <li>
                  <a href={href({ view: 'nation', id: n.iso3 })} data-nation-link={n.iso3}>
                    {n.name}
                  </a>
                  {n.frameworks.length ? <span class="muted small"> {n.frameworks.join(' · ')}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">None on this date.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
