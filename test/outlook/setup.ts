// Shared set-up for the Outlook tests: a test CA, the fake, and an OutlookProvider whose HTTP
// client trusts the CA through an https.Agent (NODE_EXTRA_CA_CERTS is read only at process start,
// so an already-running test process cannot use it; the CLI tests do use it, in child processes).
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { systemClock } from '../../src/main/core/clock';
import { silentLogger } from '../../src/main/core/logger';
import type { OutgoingMessage, ProviderAccount, SendContext } from '../../src/main/core/providers/email-provider';
import { createHttpTransport, type HttpTransport } from '../../src/main/core/providers/outlook/graph-http';
import { OUTLOOK_DEFAULT_LIMITS, OutlookProvider } from '../../src/main/core/providers/outlook/outlook-provider';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import { FakeMicrosoft, type FakeMicrosoftOptions } from '../fakes/fake-microsoft';
import { createTestCa, type TestCa } from '../fakes/test-ca';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

export const CLIENT_ID = '11111111-2222-3333-4444-555555555555';

export interface Harness {
  fake: FakeMicrosoft;
  provider: OutlookProvider;
  secrets: MemorySecretStore;
  /** Every URL the provider (Graph and MSAL) requested. */
  urls: string[];
  transport: HttpTransport;
}

export async function startHarness(ca: TestCa, options: Partial<FakeMicrosoftOptions> = {}, clientId: string | null = CLIENT_ID): Promise<Harness> {
  const fake = await new FakeMicrosoft({ ca, clientId: CLIENT_ID, users: [{ email: 'ana@contoso.test', name: 'Ana' }, { email: 'bob@contoso.test' }], ...options }).start();
  const base = createHttpTransport({ httpsAgent: new https.Agent({ ca: ca.caPem, keepAlive: true }) });
  const urls: string[] = [];
  const transport: HttpTransport = {
    request: (request) => {
      urls.push(request.url);
      return base.request(request);
    },
  };
  const secrets = new MemorySecretStore();
  const provider = new OutlookProvider(
    {
      secrets,
      endpoints: {
        gmailApi: 'https://gmail.invalid',
        googleToken: 'https://oauth2.invalid/token',
        googleAuth: 'https://accounts.invalid/auth',
        graphApi: fake.graphUrl,
        msAuthority: fake.authority,
      },
      oauth: { google: { clientId: null, clientSecret: null }, microsoft: { clientId } },
      clock: systemClock,
      logger: silentLogger(),
    },
    { http: transport },
  );
  return { fake, provider, secrets, urls, transport };
}

export interface OutlookHarnesses {
  /** Where the file's tests write their attachments. */
  readonly dir: string;
  /** A harness for the current test, closed after it (see startHarness for the arguments). */
  start(options?: Partial<FakeMicrosoftOptions>, clientId?: string | null): Promise<Harness>;
}

/**
 * Registers a test CA and an attachment dir for the file (made before its tests, removed after),
 * and closes each test's harness — provider, then fake — once the test ends.
 */
export function useOutlookHarnesses(dirPrefix: string): OutlookHarnesses {
  let ca: TestCa | undefined;
  let dir: string | undefined;
  let current: Harness | undefined;
  beforeAll(() => {
    ca = createTestCa();
    dir = makeDataDir(dirPrefix);
  });
  afterAll(() => {
    ca?.remove();
    if (dir) removeDataDir(dir);
  });
  afterEach(async () => {
    const harness = current;
    current = undefined;
    await harness?.provider.close();
    await harness?.fake.close();
  });
  return {
    get dir() {
      if (!dir) throw new Error('The attachment dir is made in beforeAll: use it inside a test.');
      return dir;
    },
    async start(options = {}, clientId = CLIENT_ID) {
      if (!ca) throw new Error('The test CA is made in beforeAll: start a harness inside a test.');
      current = await startHarness(ca, options, clientId);
      return current;
    },
  };
}

/** Links `email` by importing a refresh token the fake issued, and stores the secret. */
export async function linkedAccount(h: Harness, email = 'ana@contoso.test', id = 1): Promise<ProviderAccount> {
  const refreshToken = h.fake.issueRefreshToken(email);
  const linked = await h.provider.importTokens({ accessToken: 'unused', refreshToken, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, email);
  const secretRef = `account-${id}`;
  await h.secrets.set(secretRef, linked.secret);
  return { id, email, displayName: null, provider: 'outlook', settings: {}, secretRef, limits: OUTLOOK_DEFAULT_LIMITS };
}

export function sendContext(): SendContext & { heartbeats: number } {
  const context = {
    signal: new AbortController().signal,
    attempt: 1,
    log: silentLogger(),
    heartbeats: 0,
    heartbeat: () => {
      context.heartbeats += 1;
    },
  };
  return context;
}

let counter = 0;

/** A file of `size` random bytes in `dir`, as the attachment store would hold it. */
export function attachmentFile(dir: string, size: number, filename = `file-${size}.bin`) {
  const bytes = crypto.randomBytes(size);
  const file = path.join(dir, `${counter++}-${filename}`);
  fs.writeFileSync(file, bytes);
  return {
    bytes,
    attachment: { filename, contentType: 'application/octet-stream', size, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), path: file },
  };
}

export function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const n = counter++;
  const base: OutgoingMessage = {
    emailId: n,
    uid: `uid-${n}`,
    messageId: `<facteur-${n}-${crypto.randomUUID()}@facteur.local>`,
    date: new Date(),
    from: { address: 'ana@contoso.test', name: 'Ana' },
    to: [{ address: 'zoe@example.com', name: 'Zoé' }],
    cc: [],
    bcc: [],
    replyTo: null,
    subject: `Hello ${n}`,
    text: 'plain body',
    html: null,
    attachments: [],
    recipientCount: 1,
    sizeBytes: 1000,
  };
  const merged = { ...base, ...overrides };
  merged.recipientCount = merged.to.length + merged.cc.length + merged.bcc.length;
  merged.sizeBytes = overrides.sizeBytes ?? 1000 + merged.attachments.reduce((sum, a) => sum + Math.ceil(a.size / 3) * 4, 0);
  return merged;
}
