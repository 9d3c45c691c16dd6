// One batch at a time, across the desktop app and any number of cron-run CLIs: a lock row in the
// database. A holder that died (same host, pid gone) or stopped renewing is taken over at once.
import os from 'node:os';
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { locks } from '../db/schema';

export const LOCK_TTL_MS = 30_000;
export const LOCK_RENEW_MS = 5_000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LockHolder {
  owner: string;
  pid: number;
  host: string;
  expiresAt: number;
}

export class ProcessLock {
  private timer: NodeJS.Timeout | null = null;
  private held = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly name: string,
    readonly owner: string,
    private readonly host = os.hostname(),
    private readonly pid = process.pid,
  ) {}

  /** Whether `holder` still counts: not expired and, on this machine, its process alive. */
  private live(holder: LockHolder, now: number): boolean {
    if (holder.expiresAt <= now) return false;
    if (holder.host === this.host && holder.pid !== this.pid && !processAlive(holder.pid)) return false;
    return true;
  }

  /** Takes the lock, or returns who holds it. Starts renewing it in the background. */
  acquire(): { acquired: true } | { acquired: false; holder: LockHolder } {
    const now = this.clock.now();
    const result = writeTransaction(this.db, () => {
      const holder = this.db.select().from(locks).where(eq(locks.name, this.name)).get();
      if (holder && holder.owner !== this.owner && this.live(holder, now)) return { acquired: false as const, holder };
      const row = { name: this.name, owner: this.owner, pid: this.pid, host: this.host, expiresAt: now + LOCK_TTL_MS };
      this.db.insert(locks).values(row).onConflictDoUpdate({ target: locks.name, set: row }).run();
      return { acquired: true as const };
    });
    if (result.acquired) {
      this.held = true;
      this.timer = setInterval(() => this.renew(), LOCK_RENEW_MS);
      this.timer.unref();
    }
    return result;
  }

  /** Extends the lock; returns false if someone else has it now (we were presumed dead). */
  renew(): boolean {
    if (!this.held) return false;
    const changes = this.db
      .update(locks)
      .set({ expiresAt: this.clock.now() + LOCK_TTL_MS })
      .where(eq(locks.name, this.name))
      .run().changes;
    const holder = this.db.select({ owner: locks.owner }).from(locks).where(eq(locks.name, this.name)).get();
    this.held = changes > 0 && holder?.owner === this.owner;
    return this.held;
  }

  /** As of the last renewal (cheap: no query). */
  isHeld(): boolean {
    return this.held;
  }


  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.held) return;
    this.held = false;
    writeTransaction(this.db, () => {
      const holder = this.db.select({ owner: locks.owner }).from(locks).where(eq(locks.name, this.name)).get();
      if (holder?.owner === this.owner) this.db.delete(locks).where(eq(locks.name, this.name)).run();
    });
  }
}
