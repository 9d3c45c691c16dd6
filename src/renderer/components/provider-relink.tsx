// Relinking a password provider's account: its add form, filled with the account's current
// settings, so the user can give a new password and change the settings too (SMTP's host, port,
// security or username). The engine logs in with them before it stores anything.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import { descriptorOf } from '../../shared/providers/index';
import { useApi } from '../api/api-context';
import { accountProblemText } from '../api/problems';
import { ProviderForm } from './provider-form';

interface Props {
  account: AccountSummary;
  onDone(message: string): void;
  onCancel(): void;
}

export function ProviderRelink({ account, onDone, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [settings, setSettings] = useState<Record<string, unknown> | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api['accounts:settings']({ id: account.id }).then((result) => live && setSettings(result.ok ? result.value : null));
    return () => {
      live = false;
    };
  }, [api, account.id]);

  if (settings === undefined) return <div className="card" aria-busy="true" />;
  return (
    <ProviderForm
      descriptor={descriptorOf(account.provider)}
      busy={busy}
      relink={{ email: account.email, displayName: account.displayName, settings }}
      serverProblem={problem}
      onCancel={onCancel}
      onSubmit={(input) => {
        setBusy(true);
        setProblem(null);
        void api['accounts:relink']({ id: account.id, password: input.password, settings: input.settings }).then((result) => {
          setBusy(false);
          if (result.ok) onDone(t('accounts.relinked', { email: account.email }));
          else setProblem(accountProblemText(t, result.error));
        });
      }}
    />
  );
}
