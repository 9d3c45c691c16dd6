// A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost, made
// with the openssl CLI in a temp dir at test time (no key is ever committed). The CA file is what
// child processes get as NODE_EXTRA_CA_CERTS; in-process tests pass the PEM to an https.Agent.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCa {
  dir: string;
  /** Path of the CA certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  caPath: string;
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
  remove(): void;
}

export function createTestCa(): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-ca-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=Facteur Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(
    file('server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2',
    '-extfile', file('server.ext'));
  // The CA key is not needed once the server certificate is signed.
  fs.rmSync(file('ca.key'));
  return {
    dir,
    caPath: file('ca.pem'),
    caPem: fs.readFileSync(file('ca.pem'), 'utf8'),
    serverKeyPem: fs.readFileSync(file('server.key'), 'utf8'),
    serverCertPem: fs.readFileSync(file('server.pem'), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
