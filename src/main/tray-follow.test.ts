// The tray and the window's pushes during a big batch, with the shell's real modules, the real
// engine and fake Electron objects: the counts are read and the native menu rebuilt a few times
// a second at most — not once per email — and what they show at the end is the truth.
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushChannel, PushPayload } from '../shared/ipc-contract';
import { systemClock } from './core/clock';
import { forwardEnginePushes } from './core/ipc/pushes';
import { makeEngine, simpleMessage, type TestEngine } from '../../test/helpers/engine';
import { FakeProvider } from '../../test/helpers/fake-provider';
import { createTray, followQueue, type TrayActions } from './tray';

const EMAILS = 600;
const INTERVAL_MS = 100;

let engine: TestEngine | null = null;
afterEach(() => engine?.dispose());

const actions: TrayActions = { open: () => undefined, openFailed: () => undefined, setPaused: () => undefined, quit: () => undefined };

describe('tray and pushes during a batch', () => {
  it('refresh at most once per interval, and end on the final counts', async () => {
    const provider = new FakeProvider(systemClock, { perDay: 1e9, perMinute: 1e9, recipientsPerDay: 1e12, maxRecipients: 100, maxMessageBytes: 1e9, concurrency: 16 });
    engine = makeEngine({ providers: { smtp: provider } });
    const accountId = await engine.accounts.create('smtp', { email: 'me@example.com', displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
    await engine.queue.queueEmails(Array.from({ length: EMAILS }, (_, i) => ({ message: simpleMessage(`r${i}@example.com`), accountRef: accountId })));

    const tooltips: string[] = [];
    class FakeTray extends EventEmitter {
      setToolTip(text: string): void {
        tooltips.push(text);
      }
      setContextMenu(): void {}
      destroy(): void {}
    }
    const menus: MenuItemConstructorOptions[][] = [];
    const deps = {
      Tray: FakeTray as never,
      Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => (menus.push(template), {}) as never },
      nativeImage: { createFromPath: () => ({}) as never },
    };
    const live = engine;
    let stateReads = 0;
    const readState = () => {
      stateReads += 1;
      const counts = live.queue.counts();
      return { due: live.queue.dueCount(), sending: counts.sending, failed: counts.failed, paused: false };
    };
    const tray = createTray(deps, 'icon.png', actions, readState());
    const follower = followQueue(engine.events, tray, readState, { intervalMs: INTERVAL_MS });
    const pushes: Array<{ channel: PushChannel; payload: unknown }> = [];
    const stopPushes = forwardEnginePushes(
      engine,
      <C extends PushChannel>(channel: C, payload: PushPayload<C>) => void pushes.push({ channel, payload }),
      { intervalMs: INTERVAL_MS },
    );
    stateReads = 0;

    const started = performance.now();
    const summary = await engine.process({ batchSize: EMAILS });
    const elapsed = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 3)); // the last refresh lands
    follower.stop();
    stopPushes();

    expect(summary.sent).toBe(EMAILS);
    // Per email there were several queue changes; refreshes are bounded by time, not by email.
    const allowed = Math.ceil((elapsed + INTERVAL_MS * 3) / INTERVAL_MS) + 2;
    expect(stateReads).toBeLessThanOrEqual(allowed);
    const countPushes = pushes.filter((push) => push.channel === 'queue:counts');
    const progressPushes = pushes.filter((push) => push.channel === 'batch:progress' && (push.payload as { phase: string }).phase === 'progress');
    expect(countPushes.length).toBeLessThanOrEqual(allowed);
    expect(progressPushes.length).toBeLessThanOrEqual(allowed);
    expect(countPushes.length).toBeGreaterThan(0);
    // The end state is the truth, and the finish is the last word on progress.
    expect(tooltips.at(-1)).toBe('Facteur — 0 due, 0 sending, 0 failed');
    expect((countPushes.at(-1)?.payload as PushPayload<'queue:counts'>).counts.sent).toBe(EMAILS);
    const lastBatch = pushes.filter((push) => push.channel === 'batch:progress').at(-1)?.payload as PushPayload<'batch:progress'>;
    expect(lastBatch.phase).toBe('finished');
  });
});
