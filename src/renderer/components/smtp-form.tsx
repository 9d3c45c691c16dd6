// "Add SMTP" and an SMTP relink: address, host, port, TLS mode, optional login. Checked with the
// shared schema before it is sent; the password goes straight to the engine (and from there to
// the OS keychain). The engine logs in before it stores anything: a refused login comes back
// with the server's own words, framed in the user's language.
import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addressProblem } from '../../shared/address';
import { describeZodError } from '../../shared/message-schema';
import { smtpSettingsSchema } from '../../shared/smtp-settings';
import type { SmtpAccountInput } from '../../shared/ipc-contract';
import type { SmtpSettings } from '../../shared/smtp-settings';
import type { TFunction } from 'i18next';
import { resultErrorText, translateAddressProblem } from '../api/problems';
import { FormProblem } from './form-problem';
import { useSmtpAutoconfig, type AutoconfigState } from '../api/use-smtp-autoconfig';
import type { SmtpSuggestion } from '../../shared/smtp-autoconfig';

interface Props {
  busy: boolean;
  /** Relinking: the account's address (fixed) and its current server settings. */
  relink?: { email: string; displayName: string | null; settings: SmtpSettings | null } | undefined;
  /** What the engine answered last time (a refused login, an unreachable server). */
  serverProblem?: string | null;
  onSubmit(input: SmtpAccountInput): void;
  onCancel(): void;
}

/** The engine's refusal of a login or a server, framed in the user's language (the server's words kept). */
export function smtpProblemText(t: TFunction, error: { code: string; message: string; field?: string }): string {
  if (error.code === 'invalid-input' && error.field === 'password') return t('accounts.smtp.loginRefused', { detail: error.message.replace(/^password: /u, '') });
  if (error.code === 'unavailable') return t('accounts.smtp.unreachable', { detail: error.message });
  return resultErrorText(t, error);
}

export function SmtpForm({ busy, relink, serverProblem = null, onSubmit, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState(relink?.email ?? '');
  const [displayName, setDisplayName] = useState(relink?.displayName ?? '');
  const [host, setHost] = useState(relink?.settings?.host ?? '');
  const [port, setPort] = useState(String(relink?.settings?.port ?? 587));
  const [secure, setSecure] = useState(relink?.settings?.secure ?? false);
  const [username, setUsername] = useState(relink?.settings?.username ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // Typed by the user since the last lookup: a late answer must not overwrite it.
  const serverTyped = useRef(false);
  const fill = useCallback((found: SmtpSuggestion): void => {
    setHost(found.host);
    setPort(String(found.port));
    setSecure(found.secure);
    setUsername(found.username ?? '');
    serverTyped.current = false;
  }, []);
  const autoconfig = useSmtpAutoconfig(fill);
  const title = relink ? t('accounts.smtp.relinkTitle', { email: relink.email }) : t('accounts.smtp.title');

  const submit = (): void => {
    const emailProblem = addressProblem(email.trim());
    if (emailProblem) return setProblem(`${t('accounts.smtp.email')}: ${translateAddressProblem(t, emailProblem)}`);
    const settings = smtpSettingsSchema.safeParse({ ...relink?.settings, host, port: Number(port), secure, username: username.trim() || null });
    if (!settings.success) return setProblem(describeZodError(settings.error).message);
    if (username.trim() && !password) return setProblem(t('accounts.smtp.passwordNeeded'));
    setProblem(null);
    onSubmit({ email: email.trim(), displayName: displayName.trim() || null, settings: settings.data, password: username.trim() ? password : null });
  };

  const field = (key: string, label: string, input: ReactNode): ReactNode => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
    </div>
  );

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
        {field('email', t('accounts.smtp.email'), <input
            id={`${id}-email`}
            type="email"
            required
            readOnly={relink !== undefined}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            // Leaving the address fills the server, unless the user has already typed one.
            onBlur={() => relink === undefined && !host.trim() && autoconfig.lookUp(email, { mayFill: () => !serverTyped.current })}
          />)}
        {field('name', t('accounts.smtp.displayName'), <input id={`${id}-name`} type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />)}
        {field('host', t('accounts.smtp.host'), <input id={`${id}-host`} type="text" required value={host} placeholder="smtp.example.com" onChange={(e) => {
              serverTyped.current = true;
              setHost(e.target.value);
            }} />)}
        {field('port', t('accounts.smtp.port'), <input id={`${id}-port`} type="number" min={1} max={65535} required value={port} onChange={(e) => setPort(e.target.value)} />)}
        {field(
          'tls',
          t('accounts.smtp.security'),
          <select
            id={`${id}-tls`}
            value={secure ? 'tls' : 'starttls'}
            onChange={(e) => {
              setSecure(e.target.value === 'tls');
              setPort(e.target.value === 'tls' ? '465' : '587');
            }}
          >
            <option value="starttls">{t('accounts.smtp.starttls')}</option>
            <option value="tls">{t('accounts.smtp.tls')}</option>
          </select>,
        )}
        <span />
        {field('user', t('accounts.smtp.username'), <input id={`${id}-user`} type="text" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />)}
        {field('pass', t('accounts.smtp.password'), <input id={`${id}-pass`} type="password" autoComplete="current-password" value={password} disabled={!username.trim()} onChange={(e) => setPassword(e.target.value)} />)}
      </div>
      {relink === undefined && (
        <div className="autoconfig-row">
          <button type="button" className="button secondary small" onClick={() => autoconfig.lookUp(email, { force: true })}>
            {t('accounts.smtp.autoconfig.find')}
          </button>
          <AutoconfigNote state={autoconfig.state} t={t} />
        </div>
      )}
      <p className="hint">{t('accounts.smtp.keychainHint')}</p>
      <FormProblem problem={problem ?? serverProblem} />
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {relink ? t('accounts.smtp.save') : t('accounts.smtp.add')}
        </button>
      </div>
    </form>
  );
}

/** Where the proposed settings came from, or that nothing was found (never an error: the form stays usable). */
function AutoconfigNote({ state, t }: { state: AutoconfigState; t: TFunction }): ReactNode {
  if (state.kind === 'idle') return null;
  const text =
    state.kind === 'looking'
      ? t('accounts.smtp.autoconfig.looking', { domain: state.domain })
      : state.kind === 'none'
        ? t('accounts.smtp.autoconfig.none', { domain: state.domain })
        : [
            t(`accounts.smtp.autoconfig.found.${state.suggestion.source}`, { domain: state.domain, from: state.suggestion.from }),
            state.suggestion.viaMx ? t('accounts.smtp.autoconfig.viaMx', { mx: state.suggestion.viaMx }) : '',
            t('accounts.smtp.autoconfig.check'),
          ]
            .filter(Boolean)
            .join(' ');
  return (
    <div className="field-note" role="status" data-testid="smtp-autoconfig-note">
      <p>{text}</p>
      {state.kind === 'found' && state.suggestion.note && <p>{state.suggestion.note}</p>}
    </div>
  );
}
