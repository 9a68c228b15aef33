// What every page of partnership management shares: the small navigation between them
// (Programmes · Inbox · Menu · PARP · Evaluations · Events, with the count of unread
// notifications), the inbox as one shared poll, and the gate of the pages that need a
// signed-in user of a managing role.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { manageApi, type Inbox } from '../../manageApi';
import { href, type View } from '../../route';
import { roleLabel, useSession, type SessionState } from '../../session';
import { SignInCard } from '../AccountPage';
import { Loading } from '../common';
import '../../styles/manage.css';

/** the roles that manage partnerships (the server says the same: a viewer is refused) */
export const mayManage = (s: SessionState) => s.status === 'signed-in' && !!s.info && s.info.user.role !== 'viewer';

const LINKS: { view: View; label: string; also?: View[] }[] = [
  { view: 'programmes', label: 'Programmes', also: ['programme'] },
  { view: 'inbox', label: 'Inbox' },
  { view: 'menu', label: 'Menu' },
  { view: 'parp', label: 'PARP', also: ['parp-cycle'] },
  { view: 'evaluations', label: 'Evaluations', also: ['unit'] },
  { view: 'events', label: 'Events', also: ['event'] },
];

export function ManageNav({ view }: { view: View }) {
  const session = useSession();
  const inbox = useInbox(mayManage(session) ? session.info!.user.id : null);
  const unread = inbox.data?.unread ?? 0;
  return (
    <nav class="manage-nav" aria-label="Partnership management" data-testid="manage-nav">
      <ul>
        {LINKS.map((l) => {
          const current = view === l.view || !!l.also?.includes(view);
          return (
            <li>
              <a href={href({ view: l.view, q: {} })} aria-current={current ? 'page' : undefined} data-manage-nav={l.view}>
                {l.label}
                {l.view === 'inbox' && unread > 0 ? (
                  <span class="count" data-testid="unread-count">
                    {unread}
                    <span class="sr-only"> unread</span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/**
 * A page for nation officers, alliance staff and administrators: a sign-in form for the
 * anonymous, a plain refusal for a viewer, the page for the others.
 */
export function ManageGate({ title, why, children }: { title: string; why: string; children: ComponentChildren }) {
  const session = useSession();
  if (session.status === 'checking') return <Loading label="Checking your session…" />;
  if (session.status !== 'signed-in' || !session.info) {
    return (
      <div class="page manage-page">
        <SignInCard title={`${title}: sign in`} why={why} />
      </div>
    );
  }
  if (!mayManage(session)) {
    return (
      <div class="page manage-page">
        <section class="card" aria-labelledby="manage-refused-h">
          <h1 id="manage-refused-h" class="page-h1">
            {title}
          </h1>
          <p class="error" role="alert" data-testid="manage-refused">
            Partnership management is for nation officers, alliance staff and administrators; you are signed in as{' '}
            {roleLabel(session.info.user.role).toLowerCase()}. An administrator can give your account another role.
          </p>
        </section>
      </div>
    );
  }
  return <>{children}</>;
}

// ---------- the inbox, polled once for every part of the page that shows it ----------

/** how often an open page reads the inbox again */
export const INBOX_POLL_MS = 30_000;

interface InboxState {
  data: Inbox | undefined;
  error: unknown;
  loading: boolean;
  /** when it was last read (ms since the epoch) */
  at: number;
  /** whose inbox it is (the account id) */
  who: number | null;
}

const EMPTY: InboxState = { data: undefined, error: null, loading: false, at: 0, who: null };
let inboxState: InboxState = EMPTY;
const inboxListeners = new Set<(s: InboxState) => void>();
let inboxTimer: ReturnType<typeof setTimeout> | null = null;
let inboxRequest = 0;

function publishInbox(next: InboxState) {
  inboxState = next;
  for (const l of inboxListeners) l(inboxState);
}

function schedule() {
  if (inboxTimer) clearTimeout(inboxTimer);
  inboxTimer = inboxListeners.size ? setTimeout(() => void refreshInbox(), INBOX_POLL_MS) : null;
}

/** Read the inbox now (after a step, a position, a notification read), then every 30 s while shown. */
export async function refreshInbox(): Promise<void> {
  const n = ++inboxRequest;
  const who = inboxState.who;
  publishInbox({ ...inboxState, loading: true });
  try {
    const data = await manageApi.inbox();
    if (n === inboxRequest) publishInbox({ data, error: null, loading: false, at: Date.now(), who });
  } catch (error) {
    if (n === inboxRequest) publishInbox({ ...inboxState, error, loading: false, at: Date.now() });
  } finally {
    if (n === inboxRequest) schedule();
  }
}

/**
 * The inbox of the signed-in account `who` (null: none, nothing is read), read every 30 s
 * while a page shows it; `fresh` reads it when the component appears (the inbox page),
 * otherwise an answer of the last two seconds is taken.
 */
export function useInbox(who: number | null, fresh = false): InboxState & { reload: () => void } {
  const [state, setState] = useState(inboxState);
  useEffect(() => {
    if (who === null) return;
    inboxListeners.add(setState);
    if (inboxState.who !== who) {
      // another account's inbox (signed out and in again): not this one's
      inboxRequest++;
      publishInbox({ ...EMPTY, who });
    }
    setState(inboxState);
    if (fresh || (!inboxState.loading && Date.now() - inboxState.at > 2000)) void refreshInbox();
    else schedule();
    return () => {
      inboxListeners.delete(setState);
      if (!inboxListeners.size && inboxTimer) {
        clearTimeout(inboxTimer);
        inboxTimer = null;
      }
    };
  }, [who]);
  const shown = who !== null && state.who === who ? state : EMPTY;
  return { ...shown, reload: () => void refreshInbox() };
}
