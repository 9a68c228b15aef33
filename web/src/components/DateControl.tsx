import { useEffect, useRef, useState } from 'preact/hooks';
import { MIN_DATE, clampDate, fmtLong, fmtShort, fromDay, isIsoDate, toDay, today } from '../dates';

interface Props {
  date: string;
  onDate: (d: string) => void;
  /** sorted, unique dates on which the chosen organisation's relations change */
  changes: string[];
  /** text read out (aria-live) after the date settles, e.g. "32 members, 18 partners" */
  summary: string;
  compact?: boolean;
}

const PLAY_MS = 1200;

function prevChange(changes: string[], d: string): string | null {
  for (let i = changes.length - 1; i >= 0; i--) if (changes[i] < d) return changes[i];
  return null;
}
function nextChange(changes: string[], d: string, max: string): string | null {
  for (const c of changes) if (c > d && c <= max) return c;
  return null;
}

/**
 * Date slider (day resolution, 1949-01-01 … today), date input, step to the
 * previous/next change event, Play (advances one change event at a time) and Today.
 */
export function DateControl({ date, onDate, changes, summary, compact }: Props) {
  const max = today();
  const [local, setLocal] = useState(date);
  const [playing, setPlaying] = useState(false);
  const commitTimer = useRef<number | undefined>(undefined);
  const dateRef = useRef(date);
  dateRef.current = date;

  useEffect(() => setLocal(date), [date]);

  const commit = (d: string, delay = 0) => {
    window.clearTimeout(commitTimer.current);
    if (delay) commitTimer.current = window.setTimeout(() => onDate(d), delay);
    else onDate(d);
  };

  // Play: one change event per tick; stops at the last change (then today).
  useEffect(() => {
    if (!playing) return;
    const t = window.setInterval(() => {
      const n = nextChange(changes, dateRef.current, max);
      if (n) onDate(n);
      else {
        onDate(max);
        setPlaying(false);
      }
    }, PLAY_MS);
    return () => window.clearInterval(t);
  }, [playing, changes, max]);

  const togglePlay = () => {
    if (playing) return setPlaying(false);
    if (!nextChange(changes, date, max)) onDate(changes[0] && changes[0] < max ? changes[0] : MIN_DATE);
    setPlaying(true);
  };

  const prev = prevChange(changes, date);
  const next = nextChange(changes, date, max);
  const lo = toDay(MIN_DATE);
  const hi = toDay(max);
  const pct = (d: string) => ((toDay(d) - lo) / (hi - lo)) * 100;
  const decades: number[] = [];
  for (let y = 1950; y <= +max.slice(0, 4); y += 10) decades.push(y);

  return (
    <div class={`datectl${compact ? ' compact' : ''}`} role="group" aria-labelledby="datectl-label">
      <div class="datectl-top">
        <div class="datectl-readout">
          <span id="datectl-label" class="eyebrow">
            As of
          </span>
          <output class="datectl-date" for="date-slider date-input">
            {fmtLong(local)}
          </output>
        </div>
        <div class="datectl-buttons">
          <button type="button" class="btn icon" onClick={() => prev && commit(prev)} disabled={!prev}
            aria-label={prev ? `Previous change (${fmtShort(prev)})` : 'Previous change'} title={prev ? `Previous change: ${fmtShort(prev)}` : 'No earlier change'}>
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2h2v12H3zM14 2v12L6 8z" /></svg>
          </button>
          <button type="button" class="btn icon play" onClick={togglePlay} aria-pressed={playing}
            aria-label={playing ? 'Pause' : 'Play through the changes'} title={playing ? 'Pause' : 'Play: step through each change'}>
            {playing ? (
              <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2h3.5v12H3zM9.5 2H13v12H9.5z" /></svg>
            ) : (
              <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4 2v12l10-6z" /></svg>
            )}
          </button>
          <button type="button" class="btn icon" onClick={() => next && commit(next)} disabled={!next}
            aria-label={next ? `Next change (${fmtShort(next)})` : 'Next change'} title={next ? `Next change: ${fmtShort(next)}` : 'No later change'}>
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M11 2h2v12h-2zM2 2v12l8-6z" /></svg>
          </button>
          <label class="sr-only" for="date-input">
            Date
          </label>
          <input
            id="date-input"
            class="date-input"
            type="date"
            min={MIN_DATE}
            max={max}
            value={local}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLInputElement).value;
              if (isIsoDate(v)) commit(clampDate(v, MIN_DATE, max));
            }}
          />
          <button type="button" class="btn" onClick={() => commit(max)} disabled={date === max}>
            Today
          </button>
        </div>
      </div>
      <div class="slider-wrap">
        <label class="sr-only" for="date-slider">
          Date slider, one step per day from 1 January 1949 to today
        </label>
        <input
          id="date-slider"
          class="slider"
          type="range"
          min={lo}
          max={hi}
          step={1}
          value={toDay(local)}
          aria-valuetext={fmtLong(local)}
          style={`--fill:${pct(local)}%`}
          onInput={(e) => {
            const d = fromDay(+(e.currentTarget as HTMLInputElement).value);
            setLocal(d);
            setPlaying(false);
            commit(d, 120);
          }}
        />
        <div class="ticks" aria-hidden="true">
          {changes.filter((c) => c >= MIN_DATE && c <= max).map((c) => (
            <span class="tick" style={`left:${pct(c)}%`} />
          ))}
          {decades.map((y) => (
            <span class="decade" style={`left:${pct(`${y}-01-01`)}%`}>
              {y}
            </span>
          ))}
        </div>
      </div>
      <p class="sr-only" aria-live="polite" aria-atomic="true" data-testid="date-live">
        {`As of ${fmtLong(date)}. ${summary}`}
      </p>
    </div>
  );
}
