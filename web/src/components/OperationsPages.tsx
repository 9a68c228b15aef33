// #/operations and #/operation/{id} — NATO operations and their legal basis.
import { useMemo, useState } from 'preact/hooks';
import { api, get, type Operation, type Participant } from '../api';
import { fmtLong, isIsoDate } from '../dates';
import { notJudged, participantsKnown, type NotJudged } from '../gaps';
import { useAsync } from '../hooks';
import { href, navigate, setQuery } from '../route';
import { DateRange, ErrorBox, Loading, Note, Source } from './common';
import { ViewTools } from './Export';
import { MiniMap, type MiniPoint } from './MiniMap';
import { CLASSIFICATION_LABELS, HOST_CONSENT_LABELS, KIND_LABELS, LEGAL_BASIS_LABELS, ROLE_LABELS, Reasoning, label } from './rules';
import { useSortable } from './Sortable';
import { VOCABULARY } from '../vocabulary';
import '../styles/pages.css';

/** the API route behind the list, with the page's filters (the same request the page makes) */
export function operationsPath(p: { kind?: string; basis?: string; nation?: string; as_of?: string }): string {
  const q = new URLSearchParams();
  for (const k of ['kind', 'basis', 'nation', 'as_of'] as const) if (p[k]) q.set(k, p[k]!);
  const s = q.toString();
  return `/api/v1/operations${s ? `?${s}` : ''}`;
}

/** the route of one operation */
export const operationPath = (id: string) => `/api/v1/operations/${encodeURIComponent(id)}`;

const basisTone = (op: Operation) => (op.contested ? 'contested' : op.classification);

/** the legal basis as a badge; a contested basis in the warning colour */
export function BasisBadge({ op }: { op: Operation }) {
  return (
    <span class={`basis b-${basisTone(op)}`} data-testid="basis" data-contested={String(op.contested)}>
      {op.contested ? (
        <>
          <svg viewBox="0 0 16 16" aria-hidden="true" class="warn-icon">
            <path d="M8 1.5 15 14H1z" />
            <path d="M8 6v4M8 11.6v.2" stroke="#fff" stroke-width="1.6" stroke-linecap="round" />
          </svg>
          Contested
          <span class="basis-sub"> · {label(CLASSIFICATION_LABELS, op.classification)}</span>
        </>
      ) : (
        label(CLASSIFICATION_LABELS, op.classification)
      )}
    </span>
  );
}

const unscUrl = (n: string) => `https://digitallibrary.un.org/search?ln=en&p=${encodeURIComponent(`S/RES/${n}`)}`;

function Resolutions({ list }: { list: string[] }) {
  if (!list.length) return <span class="muted">none</span>;
  return (
    <span class="sources">
      {list.map((n) => (
        <a class="source" href={unscUrl(n)} target="_blank" rel="noopener noreferrer" title={`UN Security Council resolution ${n}`}>
          UNSCR {n}
          <span class="sr-only"> (opens in a new tab)</span>
        </a>
      ))}
    </span>
  );
}

const isActive = (op: Operation, d: string) => (!op.from || op.from <= d) && (!op.to || d < op.to);

export function OperationsPage({ date, q }: { date: string; q: Record<string, string> }) {
  const kind = q.kind ?? '';
  const basis = q.basis ?? '';
  const nation = (q.nation ?? '').toUpperCase();
  const active = q.active === '1';
  const asOf = active ? date : undefined;
  const path = operationsPath({ kind, basis, nation, as_of: asOf });
  const all = useAsync('ops:all', () => get<OperationList>(operationsPath({})));
  const res = useAsync(path, () => get<OperationList>(path));
  const [hover, setHover] = useState<string | null>(null);
  const current = res.data && !res.loading ? res.data : undefined;
  const ops = res.data?.operations;

  const nations = useMemo(() => {
    const m = new Map<string, string>();
    for (const op of all.data?.operations ?? []) for (const p of op.participants) m.set(p.iso3, p.name);
    return [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all.data]);
  const nationName = nations.find(([k]) => k === nation)?.[1] ?? nation;
  const kinds = useMemo(() => {
    const s = new Set<string>(VOCABULARY.operation_kind);
    for (const op of all.data?.operations ?? []) s.add(op.kind);
    return [...s];
  }, [all.data]);
  // with a participant filter, the answer says what it could not judge
  const unjudged = nation && current ? notJudged(current.not_judged, nationName) : null;
  const unrecorded = current ? current.operations.filter((op) => !participantsKnown(op)).length : 0;

  const sorted = useSortable(ops ?? [], {
    name: (op: Operation) => op.name,
    period: (op: Operation) => op.from,
    basis: (op: Operation) => (op.contested ? `0 ${label(CLASSIFICATION_LABELS, op.classification)}` : `1 ${label(CLASSIFICATION_LABELS, op.classification)}`),
    nations: (op: Operation) => (participantsKnown(op) ? op.participants.length : null),
  });
  const { Th } = sorted;

  const points: MiniPoint[] = useMemo(
    () =>
      (ops ?? []).map((op) => ({
        id: op.id,
        label: `${op.name} (${op.from?.slice(0, 4) ?? '?'}–${op.to?.slice(0, 4) ?? ''}): ${op.contested ? 'contested legal basis' : label(CLASSIFICATION_LABELS, op.classification)}`,
        lat: op.area_lat,
        lon: op.area_lon,
        tone: basisTone(op),
        href: href({ view: 'operation', id: op.id }),
        hollow: !isActive(op, date),
      })),
    [ops, date],
  );
  const contested = current?.operations.filter((o) => o.contested).length ?? 0;
  const filtered = !!(kind || basis || nation || active);
  const filterWords = [
    kind ? label(KIND_LABELS, kind).toLowerCase() : null,
    basis ? `basis: ${label(CLASSIFICATION_LABELS, basis).toLowerCase()}` : null,
    nation ? `with ${nationName}` : null,
    active ? `active on ${fmtLong(date)}` : null,
  ].filter(Boolean);
  const title = `NATO operations${filterWords.length ? ` (${filterWords.join('; ')})` : ''}`;

  return (
    <div class="page">
      <section class="card" aria-labelledby="ops-h">
        <div class="card-head">
          <div>
            <h1 id="ops-h" class="page-h1">
              NATO operations {current ? <span class="count">{current.operations.length}</span> : null}
            </h1>
            <p class="muted small lead">
              Each operation with the legal basis the evidence supports — a UN Security Council mandate, collective self-defence, the host state’s
              consent — or none, and who took part.
              {current && contested ? ` ${contested} with a contested basis.` : ''}
              {current && unrecorded && !nation ? ` ${unrecorded} with no recorded participants.` : ''}
            </p>
          </div>
        </div>
        <div class="filters" role="group" aria-label="Filter the operations">
          <label class="field">
            <span class="eyebrow">Kind</span>
            <select id="ops-kind" value={kind} onChange={(e) => setQuery({ kind: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Any kind</option>
              {kinds.map((k) => (
                <option value={k}>{label(KIND_LABELS, k)}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="eyebrow">Legal basis</span>
            <select id="ops-basis" value={basis} onChange={(e) => setQuery({ basis: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Any basis</option>
              {VOCABULARY.legal_classification.map((k) => (
                <option value={k}>{CLASSIFICATION_LABELS[k]}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="eyebrow">Participant</span>
            <select id="ops-nation" value={nation} onChange={(e) => setQuery({ nation: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Any nation</option>
              {nations.map(([k, v]) => (
                <option value={k}>{v}</option>
              ))}
              {nation && !nations.some(([k]) => k === nation) ? <option value={nation}>{nation}</option> : null}
            </select>
          </label>
          <div class="field">
            <span class="eyebrow" id="ops-period">
              Period
            </span>
            <div class="active-on">
              <label class="check">
                <input type="checkbox" id="ops-active" checked={active} onChange={(e) => setQuery({ active: (e.currentTarget as HTMLInputElement).checked ? '1' : null })} />
                Active on
              </label>
              <input
                type="date"
                aria-label="Active on the date"
                value={date}
                min="1949-01-01"
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).value;
                  if (isIsoDate(v)) navigate({ date: v, q: { ...q, active: '1' } }, { replace: true });
                }}
              />
            </div>
          </div>
          {filtered ? (
            <button type="button" class="btn" onClick={() => setQuery({ kind: null, basis: null, nation: null, active: null })}>
              Clear filters
            </button>
          ) : null}
        </div>
        {unjudged ? (
          <p class="gap-note" role="note" data-testid="not-judged" data-missing={unjudged.missing} data-total={unjudged.total}>
            {unjudged.text}{' '}
            <a href={href({ view: 'operations', q: { ...q, nation: '' } })}>Drop the participant filter</a>
          </p>
        ) : null}
        <ViewTools
          title={title}
          api={path}
          figure={() => document.querySelector<SVGSVGElement>('[data-testid="ops-map"] svg')}
          stamp={{ date: active ? date : null, organisation: 'NATO' }}
          sources={(ops ?? []).map((op) => op.source)}
          stem={['nato', 'operations', kind, basis, nation, active ? date : null]}
        />
      </section>

      <div class="ops-layout">
        <section class="card ops-map-card" aria-labelledby="ops-map-h">
          <div class="card-head">
            <h2 id="ops-map-h">Areas of operation</h2>
          </div>
          <MiniMap
            points={points}
            height={380}
            span={14}
            active={hover}
            onActive={setHover}
            label="Map of the operation areas; each marker links to its operation"
            testid="ops-map"
            views={[
              ['All', null],
              ['Balkans', [13, 39, 26, 47]],
              ['Mediterranean', [-8, 29, 40, 47]],
            ]}
          />
          <ul class="mm-legend small">
            <li>
              <span class="mm-key tone-un-mandated" /> UN mandate
            </li>
            <li>
              <span class="mm-key tone-collective-self-defence" /> Collective self-defence
            </li>
            <li>
              <span class="mm-key tone-consent-based" /> Host-state consent
            </li>
            <li>
              <span class="mm-key tone-contested" /> Contested
            </li>
            <li>
              <span class="mm-key hollow" /> Ended by {fmtLong(date)}
            </li>
          </ul>
        </section>

        <section class="card ops-list-card" aria-labelledby="ops-list-h">
          <h2 id="ops-list-h" class="sr-only">
            The operations
          </h2>
          <ErrorBox error={res.error} what="the operations" retry={res.reload} />
          {!ops && res.loading ? <Loading /> : null}
          {current && !current.operations.length ? (
            <p class="muted">
              No operation matches{active ? ` on ${fmtLong(date)}` : ''}
              {unjudged ? ' among those whose participants are recorded' : ''}.
            </p>
          ) : null}
          {ops && ops.length ? (
            <div class={`table-wrap${res.loading ? ' stale' : ''}`}>
              <table class="table ops-table" data-testid="operations-table">
                <caption class="sr-only">NATO operations{active ? ` active on ${date}` : ''}</caption>
                <thead>
                  <tr>
                    <Th col="name">Operation</Th>
                    <Th col="period">Period</Th>
                    <Th col="basis">Legal basis</Th>
                    <Th col="nations" class="num">
                      Nations
                    </Th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.rows.map((op) => (
                    <tr
                      key={op.id}
                      data-id={op.id}
                      data-contested={String(op.contested)}
                      data-participants={participantsKnown(op) ? op.participants.length : 'unrecorded'}
                      class={hover === op.id ? 'hl' : ''}
                      onPointerEnter={() => setHover(op.id)}
                      onPointerLeave={() => setHover(null)}
                    >
                      <th scope="row" data-label="Operation">
                        <a href={href({ view: 'operation', id: op.id })} onFocus={() => setHover(op.id)} onBlur={() => setHover(null)}>
                          {op.name}
                        </a>
                        <div class="op-sub">
                          <span class="tag">{label(KIND_LABELS, op.kind)}</span>
                          {op.article5 ? <span class="tag a5">Article 5</span> : null}
                          <span class="muted small">{op.area}</span>
                        </div>
                      </th>
                      <td data-label="Period">
                        <DateRange from={op.from} to={op.to} />
                      </td>
                      <td data-label="Basis">
                        <BasisBadge op={op} />
                        {op.unsc_resolutions.length ? <div class="muted small">UNSCR {op.unsc_resolutions.join(', ')}</div> : null}
                      </td>
                      <td data-label="Nations" class="num">
                        {participantsKnown(op) ? op.participants.length : <span class="gap-tag">not recorded</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      </div>
    </div>
  );
}

interface OperationList {
  count: number;
  operations: Operation[];
  /** with a nation filter only */
  not_judged?: NotJudged;
}

const ROLE_ORDER: readonly string[] = VOCABULARY.participant_role;
const roleRank = (p: Participant) => {
  const r = ROLE_ORDER.indexOf(p.role);
  return r < 0 ? ROLE_ORDER.length : r;
};

export function OperationPage({ id }: { id: string }) {
  const res = useAsync(`op:${id}`, () => api.operation(id));
  const op = res.data?.id === id ? res.data : undefined;
  // lead nations first, then members, then partners; by name within a role
  const byRole = useMemo(
    () => [...(op?.participants ?? [])].sort((a, b) => roleRank(a) - roleRank(b) || a.name.localeCompare(b.name)),
    [op],
  );
  const sorted = useSortable(byRole, {
    nation: (p: Participant) => p.name,
    role: (p: Participant) => roleRank(p),
  });
  const { Th } = sorted;
  // the same note repeated on every participant is shown once
  const sharedNote = byRole.length > 1 && byRole.every((p) => p.note === byRole[0].note) ? byRole[0].note : null;

  return (
    <div class="page">
      <p class="crumbs small">
        <a href={href({ view: 'operations' })}>← All operations</a>
      </p>
      {!op ? (
        <h1 class="page-h1" id="op-h">
          Operation
        </h1>
      ) : null}
      <ErrorBox error={res.error} what={`the operation “${id}”`} retry={res.reload} />
      {!op && res.loading ? <Loading /> : null}
      {op ? (
        <>
          <div class="op-head-layout">
            <section class="card op-card" aria-labelledby="op-h" data-testid="operation">
              <div class="card-head">
                <h1 id="op-h" class="page-h1">
                  {op.name}
                </h1>
              </div>
              <div class="op-badges">
                <BasisBadge op={op} />
                <span class="tag">{label(KIND_LABELS, op.kind)}</span>
                {op.article5 ? <span class="tag a5">Under Article 5</span> : null}
              </div>
              <p class="op-summary">{op.summary}</p>
              <dl class="facts">
                <div>
                  <dt>Period</dt>
                  <dd>
                    <DateRange from={op.from} to={op.to} />
                  </dd>
                </div>
                <div>
                  <dt>Area</dt>
                  <dd>{op.area}</dd>
                </div>
                <div>
                  <dt>UNSC resolutions</dt>
                  <dd data-testid="unsc">
                    <Resolutions list={op.unsc_resolutions} />
                  </dd>
                </div>
                <div>
                  <dt>Host consent</dt>
                  <dd>{label(HOST_CONSENT_LABELS, op.host_consent)}</dd>
                </div>
                <div>
                  <dt>Basis recorded</dt>
                  <dd>{label(LEGAL_BASIS_LABELS, op.legal_basis)}</dd>
                </div>
                <div>
                  <dt>Participants</dt>
                  <dd>{participantsKnown(op) ? op.participants.length : <span class="gap-tag">not recorded</span>}</dd>
                </div>
              </dl>
              {op.contested ? (
                <p class="warnbox" role="note">
                  <strong>Contested legal basis.</strong> The evidence recorded gives this operation no basis that is settled in the UN Charter; the
                  reasoning below says why.
                </p>
              ) : null}
              {op.record_disagrees ? (
                <p class="infobox" role="note">
                  <strong>The record and the evidence differ:</strong> the dataset gives the primary basis as “{label(LEGAL_BASIS_LABELS, op.legal_basis)}”,
                  the evidence below points to “{label(CLASSIFICATION_LABELS, op.classification)}”.
                </p>
              ) : null}
              <p class="page-sources">
                <span class="eyebrow">Sources</span>
                {op.source ? <Source src={op.source} /> : <span class="muted">none recorded</span>}
              </p>
              <Note text={op.note} />
              <p class="small op-links">
                <a href={href({ view: 'map', org: 'NATO', date: op.from ?? undefined })}>NATO on the first day</a>
                {op.from ? (
                  <>
                    {' · '}
                    <a href={href({ view: 'article4', q: { from: op.from, ...(op.to ? { to: op.to } : {}) } })}>Article 4 requests during the operation</a>
                  </>
                ) : null}
              </p>
              <ViewTools
                title={`${op.name}: legal basis and participants`}
                api={operationPath(op.id)}
                sources={[op.source, ...op.participants.map((p) => p.source)]}
                stem={['nato', 'operation', op.id]}
              />
            </section>
            <section class="card op-map" aria-label="Area of operation">
              <MiniMap
                points={[{ id: op.id, label: op.area, lat: op.area_lat, lon: op.area_lon, tone: basisTone(op) }]}
                height={300}
                span={22}
                label={`Map: ${op.area}`}
                testid="op-map"
              />
              <p class="muted small mm-caption">
                {op.area} · {op.area_lat.toFixed(2)}°, {op.area_lon.toFixed(2)}° (representative point)
              </p>
            </section>
          </div>

          <section class="card" aria-labelledby="op-reason-h">
            <div class="card-head">
              <h2 id="op-reason-h">Why this legal basis</h2>
            </div>
            <Reasoning items={op.reasoning} />
          </section>

          <section class="card" aria-labelledby="op-part-h">
            <div class="card-head">
              <h2 id="op-part-h">
                Participants {participantsKnown(op) ? <span class="count">{op.participants.length}</span> : null}
              </h2>
            </div>
            {sharedNote ? <Note text={sharedNote} /> : null}
            {participantsKnown(op) ? (
              <div class="table-wrap">
                <table class="table" data-testid="participants-table">
                  <caption class="sr-only">Participants in {op.name}</caption>
                  <thead>
                    <tr>
                      <Th col="nation">Nation</Th>
                      <Th col="role">Role</Th>
                      <th scope="col">Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sorted.rows.map((p) => (
                      <tr data-iso3={p.iso3} key={p.iso3}>
                        <th scope="row" data-label="Nation">
                          <a href={href({ view: 'nation', id: p.iso3, date: op.from ?? undefined })}>{p.name}</a>
                          {sharedNote ? null : <Note text={p.note} />}
                        </th>
                        <td data-label="Role">
                          <span class={`tag role-${p.role}`}>{label(ROLE_LABELS, p.role)}</span>
                        </td>
                        <td data-label="Source">{p.source ? <Source src={p.source} /> : <span class="muted">none recorded</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="gap-note" role="note" data-testid="participants-unrecorded">
                Entente’s data does not record which nations took part in this operation, so no participant is listed here. The operations
                list leaves it out whenever it is filtered by participant, and says how many it left out.
              </p>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
