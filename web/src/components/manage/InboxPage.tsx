// #/inbox — what awaits the signed-in user (programmes with a step they may take now,
// council rounds in which their nation may still speak) and their notifications, unread
// first; read again every 30 seconds while the page is open.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useAsync } from '../../hooks';
import { manageApi, type InboxItem, type Notification } from '../../manageApi';
import { actionLabel, sentence, sortNotifications, subjectView, timeLeft, words } from '../../programmeFlow';
import { href } from '../../route';
import { useSession } from '../../session';
import { ErrorBox, Loading } from '../common';
import { ApiCall } from '../Export';
import { Time, fmtTime } from '../forms';
import { PROCEDURE_LABELS, POSITION_LABELS, label } from '../rules';
import { ManageGate, useInbox } from './ManageNav';
import '../../styles/pages.css';
import '../../styles/manage.css';

export function InboxPage() {
  return (
    <ManageGate title="Inbox" why="Sign in to see the programmes and council rounds that await you, and your notifications.">
      <InboxContent />
    </ManageGate>
  );
}

function InboxContent() {
  const session = useSession();
  const inbox = useInbox(session.info?.user.id ?? null, true);
  const nations = useAsync('nations', () => api.nations());
  const nationName = (iso3: string) => nations.data?.nations.find((n) => n.iso3 === iso3)?.name ?? iso3;
  const data = inbox.data;
  const [status, setStatus] = useState('');
  const [markError, setMarkError] = useState<unknown>(null);
  const [marking, setMarking] = useState<number | 'all' | null>(null);
  const notifications = sortNotifications(data?.notifications ?? []);
  const unread = notifications.filter((n) => !n.read_at);

  const markRead = async (ids: number[], which: number | 'all') => {
    setMarking(which);
    setMarkError(null);
    try {
      for (const id of ids) await manageApi.markRead(id);
      setStatus(ids.length === 1 ? 'Marked as read.' : `${ids.length} notifications marked as read.`);
    } catch (e) {
      setMarkError(e);
    } finally {
      setMarking(null);
      inbox.reload();
    }
  };

  return (
    <div class="page manage-page inbox-page">
      <section class="card" aria-labelledby="inbox-h">
        <div class="card-head">
          <div>
            <h1 id="inbox-h" class="page-h1">
              Inbox
            </h1>
            <p class="muted small lead">
              What awaits you, and what happened to the programmes you work on. The page reads it again every 30 seconds
              {inbox.at ? (
                <>
                  ; last read at <time dateTime={new Date(inbox.at).toISOString()}>{fmtTime(new Date(inbox.at).toISOString())}</time>
                </>
              ) : null}
              .
            </p>
          </div>
          <button type="button" class="btn small-btn" onClick={inbox.reload} disabled={inbox.loading} data-testid="inbox-refresh">
            {inbox.loading ? 'Reading…' : 'Read again'}
          </button>
        </div>
        <ErrorBox error={inbox.error} what="your inbox" retry={inbox.reload} />
        {!data && !inbox.error ? <Loading label="Loading your inbox…" /> : null}
        <div class="view-tools no-print">
          <ApiCall path="/api/v1/inbox" />
        </div>
      </section>

      {data ? (
        <>
          <section class="card" aria-labelledby="awaiting-h" data-testid="awaiting">
            <h2 id="awaiting-h">
              Awaiting you {data.awaiting.length ? <span class="count">{data.awaiting.length}</span> : null}
            </h2>
            {data.awaiting.length ? (
              <ul class="inbox-list">
                {data.awaiting.map((item) =>
                  item.workflow === 'council-round' ? <RoundItem item={item} /> : <SubjectItem item={item} nationName={nationName} />,
                )}
              </ul>
            ) : (
              <p class="muted empty-note">
                Nothing awaits you now. Programmes appear here when they reach a step you may take, and council rounds while your nation may still speak.
                See <a href={href({ view: 'programmes', q: {} })}>all programmes</a>.
              </p>
            )}
          </section>

          <section class="card" aria-labelledby="notes-h" data-testid="notifications">
            <div class="card-head">
              <h2 id="notes-h">
                Notifications {unread.length ? <span class="count">{unread.length} unread</span> : null}
              </h2>
              {unread.length > 1 ? (
                <button type="button" class="btn small-btn" disabled={marking !== null} onClick={() => markRead(unread.map((n) => n.id), 'all')} data-testid="mark-all-read">
                  Mark all read
                </button>
              ) : null}
            </div>
            <ErrorBox error={markError} what="the notification's state" retry={inbox.reload} />
            <p class="sr-only" role="status">
              {status}
            </p>
            {notifications.length ? (
              <ul class="inbox-list notes">
                {notifications.map((n) => (
                  <NotificationItem note={n} busy={marking === n.id || marking === 'all'} onRead={() => markRead([n.id], n.id)} />
                ))}
              </ul>
            ) : (
              <p class="muted empty-note">No notifications. You are told here when a programme of yours moves, or when the Council is asked to decide one.</p>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}

function SubjectItem({ item, nationName }: { item: InboxItem; nationName: (iso3: string) => string }) {
  const view = subjectView(item.workflow);
  const link = view ? href({ view, id: String(item.subject), q: {} }) : null;
  return (
    <li class="inbox-item" data-workflow={item.workflow} data-subject={item.subject}>
      <p class="inbox-title">{link ? <a href={link}>{item.title}</a> : item.title}</p>
      <p class="muted small">
        {item.nation ? `${nationName(item.nation)} · ` : ''}
        {words(item.state)} since <Time value={item.since} />
      </p>
      <p class="inbox-actions small">
        <span class="eyebrow">You may</span>{' '}
        {item.actions.map((a, i) => (
          <>
            {i ? ', ' : ''}
            <span class="tag">{actionLabel(a)}</span>
          </>
        ))}
      </p>
    </li>
  );
}

/** a council round awaiting the user's nation; the programme it decides is read from the round */
function RoundItem({ item }: { item: InboxItem }) {
  const round = useAsync(`inbox-round:${item.subject}`, () => manageApi.round(item.subject));
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const r = round.data;
  const link = r && r.workflow === 'itpp' ? href({ view: 'programme', id: String(r.subject), q: { round: String(r.id) } }) : null;
  const left = r ? timeLeft(r.deadline, now) : null;
  const silence = r?.procedure === 'silence';
  return (
    <li class="inbox-item round-item" data-workflow="council-round" data-round={item.subject}>
      <p class="inbox-title">
        <span class="tag">Council</span> {link ? <a href={link}>{item.title}</a> : item.title}
      </p>
      {r ? (
        <p class="muted small">
          {label(PROCEDURE_LABELS, r.procedure)} · deadline <Time value={r.deadline} /> {left ? `(in ${left})` : '(passed)'}
        </p>
      ) : (
        <ErrorBox error={round.error} what="the council round" retry={round.reload} />
      )}
      <p class="inbox-actions small">
        <span class="eyebrow">You may</span>{' '}
        {silence
          ? 'keep silent, or break silence with a reason'
          : item.actions.map((a, i) => (
              <>
                {i ? ', ' : ''}
                <span class="tag">{label(POSITION_LABELS, a)}</span>
              </>
            ))}
        {link ? (
          <>
            {' · '}
            <a href={link}>{silence ? 'Open the round' : 'State your position'}</a>
          </>
        ) : null}
      </p>
    </li>
  );
}

function NotificationItem({ note: n, busy, onRead }: { note: Notification; busy: boolean; onRead: () => void }) {
  const view = subjectView(n.workflow);
  const link = view ? href({ view, id: String(n.subject), q: {} }) : null;
  const read = !!n.read_at;
  return (
    <li class={`inbox-item note-item${read ? ' read' : ' unread'}`} data-notification={n.id} data-read={read ? 'yes' : 'no'}>
      <p class="note-text">
        {read ? null : (
          <span class="unread-mark">
            <span aria-hidden="true">●</span>
            <span class="sr-only">Unread: </span>
          </span>
        )}
        {sentence(n.text)}
      </p>
      <p class="muted small note-foot">
        <Time value={n.created_at} />
        {link ? (
          <>
            {' · '}
            <a href={link}>Open</a>
          </>
        ) : null}
        {read ? (
          <>
            {' · read '}
            <Time value={n.read_at} />
          </>
        ) : (
          <>
            {' · '}
            <button type="button" class="link" disabled={busy} onClick={onRead} data-testid="mark-read">
              Mark read
            </button>
          </>
        )}
      </p>
    </li>
  );
}
