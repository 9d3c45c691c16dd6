// Navigation: compose first, then the outbox (with what needs attention), accounts, settings, and
// the running batch's progress at the foot.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, StatusCounts } from '../../shared/domain';
import type { PushPayload } from '../../shared/ipc-contract';
import { useFormat } from '../api/format';

export type View = 'outbox' | 'compose' | 'merge' | 'accounts' | 'settings';

interface Props {
  view: View;
  onView(view: View): void;
  onCompose(): void;
  counts: StatusCounts | null;
  /** Failed + held + uncertain + sent with refused recipients (the engine counts it). */
  attention: number | null;
  accounts: AccountSummary[];
  batch: PushPayload<'batch:progress'> | null;
  /** The last progress or finish worth saying (the live region's source; `batch` is what is drawn). */
  spoken: PushPayload<'batch:progress'> | null;
  paused: boolean;
}

const ICONS: Record<Exclude<View, 'compose'>, ReactNode> = {
  outbox: <path d="M4 13h4l2 3h4l2-3h4M4 13l2-8h12l2 8v6H4z" />,
  merge: <path d="M4 5h11v4H4zM4 11h11v4H4zM4 17h11v4H4zM18 7l3 3-3 3M18 15l3 3-3 3" />,
  accounts: <path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0" />,
  settings: <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.2l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2-1.2L14.5 3h-5l-.4 2.6a7.5 7.5 0 0 0-2 1.2l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.4l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2 1.2l.4 2.6h5l.4-2.6a7.5 7.5 0 0 0 2-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2z" />,
};

/** A screen reader hears the batch's progress at most this often (a batch changes many times a second). */
export const ANNOUNCE_EVERY_MS = 5_000;

/**
 * The text read out for a batch: said at the start and the end, and in between at most every
 * ANNOUNCE_EVERY_MS, so progress is heard without drowning everything else.
 */
function useThrottledAnnouncement(text: string, urgent: boolean): string {
  const [said, setSaid] = useState('');
  const last = useRef(0);
  const latest = useRef(text);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  if (text) latest.current = text; // nothing new to say (''): the pending announcement still goes
  useEffect(() => {
    if (!text) return;
    if (timer.current !== null) clearTimeout(timer.current);
    const wait = urgent ? 0 : Math.max(0, last.current + ANNOUNCE_EVERY_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      setSaid(latest.current);
    }, wait);
  }, [text, urgent]);
  useEffect(() => () => void (timer.current !== null && clearTimeout(timer.current)), []);
  return said;
}

export function Sidebar({ view, onView, onCompose, counts, attention: counted, accounts, batch, spoken, paused }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const attention = counted ?? (counts ? counts.failed + counts.uncertain + counts.held : 0);
  const reauth = accounts.filter((a) => a.active && a.state === 'needs-reauth').length;
  const item = (name: Exclude<View, 'compose'>, badge: number): ReactNode => (
    <li>
      <button type="button" className={`nav-item${view === name ? ' active' : ''}`} aria-current={view === name ? 'page' : undefined} onClick={() => onView(name)}>
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round">
          {ICONS[name]}
        </svg>
        <span>{t(`nav.${name}`)}</span>
        {badge > 0 ? (
          <span className="nav-badge" aria-label={t('nav.attention', { count: badge, n: format.number(badge) })}>
            {format.number(badge)}
          </span>
        ) : null}
      </button>
    </li>
  );
  const running = batch !== null && batch.phase !== 'finished';
  const progress = batch?.phase === 'progress' ? batch.progress : null;
  const done = progress ? progress.sent + progress.failed : 0;
  const describe = (state: PushPayload<'batch:progress'> | null): string => {
    if (state?.phase === 'progress') {
      const { sent, failed, claimed } = state.progress;
      return t('batch.progress', { sent: format.number(sent), failed: format.number(failed), claimed: format.number(claimed) });
    }
    if (state?.phase === 'finished') return t('batch.finished', { sent: format.number(state.summary.sent), failed: format.number(state.summary.failed) });
    return state?.phase === 'started' ? t('batch.started') : '';
  };
  const progressText = describe(batch);
  // "Sending…" is only shown (`spoken` never holds a start): a run that finds nothing to send
  // would otherwise speak every minute.
  const announced = useThrottledAnnouncement(describe(spoken), spoken?.phase === 'finished');
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
          <rect x="2" y="6" width="28" height="20" rx="4" fill="var(--accent)" />
          <path d="M6 11l10 7 10-7" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span>Facteur</span>
      </div>
      <button type="button" className={`button primary compose-button${view === 'compose' ? ' active' : ''}`} onClick={onCompose} aria-keyshortcuts="Control+N Meta+N">
        {t('nav.compose')}
      </button>
      <ul className="nav-list">
        {item('outbox', attention)}
        {item('merge', 0)}
        {item('accounts', reauth)}
        {item('settings', 0)}
      </ul>
      <div className="sidebar-foot">
        {paused ? <span className="state-badge state-disabled">{t('nav.paused')}</span> : null}
        {running ? (
          <div className="batch">
            {/* Read out by the polite live region below, at a pace a listener can follow. */}
            <span aria-hidden="true">{progressText}</span>
            <progress max={Math.max(1, progress?.claimed ?? 1)} value={done} aria-label={t('batch.label')} />
          </div>
        ) : counts ? (
          <span className="muted">{t('nav.waiting', { count: counts.scheduled + counts.queued, n: format.number(counts.scheduled + counts.queued) })}</span>
        ) : null}
        <p className="visually-hidden" role="status" aria-live="polite" data-testid="batch-announcement">
          {announced}
        </p>
      </div>
    </nav>
  );
}
