// The detail pane: the message, recipients, attachments, attempt log, and what can be done now —
// retry, edit and resend, cancel, reschedule; decide about uncertain mail; relink for held mail;
// send again to recipients a server refused. Mail refused for good offers "Edit and resend"
// first: a retry would only fail again. Due mail that waits says why (queue/wait-reason.ts).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { useFormat } from '../api/format';
import { explainError, resultErrorText } from '../api/problems';
import { wallClock } from '../api/compose-state';
import { inMinutes, localTimeZone } from '../api/schedule-time';
import type { EmailDetail as Detail } from '../api/types';
import { CHANGEABLE_STATUSES, EDITABLE_IN_PLACE_STATUSES } from '../../shared/email-statuses';
import { AttemptLog } from './attempt-log';
import { ConfirmDialog } from './confirm-dialog';
import { SchedulePicker } from './schedule-picker';
import { StatusBadge } from './status-badge';
import { FormProblem } from './form-problem';
import { isPermanentFailure } from '../../shared/failure-kind';
import { refusedAddresses } from '../api/refused-resend';
import { RecipientOutcomes } from './recipient-outcomes';
import { WaitNote } from './wait-note';
import { SeriesPanel } from './series-panel';
import { isLateHeld } from '../../shared/late-mail';

interface Props {
  emailId: number;
  /** Bumped when the queue changes, to reload. */
  version: number;
  /** Opens compose on this email: an in-place edit for unsent mail, "edit and resend" for the rest. */
  onEdit(email: Detail): void;
  onResendRefused(email: Detail): void;
  onRelink(accountId: number): void;
}

/**
 * The message is shown as mail apps show it: on white, in a sans-serif, nothing able to run
 * (sandbox) and nothing fetched from elsewhere — a remote image or stylesheet would tell its
 * sender the mail was looked at. The frame's own policy comes first, so it governs everything
 * after it, whatever the page's policy lends the frame.
 */
const FRAME_HEAD =
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">` +
  '<style>body{margin:12px;font:14px/1.5 system-ui,sans-serif;color:#1c2330;background:#fff;overflow-wrap:anywhere}</style>';

const CHANGEABLE = new Set<string>(CHANGEABLE_STATUSES);
const UNSENT = new Set<string>(EDITABLE_IN_PLACE_STATUSES);
const RESENDABLE = new Set(['sent', 'failed', 'uncertain']);

export function EmailDetail({ emailId, version, onEdit, onResendRefused, onRelink }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const [email, setEmail] = useState<Detail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [rescheduling, setRescheduling] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const [timeZone, setTimeZone] = useState(localTimeZone);
  // An action here often removes its own button (a cancelled mail has no "Cancel"): focus would
  // fall to the top of the page, so once the mail shows its new state it goes to the pane's title.
  const acted = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    void api['queue:get']({ id: emailId }).then((result) => {
      if (!live) return;
      if (result.ok) setEmail(result.value);
      else setProblem(resultErrorText(t, result.error));
    });
    return () => {
      live = false;
    };
  }, [api, emailId, version, t]);

  useEffect(() => {
    setRescheduling(false);
    setProblem(null);
    acted.current = false;
  }, [emailId]);

  useEffect(() => {
    if (acted.current && document.activeElement === document.body) heading.current?.focus();
  }, [email]);

  if (!email) return <aside className="detail" aria-label={t('detail.title')} aria-busy="true" />;

  const run = async (call: Promise<{ ok: boolean; error?: { code: string; message: string } }>, sendNow = false): Promise<void> => {
    setProblem(null);
    acted.current = true;
    const result = await call;
    if (!result.ok && result.error) setProblem(resultErrorText(t, result.error));
    // A retry is a "send it now": do not leave it to the next tick.
    else if (sendNow) void api['queue:processNow']({});
  };
  const plain = explainError(t, email.lastErrorCode);
  const permanent = email.status === 'failed' && isPermanentFailure(email.lastErrorCode);
  const refused = email.status === 'sent' ? refusedAddresses(email) : [];
  const total = email.recipients?.length ?? 0;
  const lateHeld = isLateHeld(email);

  return (
    <aside className="detail" aria-label={t('detail.title')}>
      <header className="detail-head">
        <h2 ref={heading} tabIndex={-1}>
          {email.subject || t('outbox.noSubject')}
        </h2>
        {refused.length > 0 ? (
          <span className="badge status-refused">{t('outbox.partlySent', { count: refused.length })}</span>
        ) : (
          <StatusBadge status={email.status} />
        )}
      </header>
      <dl className="detail-meta">
        <dt>{t('compose.from')}</dt>
        <dd>{email.accountEmail}</dd>
        <dt>{t('compose.to')}</dt>
        <dd>{email.to.join(', ')}</dd>
        {email.cc.length ? (
          <>
            <dt>{t('compose.cc')}</dt>
            <dd>{email.cc.join(', ')}</dd>
          </>
        ) : null}
        {email.bcc.length ? (
          <>
            <dt>{t('compose.bcc')}</dt>
            <dd>{email.bcc.join(', ')}</dd>
          </>
        ) : null}
        <dt>{email.sentAt ? t('detail.sentAt') : t('detail.sendAt')}</dt>
        <dd>
          {format.dateTime(email.sentAt ?? email.sendAt)}
          {email.timeZone !== localTimeZone() ? (
            <span className="muted"> ({t('detail.inZone', { time: format.time(email.sentAt ?? email.sendAt, email.timeZone), zone: email.timeZone })})</span>
          ) : null}
        </dd>
        {email.nextAttemptAt && email.nextAttemptAt !== email.sendAt && !email.sentAt && CHANGEABLE.has(email.status) ? (
          <>
            <dt>{t('detail.nextAttempt')}</dt>
            <dd>{format.dateTime(email.nextAttemptAt)}</dd>
          </>
        ) : null}
        <dt>{t('detail.attemptsLabel')}</dt>
        <dd>{t('detail.attemptsOf', { used: email.attempts, max: email.maxAttempts })}</dd>
      </dl>

      {email.status === 'failed' && email.lastError ? (
        <div className="callout error" role="note">
          <strong>{plain ?? t('detail.failed')}</strong>
          <p>
            <code>{email.lastError}</code>
          </p>
        </div>
      ) : null}
      {refused.length > 0 ? (
        <div className="callout warning" role="note" data-testid="refusal-note">
          <strong>{t('detail.sentToSome', { accepted: total - refused.length, total })}</strong>
          <p>{t('detail.refusedHint', { count: refused.length })}</p>
        </div>
      ) : null}
      <WaitNote email={email} />
      {email.status === 'uncertain' ? (
        <div className="callout warning" role="note">
          <strong>{t('detail.uncertainTitle')}</strong>
          <p>{t('detail.uncertainBody')}</p>
          {email.lastError ? <code>{email.lastError}</code> : null}
        </div>
      ) : null}
      {lateHeld ? (
        <div className="callout warning" role="note" data-testid="late-note">
          <strong>{t('late.missed', { when: format.dayTime(email.sendAt, email.timeZone) })}</strong>
          <p>{t('late.missedBody')}</p>
        </div>
      ) : email.status === 'held' ? (
        <div className="callout warning" role="note">
          <strong>{t('detail.heldTitle')}</strong>
          <p>{t('detail.heldBody', { email: email.accountEmail })}</p>
        </div>
      ) : null}

      {email.series ? (
        <SeriesPanel
          series={email.series}
          occurrenceAt={email.sendAt}
          run={(call) => run(call === 'stop' ? api['series:stop']({ id: email.id }) : api['series:skip']({ id: email.id }))}
        />
      ) : null}

      <div className="detail-actions">
        {email.status === 'uncertain' ? (
          <>
            <button type="button" className="button primary" onClick={() => void run(api['queue:markSent']({ id: email.id }))}>
              {t('actions.markSent')}
            </button>
            <button type="button" className="button secondary" onClick={() => void run(api['queue:retry']({ id: email.id }), true)}>
              {t('actions.sendAgain')}
            </button>
          </>
        ) : null}
        {refused.length > 0 ? (
          <button type="button" className="button primary" onClick={() => onResendRefused(email)}>
            {t('actions.sendToRefused')}
          </button>
        ) : null}
        {permanent ? (
          <button type="button" className="button primary" onClick={() => onEdit(email)}>
            {t('actions.editResend')}
          </button>
        ) : null}
        {email.status === 'failed' ? (
          <button type="button" className={`button ${permanent ? 'secondary' : 'primary'}`} onClick={() => void run(api['queue:retry']({ id: email.id }), true)}>
            {t('actions.retry')}
          </button>
        ) : null}
        {lateHeld ? (
          // "Send now" is a retry: queued at once with a fresh set of attempts.
          <button type="button" className="button primary" onClick={() => void run(api['queue:retry']({ id: email.id }), true)}>
            {t('late.sendNow')}
          </button>
        ) : email.status === 'held' ? (
          <button type="button" className="button primary" onClick={() => onRelink(email.accountId)}>
            {t('actions.relinkAccount')}
          </button>
        ) : null}
        {UNSENT.has(email.status) ? (
          <button type="button" className="button secondary" onClick={() => onEdit(email)}>
            {t('actions.edit')}
          </button>
        ) : null}
        {RESENDABLE.has(email.status) && !permanent ? (
          <button type="button" className="button secondary" onClick={() => onEdit(email)}>
            {t('actions.editResend')}
          </button>
        ) : null}
        {CHANGEABLE.has(email.status) ? (
          <>
            <button
              type="button"
              className="button secondary"
              aria-expanded={rescheduling}
              onClick={() => {
                // Opens on the mail's own time and zone (or a few minutes ahead, when it has passed).
                const future = Date.parse(email.sendAt) > Date.now();
                setTimeZone(email.timeZone);
                setSendAt(future ? wallClock(email.sendAt, email.timeZone) : inMinutes(Date.now(), email.timeZone, 5));
                setRescheduling((v) => !v);
              }}
            >
              {t('actions.reschedule')}
            </button>
            <button type="button" className="button danger-ghost" onClick={() => setConfirmingCancel(true)}>
              {t('actions.cancel')}
            </button>
          </>
        ) : null}
      </div>
      {rescheduling ? (
        <div className="reschedule">
          <SchedulePicker value={sendAt} timeZone={timeZone} now={Date.now()} onChange={(value, zone) => (setSendAt(value), setTimeZone(zone))} />
          <button
            type="button"
            className="button primary"
            disabled={!sendAt}
            onClick={() => void run(api['queue:reschedule']({ id: email.id, sendAt, timeZone })).then(() => setRescheduling(false))}
          >
            {t('actions.saveSchedule')}
          </button>
        </div>
      ) : null}
      <FormProblem problem={problem} />

      {/* Only when a server refused someone: a mail that never reached one says so in its error. */}
      {(email.recipients ?? []).some((recipient) => recipient.outcome === 'refused') && (email.status === 'sent' || email.status === 'failed') ? (
        <RecipientOutcomes recipients={email.recipients} />
      ) : null}

      {email.attachments.length ? (
        <section aria-label={t('compose.attachments')}>
          <h3>{t('compose.attachments')}</h3>
          <ul className="attachment-items">
            {email.attachments.map((file) => (
              <li key={file.sha256 + file.filename} className="attachment-item">
                <span className="attachment-name">{file.filename}</span>
                <span className="attachment-size">{format.bytes(file.size)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-label={t('detail.attempts')}>
        <h3>{t('detail.attempts')}</h3>
        <AttemptLog history={email.history} />
      </section>
      <section aria-label={t('detail.message')}>
        <h3>{t('detail.message')}</h3>
        {email.html ? (
          <iframe className="message-frame" title={t('detail.message')} sandbox="" srcDoc={`${FRAME_HEAD}${email.html}`} />
        ) : (
          <pre className="message-text">{email.text}</pre>
        )}
      </section>
      {confirmingCancel ? (
        <ConfirmDialog
          title={t('actions.cancelTitle', { subject: email.subject || t('detail.noSubject') })}
          body={t('actions.cancelBody')}
          confirmLabel={t('actions.cancel')}
          keepLabel={t('actions.keepMessage')}
          danger
          onCancel={() => setConfirmingCancel(false)}
          onConfirm={() => {
            setConfirmingCancel(false);
            void run(api['queue:cancel']({ id: email.id }));
          }}
        />
      ) : null}
    </aside>
  );
}
