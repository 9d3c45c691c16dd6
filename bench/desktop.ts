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

/** Wires the shell's real tray and push modules to fake Electron objects; returns the unwiring. */
function wireDesktop(engine: Engine): { stop(): void; refreshes: () => number; pushes: () => number } {
  let refreshes = 0;
  let pushes = 0;
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
  const trayState = (): TrayState => {
    const counts = engine.queue.counts();
    const settings = engine.settings.get();
    return { due: engine.queue.dueCount(), sending: counts.sending, failed: counts.failed, paused: settings.paused, language: settings.language };
  };
  const noop = (): void => undefined;
  const tray = createTray(deps, 'icon.png', { open: noop, openFailed: noop, setPaused: noop, quit: noop }, trayState());
  const follower = followQueue(engine.events, tray, trayState);
  const stopPushes = forwardEnginePushes(engine, (_channel, payload) => {
    pushes += 1;
    structuredClone(payload); // what webContents.send does to a payload
  });
  return {
    stop: () => {
      follower.stop();
      stopPushes();
      tray.destroy();
    },
    refreshes: () => refreshes,
    pushes: () => pushes,
  };
}

async function main(): Promise<void> {
  const bench = benchEngine();
  const rates: Record<'headless' | 'desktop', number[]> = { headless: [], desktop: [] };
  const followers = { refreshes: 0, pushes: 0 };
  try {
    const accountId = await addNoopAccount(bench.engine);
    for (let start = 0; start < ROWS; start += 10_000) {
      await bench.engine.queue.queueEmails(Array.from({ length: Math.min(10_000, ROWS - start) }, (_, i) => ({ message: message(start + i), accountRef: accountId })));
    }
    const batch = async (desktop: boolean): Promise<number> => {
      const wired = desktop ? wireDesktop(bench.engine) : null;
      const started = performance.now();
      const summary = await bench.engine.process({ batchSize: BATCH, maxRuntimeMs: 3_600_000 });
      const rate = summary.sent / ((performance.now() - started) / 1000);
      if (wired) {
        followers.refreshes += wired.refreshes();
        followers.pushes += wired.pushes();
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
  const figures: Figure[] = [
    { metric: `headless: claim → record, batches of ${BATCH} on ${ROWS} rows (min / median / max)`, value: round(headless.median), unit: `emails/s (${round(headless.min)} / ${round(headless.max)})` },
    { metric: `desktop (tray + pushes wired): same (min / median / max)`, value: round(desktop.median), unit: `emails/s (${round(desktop.min)} / ${round(desktop.max)})` },
    { metric: 'desktop ÷ headless (medians)', value: share, unit: '%', target: '≥ 90 %', met: share >= 90 },
    { metric: 'tray refreshes / pushes sent during the desktop batches', value: followers.refreshes, unit: `refreshes, ${followers.pushes} pushes` },
  ];
  const file = writeResults('desktop', figures, { settings: { rows: ROWS, batch: BATCH, rounds: ROUNDS }, rates });
  printFigures(`Desktop shell vs headless, ${ROWS} rows, ${ROUNDS} interleaved rounds — ${file}`, figures);
}

if (require.main === module) runMain(main);
