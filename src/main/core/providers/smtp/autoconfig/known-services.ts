// The bundled table of well-known mail services: the first place an address is looked up, with no
// network at all. Each entry was checked against the Thunderbird ISPDB (github:thunderbird/autoconfig,
// ispdb/<domain>.xml) or, where the ISPDB has none, the provider's own help pages (Fastmail,
// mailbox.org, Infomaniak, Proton Mail Bridge). `mxDomains` lets a custom domain hosted there be
// recognised by its mail server, as Thunderbird does.

export type UsernameForm = 'address' | 'local-part';

export interface KnownService {
  name: string;
  domains: readonly string[];
  /** Domains of the service's MX hosts (matched on the MX host and its parent domains). */
  mxDomains?: readonly string[];
  host: string;
  port: number;
  secure: boolean;
  username: UsernameForm;
  note?: string;
}

const APP_PASSWORD = 'needs an app password (created in the account’s security settings), not the usual one';

export const KNOWN_SERVICES: readonly KnownService[] = [
  {
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    mxDomains: ['google.com', 'googlemail.com'],
    host: 'smtp.gmail.com',
    port: 465,
    secure: true,
    username: 'address',
    note: `Gmail over SMTP ${APP_PASSWORD} (2-Step Verification must be on); linking it as a Gmail account needs no password at all`,
  },
  {
    name: 'Outlook.com / Hotmail',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.fr', 'hotmail.fr', 'live.fr', 'hotmail.co.uk'],
    host: 'smtp-mail.outlook.com',
    port: 587,
    secure: false,
    username: 'address',
    note: 'Microsoft has turned password logins off for Outlook.com: link it as an Outlook account (sign-in in the browser) if the login is refused',
  },
  {
    name: 'Microsoft 365',
    domains: ['office365.com'],
    mxDomains: ['protection.outlook.com'],
    host: 'smtp.office365.com',
    port: 587,
    secure: false,
    username: 'address',
    note: 'Microsoft 365 accepts SMTP logins only where the administrator allows SMTP AUTH; otherwise link it as an Outlook account',
  },
  { name: 'iCloud Mail', domains: ['icloud.com', 'me.com', 'mac.com'], mxDomains: ['icloud.com'], host: 'smtp.mail.me.com', port: 587, secure: false, username: 'address', note: `iCloud ${APP_PASSWORD}` },
  { name: 'Yahoo Mail', domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.fr', 'yahoo.co.uk', 'yahoo.de'], host: 'smtp.mail.yahoo.com', port: 465, secure: true, username: 'address', note: `Yahoo ${APP_PASSWORD}` },
  { name: 'AOL Mail', domains: ['aol.com', 'aim.com'], host: 'smtp.aol.com', port: 465, secure: true, username: 'address', note: `AOL ${APP_PASSWORD}` },
  { name: 'Fastmail', domains: ['fastmail.com', 'fastmail.fm'], mxDomains: ['messagingengine.com'], host: 'smtp.fastmail.com', port: 465, secure: true, username: 'address', note: `Fastmail ${APP_PASSWORD}` },
  { name: 'Zoho Mail', domains: ['zoho.com', 'zohomail.com'], mxDomains: ['zoho.com'], host: 'smtp.zoho.com', port: 465, secure: true, username: 'address' },
  { name: 'Zoho Mail (EU)', domains: ['zoho.eu', 'zohomail.eu'], mxDomains: ['zoho.eu'], host: 'smtp.zoho.eu', port: 465, secure: true, username: 'address' },
  { name: 'GMX', domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'], host: 'mail.gmx.net', port: 465, secure: true, username: 'address' },
  { name: 'GMX', domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'], host: 'mail.gmx.com', port: 465, secure: true, username: 'address' },
  { name: 'WEB.DE', domains: ['web.de'], host: 'smtp.web.de', port: 465, secure: true, username: 'local-part' },
  {
    name: 'Proton Mail (through Proton Mail Bridge)',
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    host: '127.0.0.1',
    port: 1025,
    secure: false,
    username: 'address',
    note: 'Proton Mail sends only through Proton Mail Bridge running on this computer: use the username and password that Bridge shows',
  },
  { name: 'Orange', domains: ['orange.fr', 'wanadoo.fr'], host: 'smtp.orange.fr', port: 465, secure: true, username: 'address' },
  { name: 'Free', domains: ['free.fr'], host: 'smtp.free.fr', port: 465, secure: true, username: 'local-part' },
  { name: 'SFR', domains: ['sfr.fr', 'neuf.fr', 'cegetel.net', 'club-internet.fr'], host: 'smtp.sfr.fr', port: 465, secure: true, username: 'address' },
  { name: 'La Poste', domains: ['laposte.net'], host: 'smtp.laposte.net', port: 465, secure: true, username: 'local-part' },
  { name: 'OVHcloud', domains: [], mxDomains: ['ovh.net'], host: 'ssl0.ovh.net', port: 465, secure: true, username: 'address' },
  { name: 'Gandi', domains: [], mxDomains: ['gandi.net'], host: 'mail.gandi.net', port: 465, secure: true, username: 'address' },
  { name: 'Mail.ru', domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru'], host: 'smtp.mail.ru', port: 465, secure: true, username: 'address', note: 'Mail.ru needs a password for external applications, not the usual one' },
  { name: 'Yandex Mail', domains: ['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua'], mxDomains: ['yandex.net'], host: 'smtp.yandex.com', port: 465, secure: true, username: 'address', note: `Yandex ${APP_PASSWORD}` },
  { name: 'Infomaniak', domains: ['ik.me', 'ikmail.com', 'etik.com'], mxDomains: ['infomaniak.ch'], host: 'mail.infomaniak.com', port: 465, secure: true, username: 'address' },
  { name: 'mailbox.org', domains: ['mailbox.org'], mxDomains: ['mailbox.org'], host: 'smtp.mailbox.org', port: 465, secure: true, username: 'address' },
  { name: 'Posteo', domains: ['posteo.de', 'posteo.net', 'posteo.at', 'posteo.ch', 'posteo.eu', 'posteo.org'], host: 'posteo.de', port: 465, secure: true, username: 'address' },
];

/** The service whose own domain this is. */
export function knownServiceForDomain(domain: string): KnownService | null {
  return KNOWN_SERVICES.find((service) => service.domains.includes(domain)) ?? null;
}

/** The service that runs this MX host, judged on the host and each parent domain (longest first). */
export function knownServiceForMx(mxHost: string): KnownService | null {
  for (const candidate of parentDomains(mxHost)) {
    const found = KNOWN_SERVICES.find((service) => service.mxDomains?.includes(candidate));
    if (found) return found;
  }
  return null;
}

/** `a.b.example.com` → [`a.b.example.com`, `b.example.com`, `example.com`] (never a bare TLD). */
export function parentDomains(host: string): string[] {
  const labels = host.toLowerCase().replace(/\.$/u, '').split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i += 1) out.push(labels.slice(i).join('.'));
  return out;
}
