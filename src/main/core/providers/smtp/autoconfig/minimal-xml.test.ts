// The autoconfig XML reader refuses what could hurt (DTDs, entities, unbalanced documents) and
// reads what the Thunderbird ISPDB actually serves.
import { describe, expect, it } from 'vitest';
import { readClientConfig } from './client-config';
import { parseXml, XmlRefused } from './minimal-xml';

const BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<clientConfig><emailProvider><outgoingServer type="smtp"><hostname>&lol2;</hostname></outgoingServer></emailProvider></clientConfig>`;

describe('the minimal XML reader', () => {
  it('reads elements, attributes, CDATA, comments and the predefined and numeric entities', () => {
    const root = parseXml('<?xml version="1.0"?><!-- hi --><a x="1 &amp; 2"><b>&lt;&#x41;&#66;&gt;</b><c><![CDATA[<raw & text>]]></c><d/></a>');
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & 2' });
    expect(root.children.map((child) => [child.name, child.text])).toEqual([
      ['b', '<AB>'],
      ['c', '<raw & text>'],
      ['d', ''],
    ]);
  });

  it.each([
    ['an entity bomb (DOCTYPE with entities)', BOMB, /DOCTYPE/u],
    ['an external entity', '<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', /DOCTYPE/u],
    ['an undeclared entity', '<a>&lol;</a>', /entity &lol; is not allowed/u],
    ['unbalanced tags', '<a><b></a></b>', /does not close/u],
    ['an unclosed element', '<a><b>', /never closed/u],
    ['two roots', '<a/><b/>', /exactly one root/u],
    ['text outside the root', 'junk<a/>', /outside the root/u],
  ])('refuses %s', (_what, xml, reason) => {
    expect(() => parseXml(xml)).toThrow(XmlRefused);
    expect(() => parseXml(xml)).toThrow(reason);
  });

  it('refuses nesting deep enough to exhaust a recursive reader', () => {
    expect(() => parseXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).toThrow(/too deeply/u);
  });
});

describe('reading an autoconfig document', () => {
  const email = 'ana.b@example.org';
  const doc = (servers: string): string => `<clientConfig version="1.1"><emailProvider id="example.org">${servers}</emailProvider></clientConfig>`;
  const smtp = (host: string, port: number, socketType: string, extra = '<username>%EMAILLOCALPART%@%EMAILDOMAIN%</username><authentication>password-cleartext</authentication>'): string =>
    `<outgoingServer type="smtp"><hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType>${extra}</outgoingServer>`;

  it('takes the first usable SMTP server and fills the username placeholders', () => {
    expect(readClientConfig(doc(`<incomingServer type="imap"><hostname>imap.x</hostname></incomingServer>${smtp('smtp.example.org', 465, 'SSL')}${smtp('smtp2.example.org', 587, 'STARTTLS')}`), email)).toEqual({
      server: { host: 'smtp.example.org', port: 465, secure: true, username: 'ana.b@example.org' },
    });
  });

  it('sets a cleartext server aside, saying why, and takes the next', () => {
    expect(readClientConfig(doc(`${smtp('plain.example.org', 25, 'plain')}${smtp('smtp.example.org', 587, 'STARTTLS')}`), email)).toEqual({
      server: { host: 'smtp.example.org', port: 587, secure: false, username: 'ana.b@example.org' },
    });
    const refused = readClientConfig(doc(smtp('plain.example.org', 25, 'plain')), email);
    expect(refused).toEqual({ refused: expect.stringMatching(/socketType plain.*never sends a password in clear/u) });
  });

  it('sets aside a server that takes only OAuth, a bad port and a bad host', () => {
    const result = readClientConfig(
      doc(`${smtp('oauth.example.org', 587, 'STARTTLS', '<authentication>OAuth2</authentication>')}${smtp('x.example.org', 70000, 'SSL')}${smtp('bad host', 465, 'SSL')}`),
      email,
    );
    expect(result).toEqual({ refused: expect.stringMatching(/takes only OAuth2.*port "70000".*hostname "bad host"/u) });
  });

  it('says when the document is not a clientConfig or is not XML', () => {
    expect(readClientConfig('<html><body>Not found</body></html>', email)).toEqual({ refused: 'the document is <html>, not <clientConfig>' });
    expect(readClientConfig(BOMB, email)).toEqual({ refused: expect.stringMatching(/^not a usable XML document \(DOCTYPE/u) });
  });
});
