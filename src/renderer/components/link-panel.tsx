// Linking (or relinking) an OAuth account: the system browser opens and this panel waits, with a
// cancel. What it says comes from the provider's descriptor. (A password provider's account is
// added and relinked through its form, provider-form.tsx.)
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addressProblem } from '../../shared/address';
import type { AccountSummary } from '../../shared/domain';
import { descriptorOf } from '../../shared/providers/index';
import { useApi } from '../api/api-context';
import { resultErrorText, translateAddressProblem } from '../api/problems';
import { ProviderIcon } from './provider-icon';
import { FormProblem } from './form-problem';
import { SetupNote, type ProviderSetup } from './setup-note';

export type LinkTarget = { kind: 'link'; provider: string } | { kind: 'relink'; account: AccountSummary };

interface Props {
  target: LinkTarget;
  /** Gmail / Outlook: whether this installation has the OAuth client they need. */
  setup?: ProviderSetup | undefined;
  onDone(message: string, failed: boolean): void;
  onCancel(): void;
}

export function LinkPanel({ target, setup, onDone, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const provider = target.kind === 'link' ? target.provider : target.account.provider;
  const [email, setEmail] = useState(target.kind === 'relink' ? target.account.email : '');
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const descriptor = descriptorOf(provider);
  const name = t(descriptor.label.key, { defaultValue: descriptor.label.en });

  const start = async (): Promise<void> => {
    setProblem(null);
    if (target.kind === 'link') {
      const bad = addressProblem(email.trim());
      if (bad) return setProblem(translateAddressProblem(t, bad));
    }
    setWaiting(true);
    const result =
      target.kind === 'link'
        ? await api['accounts:add']({ kind: target.provider, email: email.trim(), settings: {}, credential: { type: 'oauth' } })
        : await api['accounts:relink']({ id: target.account.id });
    setWaiting(false);
    if (!result.ok) {
      setProblem(resultErrorText(t, result.error));
      return;
    }
    onDone(target.kind === 'link' ? t('accounts.linked', { email: email.trim() }) : t('accounts.relinked', { email: email.trim() }), false);
  };

  const cancel = (): void => {
    if (waiting) void api['accounts:cancelLink']({});
    onCancel();
  };

  if (setup && !setup.ready) {
    return (
      <section className="card link-panel" aria-label={t('accounts.link.title', { provider: name })}>
        <h2>
          <ProviderIcon provider={provider} size={22} /> {t('accounts.link.title', { provider: name })}
        </h2>
        <SetupNote setup={setup} />
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('common.close')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      className="card link-panel"
      aria-label={t(target.kind === 'link' ? 'accounts.link.title' : 'accounts.link.relinkTitle', { provider: name })}
      aria-busy={waiting}
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <h2>
        <ProviderIcon provider={provider} size={22} />{' '}
        {t(target.kind === 'link' ? 'accounts.link.title' : 'accounts.link.relinkTitle', { provider: name })}
      </h2>
      {waiting ? (
        <div className="waiting" role="status">
          <span className="spinner" aria-hidden="true" />
          <div>
            <strong>{t('accounts.link.waiting', { provider: name })}</strong>
            <p className="muted">{t('accounts.link.waitingHint')}</p>
          </div>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('accounts.link.email')}</label>
            <input id={`${id}-email`} type="email" value={email} readOnly={target.kind === 'relink'} onChange={(event) => setEmail(event.target.value)} autoFocus />
          </div>
          {(descriptor.linkHints ?? []).map((hint) => (
            <p key={hint.key} className="hint">
              {t(hint.key, { provider: name, defaultValue: hint.en })}
            </p>
          ))}
        </>
      )}
      <FormProblem problem={problem} />
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={cancel}>
          {t('common.cancel')}
        </button>
        {waiting ? null : (
          <button type="submit" className="button primary">
            {t('accounts.link.continue')}
          </button>
        )}
      </div>
    </form>
  );
}
