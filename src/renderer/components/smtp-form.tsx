// "Add SMTP": address, host, port, TLS mode, optional login. Checked with the shared schema before
// it is sent; the password goes straight to the engine (and from there to the OS keychain).
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addressProblem } from '../../shared/address';
import { describeZodError } from '../../shared/message-schema';
import { smtpSettingsSchema } from '../../shared/smtp-settings';
import type { RequestInput } from '../../shared/ipc-contract';
import { translateAddressProblem } from '../api/problems';
import { FormProblem } from './form-problem';

interface Props {
  busy: boolean;
  onSubmit(input: RequestInput<'accounts:addSmtp'>): void;
  onCancel(): void;
}

export function SmtpForm({ busy, onSubmit, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('587');
  const [secure, setSecure] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (): void => {
    const emailProblem = addressProblem(email.trim());
    if (emailProblem) return setProblem(`${t('accounts.smtp.email')}: ${translateAddressProblem(t, emailProblem)}`);
    const settings = smtpSettingsSchema.safeParse({ host, port: Number(port), secure, username: username.trim() || null });
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
      aria-label={t('accounts.smtp.title')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2>{t('accounts.smtp.title')}</h2>
      <div className="grid-2">
        {field('email', t('accounts.smtp.email'), <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />)}
        {field('name', t('accounts.smtp.displayName'), <input id={`${id}-name`} type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />)}
        {field('host', t('accounts.smtp.host'), <input id={`${id}-host`} type="text" required value={host} placeholder="smtp.example.com" onChange={(e) => setHost(e.target.value)} />)}
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
      <p className="hint">{t('accounts.smtp.keychainHint')}</p>
      <FormProblem problem={problem} />
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
