import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type Nation, type RelationEntry } from './api';
import { fmtLong, fmtShort, today } from './dates';
import { useAsync } from './hooks';
import { badDateNotice, futureNotice, organisationNotice } from './notices';
import { RELATIONS, RELATION_ORDER, type MapRelation } from './relations';
import { ANALYTICS_VIEWS, MANAGE_VIEWS, analyticsPageName, dismissDateAsked, href, navigate, setQuery, useRoute, type View } from './route';
import { pageName, pageTitle, useRecordName } from './titles';
import { ErrorBox, Loading } from './components/common';
import { ViewTools } from './components/Export';
import { SiteNav } from './components/SiteNav';
import { DateControl } from './components/DateControl';
import { EventList } from './components/EventList';
import { Legend } from './components/Legend';
import { NationPanel } from './components/NationPanel';
import { NationSearch } from './components/NationSearch';
import { FrameworkPage, OrgPage } from './components/Pages';
import { MapPresets, WorldMap, joinRelations, useAtlas, type MapLayerProps, type ViewPreset } from './components/WorldMap';
import { DecidePage } from './components/DecidePage';
import { Article4Page } from './components/Article4Page';
import { OperationPage, OperationsPage } from './components/OperationsPages';
import { EligibilityPage } from './components/Eligibility';
import { Article5Panel, TreatyLegend, TreatyMarks, TreatySeas, formatAt, parseAt, treatyFill } from './components/TreatyArea';
import { AccountMenu } from './components/AccountMenu';
import { AccountPage } from './components/AccountPage';
import { ChangesPage } from './components/ChangesPage';
import { RecordPage } from './components/RecordPage';
import { isStaff, useSession } from './session';
import './styles/map.css';

function summarise(relations: RelationEntry[] | undefined): string {
  if (!relations) return '';
  const counts = new Map<MapRelation, number>();
  for (const r of relations) counts.set(r.relation, (counts.get(r.relation) ?? 0) + 1);
  return RELATION_ORDER.filter((r) => r !== 'none' && r !== 'no-data' && counts.get(r))
    .map((r) => `${counts.get(r)} ${RELATIONS[r].label.toLowerCase()}${counts.get(r) === 1 ? '' : 's'}`)
    .join(', ');
}

/** the key under an exported map: each relation drawn, with its count */
function figureKey(relations: RelationEntry[] | undefined, noData: number) {
  if (!relations) return undefined;
  const counts = new Map<MapRelation, number>();
  for (const r of relations) counts.set(r.relation, (counts.get(r.relation) ?? 0) + 1);
  if (noData) counts.set('no-data', noData);
  return RELATION_ORDER.filter((r) => counts.get(r)).map((r) => ({ label: RELATIONS[r].label, color: RELATIONS[r].color, count: counts.get(r) }));
}

const PRESET_KEY = 'entente.mapView';

const NAV: { view: View; label: string; short?: string; also?: View[]; staff?: boolean }[] = [
  { view: 'map', label: 'Map', also: ['nation'] },
  { view: 'org', label: 'Members' },
  { view: 'decide', label: 'Decide' },
  { view: 'article4', label: 'Article 4', short: 'Art. 4' },
  { view: 'operations', label: 'Operations', short: 'Ops', also: ['operation'] },
  { view: 'eligibility', label: 'Eligibility' },
  { view: 'simulate', label: 'Simulate', short: 'Sim' },
  { view: 'programmes', label: 'Partnerships', also: [...MANAGE_VIEWS] },
  { view: 'analytics', label: 'Analytics', also: [...ANALYTICS_VIEWS] },
  { view: 'changes', label: 'Changes', also: ['edit'], staff: true },
];

/** pages without the top bar's organisation select: about NATO alone, or with their own select */
const NO_ORG_SELECT = new Set<View>(['article4', 'operations', 'operation', 'decide', 'eligibility', 'simulate', 'account', 'changes', 'edit', ...MANAGE_VIEWS, ...[...ANALYTICS_VIEWS].filter((v) => v !== 'network')]);

// The Simulate page and its charts (Observable Plot) load on first use, in their own chunk.
type SimulateModule = typeof import('./components/SimulatePage');
let simulateModule: Promise<SimulateModule> | null = null;

function LazySimulatePage({ q }: { q: Record<string, string> }) {
  const [mod, setMod] = useState<SimulateModule | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setError(null);
    if (!simulateModule) simulateModule = import('./components/SimulatePage');
    simulateModule.then(
      (m) => setMod(m),
      (e) => {
        simulateModule = null;
        setError(e);
      },
    );
  }, [attempt]);
  if (error) return <ErrorBox error={error} what="the simulation page" retry={() => setAttempt((a) => a + 1)} />;
  if (!mod) return <Loading label="Loading the simulator…" />;
  return <mod.SimulatePage q={q} />;
}

// The pages of partnership management load on first use, together, in their own chunk.
type ManageModule = typeof import('./components/manage');
let manageModule: Promise<ManageModule> | null = null;

function LazyManagePage({ view, id, q }: { view: View; id: string | null; q: Record<string, string> }) {
  const [mod, setMod] = useState<ManageModule | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setError(null);
    if (!manageModule) manageModule = import('./components/manage');
    manageModule.then(
      (m) => setMod(m),
      (e) => {
        manageModule = null;
        setError(e);
      },
    );
  }, [attempt]);
  if (error) return <ErrorBox error={error} what="the partnership pages" retry={() => setAttempt((a) => a + 1)} />;
  if (!mod) return <Loading label="Loading…" />;
  const key = id ?? '';
  const page =
    view === 'programmes' ? (
      <mod.ProgrammesPage q={q} />
    ) : view === 'programme' ? (
      <mod.ProgrammePage key={key} id={key} q={q} />
    ) : view === 'inbox' ? (
      <mod.InboxPage />
    ) : view === 'menu' ? (
      <mod.MenuPage q={q} />
    ) : view === 'parp' ? (
      <mod.ParpListPage q={q} />
    ) : view === 'parp-cycle' ? (
      <mod.ParpPage key={key} id={key} />
    ) : view === 'evaluations' ? (
      <mod.UnitsPage q={q} />
    ) : view === 'unit' ? (
      <mod.UnitPage key={key} id={key} />
    ) : view === 'events' ? (
      <mod.EventsPage q={q} />
    ) : (
      <mod.EventPage key={key} id={key} />
    );
  return (
    <>
      <mod.ManageNav view={view} />
      {page}
    </>
  );
}

// The analytics pages load on first use, together, in their own chunk (the network graph's
// library in one more, on first draw).
type AnalyticsModule = typeof import('./components/analytics');
let analyticsModule: Promise<AnalyticsModule> | null = null;

function LazyAnalyticsPage({ view, org, date, q }: { view: View; org: string; date: string; q: Record<string, string> }) {
  const [mod, setMod] = useState<AnalyticsModule | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setError(null);
    if (!analyticsModule) analyticsModule = import('./components/analytics');
    analyticsModule.then(
      (m) => setMod(m),
      (e) => {
        analyticsModule = null;
        setError(e);
      },
    );
  }, [attempt]);
  if (error) return <ErrorBox error={error} what="the analytics pages" retry={() => setAttempt((a) => a + 1)} />;
  if (!mod) return <Loading label="Loading…" />;
  const page =
    view === 'network' ? (
      <mod.NetworkPage org={org} date={date} q={q} />
    ) : view === 'burden-sharing' ? (
      <mod.BurdenPage q={q} />
    ) : view === 'compare' ? (
      <mod.ComparePage date={date} q={q} />
    ) : view === 'interoperability' ? (
      <mod.InteroperabilityPage q={q} />
    ) : view === 'cohesion' ? (
      <mod.CohesionPage q={q} />
    ) : view === 'panel' ? (
      <mod.PanelPage q={q} />
    ) : (
      <mod.AnalyticsLanding />
    );
  return (
    <>
      <mod.AnalyticsNav view={view} />
      {page}
    </>
  );
}

export function App() {
  const route = useRoute();
  const isMap = route.view === 'map' || route.view === 'nation';
  const treaty = isMap && route.q.mode === 'treaty';
  const { date } = route;
  // the treaty-area mode is about NATO's Article 5, whatever organisation the URL names
  const org = treaty ? 'NATO' : route.org;
  const orgs = useAsync('orgs', api.organisations);
  const fws = useAsync('fws', api.frameworks);
  const nations = useAsync('nations', () => api.nations());
  const relations = useAsync(`${org}@${date}`, () => api.relations(org, date));
  const timeline = useAsync(`tl:${org}`, () => api.timeline({ organisation: org }));
  const treatyArea = useAsync(treaty ? `ta:${date}` : null, () => api.treatyArea(date));
  // the operation's name, for the tab title (the page asks for the same answer, from the cache)
  const operation = useAsync(route.view === 'operation' && route.id ? `op:${route.id}` : null, () => api.operation(route.id!));
  const at = treaty ? parseAt(route.q.at) : null;
  const atVerdict = useAsync(at ? `a5pin:${route.q.at}:${date}:${route.q.target ?? ''}:${route.q.nation ?? ''}` : null, () =>
    api.article5({ lat: at!.lat, lon: at!.lon, as_of: date, target: (route.q.target as 'territory') ?? 'territory', nation: route.q.target && route.q.target !== 'territory' ? (route.q.nation ?? 'USA') : undefined }),
  );
  const atlas = useAtlas();
  const session = useSession();
  const staff = isStaff(session);
  const [highlight, setHighlight] = useState<MapRelation | null>(null);
  const [preset, setPreset] = useState<ViewPreset>(() => {
    const v = typeof localStorage !== 'undefined' ? localStorage.getItem(PRESET_KEY) : null;
    return v === 'europe' || v === 'atlantic' ? v : 'world';
  });
  const focusPanel = useRef(false);
  /** what had focus when the nation panel opened: focus goes back there when it closes */
  const opener = useRef<HTMLElement | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => setHighlight(null), [org]);

  const rel = relations.data?.organisation === org ? relations.data : undefined;
  const nationsByNumeric = useMemo(() => {
    const m = new Map<string, Nation>();
    for (const n of nations.data?.nations ?? []) if (n.iso_numeric) m.set(String(n.iso_numeric).padStart(3, '0'), n);
    return m;
  }, [nations.data]);
  const nationsByIso3 = useMemo(() => new Map((nations.data?.nations ?? []).map((n) => [n.iso3, n])), [nations.data]);
  const items = useMemo(
    () => (atlas.countries ? joinRelations(atlas.countries, rel?.relations, nationsByNumeric, rel?.as_of ?? null) : []),
    [atlas.countries, rel, nationsByNumeric],
  );
  const changes = useMemo(() => {
    const s = new Set((timeline.data?.events ?? []).map((e) => e.date));
    return [...s].sort();
  }, [timeline.data]);

  const changedToday = useMemo(
    () => new Set((timeline.data?.events ?? []).filter((e) => e.date === date && e.nation).map((e) => e.nation as string)),
    [timeline.data, date],
  );
  const orgNames = useMemo(() => new Map((orgs.data?.organisations ?? []).map((o) => [o.id, o.name])), [orgs.data]);
  const fwNames = useMemo(() => new Map((fws.data?.frameworks ?? []).map((f) => [f.id, f.name])), [fws.data]);
  const orgName = orgNames.get(org) ?? org;
  const orgInfo = orgs.data?.organisations.find((o) => o.id === org);
  const summary = rel ? summarise(rel.relations) : '';
  const noData = items.filter((i) => i.relation === 'no-data').length;
  const selected = route.view === 'nation' ? route.id : null;
  const now = today();

  const setDate = (d: string) => navigate({ date: d }, { replace: true });
  const selectNation = (iso3: string) => {
    focusPanel.current = true;
    navigate({ view: 'nation', id: iso3 });
  };
  const closePanel = () => navigate({ view: 'map' });

  const page = { view: route.view, id: route.id, org, q: route.q, treaty };
  const recordName = useRecordName();
  const names = {
    record: recordName,
    nation: (iso3: string) => nationsByIso3.get(iso3)?.name,
    framework: (id: string) => fwNames.get(id),
    operation: (id: string) => (operation.data?.id === id ? operation.data.name : undefined),
  };
  const analytics = ANALYTICS_VIEWS.has(route.view);
  const title = analytics
    ? `${analyticsPageName(route.view)}${route.view === 'network' || route.view === 'compare' ? ` · ${fmtShort(date)}` : ''} · Entente`
    : pageTitle(page, date, names);
  useEffect(() => {
    document.title = title;
  }, [title]);

  // Another page (not another date or filter): announce it, and move focus to its h1 —
  // or, closing the nation panel, back to what opened it.
  const pageKey = `${route.view}:${route.id ?? ''}`;
  const lastPage = useRef<string | null>(null);
  useEffect(() => {
    const previous = lastPage.current;
    lastPage.current = pageKey;
    if (previous === null || previous === pageKey) return;
    setAnnouncement(ANALYTICS_VIEWS.has(route.view) ? analyticsPageName(route.view) : pageName(page, names));
    if (route.view === 'nation') return; // the panel's own heading takes focus (below)
    // a control that changed the page (the organisation select) keeps focus
    const active = document.activeElement;
    if (active?.isConnected && active.matches('select, input, textarea')) return;
    const back = opener.current;
    opener.current = null;
    if (route.view === 'map' && previous.startsWith('nation:') && back?.isConnected) {
      back.focus({ preventScroll: true });
      return;
    }
    return focusHeading();
  }, [pageKey]);

  // move focus to the profile when a nation is chosen (map, search, legend or timeline link)
  const lastSelected = useRef(selected);
  useEffect(() => {
    const changed = selected !== lastSelected.current;
    const opened = !lastSelected.current;
    lastSelected.current = selected;
    if (selected && (focusPanel.current || changed)) {
      focusPanel.current = false;
      const active = document.activeElement as HTMLElement | null;
      if (opened && active && active !== document.body && !active.closest('.nation-panel')) opener.current = active;
      const h = document.getElementById('nation-h');
      if (h) {
        h.focus({ preventScroll: true });
        const r = h.getBoundingClientRect();
        if (r.top < 0 || r.bottom > window.innerHeight) h.scrollIntoView({ block: 'start', behavior: 'smooth' });
      }
    }
  }, [selected]);

  // Escape closes the nation panel (not while typing, nor when a menu or list takes the key)
  useEffect(() => {
    if (route.view !== 'nation') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest?.('input, select, textarea, [role="combobox"], [role="listbox"], [role="menu"], [aria-modal="true"], .account-menu')) return;
      e.preventDefault();
      closePanel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [route.view]);

  const caption = treaty
    ? `Map of the North Atlantic Treaty area on ${fmtLong(date)}: members' territory, sea areas and territorial units by ruling. Click a point to check whether Article 5 covers it; the side panel also takes coordinates and named places.`
    : `World map of each nation's relation to ${orgName} on ${fmtLong(date)}${summary ? `: ${summary}` : ''}. States too small to click are marked by a point at their capital, which is a link. Use the legend or the search to reach any nation by keyboard.`;
  const memberIsos = useMemo(() => new Set((rel?.relations ?? []).filter((r) => r.relation === 'member').map((r) => r.iso3)), [rel]);
  // an answer for the point before, or one that failed, is no verdict for this point
  const pinVerdict = atVerdict.error ? 'error' : atVerdict.data && !atVerdict.loading ? atVerdict.data.verdict : null;
  const overlay = useMemo(
    () =>
      treaty
        ? ({ proj, path, k }: MapLayerProps) => <TreatyMarks proj={proj} path={path} k={k} area={treatyArea.data} point={at} verdict={pinVerdict} />
        : undefined,
    [treaty, treatyArea.data, route.q.at, pinVerdict],
  );
  const underlay = useMemo(
    () => (treaty ? ({ path }: MapLayerProps) => <TreatySeas path={path} area={treatyArea.data} /> : undefined),
    [treaty, treatyArea.data],
  );

  const dateNotice = badDateNotice(route.dateAsked, date);
  const orgNotice = !treaty && orgInfo ? organisationNotice(orgInfo, date, now) : null;
  const laterNotice = futureNotice(date, now);
  const MapHeading = route.view === 'map' ? 'h1' : 'h2';
  const mapTitle = treaty ? `North Atlantic Treaty area on ${fmtLong(date)}` : `Relations to ${org} on ${fmtLong(date)}`;

  return (
    <div class="app">
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="topbar">
        <a class="brand" href={href({ view: 'map' })} aria-label="Entente — map">
          <svg viewBox="0 0 32 32" aria-hidden="true" class="logo">
            <circle cx="16" cy="16" r="14" fill="#1f4e8c" />
            <path d="M16 4 19 13 28 16 19 19 16 28 13 19 4 16 13 13z" fill="#fff" />
            <circle cx="16" cy="16" r="3" fill="#f0a13a" />
          </svg>
          <span>Entente</span>
        </a>
        <SiteNav
          links={NAV.filter((n) => !n.staff || staff).map((n) => ({
            key: n.view,
            href: href(n.view === 'org' ? { view: 'org', id: org } : { view: n.view }),
            label: n.label,
            short: n.short,
            current: route.view === n.view || !!n.also?.includes(route.view),
          }))}
        />
        <div class="topbar-controls">
          <label class={`org-select${NO_ORG_SELECT.has(route.view) ? ' is-hidden' : ''}`}>
            <span class="eyebrow">Organisation</span>
            <select
              value={org}
              aria-label="Organisation"
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                if (route.view === 'org') navigate({ view: 'org', id: v });
                else if (treaty) navigate({ org: v, q: { ...route.q, mode: '', at: '', target: '', nation: '' } });
                else navigate({ org: v });
              }}
            >
              {(orgs.data?.organisations ?? [{ id: org, name: org } as { id: string; name: string }]).map((o) => (
                <option value={o.id}>{o.id === o.name ? o.id : `${o.id} — ${o.name}`}</option>
              ))}
              {orgs.data && !orgs.data.organisations.some((o) => o.id === org) ? <option value={org}>{org}</option> : null}
            </select>
          </label>
          <NationSearch onPick={selectNation} />
          <AccountMenu />
        </div>
      </header>
      <p class="sr-only" aria-live="polite" aria-atomic="true" data-testid="page-announcement">
        {announcement}
      </p>

      <main id="main" tabIndex={-1}>
        {dateNotice ? (
          <div class="warnbox date-notice" role="status" data-testid="date-notice">
            <p>{dateNotice}</p>
            <button type="button" class="btn small" onClick={dismissDateAsked}>
              Dismiss
            </button>
          </div>
        ) : null}
        <ErrorBox error={orgs.error} what="the organisations" retry={orgs.reload} />
        {route.view === 'decide' ? (
          <DecidePage org={org} date={date} orgs={orgs.data?.organisations} />
        ) : route.view === 'article4' ? (
          <Article4Page q={route.q} />
        ) : route.view === 'operations' ? (
          <OperationsPage date={date} q={route.q} />
        ) : route.view === 'operation' ? (
          <OperationPage id={route.id!} />
        ) : route.view === 'simulate' ? (
          <LazySimulatePage q={route.q} />
        ) : route.view === 'account' ? (
          <AccountPage />
        ) : route.view === 'changes' ? (
          <ChangesPage q={route.q} />
        ) : route.view === 'edit' ? (
          <RecordPage kind={route.id!} q={route.q} orgs={orgs.data?.organisations} frameworks={fws.data?.frameworks} nations={nations.data?.nations} />
        ) : ANALYTICS_VIEWS.has(route.view) ? (
          <LazyAnalyticsPage view={route.view} org={org} date={date} q={route.q} />
        ) : MANAGE_VIEWS.has(route.view) ? (
          <LazyManagePage view={route.view} id={route.id} q={route.q} />
        ) : route.view === 'eligibility' ? (
          <EligibilityPage org={org} date={date} q={route.q} orgs={orgs.data?.organisations} frameworks={fws.data?.frameworks} />
        ) : route.view === 'org' || route.view === 'framework' ? (
          <>
            <section class="card datecard" aria-label="Date">
              <DateControl date={date} onDate={setDate} changes={changes} summary={summary} compact />
            </section>
            {route.view === 'org' ? (
              <OrgPage id={route.id!} date={date} orgs={orgs.data?.organisations} frameworks={fws.data?.frameworks} />
            ) : (
              <FrameworkPage id={route.id!} date={date} frameworks={fws.data?.frameworks} orgs={orgs.data?.organisations} />
            )}
          </>
        ) : (
          <div class="layout">
            <div class="col-main">
              <section class="card map-card" aria-labelledby="map-h">
                <div class="card-head">
                  <div>
                    <MapHeading id="map-h" class="map-title" tabIndex={-1}>
                      {treaty ? (
                        <>
                          North Atlantic Treaty area <span class="muted h-sub">Article 6</span>
                        </>
                      ) : (
                        <>
                          Relations to <a href={href({ view: 'org', id: org })}>{orgName}</a>
                        </>
                      )}
                    </MapHeading>
                    <p class="muted small map-summary">
                      {treaty ? `${memberIsos.size || '…'} members on ${fmtShort(date)} · click the map to check Article 5` : summary || '\u00a0'}
                    </p>
                  </div>
                  <div class="map-tools">
                    <button
                      type="button"
                      class={`btn treaty-toggle${treaty ? ' on' : ''}`}
                      aria-pressed={treaty}
                      data-testid="treaty-toggle"
                      onClick={() =>
                        treaty ? setQuery({ mode: null, at: null, target: null, nation: null }) : navigate({ org: 'NATO', q: { ...route.q, mode: 'treaty' } }, { replace: true })
                      }
                    >
                      <svg viewBox="0 0 16 16" aria-hidden="true">
                        <path d="M8 1 14 3.5v4C14 11 11.4 13.8 8 15 4.6 13.8 2 11 2 7.5v-4z" />
                      </svg>
                      Treaty area
                    </button>
                    <MapPresets
                      preset={preset}
                      onPreset={(p) => {
                        setPreset(p);
                        try {
                          localStorage.setItem(PRESET_KEY, p);
                        } catch {
                          /* private mode */
                        }
                      }}
                    />
                  </div>
                </div>
                {orgNotice || laterNotice ? (
                  <div class="infobox map-notice" data-testid="map-notice">
                    {orgNotice ? <p data-testid="org-notice">{orgNotice}</p> : null}
                    {laterNotice ? <p data-testid="future-notice">{laterNotice}</p> : null}
                  </div>
                ) : null}
                <ErrorBox error={relations.error} what={`the relations of ${org} on ${fmtLong(date)}`} retry={relations.reload} />
                <ErrorBox error={atlas.error} what="the world map" retry={atlas.reload} />
                {atlas.countries ? (
                  <WorldMap
                    countries={atlas.countries}
                    items={items}
                    asOf={rel?.as_of ?? null}
                    org={org}
                    selected={selected}
                    highlight={highlight}
                    loading={relations.loading || !rel}
                    preset={preset}
                    onSelect={selectNation}
                    caption={caption}
                    changed={treaty ? undefined : changedToday}
                    fillOf={treaty ? treatyFill : undefined}
                    overlay={overlay}
                    underlay={underlay}
                    relations={rel?.relations}
                    nationsByIso3={nationsByIso3}
                    onPoint={
                      treaty
                        ? ([lon, lat]) => {
                            setQuery({ at: formatAt(lat, lon) });
                            // on a phone the answer is below the map: bring it into view
                            requestAnimationFrame(() => {
                              const answer = document.getElementById('a5-answer');
                              if (answer && answer.getBoundingClientRect().top > window.innerHeight * 0.8) answer.scrollIntoView({ block: 'start', behavior: 'smooth' });
                            });
                          }
                        : undefined
                    }
                    tipHint={treaty ? 'Click to check Article 5 here' : undefined}
                    hq={
                      treaty
                        ? null
                        : orgInfo && typeof orgInfo.hq_lat === 'number' && typeof orgInfo.hq_lon === 'number'
                          ? { lat: orgInfo.hq_lat, lon: orgInfo.hq_lon, label: `${orgInfo.id} headquarters${orgInfo.headquarters ? `: ${orgInfo.headquarters}` : ''}` }
                          : null
                    }
                  />
                ) : (
                  <div class="map-wrap placeholder" aria-busy="true" />
                )}
                <DateControl date={date} onDate={setDate} changes={changes} summary={summary} />
                {treaty ? (
                  <TreatyLegend area={treatyArea.data} error={treatyArea.error} retry={treatyArea.reload} />
                ) : (
                  <Legend relations={rel?.relations} noDataCount={noData} active={highlight} onActive={setHighlight} stale={relations.loading} />
                )}
                <ViewTools
                  title={mapTitle}
                  api={treaty ? `/api/v1/treaty-area?as_of=${date}` : `/api/v1/organisations/${encodeURIComponent(org)}/relations?as_of=${date}`}
                  csv={!treaty}
                  figure={() => document.querySelector<SVGSVGElement>('.map-card svg.map')}
                  stamp={{ date, organisation: org, legend: treaty ? undefined : figureKey(rel?.relations, noData) }}
                  sources={[orgInfo?.source]}
                  stem={[org, treaty ? 'treaty-area' : 'relations', date]}
                />
              </section>
            </div>
            <aside class="col-side" aria-label="Details">
              {treaty ? <Article5Panel date={date} q={route.q} nations={nations.data?.nations ?? []} memberIsos={memberIsos} /> : null}
              {selected ? (
                <NationPanel iso3={selected} date={date} org={org} orgNames={orgNames} fwNames={fwNames} onClose={closePanel} />
              ) : null}
              <section class="card events-card" aria-labelledby="events-h">
                <div class="card-head">
                  <h2 id="events-h">Changes around {fmtShort(date)}</h2>
                </div>
                <ErrorBox error={timeline.error} what="the timeline" retry={timeline.reload} />
                <EventList events={timeline.data?.events} date={date} onDate={setDate} />
              </section>
            </aside>
          </div>
        )}
      </main>
      <footer class="footer">
        <p>
          Entente — open data on {orgName} and its partnerships. Borders are today's (Natural Earth 1:110m); a state that no longer exists is
          shown on its successors' territory, and a state too small to draw at this scale by a point at its capital. Dates in the URL make every
          view shareable.
        </p>
      </footer>
    </div>
  );
}

/**
 * Focus the page's h1 once it is drawn (a page may draw it after its data arrives), making
 * it focusable by script only; without one within a few seconds, focus the main region.
 * Returns a cancel function.
 */
function focusHeading(): () => void {
  let frame = 0;
  const started = performance.now();
  const attempt = () => {
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1) {
      if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
      h1.focus();
      return;
    }
    if (performance.now() - started > 4000) {
      document.getElementById('main')?.focus();
      return;
    }
    frame = requestAnimationFrame(attempt);
  };
  frame = requestAnimationFrame(attempt);
  return () => cancelAnimationFrame(frame);
}
