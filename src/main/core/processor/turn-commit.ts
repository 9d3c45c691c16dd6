// One durable transaction per turn of the event loop. Sends that finish during a turn submit their
// outcome writes here; the run's next turn executes them and, in the same BEGIN IMMEDIATE … COMMIT
// (WAL, synchronous=FULL), claims, leases, marks transmitting and starts the attempts of the next
// wave. A wave of sixteen sends costs one fsync instead of three, and each caller's promise settles
// only after its write is durable ("outcomes durable before the run reports them").
//
// While a run drives the turns (`drive`), a submit only wakes it; once the run stops driving (its
// loop is over, sends still finishing), submits are flushed on their own at the next turn.
import type Database from 'better-sqlite3';
import { asDatabaseError, type Db } from '../db/open-database';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class TurnCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  private driver: (() => void) | null = null;
  private readonly client: Database.Database;

  constructor(db: Db) {
    this.client = db.$client;
  }

  /** Runs `work` in the next turn's transaction; resolves with its value once that is durable. */
  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.driver) this.driver();
      else this.schedule();
    });
  }

  /** Whether outcome writes wait for the next turn. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** From now on `wake` is called on every submit and the caller runs `turn` itself. */
  drive(wake: () => void): void {
    this.driver = wake;
  }

  /** The caller no longer runs turns: what is pending (and what comes) flushes by itself. */
  release(): void {
    this.driver = null;
    if (this.pending.length > 0) this.schedule();
  }

  /**
   * One transaction: the pending outcome writes, then `next` (the claim of the next wave). No
   * savepoint per write on this path; if a write fails, everything is rolled back and the writes
   * are done again each in its own savepoint (so one failing write cannot undo the others), then
   * `next` in a transaction of its own. A failing `next` is thrown after the writes are durable.
   */
  turn<T>(next: () => T): T {
    const batch = this.pending;
    this.pending = [];
    const outcomes: Outcome[] = [];
    let claiming = false;
    let value: T;
    try {
      value = this.client
        .transaction(() => {
          for (const item of batch) outcomes.push({ ok: true, value: item.work() });
          claiming = true;
          return next();
        })
        .immediate();
    } catch (error) {
      this.isolated(batch);
      if (claiming) throw asDatabaseError(error);
      try {
        return this.client.transaction(next).immediate();
      } catch (claimError) {
        throw asDatabaseError(claimError);
      }
    }
    settle(batch, outcomes);
    return value;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.driver) return;
      const batch = this.pending;
      this.pending = [];
      this.isolated(batch);
    });
  }

  /** Each write in its own savepoint inside one transaction: the slow, forgiving path. */
  private isolated(batch: Pending[]): void {
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      this.client
        .transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: this.client.transaction(item.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      const failure = asDatabaseError(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    settle(batch, outcomes);
  }
}

function settle(batch: Pending[], outcomes: Outcome[]): void {
  batch.forEach((item, index) => {
    const outcome = outcomes[index];
    if (outcome?.ok) item.resolve(outcome.value);
    else item.reject(outcome?.error);
  });
}
