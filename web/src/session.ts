// The signed-in user: one state shared by the header, the pages and the write helper
// (which sends the session's CSRF token). The session itself is an HttpOnly cookie; this
// module only holds what GET/POST /api/v1/session answered, in memory.
import { useEffect, useState } from 'preact/hooks';
import { accountApi, ApiError, clearCache, onUnauthenticated, setCsrfToken, type Role, type SessionInfo } from './api';
import type { Labels } from './vocabulary';

export interface SessionState {
  /** `checking` until the server has said whether a session exists */
  status: 'checking' | 'anonymous' | 'signed-in';
  info: SessionInfo | null;
}

export const ROLE_LABELS: Labels<'role'> = {
  viewer: 'Viewer',
  'nation-officer': 'Nation officer',
  'alliance-staff': 'Alliance staff',
  administrator: 'Administrator',
};

export const roleLabel = (role: string) => (ROLE_LABELS as Record<string, string>)[role] ?? role;

/** the roles that may record and correct the registry and read the audit log */
const STAFF: ReadonlySet<Role> = new Set<Role>(['alliance-staff', 'administrator']);
export const isStaff = (s: SessionState) => s.status === 'signed-in' && !!s.info && STAFF.has(s.info.user.role);

// A hint (not a secret) that this browser signed in, so that an anonymous visit does not
// ask GET /api/v1/session only to be answered 401.
const HINT_KEY = 'entente.signedIn';
const hint = {
  get: () => {
    try {
      return localStorage.getItem(HINT_KEY) === '1';
    } catch {
      return false;
    }
  },
  set: (on: boolean) => {
    try {
      if (on) localStorage.setItem(HINT_KEY, '1');
      else localStorage.removeItem(HINT_KEY);
    } catch {
      /* private mode: the session is still checked when a write needs it */
    }
  },
};

let state: SessionState = { status: 'checking', info: null };
const listeners = new Set<(s: SessionState) => void>();
/** a read was refused for want of a session (a server run with --private) */
let readsNeedSession = false;

function publish(next: SessionState) {
  state = next;
  setCsrfToken(next.info?.via === 'token' ? null : (next.info?.csrf_token ?? null));
  for (const l of listeners) l(state);
}

function signedOut() {
  hint.set(false);
  publish({ status: 'anonymous', info: null });
}

/** Ask the server whether this browser has a session. */
export async function checkSession(): Promise<void> {
  try {
    const info = await accountApi.session();
    hint.set(true);
    publish({ status: 'signed-in', info });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signedOut();
    else publish({ status: 'anonymous', info: null });
  }
}

/** Sign in; throws the server's ApiError (401 wrong credentials, 429 with retryAfter). */
export async function signIn(username: string, password: string): Promise<void> {
  const info = await accountApi.signIn(username, password);
  hint.set(true);
  clearCache();
  publish({ status: 'signed-in', info });
  // a server that keeps its data private refused the reads made before: make them again
  if (readsNeedSession) location.reload();
}

/** Sign out; the session ends on the server. An already ended session is signed out too. */
export async function signOut(): Promise<void> {
  try {
    await accountApi.signOut();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  clearCache();
  signedOut();
}

/** the session ended elsewhere (signed out in another tab, ended on the Account page, expired) */
export function sessionEnded(): void {
  if (state.status === 'signed-in') signedOut();
}

if (typeof window !== 'undefined') {
  onUnauthenticated(({ path, method }) => {
    if (path === '/api/v1/session') return;
    if (method === 'GET' && state.status !== 'signed-in') readsNeedSession = true;
    sessionEnded();
  });
  // another tab signed in or out
  window.addEventListener('storage', (e) => {
    if (e.key !== HINT_KEY) return;
    if (e.newValue === '1') void checkSession();
    else if (state.status === 'signed-in') publish({ status: 'anonymous', info: null });
  });
  if (hint.get()) void checkSession();
  else state = { status: 'anonymous', info: null };
}

export function getSession(): SessionState {
  return state;
}

export function useSession(): SessionState {
  const [s, setS] = useState(state);
  useEffect(() => {
    const l = (x: SessionState) => setS(x);
    listeners.add(l);
    setS(state);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return s;
}
