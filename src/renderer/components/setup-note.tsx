// What to do before Gmail or Outlook can sign in here: Facteur signs in with an OAuth client the
// user registers once (docs/gmail.md, docs/outlook.md); until its id is configured, linking
// cannot work, so the UI says so — in the user's language — instead of failing later.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';

export interface ProviderSetup {
  provider: 'gmail' | 'outlook';
  ready: boolean;
  missing: string[];
}

const CONSOLE: Record<ProviderSetup['provider'], { url: string; doc: string }> = {
  gmail: { url: 'https://console.cloud.google.com/apis/credentials', doc: 'docs/gmail.md' },
  outlook: { url: 'https://entra.microsoft.com/', doc: 'docs/outlook.md' },
};

export function SetupNote({ setup }: { setup: ProviderSetup }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const where = CONSOLE[setup.provider];
  const provider = t(`providers.${setup.provider}`);
  return (
    <div className="callout warning setup-note" role="note" data-testid={`setup-${setup.provider}`}>
      <strong>{t('accounts.setup.title', { provider })}</strong>
      <p>{t('accounts.setup.body', { provider })}</p>
      <ol>
        <li>{t(`accounts.setup.register.${setup.provider}`)}</li>
        <li>
          {t('accounts.setup.configure')} <code>{setup.missing.join(', ')}</code>
        </li>
        <li>{t('accounts.setup.restart')}</li>
      </ol>
      <p>
        {t('accounts.setup.guide')} <code>{where.doc}</code>
      </p>
      <button type="button" className="button secondary small" onClick={() => void api['app:openExternal']({ url: where.url })}>
        {t(`accounts.setup.console.${setup.provider}`)}
      </button>
    </div>
  );
}
