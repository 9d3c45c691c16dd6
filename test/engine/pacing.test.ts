// The processor's pacing, rate-limit and stop rules, on a fake clock: per-minute spreading, the
// rolling daily cap, Retry-After pauses, re-authorisation holds, runtime and memory limits.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountLimits, ProcessSummary } from '../../src/shared/domain';
import { FakeClock } from '../../src/main/core/clock';
import type { ProcessOptions } from '../../src/main/core/processor/processor';
import { ProviderError } from '../../src/main/core/providers/provider-error';
import { KeychainUnavailableError } from '../../src/main/core/errors';
import { FakeProvider } from '../helpers/fake-provider';
import { makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

const LIMITS: AccountLimits = { perDay: 1_000, perMinute: 1_000, recipientsPerDay: 100_000, maxRecipients: 100, maxMessageBytes: 10_000_000, concurrency: 4 };

let engine: TestEngine;
afterEach(() => engine?.dispose());

async function setup(limits: Partial<AccountLimits>, count: number) {
  const clock = new FakeClock(Date.UTC(2030, 0, 1, 9));
  const provider = new FakeProvider(clock, { ...LIMITS, ...limits });
  engine = makeEngine({ clock, providers: { smtp: provider } });
  const accountId = await engine.accounts.create('smtp', { email: 'me@example.com', displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
  await engine.queue.queueEmails(Array.from({ length: count }, (_, i) => ({ message: simpleMessage(`r${i}@example.com`, { subject: `m${i}` }), accountRef: accountId })));
  return { clock, provider, accountId };
}

/**
 * Runs a batch, moving the fake clock forward (at most `stepMs` at a time) only while the engine
 * is waiting on it, never while it is doing work.
 */
async function processWithClock(clock: FakeClock, options: ProcessOptions = {}, stepMs = 500): Promise<ProcessSummary> {
  let finished = false;
  const run = engine.process(options).finally(() => (finished = true));
  while (!finished) {
    // Let pending work (group commits run on setImmediate) settle before time moves.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    const wake = clock.nextWake();
    if (!finished && wake !== null) clock.advance(Math.max(1, Math.min(stepMs, wake - clock.now())));
  }
  return run;
}

const maxInWindow = (times: number[], windowMs: number): number =>
  Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));

describe('pacing', () => {
  it('spreads a large batch instead of bursting, never over the per-minute limit', async () => {
    const { clock, provider } = await setup({ perMinute: 12 }, 30);
    const start = clock.now();
    const summary = await processWithClock(clock, { maxRuntimeMs: 10 * 60_000 });
    expect(summary).toMatchObject({ sent: 30, deferred: 0 });
    const times = provider.sends.map((s) => s.at);
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(12);
    // A handful leave at once (the burst), the rest are spaced about 5 s apart.
    expect(times.filter((t) => t === start).length).toBe(2);
    const gaps = times.slice(2).map((t, i) => t - (times[i + 1] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000 - 1);
    // And the allowed rate is used: 30 mails at 12/min take about 2.5 minutes, not much more.
    expect((times.at(-1) ?? 0) - start).toBeLessThan(3 * 60_000);
  });

  it('stops at the rolling 24-hour cap: the rest waits (deferred), nothing fails', async () => {
    const { clock, provider } = await setup({ perDay: 5 }, 8);
    const summary = await processWithClock(clock, { maxRuntimeMs: 60_000 });
    expect(summary).toMatchObject({ sent: 5, failed: 0, deferred: 3, stoppedBy: 'done' });
    expect(engine.queue.counts()).toMatchObject({ sent: 5, queued: 3, failed: 0 });
    // Next run, 24 hours later: still capped (the window keeps a minute's margin for the
    // provider's clock). Once the first sends are 24 h + 1 min old, the rest goes.
    clock.advance(24 * 3_600_000);
    expect(await processWithClock(clock, { maxRuntimeMs: 30_000 })).toMatchObject({ sent: 0, deferred: 3 });
    clock.advance(60_000);
    expect(await processWithClock(clock, { maxRuntimeMs: 60_000 })).toMatchObject({ sent: 3, deferred: 0 });
    expect(provider.sends).toHaveLength(8);
  });

  it("sends smaller mail past a long run of mail too big for the day's recipients left", async () => {
    // 13 recipients a day; 20 mails of 5 recipients queued first, then one of 1. Two big ones use
    // 10, no other big one fits in the 3 left, and the small one behind them still goes.
    const clock = new FakeClock(Date.UTC(2030, 0, 1, 9));
    const provider = new FakeProvider(clock, { ...LIMITS, recipientsPerDay: 13, concurrency: 4 });
    engine = makeEngine({ clock, providers: { smtp: provider } });
    const accountRef = await engine.accounts.create('smtp', { email: 'me@example.com', displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
    const five = (i: number) => Array.from({ length: 5 }, (_, r) => ({ address: `big${i}-${r}@example.com` }));
    await engine.queue.queueEmails(Array.from({ length: 20 }, (_, i) => ({ message: simpleMessage(`x${i}@example.com`, { to: five(i), subject: `big ${i}` }), accountRef })));
    clock.advance(1_000);
    await engine.queue.queueEmails([{ message: simpleMessage('small@example.com', { subject: 'small' }), accountRef }]);
    const summary = await processWithClock(clock, { maxRuntimeMs: 60_000 });
    expect(summary).toMatchObject({ sent: 3, failed: 0, deferred: 18 });
    expect(provider.sends.map((send) => send.subject)).toEqual(['big 0', 'big 1', 'small']);
  });

  it('keeps at most `concurrency` sends in flight per account', async () => {
    const { clock, provider } = await setup({ concurrency: 3 }, 20);
    provider.durationMs = 1_000;
    expect(await processWithClock(clock, {}, 100)).toMatchObject({ sent: 20 });
    expect(provider.maxInFlight).toBe(3);
  });

  it('pauses the whole account for Retry-After on a 429, without using an attempt', async () => {
    const { clock, provider } = await setup({}, 3);
    provider.script = [new ProviderError('rate-limited', 'slow down', { code: 'http-429', providerCode: 429, retryAfterMs: 30_000 })];
    provider.durationMs = 10;
    const start = clock.now();
    const summary = await processWithClock(clock, { maxRuntimeMs: 120_000 }, 1_000);
    expect(summary).toMatchObject({ sent: 3, failed: 0 });
    // Whatever was already in flight finished; nothing new started inside the 30 s pause.
    const afterPause = provider.sends.filter((s) => s.at > start + 1_000);
    expect(afterPause.every((s) => s.at >= start + 30_000)).toBe(true);
    const limited = engine.queue.list().find((e) => engine.queue.get(e.id).history.some((a) => a.outcome === 'deferred'));
    expect(limited?.attempts).toBe(1);
  });

  it('holds mail when the account must be linked again, and releases it on relink', async () => {
    const { clock, provider, accountId } = await setup({ concurrency: 1 }, 3);
    provider.script = [new ProviderError('auth', 'token revoked', { code: 'invalid-grant' })];
    const summary = await processWithClock(clock);
    expect(summary).toMatchObject({ sent: 0, failed: 0, held: 3 });
    expect(engine.queue.counts()).toMatchObject({ held: 3, failed: 0 });
    expect(engine.accounts.list()[0]).toMatchObject({ state: 'needs-reauth', stateReason: 'token revoked' });
    expect(engine.accounts.markOk(accountId)).toBe(3);
    expect(await processWithClock(clock)).toMatchObject({ sent: 3 });
    expect(engine.queue.list().every((e) => e.attempts === 1)).toBe(true);
  });

  it('stops claiming at max-runtime and finishes what is in flight', async () => {
    const { clock, provider } = await setup({ concurrency: 1 }, 10);
    provider.durationMs = 20_000;
    const summary = await processWithClock(clock, { maxRuntimeMs: 50_000 }, 1_000);
    expect(summary.stoppedBy).toBe('max-runtime');
    expect(summary.sent).toBe(3);
    expect(engine.queue.counts()).toMatchObject({ sent: 3, queued: 7, sending: 0 });
  });

  it('stops claiming when memory passes --memory-limit', async () => {
    const { clock, provider } = await setup({}, 5);
    const summary = await processWithClock(clock, { memoryLimitMb: 1 });
    expect(summary).toMatchObject({ sent: 0, stoppedBy: 'memory-limit', deferred: 5 });
    expect(provider.sends).toHaveLength(0);
  });

  it('sends mail scheduled for later only once its time has come', async () => {
    const { clock, provider, accountId } = await setup({}, 0);
    await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: new Date(clock.now() + 3_600_000).toISOString() });
    expect(await processWithClock(clock)).toMatchObject({ sent: 0 });
    clock.advance(3_599_000);
    expect(await processWithClock(clock, {}, 1)).toMatchObject({ sent: 0 });
    clock.advance(1_000);
    expect(await processWithClock(clock)).toMatchObject({ sent: 1 });
    expect(provider.sends).toHaveLength(1);
  });
});

describe('uncertain mail', () => {
  it('is resolved by a provider that can tell, a minute later, and never re-sent blindly', async () => {
    const { clock, provider } = await setup({}, 2);
    const verdicts = new Map<number, 'sent' | 'not-sent'>();
    Object.assign(provider, {
      verifySent: (message: { emailId: number }) => Promise.resolve(verdicts.get(message.emailId) ?? 'unknown'),
    });
    provider.script = [
      new ProviderError('uncertain', 'connection lost after the body', { code: 'lost' }),
      new ProviderError('uncertain', 'connection lost after the body', { code: 'lost' }),
    ];
    expect(await processWithClock(clock)).toMatchObject({ uncertain: 2, sent: 0 });
    const [first, second] = engine.queue.list({ status: 'uncertain' }).map((e) => e.id).sort((a, b) => a - b);
    verdicts.set(first as number, 'sent');
    verdicts.set(second as number, 'not-sent');
    // Too soon to ask: nothing changes.
    await processWithClock(clock);
    expect(engine.queue.counts()).toMatchObject({ uncertain: 2 });
    clock.advance(61_000);
    expect(await processWithClock(clock)).toMatchObject({ sent: 1 });
    expect(engine.queue.get(first as number).status).toBe('sent');
    expect(engine.queue.get(second as number).status).toBe('sent');
    // Only the one the provider said it never got was sent again.
    expect(provider.sends.map((s) => s.emailId)).toEqual([second]);
  });
});

describe('a local service that does not answer', () => {
  it('keeps the mail queued without pausing the account or keeping the run waiting', async () => {
    const { clock, provider } = await setup({ concurrency: 1 }, 2);
    provider.script = [new KeychainUnavailableError('Cannot autolaunch D-Bus'), new KeychainUnavailableError('Cannot autolaunch D-Bus')];
    const start = clock.now();
    const summary = await processWithClock(clock);
    expect(summary).toMatchObject({ sent: 0, failed: 0 });
    // The default 10-minute runtime was not spent waiting for a keychain that may never come.
    expect(clock.now() - start).toBeLessThan(60_000);
    expect(engine.accounts.list()[0]?.pausedUntil).toBeNull();
    for (const email of engine.queue.list()) {
      expect(email).toMatchObject({ status: 'queued', attempts: 0, lastErrorCode: 'local-service-unavailable' });
    }
  });
});
