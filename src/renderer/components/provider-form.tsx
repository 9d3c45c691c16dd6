// Adding an account of a password provider from its descriptor alone: the address, a display
// name, each field the descriptor lists (text, whole number or yes/no), and the password when the
// settings need one. The engine checks the settings with the same schema and logs in before it
// stores anything. SMTP has its own richer form (smtp-form.tsx); any other provider gets this one.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addressProblem } from '../../shared/address';
import { describeZodError } from '../../shared/message-schema';
import type { RequestInput } from '../../shared/ipc-contract';
import type { ProviderDescriptor, ProviderField } from '../../shared/providers/index';
import { translateAddressProblem } from '../api/problems';
import { FormProblem } from './form-problem';

interface Props {
  descriptor: ProviderDescriptor;
  busy: boolean;
  serverProblem?: string | null;
  onSubmit(input: RequestInput<'accounts:add'>): void;
  onCancel(): void;
}

type Values = Record<string, string | boolean>;

/** The form's strings as the settings schema expects them: numbers for integers, nothing for blanks. */
function settingsOf(fields: readonly ProviderField[], values: Values): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || value === '') continue;
    settings[field.key] = field.type === 'integer' ? Number(value) : typeof value === 'string' ? value.trim() : value;
  }
  return settings;
}

export function ProviderForm({ descriptor, busy, serverProblem = null, onSubmit, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const text = (value: { key: string; en: string }): string => t(value.key, { defaultValue: value.en });
  const fields = descriptor.fields.filter((field) => !field.cliOnly && !field.linkOption);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [values, setValues] = useState<Values>({});
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const title = t('accounts.link.title', { provider: text(descriptor.label) });

  const submit = (): void => {
    const emailProblem = addressProblem(email.trim());
    if (emailProblem) return setProblem(`${t('accounts.smtp.email')}: ${translateAddressProblem(t, emailProblem)}`);
    const given = settingsOf(fields, values);
    const settings = descriptor.settingsSchema.safeParse(descriptor.completeSettings ? descriptor.completeSettings(given) : given);
    if (!settings.success) return setProblem(describeZodError(settings.error).message);
    const needsPassword = descriptor.needsSecret?.(settings.data) ?? true;
    if (needsPassword && !password) return setProblem(t('accounts.smtp.passwordNeeded'));
    setProblem(null);
    onSubmit({ kind: descriptor.kind, email: email.trim(), displayName: displayName.trim() || null, settings: given, credential: { type: 'password', password: needsPassword ? password : null }, verify: true });
  };

  return (
    <form
      className="card smtp-form"
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2>{title}</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('accounts.smtp.email')}</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('accounts.smtp.displayName')}</label>
          <input id={`${id}-name`} type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        {fields.map((field) => (
          <div className="field" key={field.key}>
            <label htmlFor={`${id}-${field.key}`}>{text(field.label)}</label>
            {field.type === 'boolean' ? (
              <input id={`${id}-${field.key}`} type="checkbox" checked={values[field.key] === true} onChange={(e) => setValues({ ...values, [field.key]: e.target.checked })} />
            ) : (
              <input
                id={`${id}-${field.key}`}
                type={field.type === 'integer' ? 'number' : 'text'}
                value={String(values[field.key] ?? '')}
                placeholder={field.placeholder}
                onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
              />
            )}
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-pass`}>{t('accounts.smtp.password')}</label>
          <input id={`${id}-pass`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      </div>
      <p className="hint">{t('accounts.smtp.keychainHint')}</p>
      <FormProblem problem={problem ?? serverProblem} />
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {t('accounts.smtp.add')}
        </button>
      </div>
    </form>
  );
}
