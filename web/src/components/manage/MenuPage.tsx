// #/menu — the cooperation menu, public: the activities NATO offers its partners, searched
// by words and filtered by area, kind and who they are open to (GET /api/v1/menu); a
// nation officer may ask for what their nation may attend today. The filters live in the
// address. Staff plan an event from a row (POST /api/v1/events with the menu item).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import {
  languageName,
  labelOf,
  MENU_AREA_LABELS,
  MENU_KIND_LABELS,
  menuQueryOf,
  plannedDays,
} from '../../cooperation';
import { cooperationApi, menuPath, type MenuItem } from '../../cooperationApi';
import { addDays, today } from '../../dates';
import { useAsync } from '../../hooks';
import { isStaff, useSession } from '../../session';
import { VOCABULARY } from '../../vocabulary';
import { ErrorBox, Loading, Note } from '../common';
import { ViewTools } from '../Export';
import { Field, fieldProblems } from '../forms';
import { Source } from '../Sources';
import { useSortable } from '../Sortable';
import { WriteProblem, goTo, officerNation, setKeys, useNations, useWrite } from './ParpPages';
import '../../styles/pages.css';
import '../../styles/cooperation.css';

type Col = 'title' | 'area' | 'kind' | 'provider' | 'open_to' | 'language' | 'capacity' | 'duration';

const openToLabel = (word: string, frameworks: Map<string, string>) => (word === 'member' ? 'Members' : (frameworks.get(word) ?? word));

export function MenuPage({ q }: { q: Record<string, string> }) {
  const session = useSession();
  const staff = isStaff(session);
  const officer = officerNation(session);
  const nations = useNations();
  const query = menuQueryOf(q, officer);
  const path = menuPath(query);
  const res = useAsync(path, () => cooperationApi.menu(query));
  const fws = useAsync('fws', api.frameworks);
  const frameworks = new Map((fws.data?.frameworks ?? []).map((f) => [f.id, f.name]));
  const openToChoices = ['member', ...(fws.data?.frameworks ?? []).filter((f) => f.organisation === 'NATO').map((f) => f.id)];
  const [text, setText] = useState(query.q ?? '');
  // the address changed (Back, a link): the search field follows
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const [planning, setPlanning] = useState<MenuItem | null>(null);

  const items = res.data?.items ?? [];
  const { rows, Th } = useSortable<MenuItem, Col>(items, {
    title: (i) => i.title,
    area: (i) => labelOf(MENU_AREA_LABELS, i.area),
    kind: (i) => labelOf(MENU_KIND_LABELS, i.kind),
    provider: (i) => i.provider,
    open_to: (i) => i.open_to.length,
    language: (i) => i.language.map(languageName).join(', '),
    capacity: (i) => i.capacity || null,
    duration: (i) => i.duration_days || null,
  });
  const filtered = !!(query.q || query.area || query.kind || query.open_to || query.nation);
  const clear = () => {
    setText('');
    setKeys({ q: null, area: null, kind: null, open_to: null, mine: null });
  };

  return (
    <div class="page coop-page menu-page">
      <section class="card" aria-labelledby="menu-h">
        <h1 id="menu-h" class="page-h1">
          Cooperation menu
        </h1>
        <p class="muted small lead">
          Courses, exercises, seminars and other activities NATO offers its partners, each with its sources. A small sourced sample: the full menu is not
          published.
        </p>
        <form
          class="filters coop-menu-filters"
          role="search"
          aria-label="Search and filter the menu"
          onSubmit={(e) => {
            e.preventDefault();
            setKeys({ q: text.trim() });
          }}
        >
          <label class="field" for="menu-q">
            <span class="eyebrow">Words</span>
            <input
              type="search"
              id="menu-q"
              value={text}
              placeholder="title, provider…"
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
              onChange={(e) => setKeys({ q: (e.currentTarget as HTMLInputElement).value.trim() })}
            />
          </label>
          <label class="field" for="menu-area">
            <span class="eyebrow">Area</span>
            <select id="menu-area" value={query.area ?? ''} onChange={(e) => setKeys({ area: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Any area</option>
              {VOCABULARY.menu_area.map((a) => (
                <option value={a}>{MENU_AREA_LABELS[a]}</option>
              ))}
            </select>
          </label>
          <label class="field" for="menu-kind">
            <span class="eyebrow">Kind</span>
            <select id="menu-kind" value={query.kind ?? ''} onChange={(e) => setKeys({ kind: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Any kind</option>
              {VOCABULARY.menu_kind.map((k) => (
                <option value={k}>{MENU_KIND_LABELS[k]}</option>
              ))}
            </select>
          </label>
          <label class="field" for="menu-open-to">
            <span class="eyebrow">Open to</span>
            <select id="menu-open-to" value={query.open_to ?? ''} onChange={(e) => setKeys({ open_to: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Anyone</option>
              {openToChoices.map((w) => (
                <option value={w}>{w === 'member' ? 'Members' : `${w}${frameworks.get(w) ? ` — ${frameworks.get(w)}` : ''}`}</option>
              ))}
              {query.open_to && !openToChoices.includes(query.open_to) ? <option value={query.open_to}>{query.open_to}</option> : null}
            </select>
          </label>
          {officer ? (
            <label class="check coop-menu-mine" for="menu-mine">
              <input type="checkbox" id="menu-mine" checked={q.mine === '1'} onChange={(e) => setKeys({ mine: (e.currentTarget as HTMLInputElement).checked ? '1' : null })} />
              What {nations.name(officer)} may attend today
            </label>
          ) : null}
          <button type="submit" class="btn">
            Search
          </button>
          {filtered ? (
            <button type="button" class="btn" onClick={clear} data-testid="menu-clear">
              Clear filters
            </button>
          ) : null}
        </form>
        <ViewTools
          title={`Cooperation menu${filtered ? ' (filtered)' : ''}`}
          api={path}
          sources={items.map((i) => i.source)}
          stem={['menu', query.area, query.kind, query.open_to, query.nation, query.q]}
        />
      </section>

      {planning ? <PlanEvent item={planning} onClose={() => setPlanning(null)} /> : null}

      <section class="card" aria-labelledby="menu-list-h" aria-busy={res.loading ? 'true' : undefined}>
        <h2 id="menu-list-h" class="sr-only">
          Activities
        </h2>
        <ErrorBox error={res.error} what="the cooperation menu" retry={res.reload} />
        {!res.data && res.loading ? <Loading /> : null}
        {res.data ? (
          <p class="muted small range-note" role="status" data-testid="menu-count">
            {res.data.count
              ? `${res.data.count} activit${res.data.count === 1 ? 'y' : 'ies'}${filtered ? ' match the filters' : ''}.`
              : 'No activity matches these filters.'}
            {query.nation ? ` ${nations.name(query.nation)} holds these standings today: ${(res.data.standings ?? []).join(', ') || 'none'}.` : ''}
          </p>
        ) : null}
        {res.data && !items.length ? (
          <p data-testid="menu-empty">
            Try other words, or{' '}
            <button type="button" class="link" onClick={clear}>
              clear the filters
            </button>
            .
          </p>
        ) : null}
        {items.length ? (
          <div class="table-wrap">
            <table class={`table coop-table menu-table${res.loading ? ' stale' : ''}`} data-testid="menu-table">
              <caption class="sr-only">Activities of the cooperation menu; the column buttons sort them</caption>
              <thead>
                <tr>
                  <Th col="title">Activity</Th>
                  <Th col="area">Area</Th>
                  <Th col="kind">Kind</Th>
                  <Th col="provider">Provider</Th>
                  <Th col="open_to">Open to</Th>
                  <Th col="language">Language</Th>
                  <Th col="capacity" class="num">
                    Capacity
                  </Th>
                  <Th col="duration" class="num">
                    Days
                  </Th>
                  {staff ? (
                    <th scope="col">
                      <span class="sr-only">Plan</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => (
                  <tr data-id={i.id} data-area={i.area} data-kind={i.kind}>
                    <th scope="row" data-label="Activity">
                      <span class="coop-menu-title">{i.title}</span>
                      <details class="coop-menu-src">
                        <summary>Sources{i.note ? ' and note' : ''}</summary>
                        <Source src={i.source} />
                        <Note text={i.note} />
                      </details>
                    </th>
                    <td data-label="Area">{labelOf(MENU_AREA_LABELS, i.area)}</td>
                    <td data-label="Kind">{labelOf(MENU_KIND_LABELS, i.kind)}</td>
                    <td data-label="Provider">{i.provider}</td>
                    <td data-label="Open to">
                      <ul class="coop-open-to">
                        {i.open_to.map((w) => (
                          <li title={openToLabel(w, frameworks)}>{w === 'member' ? 'Members' : w}</li>
                        ))}
                      </ul>
                    </td>
                    <td data-label="Language">{i.language.length ? i.language.map(languageName).join(', ') : <span class="muted">not stated</span>}</td>
                    <td data-label="Capacity" class="num">
                      {i.capacity || <span class="muted">—</span>}
                    </td>
                    <td data-label="Days" class="num">
                      {i.duration_days || <span class="muted">—</span>}
                    </td>
                    {staff ? (
                      <td data-label="Plan">
                        <button type="button" class="btn small-btn" data-testid={`plan-${i.id}`} onClick={() => setPlanning(i)}>
                          Plan an event<span class="sr-only">: {i.title}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

/** staff plan an event from a menu item: its days, place and capacity */
function PlanEvent({ item, onClose }: { item: MenuItem; onClose: () => void }) {
  const start = addDays(today(), 30);
  const [values, setValues] = useState(() => ({
    ...plannedDays(item, start),
    location: '',
    capacity: item.capacity ? String(item.capacity) : '',
  }));
  const write = useWrite();
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headRef.current?.focus(), [item.id]);
  const fields = ['from', 'to', 'location', 'capacity', 'menu_item'] as const;
  const problems = fieldProblems(write.error, fields);
  const set = (name: keyof typeof values, value: string) =>
    setValues((v) => (name === 'from' && value && v.to <= v.from ? { ...v, ...plannedDays(item, value) } : { ...v, [name]: value }));
  const submit = (e: Event) => {
    e.preventDefault();
    void write.run(
      () =>
        cooperationApi.createEvent({
          menu_item: item.id,
          from: values.from,
          to: values.to || undefined,
          location: values.location.trim() || undefined,
          capacity: values.capacity ? Number(values.capacity) : undefined,
        }),
      (v) => goTo('event', v.id),
    );
  };
  return (
    <section class="card coop-plan-event" aria-labelledby="plan-h" data-testid="plan-event">
      <div class="card-head">
        <h2 id="plan-h" tabIndex={-1} ref={headRef}>
          Plan an event: {item.title}
        </h2>
        <button type="button" class="btn small-btn" onClick={onClose}>
          Close
        </button>
      </div>
      <form class="coop-form" onSubmit={submit}>
        <div class="form-grid">
          <Field id="plan-from" label="First day" required errors={problems.byField.from}>
            {(c) => <input {...c} type="date" value={values.from} onInput={(e) => set('from', (e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <Field id="plan-to" label="Last day" errors={problems.byField.to} help={item.duration_days ? `The menu gives ${item.duration_days} days` : 'The first day when empty'}>
            {(c) => <input {...c} type="date" value={values.to} min={values.from} onInput={(e) => set('to', (e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <Field id="plan-location" label="Location" errors={problems.byField.location}>
            {(c) => <input {...c} type="text" value={values.location} onInput={(e) => set('location', (e.currentTarget as HTMLInputElement).value)} />}
          </Field>
          <Field
            id="plan-capacity"
            label="Capacity"
            required={!item.capacity}
            errors={problems.byField.capacity}
            help={item.capacity ? `Participants; the menu gives ${item.capacity}` : 'Participants; the menu publishes no number'}
          >
            {(c) => <input {...c} type="number" min={1} step={1} inputMode="numeric" value={values.capacity} onInput={(e) => set('capacity', (e.currentTarget as HTMLInputElement).value)} />}
          </Field>
        </div>
        <div class="coop-form-actions">
          <button type="submit" class="btn primary" disabled={write.busy || !values.from} data-testid="plan-submit">
            Plan the event
          </button>
        </div>
        <WriteProblem
          write={write}
          what="The event was not planned"
          fields={fields}
          idPrefix="plan-"
          labels={{ from: 'First day', to: 'Last day', location: 'Location', capacity: 'Capacity', menu_item: 'Menu item' }}
        />
      </form>
    </section>
  );
}
