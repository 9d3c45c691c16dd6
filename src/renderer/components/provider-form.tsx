// Adding (or relinking) an account of a password provider, from its descriptor alone: the
// address, a display name, each field the descriptor lists, and the password when the settings
// need one. What only some providers have is a slot the descriptor declares: a lookup of the
// settings from the address when it is left or on "Find settings" (`settingsFromAddress`, SMTP's
// autoconfig), a rule between fields (`fieldChanged`: SMTP's port follows its TLS mode), named
// choices for a yes/no. Checked with the descriptor's schema before it is sent; the password goes
// straight to the engine (and from there to the OS keychain), which logs in before it stores
// anything.
import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addressProblem } from '../../shared/address';
import { describeZodError } from '../../shared/message-schema';
import type { ProviderDescriptor, ProviderField } from '../../shared/providers/index';
import type { FoundSettings } from '../../shared/settings-lookup';
import { translateAddressProblem } from '../api/problems';
import { useSettingsLookup } from '../api/use-settings-lookup';
import { FormFooter } from './form-footer';
import { ProviderFieldInput, type FieldValue } from './provider-field-input';
import { SettingsLookupNote } from './settings-lookup-note';

/** What the form gives: for a new account its whole settings, for a relink the shown fields' values. */
export interface ProviderFormInput {
  email: string;
  displayName: string | null;
  settings: Record<string, unknown>;
  password: string | null;
}

interface Props {
  descriptor: ProviderDescriptor;
  busy: boolean;
  /** Relinking: the account's address and name (fixed) and its current settings. */
  relink?: { email: string; displayName: string | null; settings: Record<string, unknown> | null } | undefined;
  /** What the engine answered last time (a refused login, an unreachable server). */
  serverProblem?: string | null;
  onSubmit(input: ProviderFormInput): void;
  onCancel(): void;
}

type Values = Record<string, FieldValue>;

/** Settings (stored or proposed) as the form's inputs hold them: strings, and booleans for yes/no. */
function valuesOf(fields: readonly ProviderField[], settings: Record<string, unknown>): Values {
  const values: Values = {};
  for (const field of fields) {
    const value = settings[field.key];
    if (value === undefined) continue;
    values[field.key] = field.type === 'boolean' ? value === true : value === null ? '' : String(value);
  }
  return values;
}

/** The inputs as the settings schema expects them: numbers for integers; a blank is left out, or (relinking) cleared. */
function settingsOf(fields: readonly ProviderField[], values: Values, blank: 'omit' | 'clear'): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    if (typeof value === 'string' && value.trim() === '') {
      if (blank === 'clear') settings[field.key] = null;
      continue;
    }
    settings[field.key] = field.type === 'integer' ? Number(value) : typeof value === 'string' ? value.trim() : value;
  }
  return settings;
}

export function ProviderForm({ descriptor, busy, relink, serverProblem = null, onSubmit, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const text = (value: { key: string; en: string }): string => t(value.key, { defaultValue: value.en });
  const fields = descriptor.fields.filter((field) => !field.cliOnly && !field.linkOption);
  const [email, setEmail] = useState(relink?.email ?? '');
  const [displayName, setDisplayName] = useState(relink?.displayName ?? '');
  // A new account starts from what the descriptor fills in by itself (SMTP: port 587, STARTTLS).
  const [values, setValues] = useState<Values>(() => valuesOf(fields, relink?.settings ?? descriptor.completeSettings?.({}) ?? {}));
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // Typed by the user since the last lookup: a late answer must not overwrite it.
  const typed = useRef(false);
  const fill = useCallback(
    (found: FoundSettings): void => {
      setValues((current) => ({ ...current, ...valuesOf(descriptor.fields, found.settings) }));
      typed.current = false;
    },
    [descriptor],
  );
  const lookup = useSettingsLookup(descriptor.kind, fill);
  const looksUp = relink === undefined && descriptor.settingsFromAddress !== undefined;
  const title = relink ? t('accounts.smtp.relinkTitle', { email: relink.email }) : descriptor.formTitle ? text(descriptor.formTitle) : t('accounts.link.title', { provider: text(descriptor.label) });
  const passwordWanted = descriptor.needsSecret?.(settingsOf(fields, values, 'omit')) ?? true;

  const change = (field: ProviderField, value: FieldValue): void => {
    if (typeof value === 'string') typed.current = true;
    const next = { ...values, [field.key]: value };
    const follows = descriptor.fieldChanged?.(field.key, settingsOf(fields, next, 'omit')) ?? {};
    setValues({ ...next, ...valuesOf(fields, follows) });
  };

  const submit = (): void => {
    const emailProblem = addressProblem(email.trim());
    if (emailProblem) return setProblem(`${t('accounts.smtp.email')}: ${translateAddressProblem(t, emailProblem)}`);
    const given = settingsOf(fields, values, relink ? 'clear' : 'omit');
    const whole = relink ? { ...relink.settings, ...given } : given;
    const settings = descriptor.settingsSchema.safeParse(descriptor.completeSettings ? descriptor.completeSettings(whole) : whole);
    if (!settings.success) return setProblem(describeZodError(settings.error).message);
    const needsPassword = descriptor.needsSecret?.(settings.data) ?? true;
    if (needsPassword && !password) return setProblem(t('accounts.smtp.passwordNeeded'));
    setProblem(null);
    // Relinking changes only what the form shows: a setting kept off it (SMTP's timeout) stays as stored.
    const shown = relink ? Object.fromEntries(fields.map((field) => [field.key, settings.data[field.key]])) : settings.data;
    onSubmit({ email: email.trim(), displayName: displayName.trim() || null, settings: shown, password: needsPassword ? password : null });
  };

  const labelled = (key: string, label: string, input: ReactNode, newRow = false): ReactNode => (
    <div className="field" key={key} style={newRow ? { gridColumnStart: 1 } : undefined}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
    </div>
  );

  return (
    <form
      className="card provider-form"
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2>{title}</h2>
      <div className="grid-2">
        {labelled(
          'email',
          t('accounts.smtp.email'),
          <input
            id={`${id}-email`}
            type="email"
            required
            readOnly={relink !== undefined}
            // Opened by "Add …": typing starts here, as in the OAuth panel.
            autoFocus={relink === undefined}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            // Leaving the address fills the settings, unless the user has already typed some.
            onBlur={() => looksUp && !typed.current && lookup.lookUp(email, { mayFill: () => !typed.current })}
          />,
        )}
        {labelled('name', t('accounts.smtp.displayName'), <input id={`${id}-name`} type="text" readOnly={relink !== undefined} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />)}
        {fields.map((field) =>
          labelled(field.key, text(field.label), <ProviderFieldInput id={`${id}-${field.key}`} field={field} value={values[field.key]} text={text} onChange={(value) => change(field, value)} />, field.newRow),
        )}
        {labelled('pass', t('accounts.smtp.password'), <input id={`${id}-pass`} type="password" autoComplete="current-password" value={password} disabled={!passwordWanted} onChange={(e) => setPassword(e.target.value)} />)}
      </div>
      {looksUp && (
        <div className="autoconfig-row">
          <button type="button" className="button secondary small" onClick={() => lookup.lookUp(email, { force: true })}>
            {t('accounts.smtp.autoconfig.find')}
          </button>
          <SettingsLookupNote state={lookup.state} t={t} />
        </div>
      )}
      <p className="hint">{t('accounts.smtp.keychainHint')}</p>
      <FormFooter problem={problem ?? serverProblem} onCancel={onCancel} busy={busy} submitLabel={relink ? t('accounts.smtp.save') : t('accounts.smtp.add')} />
    </form>
  );
}
