import { useEffect, useRef } from 'preact/hooks';
import type { TimelineEvent } from '../api';
import { addYears, fmtShort, fmtLong } from '../dates';
import { kindLabel, kindTone } from '../relations';
import { href } from '../route';

interface Props {
  events: TimelineEvent[] | undefined;
  date: string;
  onDate: (d: string) => void;
  years?: number;
}

function EventRow({ e, current, onDate }: { e: TimelineEvent; current: boolean; onDate: (d: string) => void }) {
  return (
    <li class={`event tone-${kindTone(e.kind)}${current ? ' current' : ''}`} data-date={e.date} data-kind={e.kind}>
      <button type="button" class="event-jump" onClick={() => onDate(e.date)} aria-current={current ? 'date' : undefined}
        title={`Show the map on ${fmtLong(e.date)}`}>
        <time dateTime={e.date}>{fmtShort(e.date)}</time>
        <span class="kind">{kindLabel(e.kind)}</span>
        <span class="detail">{e.detail}</span>
      </button>
      {e.nation ? (
        <a class="event-nation" href={href({ view: 'nation', id: e.nation, date: e.date })} title={`${e.nation_name ?? e.nation}: profile`}>
          {e.nation}
          <span class="sr-only"> ({e.nation_name ?? e.nation}: profile)</span>
        </a>
      ) : null}
    </li>
  );
}

/** The changes within ±`years` of the date, chronological, with the date marked. */
export function EventList({ events, date, onDate, years = 2 }: Props) {
  const from = addYears(date, -years);
  const to = addYears(date, years);
  const inWindow = (events ?? []).filter((e) => e.date >= from && e.date <= to);
  const before = inWindow.filter((e) => e.date <= date);
  const after = inWindow.filter((e) => e.date > date);
  const list = useRef<HTMLDivElement>(null);
  const marker = useRef<HTMLLIElement>(null);

  useEffect(() => {
    const box = list.current;
    const m = marker.current;
    if (!box || !m) return;
    // keep the changes on the date (or else the marker) in view inside the list,
    // without scrolling the page
    const first = box.querySelector<HTMLElement>('.event.current');
    const top = first ? first.offsetTop - 28 : m.offsetTop - box.clientHeight / 2 + m.offsetHeight / 2;
    box.scrollTo({ top: Math.max(0, top), behavior: 'auto' });
  }, [date, events]);

  const earlier = (events ?? []).filter((e) => e.date < from).slice(-1)[0];
  const later = (events ?? []).find((e) => e.date > to);

  return (
    <div class="events">
      <p class="muted small events-range">
        {fmtShort(from)} – {fmtShort(to)} · {events ? `${inWindow.length} ${inWindow.length === 1 ? 'change' : 'changes'}` : '…'}
      </p>
      <div class="events-scroll" ref={list} tabIndex={-1}>
        <ol class="event-list">
          {earlier && !before.length ? (
            <li class="event-gap">
              <button type="button" class="link" onClick={() => onDate(earlier.date)}>
                ↑ Earlier: {fmtShort(earlier.date)} — {earlier.detail}
              </button>
            </li>
          ) : null}
          {before.map((e) => (
            <EventRow e={e} current={e.date === date} onDate={onDate} />
          ))}
          <li class="event-marker" ref={marker}>
            <span>
              <span class="sr-only">Selected date: </span>
              {fmtLong(date)}
            </span>
          </li>
          {after.map((e) => (
            <EventRow e={e} current={false} onDate={onDate} />
          ))}
          {later && !after.length ? (
            <li class="event-gap">
              <button type="button" class="link" onClick={() => onDate(later.date)}>
                ↓ Later: {fmtShort(later.date)} — {later.detail}
              </button>
            </li>
          ) : null}
        </ol>
      </div>
    </div>
  );
}
