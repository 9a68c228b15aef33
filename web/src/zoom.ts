// Zoom and pan of the world map, in the units of the map's viewBox.
//
// A view {k, x, y} draws a map point m at k·m + (x, y): a scale about the map's origin,
// then a shift. The map always covers its frame: at k = 1 it cannot move, and zoomed in
// it cannot be pulled so far that an empty band shows at an edge.

export interface ZoomView {
  /** scale, 1 = the whole map */
  k: number;
  /** shift in viewBox units, applied after the scale */
  x: number;
  y: number;
}

export interface ZoomFrame {
  /** the viewBox's size */
  width: number;
  height: number;
  /** the scale limits */
  min: number;
  max: number;
}

export type Point = readonly [number, number];

export const IDENTITY: ZoomView = { k: 1, x: 0, y: 0 };
export const MAX_ZOOM = 16;
/** one press of + or −, or of a zoom button */
export const ZOOM_STEP = 1.6;
/** one press of an arrow key moves the map by this share of the frame */
export const PAN_STEP = 0.12;
/** a pointer that moves less than this (in screen pixels) between press and release clicks */
export const DRAG_THRESHOLD = 4;

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** the view moved and scaled back within the frame and the scale limits */
export function clampView(v: ZoomView, f: ZoomFrame): ZoomView {
  const k = clamp(v.k, f.min, f.max);
  return { k, x: clamp(v.x, f.width * (1 - k), 0), y: clamp(v.y, f.height * (1 - k), 0) };
}

export function isIdentity(v: ZoomView): boolean {
  return v.k === 1 && v.x === 0 && v.y === 0;
}

/** where a map point is drawn */
export function applyView(v: ZoomView, [mx, my]: Point): [number, number] {
  return [mx * v.k + v.x, my * v.k + v.y];
}

/** the map point drawn at a viewBox point */
export function invertView(v: ZoomView, [sx, sy]: Point): [number, number] {
  return [(sx - v.x) / v.k, (sy - v.y) / v.k];
}

/** scale by `factor` keeping the map point under `about` (a viewBox point) where it is */
export function zoomAbout(v: ZoomView, factor: number, about: Point, f: ZoomFrame): ZoomView {
  const k = clamp(v.k * factor, f.min, f.max);
  const [mx, my] = invertView(v, about);
  return clampView({ k, x: about[0] - mx * k, y: about[1] - my * k }, f);
}

/** scale about the frame's centre */
export function zoomCentre(v: ZoomView, factor: number, f: ZoomFrame): ZoomView {
  return zoomAbout(v, factor, [f.width / 2, f.height / 2], f);
}

/** shift by (dx, dy) viewBox units */
export function panBy(v: ZoomView, dx: number, dy: number, f: ZoomFrame): ZoomView {
  return clampView({ k: v.k, x: v.x + dx, y: v.y + dy }, f);
}

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const mid = (a: Point, b: Point): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/**
 * Two fingers moved from `before` to `after` (viewBox points): the view `start` had when
 * they came down, scaled by how far they spread and shifted with their midpoint.
 */
export function pinch(start: ZoomView, before: readonly [Point, Point], after: readonly [Point, Point], f: ZoomFrame): ZoomView {
  const d0 = dist(before[0], before[1]);
  const d1 = dist(after[0], after[1]);
  const factor = d0 > 0 && d1 > 0 ? d1 / d0 : 1;
  const [mx, my] = invertView(start, mid(before[0], before[1]));
  const [cx, cy] = mid(after[0], after[1]);
  const k = clamp(start.k * factor, f.min, f.max);
  return clampView({ k, x: cx - mx * k, y: cy - my * k }, f);
}

/**
 * The scale factor of a wheel event: a notch of a mouse wheel (about 100 pixels) zooms by
 * about 1.2; `deltaMode` 1 counts lines, 2 pages. A trackpad pinch comes with ctrlKey and
 * small deltas, so it is more sensitive.
 */
export function wheelFactor(deltaY: number, deltaMode = 0, pinchGesture = false, pageHeight = 800): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * pageHeight : deltaY;
  const rate = pinchGesture ? 0.01 : 0.0018;
  return Math.exp(-clamp(pixels, -400, 400) * rate);
}

/** whether a pointer that went down at `from` and is now at `to` (screen pixels) drags */
export function isDrag(from: Point, to: Point, threshold = DRAG_THRESHOLD): boolean {
  return dist(from, to) >= threshold;
}

/**
 * The view after a key press on the focused map, or null when the key is not the map's:
 * + and = zoom in, − and - zoom out, 0 resets, the arrow keys move the map the way a
 * scroll bar would (ArrowRight shows what lies to the east).
 */
export function keyView(key: string, v: ZoomView, f: ZoomFrame): ZoomView | null {
  const sx = f.width * PAN_STEP;
  const sy = f.height * PAN_STEP;
  switch (key) {
    case '+':
    case '=':
    case 'Add':
      return zoomCentre(v, ZOOM_STEP, f);
    case '-':
    case '_':
    case '−':
    case 'Subtract':
      return zoomCentre(v, 1 / ZOOM_STEP, f);
    case '0':
    case 'Home':
      return { ...IDENTITY };
    case 'ArrowLeft':
      return panBy(v, sx, 0, f);
    case 'ArrowRight':
      return panBy(v, -sx, 0, f);
    case 'ArrowUp':
      return panBy(v, 0, sy, f);
    case 'ArrowDown':
      return panBy(v, 0, -sy, f);
    default:
      return null;
  }
}

/** the SVG transform of a view */
export function toTransform(v: ZoomView): string {
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return `translate(${r(v.x)} ${r(v.y)}) scale(${r(v.k)})`;
}

export function sameView(a: ZoomView, b: ZoomView): boolean {
  return Math.abs(a.k - b.k) < 1e-9 && Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) < 1e-6;
}
