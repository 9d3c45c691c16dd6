// Shared set-up for the Gmail tests: a provider wired to the fake Google, and messages to send.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../src/main/core/clock';
import { DEFAULT_ENDPOINTS } from '../../src/main/core/config';
import { silentLogger } from '../../src/main/core/logger';
import { mimeBuffer } from '../../src/main/core/providers/base-email-provider';
import type { OutgoingMessage, ProviderAccount, ProviderDeps, SendContext } from '../../src/main/core/providers/email-provider';
import { GmailProvider, gmailDefaultLimits } from '../../src/main/core/providers/gmail/gmail-provider';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import type { FakeGoogle } from '../fakes/fake-google';

export interface Harness {
  provider: GmailProvider;
  secrets: MemorySecretStore;
  clock: FakeClock;
  deps: ProviderDeps;
  account: ProviderAccount;
}

export function harness(fake: FakeGoogle, overrides: Partial<ProviderDeps> = {}): Harness {
  const secrets = new MemorySecretStore();
  // The provider's clock starts at the fake's real time so both agree on token expiry.
  const clock = new FakeClock(Date.now());
  const deps: ProviderDeps = {
    secrets,
    endpoints: { ...DEFAULT_ENDPOINTS, ...fake.endpoints() },
    oauth: { google: { clientId: fake.clientId, clientSecret: fake.clientSecret }, microsoft: { clientId: null } },
    clock,
    logger: silentLogger(),
    ...overrides,
  };
  const account: ProviderAccount = {
    id: 1,
    email: fake.userEmail,
    displayName: null,
    provider: 'gmail',
    settings: {},
    secretRef: 'gmail:1',
    limits: gmailDefaultLimits({}),
  };
  return { provider: new GmailProvider(deps), secrets, clock, deps, account };
}

export function context(overrides: Partial<SendContext> = {}): SendContext & { beats: () => number } {
  let beats = 0;
  return {
    signal: new AbortController().signal,
    attempt: 1,
    log: silentLogger(),
    heartbeat: () => {
      beats += 1;
    },
    beats: () => beats,
    ...overrides,
  };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-gmail-'));

/** Writes an attachment file as the attachment store would, and describes it. */
export function attachment(filename: string, content: Buffer, contentType = 'application/octet-stream'): OutgoingMessage['attachments'][number] {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const file = path.join(tmp, `${sha256}-${randomBytes(4).toString('hex')}`);
  fs.writeFileSync(file, content);
  return { filename, contentType, size: content.length, sha256, path: file };
}

let nextId = 1;

/** A queued email; sizeBytes is the real MIME size, as the queue computes it. */
export async function message(overrides: Partial<OutgoingMessage> = {}): Promise<OutgoingMessage> {
  const emailId = nextId++;
  const base: OutgoingMessage = {
    emailId,
    uid: `uid-${emailId}`,
    messageId: `<${emailId}.${randomBytes(6).toString('hex')}@facteur.test>`,
    date: new Date('2030-01-01T09:00:00Z'),
    from: { address: 'ana@example.com', name: 'Ana' },
    to: [{ address: 'bob@example.org', name: 'Bob' }],
    cc: [],
    bcc: [],
    replyTo: null,
    subject: `Hello ${emailId}`,
    text: 'plain body',
    html: '<p>html body</p>',
    attachments: [],
    recipientCount: 1,
    sizeBytes: 0,
    ...overrides,
  };
  base.recipientCount = base.to.length + base.cc.length + base.bcc.length;
  base.sizeBytes = overrides.sizeBytes ?? (await mimeBuffer(base, { keepBcc: true })).length;
  return base;
}

/** Stores tokens for the harness account as `accounts add --tokens-stdin` would. */
export async function importInto(h: Harness, tokens: { accessToken: string; refreshToken: string; expiresAt: string }): Promise<void> {
  const linked = await h.provider.importTokens(tokens, h.account.email);
  await h.secrets.set(h.account.secretRef, linked.secret);
}

export function storedTokens(h: Harness): { accessToken: string; refreshToken: string; expiresAt: string } {
  const secret = h.secrets.entries.get(h.account.secretRef);
  if (!secret) throw new Error('no secret stored');
  return JSON.parse(secret) as { accessToken: string; refreshToken: string; expiresAt: string };
}
