// `tsx bench/desktop.ts [--smoke]`: the same batch with and without the desktop shell's followers
// — the tray (src/main/tray.ts `createTray` + `followQueue`, with main.ts's state reader) and the
// window's pushes (src/main/core/ipc/pushes.ts `forwardEnginePushes`, payloads structured-cloned
// as webContents.send would) on fake Electron objects — on a queue of 100 k rows (smoke: 5 k).
// Batches of 10 k (smoke: 500) alternate headless / desktop over interleaved rounds on the same
// database, so both see the same row count. Target: desktop ≥ 90 % of the headless rate.
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import { forwardEnginePushes } from '../src/main/core/ipc/pushes';
import { createTray, followQueue, type TrayState } from '../src/main/tray';
import type { Engine } from '../src/main/core/engine';
import { SMOKE, addNoopAccount, benchEngine, message, printFigures, round, runMain, spread, writeResults, type Figure } from './support';

const ROWS = Number(process.env.BENCH_DESKTOP_ROWS ?? (SMOKE ? 5_000 : 100_000));
const BATCH = Number(process.env.BENCH_DESKTOP_BATCH ?? (SMOKE ? 500 : 10_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 2 : 3));
/**
 * Queued at the start: the rows asked for, or more when the rounds need more — a warm-up batch and
 * two per round must each find a full batch still queued, else a batch that ran dry would be
 * timed as a slow one (an earlier 5-round run recorded a desktop batch at 0 emails/s that way).
 */
const QUEUED = Math.max(ROWS, (2 * ROUNDS + 1) * BATCH);

/** Wires the shell's real tray and push modules to fake Electron objects; returns the unwiring. */
function wireDesktop(engine: Engine): { stop(): void; refreshes: () => number; pushes: () => number; busyMs: () => number } {
  let refreshes = 0;
  let pushes = 0;
  // Time spent inside the followers themselves (reading the state, building the menu, cloning
  // pushes): their cost to the batch, free of the machine's noise that a rate ratio carries.
  let busyMs = 0;
  const timed = <T>(work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      busyMs += performance.now() - started;
    }
  };
  class FakeTray extends EventEmitter {
    setToolTip(): void {
      refreshes += 1;
    }
    setContextMenu(): void {}
    destroy(): void {}
  }
  const deps = {
    Tray: FakeTray as never,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => structuredClone(template.map((item) => item.label)) as never },
    nativeImage: { createFromPath: () => ({}) as never },
  };
  // As main.ts reads it.
  const trayState = (): TrayState =>
    timed(() => {
      const counts = engine.queue.counts();
      const settings = engine.settings.get();
      return { due: engine.queue.dueCount(), sending: counts.sending, failed: counts.failed, paused: settings.paused, language: settings.language };
    });
  const noop = (): void => undefined;
  const tray = createTray(deps, 'icon.png', { open: noop, openFailed: noop, setPaused: noop, quit: noop }, trayState());
  const update = tray.update.bind(tray);
  tray.update = (state) => timed(() => update(state));
  const follower = followQueue(engine.events, tray, trayState);
  const stopPushes = forwardEnginePushes(engine, (_channel, payload) => {
    pushes += 1;
    timed(() => structuredClone(payload)); // what webContents.send does to a payload
  });
  return {
    stop: () => {
      follower.stop();
      stopPushes();
      tray.destroy();
    },
    refreshes: () => refreshes,
    pushes: () => pushes,
    busyMs: () => busyMs,
  };
}

async function main(): Promise<void> {
  const bench = benchEngine();
  const rates: Record<'headless' | 'desktop', number[]> = { headless: [], desktop: [] };
  const followers = { refreshes: 0, pushes: 0, busyMs: 0, batchMs: 0 };
  try {
    const accountId = await addNoopAccount(bench.engine);
    for (let start = 0; start < QUEUED; start += 10_000) {
      await bench.engine.queue.queueEmails(Array.from({ length: Math.min(10_000, QUEUED - start) }, (_, i) => ({ message: message(start + i), accountRef: accountId })));
    }
    const batch = async (desktop: boolean): Promise<number> => {
      const wired = desktop ? wireDesktop(bench.engine) : null;
      const started = performance.now();
      const summary = await bench.engine.process({ batchSize: BATCH, maxRuntimeMs: 3_600_000 });
      if (summary.sent !== BATCH) throw new Error(`a ${desktop ? 'desktop' : 'headless'} batch sent ${summary.sent} of ${BATCH}: the figures would not compare like with like`);
      const elapsedMs = performance.now() - started;
      const rate = summary.sent / (elapsedMs / 1000);
      if (wired) {
        followers.refreshes += wired.refreshes();
        followers.pushes += wired.pushes();
        followers.busyMs += wired.busyMs();
        followers.batchMs += elapsedMs;
        wired.stop();
      }
      return rate;
    };
    await batch(false); // warm-up (JIT, page cache), not counted
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which goes first, so neither always meets the fuller queue.
      const order: Array<'headless' | 'desktop'> = round % 2 === 0 ? ['headless', 'desktop'] : ['desktop', 'headless'];
      for (const name of order) rates[name].push(await batch(name === 'desktop'));
      console.log(`round ${round + 1}/${ROUNDS} done`);
    }
  } finally {
    bench.dispose();
  }
  const headless = spread(rates.headless);
  const desktop = spread(rates.desktop);
  const share = round((desktop.median / headless.median) * 100, 1);
  // Each round's two batches ran back to back, so their ratio shares the machine's state.
  const pairs = rates.desktop.map((rate, i) => (rate / (rates.headless[i] as number)) * 100);
  const pairShare = spread(pairs);
  const figures: Figure[] = [
    { metric: `headless: claim → record, batches of ${BATCH} on ${QUEUED} rows (min / median / max)`, value: round(headless.median), unit: `emails/s (${round(headless.min)} / ${round(headless.max)})` },
    { metric: `desktop (tray + pushes wired): same (min / median / max)`, value: round(desktop.median), unit: `emails/s (${round(desktop.min)} / ${round(desktop.max)})` },
    { metric: 'desktop ÷ headless (medians)', value: share, unit: '%', target: '≥ 90 %', met: share >= 90 },
    { metric: 'desktop ÷ headless, per round (median; min / max)', value: round(pairShare.median, 1), unit: `% (${round(pairShare.min, 1)} / ${round(pairShare.max, 1)})` },
    { metric: 'tray refreshes / pushes sent during the desktop batches', value: followers.refreshes, unit: `refreshes, ${followers.pushes} pushes` },
    {
      metric: 'time inside the tray and push followers, share of the desktop batches',
      value: round((followers.busyMs / followers.batchMs) * 100, 2),
      unit: `% (${round(followers.busyMs, 1)} ms of ${round(followers.batchMs)} ms)`,
    },
  ];
  const file = writeResults('desktop', figures, { settings: { rows: QUEUED, batch: BATCH, rounds: ROUNDS }, rates });
  printFigures(`Desktop shell vs headless, ${QUEUED} rows, ${ROUNDS} interleaved rounds — ${file}`, figures);
}

if (require.main === module) runMain(main);
