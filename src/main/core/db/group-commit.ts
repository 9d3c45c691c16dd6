// Group commit: writes submitted in the same turn of the event loop share one transaction, so
// sixteen sends finishing together cost one fsync instead of sixteen. Each caller's promise
// settles only after that transaction is durable ("record each outcome before moving on"), and
// each write runs in its own savepoint, so one failing write does not undo the others.
import { asDatabaseError, type Db } from './open-database';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      const client = this.db.$client;
      client
        .transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: client.transaction(item.work)() });
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
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }
}
