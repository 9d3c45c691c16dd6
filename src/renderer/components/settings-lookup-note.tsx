// Under the add form's "Find settings": where the proposed settings came from, or that nothing
// was found — never an error, the form stays usable and the user types the settings instead.
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { LookupState } from '../api/use-settings-lookup';

export function SettingsLookupNote({ state, t }: { state: LookupState; t: TFunction }): ReactNode {
  if (state.kind === 'idle') return null;
  const text =
    state.kind === 'looking'
      ? t('accounts.smtp.autoconfig.looking', { domain: state.domain })
      : state.kind === 'none'
        ? t('accounts.smtp.autoconfig.none', { domain: state.domain })
        : [
            t(`accounts.smtp.autoconfig.found.${state.found.source}`, { domain: state.domain, from: state.found.from }),
            state.found.viaMx ? t('accounts.smtp.autoconfig.viaMx', { mx: state.found.viaMx }) : '',
            t('accounts.smtp.autoconfig.check'),
          ]
            .filter(Boolean)
            .join(' ');
  return (
    <div className="field-note" role="status" data-testid="smtp-autoconfig-note">
      <p>{text}</p>
      {state.kind === 'found' && state.found.note && <p>{state.found.note}</p>}
    </div>
  );
}
