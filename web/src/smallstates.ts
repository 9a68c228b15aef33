// States too small to click on the world map (Luxembourg is two map units wide at world
// scale; Malta, Andorra or Singapore are not drawn at all by the 1:110m atlas) are marked
// by a point at their capital. "Too small" is measured, not listed: a nation whose shapes
// cover less than MIN_CLICKABLE_AREA at the current zoom, or none, gets a point.

/** the smallest area (viewBox units², as drawn at the current zoom) a state can be clicked on */
export const MIN_CLICKABLE_AREA = 12;

export interface DrawnShape {
  /** the nation the shape is joined to, if any */
  iso3: string | null;
  /** the state the shape is coloured by on the date when that is another (a predecessor) */
  viaIso3?: string | null;
  /** its projected area at scale 1, in viewBox units² */
  area: number;
}

/**
 * The area each nation covers on the map at scale 1: the sum of its shapes, counting a
 * shape coloured by a predecessor (the Soviet Union on Ukraine's territory) for both.
 */
export function drawnAreas(shapes: readonly DrawnShape[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (iso3: string | null | undefined, a: number) => {
    if (iso3) out.set(iso3, (out.get(iso3) ?? 0) + a);
  };
  for (const s of shapes) {
    const a = Number.isFinite(s.area) ? s.area : 0;
    add(s.iso3, a);
    if (s.viaIso3 && s.viaIso3 !== s.iso3) add(s.viaIso3, a);
  }
  return out;
}

/**
 * The nations of `entries` that get a point at zoom `k`: those drawn smaller than
 * `minArea` (areas grow with k²) or not at all, and whose capital is known.
 */
export function smallStates<T extends { iso3: string }>(
  entries: readonly T[],
  areas: ReadonlyMap<string, number>,
  k: number,
  hasCapital: (iso3: string) => boolean,
  minArea = MIN_CLICKABLE_AREA,
): T[] {
  return entries.filter((e) => (areas.get(e.iso3) ?? 0) * k * k < minArea && hasCapital(e.iso3));
}
