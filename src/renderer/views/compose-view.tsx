// Compose: from, to/cc/bcc chips, subject, rich body with its plain-text alternative, attachments,
// and "Send now" or "Schedule". The form is saved as a draft as you type, so it survives a restart.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { buildMessage, EMPTY_COMPOSE, fromDraft, isEmpty, toDraft, withHtml, type ComposeState } from '../api/compose-state';
import { resultErrorText } from '../api/problems';
import { checkSchedule, localTimeZone } from '../api/schedule-time';
import { isDraftContent } from '../api/types';
import { AttachmentList, fileToAttachment } from '../components/attachment-list';
import { RecipientInput } from '../components/recipient-input';
import { RichEditor } from '../components/rich-editor';
import { SchedulePicker } from '../components/schedule-picker';
import { FormProblem } from '../components/form-problem';

interface Props {
  accounts: AccountSummary[];
  /** Prefilled content (edit and resend); otherwise the last draft is restored. */
  seed?: ComposeState | null;
  now?: () => number;
  /** `undo`: a "Send now" that may still be taken back until `until`, with what the form held. */
  onQueued(id: number, undo?: { until: string; state: ComposeState }): void;
}

export function ComposeView({ accounts, seed = null, now = Date.now, onQueued }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [state, setState] = useState<ComposeState>(seed ?? EMPTY_COMPOSE);
  const [showCopies, setShowCopies] = useState(Boolean(seed?.cc.length || seed?.bcc.length));
  const [mode, setMode] = useState<'now' | 'schedule'>('now');
  const [sendAt, setSendAt] = useState('');
  const [timeZone, setTimeZone] = useState(localTimeZone);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const draftId = useRef<string | null>(null);
  const loaded = useRef(seed !== null);

  // Restore the most recent draft once.
  useEffect(() => {
    if (loaded.current) return;
    loaded.current = true;
    void api['drafts:list']({}).then((result) => {
      if (!result.ok) return;
      const latest = [...result.value].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
      if (latest && isDraftContent(latest.content)) {
        draftId.current = latest.id;
        const restored = fromDraft(latest.content);
        setState(restored);
        setShowCopies(restored.cc.length + restored.bcc.length > 0);
      }
    });
  }, [api]);

  // Default sender: the first usable account.
  useEffect(() => {
    if (state.accountId === null || !accounts.some((a) => a.id === state.accountId)) {
      const usable = accounts.find((a) => a.active && a.state === 'ok') ?? accounts[0];
      if (usable && usable.id !== state.accountId) setState((s) => ({ ...s, accountId: usable.id }));
    }
  }, [accounts, state.accountId]);

  // Save the draft shortly after each change.
  useEffect(() => {
    if (isEmpty(state)) return undefined;
    const timer = setTimeout(() => {
      const content = toDraft(state) as unknown as Record<string, unknown>;
      void api['drafts:save']({ ...(draftId.current ? { id: draftId.current } : {}), content }).then((result) => {
        if (result.ok) draftId.current = result.value.id;
      });
    }, 600);
    return () => clearTimeout(timer);
  }, [api, state]);

  const account = accounts.find((a) => a.id === state.accountId) ?? null;
  const recipientCount = state.to.length + state.cc.length + state.bcc.length;
  const update = (patch: Partial<ComposeState>): void => setState((s) => ({ ...s, ...patch }));

  const pick = async (): Promise<void> => {
    const result = await api['dialog:openFiles']({ title: t('compose.attach') });
    if (!result.ok) return setProblem(resultErrorText(t, result.error));
    const added = result.value.map((file) => ({ key: `${file.path}-${Math.random()}`, filename: file.name, size: file.size, path: file.path }));
    setState((s) => ({ ...s, attachments: [...s.attachments, ...added] }));
  };

  const drop = async (files: File[]): Promise<void> => {
    const added = await Promise.all(files.map((file) => fileToAttachment(file, undefined)));
    setState((s) => ({ ...s, attachments: [...s.attachments, ...added] }));
  };

  const reset = useCallback(async () => {
    if (draftId.current) await api['drafts:delete']({ id: draftId.current });
    draftId.current = null;
    setState({ ...EMPTY_COMPOSE, accountId: state.accountId });
    setMode('now');
    setSendAt('');
  }, [api, state.accountId]);

  const submit = async (): Promise<void> => {
    setProblem(null);
    if (!account) return setProblem(t('compose.noAccount'));
    const built = buildMessage(state);
    if (!built.ok) return setProblem(t('compose.invalidMessage', { detail: built.message }));
    if (mode === 'schedule') {
      const check = checkSchedule(sendAt, timeZone, now());
      if (!check.ok) return setProblem(t(`compose.schedule_${check.reason}`, { zone: timeZone }));
    }
    const when = mode === 'schedule' ? { sendAt, timeZone } : {};
    setBusy(true);
    const result =
      state.editingId !== null
        ? await api['queue:edit']({ id: state.editingId, accountId: account.id, message: built.message, ...when })
        : state.resendRefusedOf
          ? await api['queue:resendRefused']({ originalId: state.resendRefusedOf, accountId: account.id, message: built.message, ...when })
          : await api['queue:enqueue']({ accountId: account.id, message: built.message, ...when, ...(mode === 'now' ? { undoable: true } : {}) });
    setBusy(false);
    if (!result.ok) return setProblem(resultErrorText(t, result.error));
    const undoUntil: string | null = 'undoUntil' in result.value && typeof result.value.undoUntil === 'string' ? result.value.undoUntil : null;
    if (mode === 'now' && !undoUntil) void api['queue:processNow']({});
    const sentState = state;
    await reset();
    onQueued(result.value.id, undoUntil ? { until: undoUntil, state: sentState } : undefined);
  };

  return (
    <form
      className="compose"
      aria-label={t('compose.title')}
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
        <h1>{state.editingId !== null ? t('compose.editTitle') : state.resendRefusedOf ? t('compose.resendRefusedTitle') : t('compose.title')}</h1>
        <button type="button" className="button ghost" onClick={() => void reset()}>
          {t('compose.discard')}
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
        <RecipientInput label={t('compose.to')} chips={state.to} onChange={(to) => update({ to })} autoFocus />
        {showCopies ? (
          <>
            <RecipientInput label={t('compose.cc')} chips={state.cc} onChange={(cc) => update({ cc })} />
            <RecipientInput label={t('compose.bcc')} chips={state.bcc} onChange={(bcc) => update({ bcc })} />
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
        onPick={() => void pick()}
        onDropFiles={(files) => void drop(files)}
        onRemove={(key) => setState((s) => ({ ...s, attachments: s.attachments.filter((file) => file.key !== key) }))}
      />
      <div className="send-mode" role="radiogroup" aria-label={t('compose.when')}>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} checked={mode === 'now'} onChange={() => setMode('now')} /> {t('compose.sendNow')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} checked={mode === 'schedule'} onChange={() => setMode('schedule')} /> {t('compose.schedule')}
        </label>
      </div>
      {mode === 'schedule' ? (
        <SchedulePicker value={sendAt} timeZone={timeZone} now={now()} onChange={(value, zone) => (setSendAt(value), setTimeZone(zone))} />
      ) : null}
      <FormProblem problem={problem} />
      <footer className="compose-actions">
        <span className="hint">{t('compose.shortcutHint')}</span>
        <button type="submit" className="button primary" disabled={busy}>
          {mode === 'schedule' ? t('compose.scheduleButton') : t('compose.sendButton')}
        </button>
      </footer>
    </form>
  );
}
