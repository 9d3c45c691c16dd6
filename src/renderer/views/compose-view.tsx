// Compose: from, to/cc/bcc chips, subject, rich body with its plain-text alternative, attachments,
// and "Send now" or "Schedule". Three kinds of compose (compose-state.ts): a new message, an edit
// of unsent mail saved in place ("Edit scheduled message", "Save": same id, time, zone, files),
// and "Edit and resend" of sent or failed mail. Each keeps its own draft as the user types.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { rememberChoice } from '../api/compose-draft';
import { describeProblem, problemFromError } from '../api/compose-problems';
import { buildMessage, newCompose, withHtml, type ComposeState } from '../api/compose-state';
import { resultErrorText } from '../api/problems';
import { checkSchedule, localTimeZone } from '../api/schedule-time';
import { useComposeDraft } from '../api/use-compose-draft';
import { AttachmentList } from '../components/attachment-list';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FormProblem } from '../components/form-problem';
import { RecipientInput } from '../components/recipient-input';
import { RichEditor } from '../components/rich-editor';
import { SchedulePicker } from '../components/schedule-picker';
import { ruleFor } from '../api/repeat-rule';
import { ExpiryOption } from '../components/expiry-option';

interface Props {
  accounts: AccountSummary[];
  /** An existing email's content (edit, edit and resend); otherwise a new message's draft is restored. */
  seed?: ComposeState | null;
  now?: () => number;
  /** `undo`: a "Send now" that may still be taken back until `until`, with what the form held. */
  onQueued(id: number, undo?: { until: string; state: ComposeState }): void;
  /** Discarded: back to the email being edited (its id), or to nothing for a new message. */
  onClosed?(emailId: number | null): void;
}

export function ComposeView({ accounts, seed = null, now = Date.now, onQueued, onClosed }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [start] = useState(() => seed ?? newCompose(localTimeZone()));
  // Every compose restores the draft it owns, except a send taken back (undo): that is the draft.
  const { state, setState, addFiles, forget, hold, resume } = useComposeDraft(api, start, seed === null || seed.origin.kind !== 'new', localTimeZone());
  const [showCopies, setShowCopies] = useState(Boolean(start.cc.length || start.bcc.length));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [fileDialog, setFileDialog] = useState(true);
  const { origin } = state;

  useEffect(() => {
    void api['app:info']({}).then((result) => result.ok && setFileDialog(result.value.fileDialog));
  }, [api]);
  useEffect(() => {
    if (state.cc.length || state.bcc.length) setShowCopies(true);
  }, [state.cc.length, state.bcc.length]);

  // Default sender: the first usable account.
  useEffect(() => {
    if (state.accountId === null || !accounts.some((a) => a.id === state.accountId)) {
      const usable = accounts.find((a) => a.active && a.state === 'ok') ?? accounts[0];
      if (usable && usable.id !== state.accountId) setState((s) => ({ ...s, accountId: usable.id }));
    }
  }, [accounts, state.accountId, setState]);

  const account = accounts.find((a) => a.id === state.accountId) ?? null;
  const recipientCount = state.to.length + state.cc.length + state.bcc.length;
  const update = (patch: Partial<ComposeState>): void => setState((s) => ({ ...s, ...patch }));
  // "Repeat" is offered for new mail only; it makes the mail the first of a series.
  const repeat = state.repeat;
  const isTaken = (address: string): boolean =>
    [...state.to, ...state.cc, ...state.bcc].some((chip) => chip.address.toLowerCase() === address.trim().toLowerCase());

  const pick = async (): Promise<void> => {
    const result = await api['dialog:openFiles']({ title: t('compose.attach') });
    if (!result.ok) return setProblem(resultErrorText(t, result.error));
    await addFiles(result.value.map((file) => ({ path: file.path, name: file.name, size: file.size })));
  };

  const discard = async (): Promise<void> => {
    setConfirmingDiscard(false);
    await forget();
    if (origin.kind !== 'new') return onClosed?.(origin.emailId);
    resume();
    setProblem(null);
    setState({ ...newCompose(localTimeZone()), accountId: state.accountId });
  };

  const submit = async (): Promise<void> => {
    setProblem(null);
    if (!account) return setProblem(t('compose.noAccount'));
    if (state.attachments.some((file) => file.pending)) return setProblem(t('compose.stillStoring'));
    const built = buildMessage(state);
    if (!built.ok) return setProblem(t('compose.invalidMessage', { detail: describeProblem(t, built.problem) }));
    if (state.when === 'schedule') {
      const check = checkSchedule(state.sendAt, state.timeZone, now());
      if (!check.ok) return setProblem(t(`compose.schedule_${check.reason}`, { zone: state.timeZone }));
    }
    const rule = state.when === 'schedule' && origin.kind === 'new' ? ruleFor(repeat, state.sendAt) : null;
    if (state.when === 'schedule' && origin.kind === 'new' && repeat.kind !== 'none' && rule === null) return setProblem(t('repeat.customHint'));
    const when = state.when === 'schedule' ? { sendAt: state.sendAt, timeZone: state.timeZone, expiresAfterMinutes: state.expiresAfterMinutes, ...(rule ? { repeat: rule } : {}) } : {};
    // Unsent mail and failed mail are written over themselves; sent mail is queued anew.
    const replaces = origin.kind === 'edit' || (origin.kind === 'resend' && origin.inPlace) ? origin.emailId : null;
    setBusy(true);
    hold();
    const result =
      replaces !== null
        ? await api['queue:edit']({ id: replaces, accountId: account.id, message: built.message, ...when })
        : origin.kind === 'refused'
          ? await api['queue:resendRefused']({ originalId: origin.emailId, accountId: account.id, message: built.message, ...when })
          : await api['queue:enqueue']({ accountId: account.id, message: built.message, ...when, ...(state.when === 'now' ? { undoable: true } : {}) });
    setBusy(false);
    if (!result.ok) {
      resume();
      const named = problemFromError(result.error);
      return setProblem(named ? t('compose.invalidMessage', { detail: describeProblem(t, named) }) : resultErrorText(t, result.error));
    }
    // What the user chose for a mail they wrote (not for an edit of one already scheduled).
    if (origin.kind !== 'edit') rememberChoice(state.when, state.timeZone);
    const undoUntil: string | null = 'undoUntil' in result.value && typeof result.value.undoUntil === 'string' ? result.value.undoUntil : null;
    if (state.when === 'now' && !undoUntil) void api['queue:processNow']({});
    await forget();
    onQueued(result.value.id, undoUntil ? { until: undoUntil, state } : undefined);
  };

  const title =
    origin.kind === 'new'
      ? t('compose.title')
      : origin.kind === 'resend'
        ? t('compose.resendTitle')
        : origin.kind === 'refused'
          ? t('compose.resendRefusedTitle')
          : origin.scheduled
            ? t('compose.editScheduledTitle')
            : t('compose.editTitle');
  const submitLabel = origin.kind === 'edit' ? t('common.save') : state.when === 'schedule' ? t('compose.scheduleButton') : t('compose.sendButton');

  return (
    <form
      className="compose"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
          event.preventDefault();
          void submit();
        }
      }}
    >
      <header className="view-header">
        <h1>{title}</h1>
        <button type="button" className="button ghost" onClick={() => setConfirmingDiscard(true)}>
          {origin.kind === 'new' ? t('compose.discard') : t('compose.discardChanges')}
        </button>
      </header>
      <div className="compose-fields">
        <div className="field inline">
          <label htmlFor={`${id}-from`}>{t('compose.from')}</label>
          <select id={`${id}-from`} value={state.accountId ?? ''} onChange={(event) => update({ accountId: Number(event.target.value) })}>
            {accounts.length === 0 ? <option value="">{t('compose.noAccount')}</option> : null}
            {accounts.map((a) => (
              <option key={a.id} value={a.id} disabled={!a.active}>
                {a.displayName ? `${a.displayName} <${a.email}>` : a.email}
                {a.state === 'needs-reauth' ? ` — ${t('accounts.state.needs-reauth')}` : ''}
              </option>
            ))}
          </select>
        </div>
        <RecipientInput label={t('compose.to')} chips={state.to} onChange={(to) => update({ to })} isTaken={isTaken} autoFocus />
        {showCopies ? (
          <>
            <RecipientInput label={t('compose.cc')} chips={state.cc} onChange={(cc) => update({ cc })} isTaken={isTaken} />
            <RecipientInput label={t('compose.bcc')} chips={state.bcc} onChange={(bcc) => update({ bcc })} isTaken={isTaken} />
          </>
        ) : (
          <button type="button" className="link-button" onClick={() => setShowCopies(true)}>
            {t('compose.addCopies')}
          </button>
        )}
        {account && recipientCount > account.limits.maxRecipients ? (
          <p className="field-problem" role="alert">
            {t('compose.tooManyRecipients', { count: recipientCount, limit: account.limits.maxRecipients })}
          </p>
        ) : null}
        <div className="field inline">
          <label htmlFor={`${id}-subject`}>{t('compose.subject')}</label>
          <input id={`${id}-subject`} type="text" value={state.subject} onChange={(event) => update({ subject: event.target.value })} />
        </div>
      </div>
      <RichEditor html={state.html} label={t('compose.body')} onChange={(html) => setState((s) => withHtml(s, html))} />
      <details className="plain-text">
        <summary>{t('compose.plainText')}</summary>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('compose.plainText')}
        </label>
        <textarea id={`${id}-text`} rows={6} value={state.text} onChange={(event) => update({ text: event.target.value, textEdited: true })} />
        {state.textEdited ? (
          <button type="button" className="link-button" onClick={() => setState((s) => withHtml({ ...s, textEdited: false }, s.html))}>
            {t('compose.regenerateText')}
          </button>
        ) : null}
      </details>
      <AttachmentList
        attachments={state.attachments}
        limitBytes={account?.limits.maxMessageBytes ?? null}
        bodyBytes={new Blob([state.html, state.text]).size}
        fileDialog={fileDialog}
        onPick={() => void pick()}
        onDropFiles={(files) => void addFiles(files.map((file) => ({ file, name: file.name, size: file.size })))}
        onRemove={(key) => setState((s) => ({ ...s, attachments: s.attachments.filter((file) => file.key !== key) }))}
      />
      <div className="send-mode" role="radiogroup" aria-label={t('compose.when')}>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} checked={state.when === 'now'} onChange={() => update({ when: 'now' })} /> {t('compose.sendNow')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} checked={state.when === 'schedule'} onChange={() => update({ when: 'schedule' })} /> {t('compose.schedule')}
        </label>
      </div>
      {state.when === 'schedule' ? (
        <>
          <SchedulePicker
            value={state.sendAt}
            timeZone={state.timeZone}
            now={now()}
            onChange={(sendAt, timeZone) => update({ sendAt, timeZone })}
            repeat={origin.kind === 'new' ? { value: repeat, onChange: (next) => update({ repeat: next }) } : undefined}
          />
          <ExpiryOption minutes={state.expiresAfterMinutes} onChange={(expiresAfterMinutes) => update({ expiresAfterMinutes })} />
        </>
      ) : null}
      <FormProblem problem={problem} />
      <footer className="compose-actions">
        <span className="hint">{t('compose.shortcutHint')}</span>
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
      </footer>
      {confirmingDiscard ? (
        <ConfirmDialog
          title={origin.kind === 'new' ? t('compose.discardTitle') : t('compose.discardChangesTitle')}
          body={origin.kind === 'new' ? t('compose.discardBody') : t('compose.discardChangesBody')}
          confirmLabel={origin.kind === 'new' ? t('compose.discard') : t('compose.discardChanges')}
          keepLabel={t('compose.keepEditing')}
          danger
          onCancel={() => setConfirmingDiscard(false)}
          onConfirm={() => void discard()}
        />
      ) : null}
    </form>
  );
}
