// `accounts add --provider smtp --autoconfig`: looks the address up (table, autoconfig, ISPDB,
// DNS SRV, MX) and fills host, port, security and username, saying on stderr what it found and
// where from; stdout stays the account id. What the user typed (--host, --port, --secure,
// --username) wins over what was found. Nothing is stored here: the account is created by the
// caller, and only once its login works.
import type { Config } from '../config';
import { invalidInput } from '../errors';
import { findSmtpSettings } from '../providers/smtp/autoconfig/find-smtp-settings';
import type { SmtpSuggestion } from '../providers/smtp/autoconfig/smtp-suggestion';

export interface SmtpCliOptions {
  host?: string;
  port?: number;
  secure?: boolean;
  username?: string;
}

const SOURCES: Record<SmtpSuggestion['source'], (from: string) => string> = {
  table: (from) => `Facteur’s list of known services (${from})`,
  autoconfig: (from) => from,
  ispdb: (from) => `the Thunderbird ISPDB, ${from}`,
  srv: (from) => from,
};

/** The SMTP settings input for `email`, completed from autoconfig where the user gave nothing. */
export async function autoconfigSmtpOptions(email: string, given: SmtpCliOptions, config: Config, err: (line: string) => void): Promise<SmtpCliOptions> {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  err(`Looking up the SMTP server for ${domain}…`);
  const { found, tried } = await findSmtpSettings(email, config.autoconfig ? { endpoints: config.autoconfig } : {});
  for (const attempt of tried) err(`  ${attempt.from}: ${attempt.outcome}`);
  if (!found) {
    if (given.host !== undefined) {
      err(`No settings found for ${domain}; using the server you gave.`);
      return given;
    }
    throw invalidInput('host', `no SMTP settings found for ${domain} — give the server with --host and --port (and --secure for implicit TLS)`);
  }
  const via = found.viaMx ? ` (its mail server ${found.viaMx} is run there)` : '';
  err(`Found ${found.host}:${found.port} (${found.secure ? 'TLS' : 'STARTTLS'}), username ${found.username ?? '(none)'} — from ${SOURCES[found.source](found.from)}${via}`);
  if (found.note) err(`Note: ${found.note}`);
  // An explicit port without --secure means STARTTLS, as without --autoconfig; --secure alone keeps the found port only if it is the TLS one.
  const secure = given.secure === true || (given.port === undefined && found.secure);
  const port = given.port ?? (secure === found.secure ? found.port : 465);
  const username = given.username ?? found.username ?? undefined;
  return { host: given.host ?? found.host, port, secure, ...(username === undefined ? {} : { username }) };
}
