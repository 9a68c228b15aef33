// #/events and #/event/ID — partnership events: a month calendar (a grid the arrow keys
// move through; a list on a phone, or when asked), and each event with its steps (open,
// close registration, hold, cancel), the nations invited (the rules' refusals listed nation
// by nation), the participants registered or waitlisted, attendance once it is held, and
// the feedback of the nations that attended.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { dayTitle, eventsByDay, firstOf, gridRange, monthGrid, monthOf, monthTitle, moveDay, parseMonth, addMonths, WEEKDAYS } from '../../calendar';
import { labelOf, MENU_KIND_LABELS, REGISTRATION_STATE_LABELS, workflowWord } from '../../cooperation';
import { cooperationApi, PATHS, refusalsOf, type EventView, type PartnershipEvent, type Registration } from '../../cooperationApi';
import { fmtShort, today } from '../../dates';
import { useAsync, useMediaQuery } from '../../hooks';
import { nameRecord } from '../../titles';
import { isStaff, useSession } from '../../session';
import { VOCABULARY } from '../../vocabulary';
import { DateRange, Loading } from '../common';
import { ViewTools } from '../Export';
import { Field, Time, fieldProblems } from '../forms';
import { ACTIVITIES, ACTIVITY_LABELS } from '../rules';
import {
  ActionsBar,
  LoadFailure,
  NationOptions,
  Notice,
  RuleReason,
  SignedIn,
  WriteProblem,
  goTo,
  linkTo,
  setKeys,
  useNations,
  useSubject,
  useWrite,
  type WriteState,
} from './ParpPages';

const WHY = 'Nation officers, alliance staff and administrators sign in to see the events their nations are invited to.';

// ---------- #/events ----------

export function EventsPage({ q }: { q: Record<string, string> }) {
  return <SignedIn title="Partnership events" why={WHY}>{() => <Events q={q} />}</SignedIn>;
}

function Events({ q }: { q: Record<string, string> }) {
  const session = useSession();
  const staff = isStaff(session);
  const phone = useMediaQuery('(max-width: 640px)');
  const month = parseMonth(q.month) ?? monthOf(today());
  const asList = phone || q.view === 'list';
  const range = gridRange(month);
  const path = PATHS.events(range.from, range.to);
  const res = useAsync(path, () => cooperationApi.events(range.from, range.to));
  const [planning, setPlanning] = useState(false);
  const events = res.data?.events ?? [];
  const monthEnd = `${month}-31`;
  const inMonth = events.filter((e) => e.from <= monthEnd && (e.to || e.from) >= firstOf(month));
  if (res.error && !res.data) return <LoadFailure error={res.error} title="Partnership events" what="the events" retry={res.reload} />;
  const thisMonth = monthOf(today());
  return (
    <div class="page coop-page events-page">
      <section class="card" aria-labelledby="events-page-h">
        <div class="card-head">
          <div>
            <h1 id="events-page-h" class="page-h1">
              Partnership events
            </h1>
            <p class="muted small lead">
              {staff
                ? 'Events planned from the cooperation menu or bilaterally: invite nations, open registration, take attendance.'
                : 'The events your nation is invited to: register participants, and give feedback once an event is held.'}
            </p>
          </div>
          {staff ? (
            <div class="coop-head-actions">
              <a class="btn small-btn" href={linkTo('menu')}>
                Plan from the menu
              </a>
              <button type="button" class="btn small-btn" aria-expanded={planning} onClick={() => setPlanning(!planning)} data-testid="event-new-toggle">
                Plan a bilateral event
              </button>
            </div>
          ) : null}
        </div>
        {planning ? <PlanBilateral onClose={() => setPlanning(false)} /> : null}
      </section>

      <section class="card" aria-labelledby="cal-month-h" aria-busy={res.loading ? 'true' : undefined}>
        <div class="card-head coop-cal-head">
          <h2 id="cal-month-h" aria-live="polite">
            {monthTitle(month)}
          </h2>
          <div class="coop-cal-nav" role="group" aria-label="Month">
            <button type="button" class="btn small-btn" onClick={() => setKeys({ month: addMonths(month, -1) })} data-testid="cal-prev">
              <span aria-hidden="true">‹</span> Previous<span class="sr-only"> month</span>
            </button>
            <button type="button" class="btn small-btn" disabled={month === thisMonth} onClick={() => setKeys({ month: null })}>
              This month
            </button>
            <button type="button" class="btn small-btn" onClick={() => setKeys({ month: addMonths(month, 1) })} data-testid="cal-next">
              Next<span class="sr-only"> month</span> <span aria-hidden="true">›</span>
            </button>
          </div>
          {phone ? null : (
            <div class="coop-cal-views" role="group" aria-label="Show as">
              <button type="button" class="btn small-btn seg" aria-pressed={!asList} onClick={() => setKeys({ view: null })}>
                Calendar
              </button>
              <button type="button" class="btn small-btn seg" aria-pressed={asList} onClick={() => setKeys({ view: 'list' })} data-testid="cal-as-list">
                List
              </button>
            </div>
          )}
        </div>
        {!res.data ? (
          <Loading />
        ) : asList ? (
          <EventList events={inMonth} month={month} staff={staff} />
        ) : (
          <MonthGrid month={month} events={events} />
        )}
        {res.data && !inMonth.length && !asList ? <EmptyMonth month={month} staff={staff} /> : null}
        <ViewTools title={`Events, ${monthTitle(month)}`} api={path} stem={['events', month]} />
      </section>
    </div>
  );
}

function EmptyMonth({ month, staff }: { month: string; staff: boolean }) {
  return (
    <p class="muted" data-testid="events-empty">
      No event in {monthTitle(month)}.{' '}
      {staff ? (
        <>
          Plan one from the <a href={linkTo('menu')}>cooperation menu</a>, or look at another month.
        </>
      ) : (
        'Events appear here once your nation is invited; look at another month.'
      )}
    </p>
  );
}

/**
 * The month as a grid of days: one day is in the tab order, the arrow keys move a day or a
 * week, Home and End to the week's ends, Page Up and Page Down a month; the events of the
 * focused day are links in the tab order after it.
 */
function MonthGrid({ month, events }: { month: string; events: PartnershipEvent[] }) {
  const weeks = useMemo(() => monthGrid(month), [month]);
  const byDay = useMemo(() => eventsByDay(events, weeks.flat().map((d) => d.date)), [events, weeks]);
  const now = today();
  const [focus, setFocus] = useState(() => (monthOf(now) === month ? now : firstOf(month)));
  /** the keyboard moved the focused day: the cell takes focus, again once the month it is in is drawn */
  const moved = useRef(false);
  const tableRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (monthOf(focus) !== month) setFocus(monthOf(now) === month ? now : firstOf(month));
  }, [month]);
  useEffect(() => {
    if (!moved.current) return;
    if (monthOf(focus) === month) moved.current = false;
    tableRef.current?.querySelector<HTMLElement>(`td[data-date="${focus}"]`)?.focus();
  }, [focus, month]);
  const onKey = (e: KeyboardEvent) => {
    const cell = (e.target as HTMLElement).closest('td[data-date]');
    if (!cell || e.target !== cell) return;
    const next = moveDay(focus, e.key);
    if (!next) return;
    e.preventDefault();
    moved.current = true;
    setFocus(next);
    if (monthOf(next) !== month) setKeys({ month: monthOf(next) });
  };
  return (
    <div class="coop-cal-wrap">
      <table class="coop-calendar" role="grid" aria-labelledby="cal-month-h" ref={tableRef} onKeyDown={onKey} data-testid="calendar">
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th scope="col" abbr={d.long}>
                {d.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0].date}>
              {week.map((day) => {
                const list = byDay.get(day.date) ?? [];
                const focused = day.date === focus;
                return (
                  <td
                    key={day.date}
                    role="gridcell"
                    data-date={day.date}
                    tabIndex={focused ? 0 : -1}
                    class={`coop-cal-day${day.inMonth ? '' : ' out'}${day.date === now ? ' today' : ''}${list.length ? ' busy' : ''}`}
                    aria-current={day.date === now ? 'date' : undefined}
                    onClick={() => setFocus(day.date)}
                  >
                    <span class="coop-cal-num" aria-hidden="true">
                      {Number(day.date.slice(8))}
                    </span>
                    <span class="sr-only">
                      {dayTitle(day.date)}
                      {list.length ? `: ${list.length} event${list.length === 1 ? '' : 's'}` : ''}
                    </span>
                    {list.length ? (
                      <ul class="coop-cal-events">
                        {list.map((ev) => (
                          <li class={`state-${ev.state}`} data-event={ev.id}>
                            <a href={linkTo('event', ev.id)} tabIndex={focused ? 0 : -1} title={`${ev.title} (${workflowWord(ev.state)})`}>
                              {ev.title}
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small coop-cal-help">Arrow keys move between days; Page Up and Page Down change the month; Tab reaches the events of the day.</p>
    </div>
  );
}

function EventList({ events, month, staff }: { events: PartnershipEvent[]; month: string; staff: boolean }) {
  if (!events.length) return <EmptyMonth month={month} staff={staff} />;
  const sorted = [...events].sort((a, b) => a.from.localeCompare(b.from) || a.title.localeCompare(b.title));
  return (
    <ol class="coop-event-list" data-testid="event-list">
      {sorted.map((e) => (
        <li data-event={e.id} data-state={e.state}>
          <DateRange from={e.from} to={e.to} />
          <a class="coop-event-title" href={linkTo('event', e.id)}>
            {e.title}
          </a>
          <span class={`tag state-${e.state}`}>{workflowWord(e.state)}</span>
          <span class="muted small">
            {labelOf(MENU_KIND_LABELS, e.kind)}
            {e.location ? ` · ${e.location}` : ''} · {e.capacity} place{e.capacity === 1 ? '' : 's'}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** staff plan an event outside the menu: its title, kind, activity, days, place, capacity */
function PlanBilateral({ onClose }: { onClose: () => void }) {
  const [values, setValues] = useState({ title: '', kind: 'seminar', activity: 'political-dialogue', from: '', to: '', location: '', capacity: '' });
  const write = useWrite();
  const fields = ['title', 'kind', 'activity', 'from', 'to', 'location', 'capacity'] as const;
  const problems = fieldProblems(write.error, fields);
  const set = (name: keyof typeof values) => (e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    void write.run(
      () =>
        cooperationApi.createEvent({
          title: values.title.trim(),
          kind: values.kind,
          activity: values.activity,
          from: values.from,
          to: values.to || undefined,
          location: values.location.trim() || undefined,
          capacity: values.capacity ? Number(values.capacity) : undefined,
        }),
      (v) => goTo('event', v.id),
    );
  };
  return (
    <form class="coop-form plan-bilateral" onSubmit={submit} aria-labelledby="bilateral-h" data-testid="event-new">
      <h2 id="bilateral-h" class="h3-like">
        Plan a bilateral event
      </h2>
      <div class="form-grid">
        <Field id="ev-title" label="Title" required errors={problems.byField.title} class="wide">
          {(c) => <input {...c} type="text" value={values.title} onInput={set('title')} />}
        </Field>
        <Field id="ev-kind" label="Kind" required errors={problems.byField.kind}>
          {(c) => (
            <select {...c} value={values.kind} onChange={set('kind')}>
              {VOCABULARY.menu_kind.map((k) => (
                <option value={k}>{MENU_KIND_LABELS[k]}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ev-activity" label="Activity" required errors={problems.byField.activity} help="What the nations invited must be eligible for">
          {(c) => (
            <select {...c} value={values.activity} onChange={set('activity')}>
              {ACTIVITIES.map(([a, name]) => (
                <option value={a}>{name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ev-capacity" label="Capacity" required errors={problems.byField.capacity} help="Participants">
          {(c) => <input {...c} type="number" min={1} step={1} inputMode="numeric" value={values.capacity} onInput={set('capacity')} />}
        </Field>
        <Field id="ev-from" label="First day" required errors={problems.byField.from}>
          {(c) => <input {...c} type="date" value={values.from} onInput={set('from')} />}
        </Field>
        <Field id="ev-to" label="Last day" errors={problems.byField.to} help="The first day when empty">
          {(c) => <input {...c} type="date" value={values.to} min={values.from} onInput={set('to')} />}
        </Field>
        <Field id="ev-location" label="Location" errors={problems.byField.location}>
          {(c) => <input {...c} type="text" value={values.location} onInput={set('location')} />}
        </Field>
      </div>
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={write.busy || !values.title.trim() || !values.from}>
          Plan the event
        </button>
        <button type="button" class="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
      <WriteProblem
        write={write}
        what="The event was not planned"
        fields={fields}
        idPrefix="ev-"
        labels={{ title: 'Title', kind: 'Kind', activity: 'Activity', from: 'First day', to: 'Last day', location: 'Location', capacity: 'Capacity' }}
      />
    </form>
  );
}

// ---------- #/event/ID ----------

export function EventPage({ id }: { id: string }) {
  return <SignedIn title="Event" why={WHY}>{() => <EventDetail id={id} />}</SignedIn>;
}

function EventDetail({ id }: { id: string }) {
  const session = useSession();
  const staff = isStaff(session);
  const nations = useNations();
  const { res, view, setView } = useSubject<EventView>(`event:${id}`, () => cooperationApi.event(id));
  const stepWrite = useWrite();
  const [notice, setNotice] = useState('');
  const name = view?.title ?? null;
  useEffect(() => {
    if (name) nameRecord('event', id, name);
  }, [id, name]);
  if (res.error && !view) {
    return <LoadFailure error={res.error} title="Event" what={`event ${id}`} retry={res.reload} back={{ href: linkTo('events'), label: 'All events' }} />;
  }
  if (!view) {
    // the same outline as the event's, so that the heading keeps focus when the event arrives
    return (
      <div class="page coop-page event-page">
        <section class="card" aria-labelledby="event-h">
          <p class="crumbs small">
            <a href={linkTo('events')}>Events</a>
          </p>
          <h1 id="event-h" class="page-h1">
            Event
          </h1>
          <Loading />
        </section>
      </div>
    );
  }
  const step = (action: string, comment: string) =>
    stepWrite.run(
      () => cooperationApi.stepEvent(view, { action, comment: comment || undefined }),
      (v) => {
        setView(v);
        setNotice(`Step taken: ${workflowWord(action)}. The event is now ${workflowWord(v.state).toLowerCase()}.`);
      },
      setView,
    );
  const places = Math.max(view.capacity - view.registered, 0);
  return (
    <div class="page coop-page event-page" data-state={view.state}>
      <section class="card" aria-labelledby="event-h">
        <p class="crumbs small">
          <a href={linkTo('events', null, { month: monthOf(view.from) })}>Events</a>
        </p>
        <h1 id="event-h" class="page-h1">
          {view.title} <span class={`tag state-${view.state}`} data-testid="event-state">{workflowWord(view.state)}</span>
        </h1>
        <dl class="facts">
          <div>
            <dt>When</dt>
            <dd>
              <DateRange from={view.from} to={view.to} />
            </dd>
          </div>
          <div>
            <dt>Where</dt>
            <dd>{view.location || <span class="muted">not set</span>}</dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>{labelOf(MENU_KIND_LABELS, view.kind)}</dd>
          </div>
          <div>
            <dt>Activity</dt>
            <dd>{ACTIVITY_LABELS.get(view.activity) ?? workflowWord(view.activity)}</dd>
          </div>
          <div>
            <dt>Places</dt>
            <dd data-testid="event-places">
              {view.registered} of {view.capacity} taken{view.waitlisted ? `, ${view.waitlisted} waitlisted` : ''}
            </dd>
          </div>
          <div>
            <dt>From the menu</dt>
            <dd>{view.menu_item ? <a href={linkTo('menu', null, { q: view.menu_item })}>{view.menu_item}</a> : <span class="muted">no: bilateral</span>}</dd>
          </div>
          <div>
            <dt>Planned</dt>
            <dd>
              <Time value={view.created_at} /> by {view.created_by}
            </dd>
          </div>
        </dl>
        <Notice text={notice} />
        <h2 class="h3-like">Steps</h2>
        <ActionsBar actions={view.actions} onStep={step} write={stepWrite} approver="staff" idPrefix="event-" label="Steps of the event" />
        <ViewTools title={view.title} api={PATHS.event(view.id)} csv={false} stem={['event', String(view.id)]} />
      </section>

      <section class="card" aria-labelledby="inv-h">
        <h2 id="inv-h">Nations invited</h2>
        {view.invitations.length ? (
          <ul class="coop-invitations" data-testid="invitations">
            {view.invitations.map((i) => (
              <li data-nation={i.nation}>
                <strong>{nations.name(i.nation)}</strong> <span class="muted">({i.nation})</span>
                <span class="small">
                  {' '}
                  through {i.standing}, invited by {i.invited_by} on {fmtShort(i.at.slice(0, 10))}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted" data-testid="invitations-empty">
            No nation is invited yet.{staff ? ' Invite the nations below; the rules check each one on the first day.' : ''}
          </p>
        )}
        {staff && (view.state === 'planned' || view.state === 'open') ? <InviteForm view={view} onView={setView} onNotice={setNotice} /> : null}
      </section>

      <section class="card" aria-labelledby="reg-h">
        <div class="card-head">
          <h2 id="reg-h">Participants</h2>
          <span class="small muted">
            {places} place{places === 1 ? '' : 's'} left
          </span>
        </div>
        <Registrations view={view} staff={staff} nationName={nations.name} onView={setView} onNotice={setNotice} />
        {view.may_register ? (
          <RegisterForm view={view} staff={staff} nationName={nations.name} onView={setView} onNotice={setNotice} />
        ) : (
          <p class="muted small" data-testid="register-closed">
            {view.state !== 'open'
              ? `Registration is not open: the event is ${workflowWord(view.state).toLowerCase()}.`
              : staff
                ? 'Participants are registered for the nations invited: invite a nation first.'
                : 'Your nation is not invited to this event.'}
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="fb-h">
        <h2 id="fb-h">Feedback</h2>
        {view.feedback.length ? (
          <>
            <p>
              Average rating <strong>{view.average_rating.toFixed(1)}</strong> of 5.
            </p>
            <ul class="coop-feedback" data-testid="feedback">
              {view.feedback.map((f) => (
                <li>
                  <span class="coop-rating" aria-hidden="true">
                    {'★'.repeat(f.rating)}
                    <span class="coop-rating-off">{'★'.repeat(5 - f.rating)}</span>
                  </span>
                  <span class="sr-only">Rated {f.rating} of 5 by</span>{' '}
                  <strong>{nations.name(f.nation)}</strong> <span class="muted small">({f.author}, {fmtShort(f.at.slice(0, 10))})</span>
                  {f.text ? <p class="coop-comment">{f.text}</p> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="muted">No feedback yet. Officers of the nations that attended give it once the event is held.</p>
        )}
        {view.may_give_feedback ? <FeedbackForm view={view} onView={setView} onNotice={setNotice} /> : null}
      </section>
    </div>
  );
}

/** invite nations; when the rules refuse some, none is invited and each refusal is listed */
function InviteForm({ view, onView, onNotice }: { view: EventView; onView: (v: EventView) => void; onNotice: (s: string) => void }) {
  const nations = useNations();
  const [codes, setCodes] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [hint, setHint] = useState('');
  const write = useWrite();
  const refused = refusalsOf(write.error);
  const refusedCodes = new Set(refused.map((r) => r.nation));
  const add = () => {
    const code = text.trim().toUpperCase();
    if (!code) return;
    if (!nations.known(code)) {
      setHint(`“${text.trim()}” is no nation code: choose one from the list, e.g. GEO for Georgia.`);
      return;
    }
    setHint('');
    if (!codes.includes(code)) setCodes([...codes, code]);
    setText('');
  };
  const invite = (list: string[]) =>
    write.run(
      () => cooperationApi.invite(view.id, list),
      (v) => {
        onView(v);
        onNotice(`Invited ${list.map(nations.name).join(', ')}.`);
        setCodes([]);
      },
      onView,
    );
  const others = codes.filter((c) => !refusedCodes.has(c));
  return (
    <form
      class="coop-form invite-form"
      aria-labelledby="invite-h"
      data-testid="invite"
      onSubmit={(e) => {
        e.preventDefault();
        if (codes.length) void invite(codes);
      }}
    >
      <h3 id="invite-h">Invite nations</h3>
      <div class="filters">
        <label class="field" for="invite-nation">
          <span class="eyebrow">Nation</span>
          <input
            id="invite-nation"
            type="text"
            list="invite-nations"
            autoComplete="off"
            maxLength={3}
            size={8}
            aria-describedby="invite-nation-help"
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <span class="knob-help muted" id="invite-nation-help">
            ISO code, e.g. GEO; Enter adds it to the list
          </span>
        </label>
        <NationOptions id="invite-nations" />
        <button type="button" class="btn" onClick={add} data-testid="invite-add">
          Add
        </button>
      </div>
      {hint ? (
        <p class="field-error" role="alert">
          {hint}
        </p>
      ) : null}
      {codes.length ? (
        <ul class="coop-nation-picks" aria-label="Nations to invite" data-testid="invite-list">
          {codes.map((c) => (
            <li data-nation={c} class={refusedCodes.has(c) ? 'refused' : ''}>
              {nations.name(c)} ({c})
              <button type="button" class="btn small-btn ghost" onClick={() => setCodes(codes.filter((x) => x !== c))}>
                Remove<span class="sr-only"> {nations.name(c)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">Add the nations to invite, then invite them together.</p>
      )}
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={write.busy || !codes.length} data-testid="invite-submit">
          Invite {codes.length ? `${codes.length} nation${codes.length === 1 ? '' : 's'}` : 'the nations'}
        </button>
      </div>
      {refused.length ? (
        <div class="error problem" role="alert" data-testid="invite-refused">
          <strong>
            The rules refuse {refused.length} of {Math.max(codes.length, refused.length)} nation{Math.max(codes.length, refused.length) === 1 ? '' : 's'}; no nation was
            invited.
          </strong>
          <ul class="coop-refusals">
            {refused.map((r) => (
              <li data-nation={r.nation}>
                <strong>
                  {nations.name(r.nation)} ({r.nation})
                </strong>
                : <RuleReason text={r.reason} />
              </li>
            ))}
          </ul>
          {others.length ? (
            <button
              type="button"
              class="btn"
              data-testid="invite-others"
              disabled={write.busy}
              onClick={() => {
                setCodes(others);
                void invite(others);
              }}
            >
              Invite {others.map(nations.name).join(', ')} alone
            </button>
          ) : null}
        </div>
      ) : (
        <WriteProblem write={write} what="No nation was invited" fields={['nations']} idPrefix="invite-" labels={{ nations: 'Nations' }} />
      )}
    </form>
  );
}

function Registrations({
  view,
  staff,
  nationName,
  onView,
  onNotice,
}: {
  view: EventView;
  staff: boolean;
  nationName: (iso3: string) => string;
  onView: (v: EventView) => void;
  onNotice: (s: string) => void;
}) {
  const write = useWrite();
  const [confirming, setConfirming] = useState<number | null>(null);
  if (!view.registrations.length) {
    return (
      <p class="muted" data-testid="registrations-empty">
        No participant is registered{staff ? '' : ' for your nation'} yet.
      </p>
    );
  }
  const held = view.state === 'held';
  const cancel = (r: Registration) =>
    write.run(
      () => cooperationApi.cancelRegistration(view.id, r),
      (v) => {
        onView(v);
        setConfirming(null);
        const promoted = v.registrations.find((x) => x.state === 'registered' && view.registrations.some((y) => y.id === x.id && y.state === 'waitlisted'));
        onNotice(`Cancelled the registration of ${r.participant}.${promoted ? ` ${promoted.participant} moves up from the waiting list.` : ''}`);
      },
      onView,
    );
  const attend = (r: Registration, attendance: 'attended' | 'absent') =>
    write.run(
      () => cooperationApi.attendance(view.id, r.id, attendance),
      (v) => {
        onView(v);
        onNotice(`${r.participant}: ${labelOf(REGISTRATION_STATE_LABELS, attendance).toLowerCase()}.`);
      },
      onView,
    );
  return (
    <>
      <div class="table-wrap">
        <table class="table coop-table coop-registrations" data-testid="registrations">
          <caption class="sr-only">Participants and the state of their registrations</caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Nation</th>
              <th scope="col">State</th>
              <th scope="col">Registered</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.registrations.map((r) => (
              <tr data-registration={r.id} data-participant={r.participant} data-state={r.state}>
                <th scope="row" data-label="Participant">
                  {r.participant}
                </th>
                <td data-label="Nation">{nationName(r.nation)}</td>
                <td data-label="State">
                  <span class={`tag reg-${r.state}`}>{labelOf(REGISTRATION_STATE_LABELS, r.state)}</span>
                </td>
                <td data-label="Registered">
                  <Time value={r.at} /> <span class="muted small">by {r.registered_by}</span>
                </td>
                <td class="coop-row-actions">
                  {(r.state === 'registered' || r.state === 'waitlisted') && !held ? (
                    confirming === r.id ? (
                      <span class="coop-confirm">
                        <button type="button" class="btn small-btn" disabled={write.busy} onClick={() => void cancel(r)} data-testid={`cancel-confirm-${r.id}`}>
                          Yes, cancel<span class="sr-only"> the registration of {r.participant}</span>
                        </button>
                        <button type="button" class="btn small-btn ghost" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" class="btn small-btn" onClick={() => setConfirming(r.id)} data-testid={`cancel-${r.id}`}>
                        Cancel<span class="sr-only"> the registration of {r.participant}</span>
                      </button>
                    )
                  ) : null}
                  {held && staff && r.state !== 'cancelled' && r.state !== 'waitlisted' ? (
                    <span class="coop-attendance" role="group" aria-label={`Attendance of ${r.participant}`}>
                      <button type="button" class="btn small-btn" aria-pressed={r.state === 'attended'} disabled={write.busy} onClick={() => void attend(r, 'attended')}>
                        Attended
                      </button>
                      <button type="button" class="btn small-btn" aria-pressed={r.state === 'absent'} disabled={write.busy} onClick={() => void attend(r, 'absent')}>
                        Absent
                      </button>
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <WriteProblem write={write} what="The registration was not changed" />
    </>
  );
}

function RegisterForm({
  view,
  staff,
  nationName,
  onView,
  onNotice,
}: {
  view: EventView;
  staff: boolean;
  nationName: (iso3: string) => string;
  onView: (v: EventView) => void;
  onNotice: (s: string) => void;
}) {
  const [participant, setParticipant] = useState('');
  const [nation, setNation] = useState(view.invitations[0]?.nation ?? '');
  const write = useWrite();
  const fields = ['participant', 'nation'] as const;
  const problems = fieldProblems(write.error, fields);
  const full = view.registered >= view.capacity;
  const submit = (e: Event) => {
    e.preventDefault();
    const name = participant.trim();
    void write.run(
      () => cooperationApi.register(view.id, staff ? { participant: name, nation } : { participant: name }),
      (v) => {
        onView(v);
        const mine = [...v.registrations].reverse().find((r) => r.participant === name);
        onNotice(mine?.state === 'waitlisted' ? `${name} is on the waiting list: every place is taken.` : `${name} is registered.`);
        setParticipant('');
      },
      onView,
    );
  };
  return (
    <form class="coop-form register-form" onSubmit={submit} aria-labelledby="register-h" data-testid="register">
      <h3 id="register-h">Register a participant</h3>
      {full ? <p class="warnbox small">Every place is taken: a new participant goes on the waiting list and moves up when a place is freed.</p> : null}
      <div class="filters">
        <Field id="reg-participant" label="Participant" required errors={problems.byField.participant} help="Name and rank">
          {(c) => <input {...c} type="text" value={participant} onInput={(e) => setParticipant((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        {staff ? (
          <Field id="reg-nation" label="Nation" required errors={problems.byField.nation}>
            {(c) => (
              <select {...c} value={nation} onChange={(e) => setNation((e.currentTarget as HTMLSelectElement).value)}>
                {view.invitations.map((i) => (
                  <option value={i.nation}>{nationName(i.nation)}</option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <button type="submit" class="btn primary" disabled={write.busy || !participant.trim()} data-testid="register-submit">
          Register
        </button>
      </div>
      <WriteProblem write={write} what="The participant was not registered" fields={fields} idPrefix="reg-" labels={{ participant: 'Participant', nation: 'Nation' }} />
    </form>
  );
}

const RATINGS = [
  { value: 1, label: '1 — poor' },
  { value: 2, label: '2' },
  { value: 3, label: '3' },
  { value: 4, label: '4' },
  { value: 5, label: '5 — excellent' },
];

function FeedbackForm({ view, onView, onNotice }: { view: EventView; onView: (v: EventView) => void; onNotice: (s: string) => void }) {
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState('');
  const write: WriteState = useWrite();
  const fields = ['rating', 'text'] as const;
  const problems = fieldProblems(write.error, fields);
  const submit = (e: Event) => {
    e.preventDefault();
    if (rating == null) return;
    void write.run(
      () => cooperationApi.feedback(view.id, { rating, text: text.trim() || undefined }),
      (v) => {
        onView(v);
        onNotice('Thank you: your feedback is recorded.');
      },
      onView,
    );
  };
  return (
    <form class="coop-form feedback-form" onSubmit={submit} aria-labelledby="feedback-h" data-testid="feedback-form">
      <h3 id="feedback-h">Your feedback</h3>
      <fieldset class="coop-rating-choice">
        <legend>Rating</legend>
        {RATINGS.map((r) => (
          <label class="check">
            <input type="radio" name="feedback-rating" value={String(r.value)} checked={rating === r.value} onChange={() => setRating(r.value)} /> {r.label}
          </label>
        ))}
        {problems.byField.rating ? <span class="field-error">{problems.byField.rating.join(' ')}</span> : null}
      </fieldset>
      <Field id="fb-text" label="What worked, what did not" errors={problems.byField.text}>
        {(c) => <textarea {...c} rows={3} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={write.busy || rating == null}>
          Give feedback
        </button>
      </div>
      <WriteProblem write={write} what="The feedback was not recorded" fields={fields} idPrefix="fb-" labels={{ rating: 'Rating', text: 'Text' }} />
    </form>
  );
}
