// The header's account control: "Sign in" opens a small form; once signed in, the user's
// name (a link to #/account), role and "Sign out".
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { href } from '../route';
import { roleLabel, signIn, signOut, useSession } from '../session';

/** seconds left until `until` (ms since the epoch), counted down every second */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until == null) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return until == null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * Username and password. Shows the server's problem detail when it refuses (a wrong
 * password, or 429 after repeated failures, with the wait it asks for).
 */
export function SignInForm({ idPrefix, onDone, autoFocus }: { idPrefix: string; onDone?: () => void; autoFocus?: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const wait = useCountdown(waitUntil);
  const userRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) userRef.current?.focus();
  }, [autoFocus]);

  const errorId = `${idPrefix}error`;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || wait > 0) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      setPassword('');
      onDone?.();
    } catch (err) {
      setError(err);
      setWaitUntil(err instanceof ApiError && err.status === 429 && err.retryAfter ? Date.now() + err.retryAfter * 1000 : null);
    } finally {
      setBusy(false);
    }
  };
  const describedBy = error ? errorId : undefined;
  return (
    <form class="signin-form" onSubmit={submit} data-testid="signin-form">
      <label class="field" for={`${idPrefix}username`}>
        <span class="eyebrow">Username</span>
        <input
          ref={userRef}
          type="text"
          id={`${idPrefix}username`}
          name="username"
          autoComplete="username"
          autoCapitalize="off"
          spellcheck={false}
          required
          value={username}
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
          onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label class="field" for={`${idPrefix}password`}>
        <span class="eyebrow">Password</span>
        <input
          type="password"
          id={`${idPrefix}password`}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
          onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {error ? (
        <p class="error signin-error" role="alert" id={errorId} data-testid="signin-error">
          {error instanceof Error ? error.message : String(error)}
          {wait > 0 ? <span class="signin-wait"> You can try again in {wait} s.</span> : null}
          {error instanceof ApiError && error.status ? (
            <span class="muted">
              {' '}
              (HTTP {error.status}
              {error.code ? `, ${error.code}` : ''})
            </span>
          ) : null}
        </p>
      ) : null}
      <div class="signin-actions">
        <button type="submit" class="btn primary" disabled={busy || wait > 0 || !username.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

export function AccountMenu() {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const userRef = useRef<HTMLAnchorElement>(null);
  const previous = useRef(session.status);

  // close on Escape or a click elsewhere
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  // Signing in or out removes the control that had focus: give it to its successor (but
  // not when the page has just learnt that it is signed in).
  useEffect(() => {
    const was = previous.current;
    previous.current = session.status;
    if (session.status === 'signed-in') setOpen(false);
    if (was === 'checking' || was === session.status) return;
    const lost = document.activeElement === document.body || !document.activeElement;
    if (!lost) return;
    if (session.status === 'signed-in') userRef.current?.focus();
    else buttonRef.current?.focus();
  }, [session.status]);

  const user = session.status === 'signed-in' ? session.info?.user : undefined;
  return (
    <div class="account-menu" ref={rootRef} data-testid="account-menu" aria-busy={session.status === 'checking' ? 'true' : undefined}>
      {user ? (
        <>
          <a class="user-chip" ref={userRef} href={href({ view: 'account' })} data-testid="signed-in-user" title="Your account: sessions and API tokens">
            <span class="user-name">{user.name}</span>
            <span class="user-role" data-role={user.role}>
              {roleLabel(user.role)}
              {user.nation ? ` · ${user.nation}` : ''}
            </span>
          </a>
          <button
            type="button"
            class="btn small-btn signout"
            data-testid="signout"
            onClick={async () => {
              setError(null);
              try {
                await signOut();
                setStatus('Signed out.');
              } catch (e) {
                setError(e);
              }
            }}
          >
            Sign out
          </button>
          {error ? (
            <span class="account-error" role="alert">
              {error instanceof Error ? error.message : String(error)}
            </span>
          ) : null}
        </>
      ) : session.status === 'anonymous' ? (
        <>
          <button
            type="button"
            class="btn small-btn signin-toggle"
            ref={buttonRef}
            aria-expanded={open}
            aria-controls="signin-panel"
            onClick={() => setOpen(!open)}
            data-testid="signin-toggle"
          >
            Sign in
          </button>
          {open ? (
            <div class="signin-panel" id="signin-panel" role="group" aria-label="Sign in">
              <SignInForm
                idPrefix="signin-"
                autoFocus
                onDone={() => setStatus('Signed in.')}
              />
            </div>
          ) : null}
        </>
      ) : null}
      <span class="sr-only" role="status">
        {status}
      </span>
    </div>
  );
}
