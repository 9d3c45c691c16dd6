// One linked account: who, which provider, its state, today's quota use, and what can be done.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountLimitOverrides, AccountSummary } from '../../shared/domain';
import { useFormat } from '../api/format';
import type { SendingWindow } from '../../shared/sending-window';
import { LimitsEditor } from './limits-editor';
import { WindowEditor, WindowSummary } from './window-editor';
import { ProviderIcon } from './provider-icon';
import { SetupNote, type ProviderSetup } from './setup-note';

interface Props {
  account: AccountSummary;
  /** For Gmail and Outlook: whether this installation can sign in to them at all. */
  setup?: ProviderSetup | undefined;
  onRelink(): void;
  onToggleActive(): void;
  onRemove(): void;
  onSaveLimits(overrides: AccountLimitOverrides): void;
  onSaveWindow(window: SendingWindow | null): void;
}

export function accountStateKey(account: AccountSummary, setup?: ProviderSetup): 'ok' | 'needs-reauth' | 'disabled' | 'needs-setup' {
  if (!account.active) return 'disabled';
  if (setup && !setup.ready) return 'needs-setup';
  return account.state;
}

export function AccountCard({ account, setup, onRelink, onToggleActive, onRemove, onSaveLimits, onSaveWindow }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [editingWindow, setEditingWindow] = useState(false);
  const state = accountStateKey(account, setup);
  const perDay = account.limits.perDay;
  const share = Math.min(1, account.quotaUsed / perDay);
  const headingId = `account-${account.id}`;

  return (
    <li className={`card account-card account-${state}`} aria-labelledby={headingId}>
      <div className="account-main">
        <ProviderIcon provider={account.provider} />
        <div className="account-who">
          <h2 id={headingId}>{account.displayName ?? account.email}</h2>
          <span className="muted">
            {account.displayName ? `${account.email} · ` : ''}
            {t(`providers.${account.provider}`)}
          </span>
        </div>
        <span className={`state-badge state-${state}`} data-testid={`account-state-${account.id}`}>
          {t(`accounts.state.${state}`)}
        </span>
      </div>
      {state === 'needs-reauth' && account.stateReason ? (
        <p className="account-reason" role="note">
          {t('accounts.reauthReason', { reason: account.stateReason })}
        </p>
      ) : null}
      {state === 'needs-setup' && setup ? <SetupNote setup={setup} /> : null}
      <div className="quota">
        <div className="quota-label">
          <span>{t('accounts.quotaToday')}</span>
          <span>{t('accounts.quotaOf', { used: format.number(account.quotaUsed), limit: format.number(perDay) })}</span>
        </div>
        <div
          className={`quota-bar${share > 0.9 ? ' high' : ''}`}
          role="meter"
          aria-label={t('accounts.quotaToday')}
          aria-valuemin={0}
          aria-valuemax={perDay}
          aria-valuenow={account.quotaUsed}
        >
          <span style={{ width: account.quotaUsed > 0 ? `max(4px, ${(share * 100).toFixed(1)}%)` : 0 }} />
        </div>
      </div>
      <WindowSummary window={account.sendingWindow} />
      <div className="card-actions">
        <button type="button" className={`button ${state === 'needs-reauth' ? 'primary' : 'secondary'}`} onClick={onRelink}>
          {t('accounts.relink')}
        </button>
        <button type="button" className="button secondary" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
          {t('accounts.limits.edit')}
        </button>
        <button type="button" className="button secondary" aria-expanded={editingWindow} onClick={() => setEditingWindow((v) => !v)}>
          {t('accounts.window.edit')}
        </button>
        <button type="button" className="button secondary" onClick={onToggleActive}>
          {account.active ? t('accounts.disable') : t('accounts.enable')}
        </button>
        <button type="button" className="button danger-ghost" onClick={onRemove} aria-label={t('accounts.removeLabel', { email: account.email })}>
          {t('accounts.remove')}
        </button>
      </div>
      {editing ? (
        <LimitsEditor
          account={account}
          onCancel={() => setEditing(false)}
          onSave={(overrides) => {
            onSaveLimits(overrides);
            setEditing(false);
          }}
        />
      ) : null}
      {editingWindow ? (
        <WindowEditor
          account={account}
          onCancel={() => setEditingWindow(false)}
          onSave={(window) => {
            onSaveWindow(window);
            setEditingWindow(false);
          }}
        />
      ) : null}
    </li>
  );
}
