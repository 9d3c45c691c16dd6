// The window: a sidebar (compose, outbox, accounts, settings, batch progress) and the current
// view. Holds what several views share — accounts, counts, settings — and keeps it live from the
// engine's pushes. Keyboard: Ctrl/Cmd+N compose, Ctrl/Cmd+F or / search.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, StatusCounts } from '../shared/domain';
import type { Settings } from '../shared/settings';
import { useApi } from './api/api-context';
import { drawnAfter, spokenAfter, type BatchState } from './api/batch-trace';
import { lastChoice } from './api/compose-draft';
import { fromEmail, type ComposeState } from './api/compose-state';
import { localTimeZone } from './api/schedule-time';
import { refusedResend } from './api/refused-resend';
import { Sidebar, type View } from './components/sidebar';
import { UndoToast } from './components/undo-toast';
import { AccountsView } from './views/accounts-view';
import { ComposeView } from './views/compose-view';
import { MergeView } from './views/merge-view';
import { OutboxView, type OutboxHandle, type OutboxTab } from './views/outbox-view';
import { SettingsView } from './views/settings-view';

/** Until the engine answers: one stable empty list, so views do not see a "new" list each render. */
const NO_ACCOUNTS: AccountSummary[] = [];

export function App({ initialView = 'outbox' }: { initialView?: View }): ReactNode {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [view, setViewState] = useState<View>(initialView);
  const setView = useCallback((next: View) => {
    setViewState(next);
    if (next !== 'accounts') setRelinkId(null);
  }, []);
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [counts, setCounts] = useState<StatusCounts | null>(null);
  const [attention, setAttention] = useState<number | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [version, setVersion] = useState(0);
  const [batch, setBatch] = useState<BatchState>(null);
  const [spoken, setSpoken] = useState<BatchState>(null);
  const [tab, setTab] = useState<OutboxTab>('scheduled');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [seed, setSeed] = useState<{ key: number; state: ComposeState | null }>({ key: 0, state: null });
  const [offline, setOffline] = useState<string | null>(null);
  const [relinkId, setRelinkId] = useState<number | null>(null);
  const [undo, setUndo] = useState<{ id: number; until: string; state: ComposeState } | null>(null);
  const outbox = useRef<OutboxHandle>(null);

  const loadAccounts = useCallback(async () => {
    const result = await api['accounts:list']({});
    if (result.ok) setAccounts(result.value);
    setOffline(result.ok ? null : result.error.message);
  }, [api]);
  const loadCounts = useCallback(async () => {
    const result = await api['queue:counts']({});
    if (result.ok) {
      setCounts(result.value.counts);
      setAttention(result.value.attention);
    }
  }, [api]);

  useEffect(() => {
    void loadAccounts();
    void loadCounts();
    void api['settings:get']({}).then((result) => result.ok && setSettings(result.value));
    const off = [
      api.on('queue:changed', () => setVersion((v) => v + 1)),
      api.on('queue:counts', (payload) => {
        setCounts(payload.counts);
        setAttention(payload.attention);
      }),
      api.on('accounts:changed', () => void loadAccounts()),
      api.on('batch:progress', (payload) => {
        // A run that moved nothing and showed nothing leaves no trace, drawn or said (batch-trace.ts).
        setBatch((previous) => drawnAfter(previous, payload));
        setSpoken((previous) => spokenAfter(previous, payload));
        if (payload.phase === 'finished') void loadAccounts(); // quotas moved
      }),
      api.on('navigate', (target) => {
        if (target.view === 'failed' || target.view === 'email' || target.view === 'outbox') {
          setView('outbox');
          if (target.view === 'failed') setTab('failed');
          if (target.emailId !== undefined) setSelectedId(target.emailId);
        } else if (target.view === 'account') setView('accounts');
        else setView(target.view);
      }),
    ];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [api, loadAccounts, loadCounts]);

  // The theme is a setting: `system` leaves it to the OS (prefers-color-scheme).
  useEffect(() => {
    const theme = settings?.theme ?? 'system';
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [settings?.theme]);

  // The language is a setting: follow it, and tell assistive tech which language the page is in.
  useEffect(() => {
    if (settings && i18n.language !== settings.language) void i18n.changeLanguage(settings.language);
  }, [settings, i18n]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  }, [i18n.language, t]);

  const compose = useCallback((state: ComposeState | null = null) => {
    setSeed((old) => ({ key: old.key + 1, state }));
    setView('compose');
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const mod = event.ctrlKey || event.metaKey;
      const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/u.test(event.target.tagName));
      if (mod && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        compose();
      } else if ((mod && event.key.toLowerCase() === 'f') || (event.key === '/' && !typing && !mod)) {
        event.preventDefault();
        setView('outbox');
        setTimeout(() => outbox.current?.focusSearch(), 0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [compose]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Sidebar
        view={view}
        onView={setView}
        onCompose={() => compose()}
        counts={counts}
        attention={attention}
        accounts={accounts ?? NO_ACCOUNTS}
        batch={batch}
        spoken={spoken}
        paused={settings?.paused ?? false}
      />
      <main id="main" className="main" tabIndex={-1}>
        {offline ? (
          <p className="notice error" role="alert">
            {t('app.offline', { detail: offline })}
          </p>
        ) : null}
        {settings?.paused && view !== 'settings' ? (
          <p className="notice warning" role="status">
            {t('app.pausedBanner')}
            <button type="button" className="button small" onClick={() => void api['settings:update']({ paused: false }).then((r) => r.ok && setSettings(r.value))}>
              {t('settings.resume')}
            </button>
          </p>
        ) : null}
        {accounts !== null && accounts.length === 0 && view !== 'accounts' ? (
          <section className="callout info welcome" aria-labelledby="welcome-title">
            <h2 id="welcome-title">{t('welcome.title')}</h2>
            <p>{t('welcome.body')}</p>
            <button type="button" className="button primary" onClick={() => setView('accounts')}>
              {t('welcome.action')}
            </button>
          </section>
        ) : null}
        {view === 'outbox' ? (
          <OutboxView
            ref={outbox}
            counts={counts}
            attention={attention}
            version={version}
            tab={tab}
            onTab={(next) => {
              setTab(next);
              setSelectedId(null);
            }}
            selectedId={selectedId}
            onSelectId={setSelectedId}
            onEdit={(email) => compose(fromEmail(email, { last: lastChoice(localTimeZone()) }))}
            onResendRefused={(email) => compose(refusedResend(email))}
            onRelink={(accountId) => {
              setRelinkId(accountId);
              setView('accounts');
            }}
          />
        ) : null}
        {view === 'compose' ? (
          <ComposeView
            key={`compose-${seed.key}`}
            accounts={accounts ?? NO_ACCOUNTS}
            seed={seed.state}
            onQueued={(id, undoable) => {
              setUndo(undoable ? { id, ...undoable } : null);
              setTab('all');
              setSelectedId(id);
              setView('outbox');
              void loadCounts();
            }}
            onClosed={(emailId) => {
              setView('outbox');
              if (emailId !== null) setSelectedId(emailId);
            }}
          />
        ) : null}
        {view === 'merge' ? (
          <MergeView
            accounts={accounts ?? NO_ACCOUNTS}
            onQueued={() => {
              setTab('all');
              setView('outbox');
              void loadCounts();
            }}
          />
        ) : null}
        {view === 'accounts' ? <AccountsView accounts={accounts ?? NO_ACCOUNTS} onChanged={() => void loadAccounts()} relinkAccountId={relinkId} /> : null}
        {view === 'settings' && settings ? <SettingsView settings={settings} onSaved={setSettings} /> : null}
        {undo ? (
          <UndoToast
            // Siblings of the compose view: keys must not collide with its counter (an undo
            // toast for email 4 next to compose #4 made React render two compose forms).
            key={`undo-${undo.id}`}
            until={undo.until}
            onDone={() => setUndo(null)}
            onUndo={async () => {
              const result = await api['queue:undoSend']({ id: undo.id });
              if (!result.ok) return t('undo.tooLate', { detail: result.error.message });
              setUndo(null);
              compose(undo.state);
              return null;
            }}
          />
        ) : null}
      </main>
    </div>
  );
}
