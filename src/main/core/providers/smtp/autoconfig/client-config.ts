// Reads the SMTP server out of a Mozilla autoconfig document (clientConfig version 1.1):
// clientConfig/emailProvider/outgoingServer[type=smtp] with hostname, port, socketType and
// username placeholders. Servers are taken in the document's order (the provider's preference);
// one that would carry the password in clear (socketType "plain") or that only takes OAuth is set
// aside with the reason, so the user learns why nothing was proposed.
import { childrenNamed, parseXml, XmlRefused, type XmlElement } from './minimal-xml';

export interface ConfiguredServer {
  host: string;
  port: number;
  secure: boolean;
  /** The username with %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% filled in; null = no login. */
  username: string | null;
}

export type ClientConfigReading = { server: ConfiguredServer } | { refused: string };

const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?$|^\d{1,3}(?:\.\d{1,3}){3}$/u;
const PASSWORD_METHODS = new Set(['password-cleartext', 'plain', 'password-encrypted', 'secure']);

/** Fills the autoconfig placeholders of `template` for `email`. */
export function fillPlaceholders(template: string, email: string): string {
  const at = email.lastIndexOf('@');
  return template
    .replaceAll('%EMAILADDRESS%', email)
    .replaceAll('%EMAILLOCALPART%', email.slice(0, at))
    .replaceAll('%EMAILDOMAIN%', email.slice(at + 1));
}

const textOf = (element: XmlElement, name: string): string | null => childrenNamed(element, name)[0]?.text.trim() ?? null;

function readServer(element: XmlElement, email: string): ConfiguredServer | string {
  const host = textOf(element, 'hostname');
  if (!host || !HOST.test(host) || host.length > 253) return `hostname ${JSON.stringify(host ?? '')} is not a host name`;
  const portText = textOf(element, 'port') ?? '';
  const port = /^\d{1,5}$/u.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return `port ${JSON.stringify(portText)} is not a port number`;
  const socketType = (textOf(element, 'socketType') ?? '').toUpperCase();
  if (socketType === 'PLAIN') return `${host}:${port} is offered without encryption (socketType plain); Facteur never sends a password in clear`;
  if (socketType !== 'SSL' && socketType !== 'STARTTLS') return `socketType ${JSON.stringify(socketType)} is not SSL or STARTTLS`;
  const methods = childrenNamed(element, 'authentication').map((method) => method.text.trim());
  const noLogin = methods.length > 0 && methods.every((method) => method === 'none' || method === 'client-IP-address');
  if (methods.length > 0 && !noLogin && !methods.some((method) => PASSWORD_METHODS.has(method))) {
    return `${host}:${port} takes only ${methods.join(', ')} — not a password (link the account with its own sign-in instead)`;
  }
  const usernameTemplate = textOf(element, 'username');
  const username = noLogin ? null : fillPlaceholders(usernameTemplate || '%EMAILADDRESS%', email);
  return { host: host.replace(/\.$/u, ''), port, secure: socketType === 'SSL', username };
}

/** The first usable SMTP server of an autoconfig document, or why there is none. */
export function readClientConfig(xml: string, email: string): ClientConfigReading {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlRefused) return { refused: `not a usable XML document (${error.message})` };
    throw error;
  }
  if (root.name !== 'clientConfig') return { refused: `the document is <${root.name}>, not <clientConfig>` };
  const reasons: string[] = [];
  for (const provider of childrenNamed(root, 'emailProvider')) {
    for (const outgoing of childrenNamed(provider, 'outgoingServer')) {
      if (outgoing.attributes.type !== 'smtp') continue;
      const server = readServer(outgoing, email);
      if (typeof server !== 'string') return { server };
      reasons.push(server);
    }
  }
  return { refused: reasons.length > 0 ? reasons.join('; ') : 'it lists no SMTP server' };
}
