// Relinking an SMTP account: the add form, filled with the account's current server settings, so
// the user can change the password and also the host, port, security or username. The engine
// logs in with them before it stores anything.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import type { SmtpSettings } from '../../shared/smtp-settings';
import { useApi } from '../api/api-context';
import { SmtpForm, smtpProblemText } from './smtp-form';

interface Props {
  account: AccountSummary;
  onDone(message: string): void;
  onCancel(): void;
}

export function SmtpRelink({ account, onDone, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [settings, setSettings] = useState<SmtpSettings | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api['accounts:smtpSettings']({ id: account.id }).then((result) => live && setSettings(result.ok ? result.value : null));
    return () => {
      live = false;
    };
  }, [api, account.id]);

  if (settings === undefined) return <div className="card" aria-busy="true" />;
  return (
    <SmtpForm
      busy={busy}
      relink={{ email: account.email, displayName: account.displayName, settings }}
      serverProblem={problem}
      onCancel={onCancel}
      onSubmit={(input) => {
        setBusy(true);
        setProblem(null);
        const { host, port, secure, username } = input.settings;
        void api['accounts:relink']({ id: account.id, password: input.password ?? null, host, port, secure, username: username ?? null }).then((result) => {
          setBusy(false);
          if (result.ok) onDone(t('accounts.relinked', { email: account.email }));
          else setProblem(smtpProblemText(t, result.error));
        });
      }}
    />
  );
}
