// The scheduler against a real engine (SQLite file, real SMTP server) with a fake clock: mail
// leaves at its exact time without waiting for a cron tick, a sleep is caught up, pause is obeyed,
// and a batch never overlaps another one — in this process or in a `facteur process-queue`.
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import { ProcessLock } from '../../src/main/core/processor/process-lock';
import { Scheduler, type CronFactory, type Wait } from '../../src/main/core/scheduler/scheduler';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

/** Cron that only ticks when the test says so. */
function fakeCron(): CronFactory & { expressions: string[]; tick(): void; stopped: number } {
  const ticks: Array<() => void> = [];
  const factory = ((expression: string, tick: () => void) => {
    factory.expressions.push(expression);
    ticks.push(tick);
    return { stop: () => void (factory.stopped += 1) };
  }) as CronFactory & { expressions: string[]; tick(): void; stopped: number };
  factory.expressions = [];
  factory.stopped = 0;
  factory.tick = () => ticks.at(-1)?.();
  return factory;
}

/** Lets pending promise callbacks and I/O run (SQLite is synchronous; SMTP is not). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

let clock: FakeClock;
let engine: TestEngine;
let smtp: SmtpTestServer;
let accountId: number;
let scheduler: Scheduler | null;

beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2030, 0, 1, 8, 58, 30));
  engine = makeEngine({ clock });
  smtp = await startSmtpTestServer();
  accountId = await addSmtpAccount(engine, smtp.port);
  scheduler = null;
});

afterEach(async () => {
  await scheduler?.stop();
  await smtp.close();
  engine.dispose();
});

describe('scheduler', () => {
  it('sends mail due at 09:00:00 at exactly 09:00:00, with no cron tick', async () => {
    const cron = fakeCron();
    scheduler = new Scheduler(engine, { cron });
    scheduler.start();
    expect(cron.expressions).toEqual(['* * * * *']);
    const id = await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: '2030-01-01T09:00:00Z' });

    clock.set(Date.UTC(2030, 0, 1, 8, 59, 59, 999));
    await settle();
    expect(smtp.received).toHaveLength(0);
    expect(engine.queue.get(id).status).toBe('scheduled');

    const finished = once(engine.events, 'run-finished');
    clock.set(Date.UTC(2030, 0, 1, 9, 0, 0));
    await finished;
    expect(smtp.received).toHaveLength(1);
    expect(engine.queue.get(id)).toMatchObject({ status: 'sent', sentAt: '2030-01-01T09:00:00.000Z' });
  });

  it('a pass that finds nothing due does not hold back mail due a moment later', async () => {
    const cron = fakeCron();
    scheduler = new Scheduler(engine, { cron });
    scheduler.start();
    // A cron tick runs a pass while nothing is due (the case the UI's "send now" also triggers).
    const idle = once(engine.events, 'run-finished');
    cron.tick();
    await idle;
    const id = await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: '2030-01-01T08:58:32Z' });
    const finished = once(engine.events, 'run-finished');
    clock.set(Date.UTC(2030, 0, 1, 8, 58, 32));
    await finished;
    expect(engine.queue.get(id)).toMatchObject({ status: 'sent', sentAt: '2030-01-01T08:58:32.000Z' });
  }, 10_000);

  it('re-arms when the queue changes: mail queued later for an earlier time is not held back', async () => {
    scheduler = new Scheduler(engine, { cron: fakeCron() });
    scheduler.start();
    await engine.queue.queueEmail(simpleMessage('late@example.com'), accountId, { sendAt: '2030-01-01T10:00:00Z' });
    const early = await engine.queue.queueEmail(simpleMessage('early@example.com'), accountId, { sendAt: '2030-01-01T09:00:00Z' });
    const finished = once(engine.events, 'run-finished');
    clock.set(Date.UTC(2030, 0, 1, 9, 0, 0));
    await finished;
    expect(engine.queue.get(early).status).toBe('sent');
    expect(smtp.received.map((mail) => mail.to)).toEqual([['early@example.com']]);
  });

  it('catches up after a sleep in which no timer fired', async () => {
    // Timers that never fire: the machine was asleep.
    const frozen: Wait = () => new Promise(() => undefined);
    scheduler = new Scheduler(engine, { cron: fakeCron(), wait: frozen });
    scheduler.start();
    const a = await engine.queue.queueEmail(simpleMessage('a@example.com'), accountId, { sendAt: '2030-01-01T09:00:00Z' });
    const b = await engine.queue.queueEmail(simpleMessage('b@example.com'), accountId, { sendAt: '2030-01-01T11:00:00Z' });
    clock.set(Date.UTC(2030, 0, 1, 12, 0, 0)); // woke three hours later
    await settle();
    expect(smtp.received).toHaveLength(0);
    await scheduler.catchUp();
    expect(engine.queue.get(a).status).toBe('sent');
    expect(engine.queue.get(b).status).toBe('sent');
    expect(smtp.received).toHaveLength(2);
  });

  it('sends nothing while paused, and catches up when resumed', async () => {
    const cron = fakeCron();
    scheduler = new Scheduler(engine, { cron });
    engine.settings.update({ paused: true });
    scheduler.start();
    const id = await engine.queue.queueEmail(simpleMessage(), accountId);
    cron.tick();
    await scheduler.catchUp();
    await settle();
    expect(engine.queue.get(id).status).toBe('queued');

    const finished = once(engine.events, 'run-finished');
    scheduler.reconfigure(engine.settings.update({ paused: false }));
    await finished;
    expect(engine.queue.get(id).status).toBe('sent');
  });

  it('never starts a second batch while one runs in this process', async () => {
    await smtp.close();
    smtp = await startSmtpTestServer({ delayMs: 200 });
    const slowAccount = await addSmtpAccount(engine, smtp.port, 'slow@example.com');
    scheduler = new Scheduler(engine, { cron: fakeCron() });
    let runs = 0;
    engine.events.on('run-started', () => (runs += 1));
    await engine.queue.queueEmail(simpleMessage(), slowAccount);
    // start() arms the timer for the due mail (delay 0); a catch-up and a cron tick arrive meanwhile.
    const first = scheduler.catchUp();
    scheduler.start();
    const second = scheduler.catchUp();
    expect(scheduler.isRunning).toBe(true);
    await Promise.all([first, second]);
    await scheduler.whenIdle();
    expect(smtp.received).toHaveLength(1);
    // The explicit second catch-up may add one pass after the first; never two at once.
    expect(runs).toBeLessThanOrEqual(2);
  });

  it('stays out while another process holds the batch lock, and sends once it is released', async () => {
    const other = new ProcessLock(engine.db, clock, 'processor', 'cli:other-run');
    expect(other.acquire().acquired).toBe(true);
    scheduler = new Scheduler(engine, { cron: fakeCron(), recheckMs: 30_000 });
    const id = await engine.queue.queueEmail(simpleMessage(), accountId);
    const locked = once(engine.events, 'run-finished');
    scheduler.start();
    const [summary] = await locked;
    expect(summary.stoppedBy).toBe('locked');
    expect(engine.queue.get(id).status).toBe('queued');

    other.release();
    const finished = once(engine.events, 'run-finished');
    clock.advance(30_000); // the re-check after a locked run
    await finished;
    expect(engine.queue.get(id).status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  it('shares the queue with a real `facteur process-queue`: every email goes exactly once', async () => {
    await smtp.close();
    smtp = await startSmtpTestServer({ delayMs: 100 });
    const slowAccount = await addSmtpAccount(engine, smtp.port, 'slow@example.com');
    // The CLI runs on the real clock; the engine's fake clock is set to it so due times agree.
    clock.set(Date.now());
    for (let i = 0; i < 6; i += 1) await engine.queue.queueEmail(simpleMessage(`r${i}@example.com`), slowAccount);
    scheduler = new Scheduler(engine, { cron: fakeCron() });
    const cli = runCli(['process-queue', '--json'], { dataDir: engine.dataDir });
    scheduler.start();
    await scheduler.catchUp();
    const result = await cli;
    await scheduler.whenIdle();
    expect(result.code, result.stderr).toBe(0);
    const recipients = smtp.received.flatMap((mail) => mail.to).sort();
    expect(recipients).toEqual(['r0@example.com', 'r1@example.com', 'r2@example.com', 'r3@example.com', 'r4@example.com', 'r5@example.com']);
    expect(engine.queue.counts().sent).toBe(6);
  });

  it('stop() lets the running batch finish the mail in flight before resolving', async () => {
    await smtp.close();
    smtp = await startSmtpTestServer({ delayMs: 150 });
    const slowAccount = await addSmtpAccount(engine, smtp.port, 'slow@example.com');
    const id = await engine.queue.queueEmail(simpleMessage(), slowAccount);
    scheduler = new Scheduler(engine, { cron: fakeCron() });
    scheduler.start();
    const sending = new Promise<void>((resolve) => engine.events.on('progress', (p) => p.inFlight > 0 && resolve()));
    void scheduler.catchUp();
    await sending;
    await scheduler.stop();
    expect(engine.queue.get(id).status).toBe('sent');
    expect(scheduler.isRunning).toBe(false);
  });
});
