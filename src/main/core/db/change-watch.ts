// Notices commits made by other processes on the same database — `facteur enqueue` from a
// terminal or cron, the background job — so the open window shows them at once instead of at
// the next scheduler tick. SQLite bumps `PRAGMA data_version` on this connection only when
// another connection has committed, so polling it is one cheap read with no false alarms from
// our own writes.
import type { Db } from './open-database';

export interface ChangeWatch {
  stop(): void;
}

export function watchOtherWriters(db: Db, onChange: () => void, intervalMs = 300): ChangeWatch {
  const read = (): number | null => {
    try {
      return db.$client.pragma('data_version', { simple: true }) as number;
    } catch {
      return null; // closing: the next tick (if any) tries again
    }
  };
  let last = read();
  const timer = setInterval(() => {
    const now = read();
    if (now === null || now === last) return;
    last = now;
    onChange();
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
