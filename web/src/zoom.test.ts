import { describe, expect, it } from 'vitest';
import {
  IDENTITY,
  MAX_ZOOM,
  ZOOM_STEP,
  applyView,
  clampView,
  invertView,
  isDrag,
  isIdentity,
  keyView,
  panBy,
  pinch,
  toTransform,
  wheelFactor,
  zoomAbout,
  zoomCentre,
  type ZoomFrame,
} from './zoom';

const F: ZoomFrame = { width: 960, height: 500, min: 1, max: MAX_ZOOM };

describe('clampView', () => {
  it('keeps the scale within the limits', () => {
    expect(clampView({ k: 0.2, x: 0, y: 0 }, F).k).toBe(1);
    expect(clampView({ k: 99, x: 0, y: 0 }, F).k).toBe(MAX_ZOOM);
  });
  it('does not let the whole map move', () => {
    expect(clampView({ k: 1, x: 40, y: -30 }, F)).toEqual(IDENTITY);
  });
  it('keeps a zoomed map covering the frame', () => {
    // at k = 2 the map is 1920 × 1000: its shift runs from -960 to 0 and -500 to 0
    expect(clampView({ k: 2, x: 100, y: 100 }, F)).toEqual({ k: 2, x: 0, y: 0 });
    expect(clampView({ k: 2, x: -2000, y: -2000 }, F)).toEqual({ k: 2, x: -960, y: -500 });
    expect(clampView({ k: 2, x: -300, y: -200 }, F)).toEqual({ k: 2, x: -300, y: -200 });
  });
});

describe('zoomAbout', () => {
  it('keeps the point under the pointer in place', () => {
    const about = [300, 200] as const;
    const v = zoomAbout(IDENTITY, 2, about, F);
    expect(v.k).toBe(2);
    const m = invertView(IDENTITY, about);
    expect(applyView(v, m)).toEqual([300, 200]);
    // and again from a zoomed view
    const w = zoomAbout(v, 1.5, [500, 250], F);
    const m2 = invertView(v, [500, 250]);
    const [x, y] = applyView(w, m2);
    expect(x).toBeCloseTo(500);
    expect(y).toBeCloseTo(250);
  });
  it('stops at the limits', () => {
    expect(zoomAbout(IDENTITY, 0.5, [100, 100], F)).toEqual(IDENTITY);
    expect(zoomAbout({ k: 10, x: -4000, y: -2000 }, 4, [480, 250], F).k).toBe(MAX_ZOOM);
  });
  it('zooming out back to 1 returns to the whole map', () => {
    const v = zoomAbout(IDENTITY, 3, [100, 400], F);
    expect(isIdentity(zoomAbout(v, 1 / 3, [800, 20], F))).toBe(true);
  });
});

describe('zoomCentre', () => {
  it('keeps the centre in place', () => {
    const v = zoomCentre(IDENTITY, ZOOM_STEP, F);
    const [x, y] = applyView(v, [480, 250]);
    expect(x).toBeCloseTo(480);
    expect(y).toBeCloseTo(250);
  });
});

describe('panBy', () => {
  it('moves a zoomed map and stops at the edge', () => {
    const v = { k: 2, x: -480, y: -250 };
    expect(panBy(v, 100, -50, F)).toEqual({ k: 2, x: -380, y: -300 });
    expect(panBy(v, 10_000, 10_000, F)).toEqual({ k: 2, x: 0, y: 0 });
  });
});

describe('pinch', () => {
  it('spreading two fingers to twice their distance doubles the scale about their midpoint', () => {
    const v = pinch(IDENTITY, [[400, 250], [500, 250]], [[350, 250], [550, 250]], F);
    expect(v.k).toBeCloseTo(2);
    const [x, y] = applyView(v, [450, 250]);
    expect(x).toBeCloseTo(450);
    expect(y).toBeCloseTo(250);
  });
  it('moving both fingers together pans', () => {
    const start = { k: 2, x: -480, y: -250 };
    const v = pinch(start, [[400, 250], [500, 250]], [[430, 270], [530, 270]], F);
    expect(v.k).toBeCloseTo(2);
    expect(v.x).toBeCloseTo(-450);
    expect(v.y).toBeCloseTo(-230);
  });
  it('two fingers on one spot change nothing', () => {
    expect(pinch(IDENTITY, [[10, 10], [10, 10]], [[10, 10], [10, 10]], F)).toEqual(IDENTITY);
  });
});

describe('wheelFactor', () => {
  it('zooms in when the wheel turns away from the user (negative deltaY) and out otherwise', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
  });
  it('counts lines and pages', () => {
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48));
    expect(wheelFactor(1, 2, false, 300)).toBeCloseTo(wheelFactor(300));
  });
  it('bounds a single huge event', () => {
    expect(wheelFactor(1e6)).toBeCloseTo(wheelFactor(400));
  });
});

describe('isDrag', () => {
  it('a small wobble is still a click', () => {
    expect(isDrag([100, 100], [102, 101])).toBe(false);
    expect(isDrag([100, 100], [106, 100])).toBe(true);
  });
});

describe('keyView', () => {
  it('+ and − zoom about the centre, 0 resets', () => {
    const v = keyView('+', IDENTITY, F)!;
    expect(v.k).toBeCloseTo(ZOOM_STEP);
    expect(keyView('-', v, F)).toEqual(IDENTITY);
    expect(keyView('0', v, F)).toEqual(IDENTITY);
  });
  it('arrows move a zoomed map the way a scroll bar does', () => {
    const v = { k: 2, x: -480, y: -250 };
    expect(keyView('ArrowRight', v, F)!.x).toBeLessThan(v.x);
    expect(keyView('ArrowLeft', v, F)!.x).toBeGreaterThan(v.x);
    expect(keyView('ArrowDown', v, F)!.y).toBeLessThan(v.y);
    expect(keyView('ArrowUp', v, F)!.y).toBeGreaterThan(v.y);
  });
  it('other keys are not the map’s', () => {
    expect(keyView('Enter', IDENTITY, F)).toBeNull();
    expect(keyView('a', IDENTITY, F)).toBeNull();
  });
});

describe('toTransform', () => {
  it('writes a translate and a scale', () => {
    expect(toTransform({ k: 2, x: -480.12345, y: -250 })).toBe('translate(-480.123 -250) scale(2)');
  });
});
