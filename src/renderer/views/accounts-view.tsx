// Accounts: linked accounts with state and quota, adding one of each provider its descriptor
// offers (OAuth in the system browser, a password provider's form drawn from its descriptor),
// relinking, disabling, removing (after confirmation) and per-account limits.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import type { RequestInput } from '../../shared/ipc-contract';
import { descriptorOf, providerDescriptors } from '../../shared/providers/index';
import type { Result } from '../../shared/result';
import { useApi } from '../api/api-context';
import { accountProblemText, resultErrorText } from '../api/problems';
import { AccountCard } from '../components/account-card';
import { RemoveAccountDialog } from '../components/remove-account-dialog';
import { ProviderForm } from '../components/provider-form';
import { ProviderIcon } from '../components/provider-icon';
import { ProviderRelink } from '../components/provider-relink';
import { LinkPanel, type LinkTarget } from '../components/link-panel';
import type { ProviderSetup } from '../components/setup-note';

interface Props {
  accounts: AccountSummary[];
  onChanged(): void;
  /** Open the relink panel for this account at once (from held mail). */
  relinkAccountId?: number | null;
}

/** A password provider's form is open (drawn from its descriptor). */
type Adding = { kind: 'form'; provider: string } | LinkTarget;

type Notice = { kind: 'ok' | 'error'; text: string } | null;

export function AccountsView({ accounts, onChanged, relinkAccountId = null }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [adding, setAdding] = useState<Adding | null>(null);
  // The button that opened the form or panel: focus goes back to it when the form closes (added,
  // relinked or cancelled), rather than to the top of the page with the form's own buttons gone.
  const opener = useRef<HTMLElement | null>(null);
  const open = (next: Adding): void => {
    opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setAdding(next);
  };
  useEffect(() => {
    if (adding !== null || !opener.current) return;
    if (opener.current.isConnected) opener.current.focus();
    opener.current = null;
  }, [adding]);
  const [busy, setBusy] = useState(false);
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [removing, setRemoving] = useState<AccountSummary | null>(null);
  const [setups, setSetups] = useState<ProviderSetup[]>([]);

  useEffect(() => {
    let live = true;
    void api['accounts:providers']({}).then((result) => live && result.ok && setSetups(result.value));
    return () => {
      live = false;
    };
  }, [api]);
  const setupOf = (provider: string): ProviderSetup | undefined => setups.find((setup) => setup.provider === provider);

  useEffect(() => {
    const target = accounts.find((a) => a.id === relinkAccountId);
    if (target) setAdding({ kind: 'relink', account: target });
    // Only when asked for a new account, not each time the list refreshes.
  }, [relinkAccountId]);

  /** Any provider's new account through the one `accounts:add` channel; a refusal stays in the form. */
  const add = (input: RequestInput<'accounts:add'>): void => {
    setBusy(true);
    setFormProblem(null);
    void api['accounts:add'](input).then((result) => {
      setBusy(false);
      onChanged();
      if (!result.ok) return setFormProblem(accountProblemText(t, result.error));
      setAdding(null);
      setNotice({ kind: 'ok', text: t('accounts.added', { email: input.email }) });
    });
  };

  const act = async <T,>(call: Promise<Result<T>>, success: string | ((value: T) => string)): Promise<boolean> => {
    setBusy(true);
    const result = await call;
    setBusy(false);
    onChanged();
    if (!result.ok) {
      setNotice({ kind: 'error', text: resultErrorText(t, result.error) });
      return false;
    }
    setNotice({ kind: 'ok', text: typeof success === 'string' ? success : success(result.value) });
    return true;
  };

  return (
    <section className="view accounts" aria-labelledby="accounts-title">
      <header className="view-header">
        <h1 id="accounts-title">{t('accounts.title')}</h1>
        <div className="header-actions">
          {providerDescriptors().map((descriptor) => (
            <button
              key={descriptor.kind}
              type="button"
              className="button secondary"
              onClick={() => open(descriptor.credential === 'oauth' ? { kind: 'link', provider: descriptor.kind } : { kind: 'form', provider: descriptor.kind })}
            >
              <ProviderIcon provider={descriptor.kind} size={18} /> {t(descriptor.addLabel.key, { defaultValue: descriptor.addLabel.en })}
            </button>
          ))}
        </div>
      </header>

      {notice ? (
        <p className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      ) : null}

      {adding && adding.kind === 'form' ? (
        <ProviderForm
          descriptor={descriptorOf(adding.provider)}
          busy={busy}
          serverProblem={formProblem}
          onCancel={() => setAdding(null)}
          onSubmit={({ password, ...input }) => add({ ...input, kind: adding.provider, credential: { type: 'password', password }, verify: true })}
        />
      ) : adding && adding.kind === 'relink' && descriptorOf(adding.account.provider).credential === 'password' ? (
        <ProviderRelink
          account={adding.account}
          onCancel={() => setAdding(null)}
          onDone={(message) => {
            setAdding(null);
            onChanged();
            setNotice({ kind: 'ok', text: message });
          }}
        />
      ) : adding ? (
        <LinkPanel
          target={adding}
          setup={setupOf(adding.kind === 'link' ? adding.provider : adding.account.provider)}
          onDone={(message, failed) => {
            setAdding(null);
            onChanged();
            setNotice({ kind: failed ? 'error' : 'ok', text: message });
          }}
          onCancel={() => setAdding(null)}
        />
      ) : null}

      {accounts.length === 0 ? (
        <div className="empty-state">
          <h2>{t('accounts.emptyTitle')}</h2>
          <p>{t('accounts.emptyBody')}</p>
        </div>
      ) : (
        <ul className="account-list" aria-label={t('accounts.listLabel')}>
          {accounts.map((account) => (
            <AccountCard
              key={account.id}
              account={account}
              setup={setupOf(account.provider)}
              onRelink={() => open({ kind: 'relink', account })}
              onToggleActive={() =>
                void act(
                  api['accounts:setActive']({ id: account.id, active: !account.active }),
                  account.active ? t('accounts.disabled', { email: account.email }) : t('accounts.enabled', { email: account.email }),
                )
              }
              onRemove={() => setRemoving(account)}
              onSaveLimits={(limits) => void act(api['accounts:setLimits']({ id: account.id, limits }), t('accounts.limits.saved'))}
              onSaveWindow={(window) =>
                void act(api['accounts:setWindow']({ id: account.id, window }), window ? t('accounts.window.saved') : t('accounts.window.cleared'))
              }
            />
          ))}
        </ul>
      )}

      {removing ? (
        <RemoveAccountDialog
          account={removing}
          accounts={accounts}
          onCancel={() => setRemoving(null)}
          onConfirm={({ moveTo }) => {
            const target = removing;
            const destination = accounts.find((other) => other.id === moveTo);
            setRemoving(null);
            void act(api['accounts:remove']({ id: target.id, force: true, ...(moveTo !== null ? { moveTo } : {}) }), (value) =>
              destination && value.moved > 0
                ? t('accounts.removedMoved', { email: target.email, count: value.moved, to: destination.email })
                : t('accounts.removed', { email: target.email, count: value.cancelled }),
            );
          }}
        />
      ) : null}
    </section>
  );
}
