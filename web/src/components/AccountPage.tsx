// #/account — the signed-in user: who they are, their sessions (end one) and their API
// tokens for programs (create one, shown once; revoke one).
import { useRef, useState } from 'preact/hooks';
import { accountApi, ApiError, type ApiToken, type NewApiToken, type SessionRow } from '../api';
import { useAsync } from '../hooks';
import { roleLabel, sessionEnded, signOut, useSession } from '../session';
import { ErrorBox, Loading } from './common';
import { ApiCall, Downloads } from './Export';
import { Field, ProblemBox, Time, fieldProblems } from './forms';
import { SignInForm } from './AccountMenu';
import { useSortable } from './Sortable';
import '../styles/pages.css';

/** the card of a page that needs a signed-in user: its title is the page's title */
export function SignInCard({ why, title = 'Sign in' }: { why: string; title?: string }) {
  return (
    <section class="card signin-card" aria-labelledby="signin-card-h">
      <div class="card-head">
        <h1 id="signin-card-h" class="page-h1">
          {title}
        </h1>
      </div>
      <p class="muted">{why}</p>
      <SignInForm idPrefix="page-signin-" />
    </section>
  );
}

export function AccountPage() {
  const session = useSession();
  if (session.status === 'checking') return <Loading label="Checking your session…" />;
  if (session.status !== 'signed-in' || !session.info) {
    return (
      <div class="page account-page">
        <SignInCard title="Your account: sign in" why="Sign in to see your sessions and API tokens." />
      </div>
    );
  }
  const { user, expires, via } = session.info;
  return (
    <div class="page account-page">
      <section class="card" aria-labelledby="account-h">
        <div class="card-head">
          <h1 id="account-h" class="page-h1">
            {user.name} <span class="muted h-sub">{roleLabel(user.role)}</span>
          </h1>
        </div>
        <dl class="facts">
          <div>
            <dt>Role</dt>
            <dd data-testid="account-role">{roleLabel(user.role)}</dd>
          </div>
          {user.nation ? (
            <div>
              <dt>Nation</dt>
              <dd>{user.nation}</dd>
            </div>
          ) : null}
          <div>
            <dt>Account since</dt>
            <dd>
              <Time value={user.created} />
            </dd>
          </div>
          <div>
            <dt>Signed in</dt>
            <dd>
              {via === 'token' ? 'with an API token' : 'in this browser'}, until <Time value={expires} />
              {session.info.idle_timeout_seconds ? (
                <span class="muted"> (or after {Math.round(session.info.idle_timeout_seconds / 60)} minutes without activity)</span>
              ) : null}
            </dd>
          </div>
        </dl>
      </section>
      <SessionsCard />
      <TokensCard />
    </div>
  );
}

/**
 * The data of an account table as the API gives it (JSON: these routes serve no CSV) and
 * the call behind it. A private page is not cited: its address shows nothing to anyone else.
 */
function AccountTools({ api, stem }: { api: string; stem: string }) {
  return (
    <div class="view-tools no-print">
      <Downloads api={api} stem={`entente-${stem}`} csv={false} />
      <ApiCall path={api} />
    </div>
  );
}

function userAgentLabel(ua: string): string {
  if (!ua) return 'Unknown browser';
  const browser = /Firefox\/\d+/.exec(ua)?.[0] ?? /Edg\/\d+/.exec(ua)?.[0] ?? /Chrom(e|ium)\/\d+/.exec(ua)?.[0] ?? /Version\/\d+.*Safari/.exec(ua)?.[0] ?? null;
  const os = /Windows|Mac OS X|Android|iPhone|iPad|Linux/.exec(ua)?.[0] ?? null;
  return browser ? [browser.replace(/\//, ' ').replace(/Version (\d+).*Safari/, 'Safari $1'), os].filter(Boolean).join(' on ') : ua;
}

function SessionsCard() {
  const [tick, setTick] = useState(0);
  const list = useAsync(`sessions:${tick}`, accountApi.sessions);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const end = async (id: number, current: boolean) => {
    setBusy(id);
    setError(null);
    try {
      if (current) {
        await signOut();
        return;
      }
      await accountApi.endSession(id);
      setStatus('The session has ended.');
      setTick((t) => t + 1);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) sessionEnded();
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const sessions = list.data?.sessions ?? [];
  const sorted = useSortable(sessions, {
    browser: (r: SessionRow) => userAgentLabel(r.user_agent),
    address: (r: SessionRow) => r.address,
    created: (r: SessionRow) => r.created,
    seen: (r: SessionRow) => r.last_seen,
  });
  const { Th } = sorted;
  return (
    <section class="card" aria-labelledby="sessions-h" data-testid="sessions">
      <div class="card-head">
        <h2 id="sessions-h">
          Sessions {list.data && !list.loading ? <span class="count">{sessions.length}</span> : null}
        </h2>
      </div>
      <p class="muted small lead">Where your account is signed in. End a session you do not recognise, then change your password.</p>
      <AccountTools api="/api/v1/sessions" stem="sessions" />
      <ErrorBox error={list.error} what="your sessions" retry={list.reload} />
      <ProblemBox error={error} what="Could not end the session" />
      <p class="sr-only" role="status">
        {status}
      </p>
      {!list.data && list.loading ? <Loading /> : null}
      {sessions.length ? (
        <div class="table-wrap">
          <table class="table account-table">
            <thead>
              <tr>
                <Th col="browser">Browser</Th>
                <Th col="address">Address</Th>
                <Th col="created">Started</Th>
                <Th col="seen">Last seen</Th>
                <th scope="col">
                  <span class="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.rows.map((s) => (
                <tr data-session={s.id} class={s.current ? 'current' : ''}>
                  <th scope="row" data-label="Browser">
                    <span title={s.user_agent}>{userAgentLabel(s.user_agent)}</span>
                    {s.current ? <span class="tag">this browser</span> : null}
                  </th>
                  <td data-label="Address">{s.address || '—'}</td>
                  <td data-label="Started">
                    <Time value={s.created} />
                  </td>
                  <td data-label="Last seen">
                    <Time value={s.last_seen} />
                  </td>
                  <td class="actions">
                    <button type="button" class="btn small-btn" disabled={busy === s.id} onClick={() => end(s.id, s.current)}>
                      {s.current ? 'Sign out' : 'End session'}
                      <span class="sr-only"> started {s.created}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

const TOKEN_FIELDS = ['name', 'expires_in_days'] as const;

function TokensCard() {
  const [tick, setTick] = useState(0);
  const list = useAsync(`tokens:${tick}`, accountApi.tokens);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [copied, setCopied] = useState('');
  const [confirm, setConfirm] = useState<number | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const secretRef = useRef<HTMLInputElement>(null);

  const problems = fieldProblems(createError, TOKEN_FIELDS);
  const errorsOf = (f: string) => [...(local[f] ?? []), ...(problems.byField[f] ?? [])];

  const create = async (e: Event) => {
    e.preventDefault();
    const n = Number(days);
    const checks: Record<string, string[]> = {};
    if (!name.trim()) checks.name = ['Give the token a name that says what uses it, e.g. "nightly export".'];
    if (!Number.isInteger(n) || n < 1 || n > 366) checks.expires_in_days = ['A token lasts from 1 to 366 days.'];
    setLocal(checks);
    setCreateError(null);
    if (Object.keys(checks).length) {
      document.getElementById(`token-${Object.keys(checks)[0]}`)?.focus();
      return;
    }
    setCreating(true);
    try {
      const t = await accountApi.createToken(name.trim(), n);
      setCreated(t);
      setCopied('');
      setName('');
      setTick((x) => x + 1);
      requestAnimationFrame(() => secretRef.current?.focus());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) sessionEnded();
      setCreateError(err);
    } finally {
      setCreating(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('Copied to the clipboard.');
    } catch {
      secretRef.current?.select();
      setCopied('Select and copy the token yourself: the browser refused the clipboard.');
    }
  };

  const revoke = async (id: number) => {
    setRevokeError(null);
    try {
      await accountApi.revokeToken(id);
      setConfirm(null);
      setStatus('The token is revoked.');
      if (created?.id === id) setCreated(null);
      setTick((x) => x + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) sessionEnded();
      setRevokeError(err);
    }
  };

  const tokens = list.data?.tokens ?? [];
  const sorted = useSortable(tokens, {
    name: (t: ApiToken) => t.name,
    created: (t: ApiToken) => t.created,
    expires: (t: ApiToken) => t.expires,
    used: (t: ApiToken) => t.last_used,
  });
  const { Th } = sorted;
  return (
    <section class="card" aria-labelledby="tokens-h" data-testid="tokens">
      <div class="card-head">
        <h2 id="tokens-h">
          API tokens {list.data && !list.loading ? <span class="count">{tokens.length}</span> : null}
        </h2>
      </div>
      <p class="muted small lead">
        For programs that use the API as you: they send <code>Authorization: Bearer ent_…</code>. A token can do what your role can; revoke it
        when it is no longer used.
      </p>

      <form class="token-form" onSubmit={create} noValidate aria-labelledby="token-form-h">
        <h3 id="token-form-h">New token</h3>
        <div class="filters">
          <Field id="token-name" label="Name" required errors={errorsOf('name')} help="What uses it">
            {(a) => (
              <input type="text" {...a} value={name} maxLength={100} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
            )}
          </Field>
          <Field id="token-expires_in_days" label="Expires in (days)" required errors={errorsOf('expires_in_days')} help="1 to 366">
            {(a) => (
              <input
                type="number"
                {...a}
                min={1}
                max={366}
                step={1}
                inputMode="numeric"
                value={days}
                onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <button type="submit" class="btn primary" disabled={creating}>
            {creating ? 'Creating…' : 'Create token'}
          </button>
        </div>
        <ProblemBox error={createError} what="The server refused the token" fields={problems} idPrefix="token-" labels={{ name: 'Name', expires_in_days: 'Expires in' }} />
      </form>

      {created ? (
        <div class="new-token" role="region" aria-labelledby="new-token-h" data-testid="new-token">
          <h3 id="new-token-h">Token “{created.name}” created</h3>
          <p class="warnbox small" id="new-token-help">
            This is the only time the token is shown: copy it now and keep it where the program can read it. It expires <Time value={created.expires} />.
          </p>
          <div class="new-token-row">
            <label class="sr-only" for="new-token-secret">
              The new token
            </label>
            <input
              ref={secretRef}
              id="new-token-secret"
              type="text"
              readOnly
              value={created.token}
              aria-describedby="new-token-help"
              onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
            />
            <button type="button" class="btn" onClick={copy}>
              Copy
            </button>
            <button type="button" class="btn ghost" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
          <p class="small muted" role="status">
            {copied}
          </p>
        </div>
      ) : null}

      <AccountTools api="/api/v1/tokens" stem="api-tokens" />
      <ErrorBox error={list.error} what="your tokens" retry={list.reload} />
      <ProblemBox error={revokeError} what="Could not revoke the token" />
      <p class="sr-only" role="status">
        {status}
      </p>
      {list.data && !tokens.length ? <p class="muted">No tokens.</p> : null}
      {tokens.length ? (
        <div class="table-wrap">
          <table class="table account-table">
            <thead>
              <tr>
                <Th col="name">Name</Th>
                <Th col="created">Created</Th>
                <Th col="expires">Expires</Th>
                <Th col="used">Last used</Th>
                <th scope="col">
                  <span class="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.rows.map((t) => (
                <tr data-token={t.id}>
                  <th scope="row" data-label="Name">
                    {t.name}
                  </th>
                  <td data-label="Created">
                    <Time value={t.created} />
                  </td>
                  <td data-label="Expires">
                    <Time value={t.expires} />
                  </td>
                  <td data-label="Last used">{t.last_used ? <Time value={t.last_used} /> : <span class="muted">never</span>}</td>
                  <td class="actions">
                    {confirm === t.id ? (
                      <span class="confirm" role="group" aria-label={`Revoke ${t.name}?`}>
                        <button type="button" class="btn small-btn danger" onClick={() => revoke(t.id)}>
                          Revoke<span class="sr-only"> {t.name}</span>
                        </button>
                        <button type="button" class="btn small-btn ghost" onClick={() => setConfirm(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" class="btn small-btn" onClick={() => setConfirm(t.id)}>
                        Revoke…<span class="sr-only"> {t.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
