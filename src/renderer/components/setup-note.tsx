// What to do before Gmail or Outlook can sign in here: Facteur signs in with an OAuth client the
// user registers once (docs/gmail.md, docs/outlook.md); until its id is configured, linking
// cannot work, so the UI says so — in the user's language — instead of failing later.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { findDescriptor } from '../../shared/providers/index';
import { useApi } from '../api/api-context';

export interface ProviderSetup {
  provider: string;
  ready: boolean;
  missing: string[];
}

export function SetupNote({ setup }: { setup: ProviderSetup }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const descriptor = findDescriptor(setup.provider);
  const needs = descriptor?.setup;
  if (!descriptor || !needs) return null;
  const provider = t(descriptor.label.key, { defaultValue: descriptor.label.en });
  return (
    <div className="callout warning setup-note" role="note" data-testid={`setup-${setup.provider}`}>
      <strong>{t('accounts.setup.title', { provider })}</strong>
      <p>{t('accounts.setup.body', { provider })}</p>
      <ol>
        <li>{t(needs.register.key, { defaultValue: needs.register.en })}</li>
        <li>
          {t('accounts.setup.configure')} <code>{setup.missing.join(', ')}</code>
        </li>
        <li>{t('accounts.setup.restart')}</li>
      </ol>
      <p>
        {t('accounts.setup.guide')} <code>{descriptor.docs}</code>
      </p>
      <button type="button" className="button secondary small" onClick={() => void api['app:openExternal']({ url: needs.console })}>
        {t(needs.consoleButton.key, { defaultValue: needs.consoleButton.en })}
      </button>
    </div>
  );
}
