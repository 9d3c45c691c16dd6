// One `process-queue` run, for the app's scheduler and cron's CLI alike: claims due mail as leases,
// sends it with bounded concurrency per account inside each account's limits, records every
// outcome before moving on, and stops cleanly at the batch size, the runtime limit, the memory
// limit or a signal.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { ProcessSummary } from '../../../shared/domain';
import type { AccountRow, AccountService } from '../accounts/account-service';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import type { Logger } from '../logger';
import type { ProviderAccount } from '../providers/email-provider';
import type { SettingsStore } from '../settings-store';
import { collectGarbage } from '../attachments/garbage';
import { loadOutgoingMessage } from './outgoing-message';
import { OutcomeRecorder } from './outcomes';
import type { AccountPace } from './pacing';
import type { EmailRow } from '../db/hot-statements';
import { TurnCommit } from './turn-commit';
import { EMPTY_WAVE, LEASE_MS, claimWave, type WaveState } from './wave';
import { countDeferred } from '../db/waiting-counts';
import { countWindowHeld } from '../windows/window-hold';
import { ProcessLock } from './process-lock';
import { promoteAndHold, recoverOrphans, retryLocalWaits } from './recovery';
import { ensureOccurrences } from '../series/occurrences';
import { recordFailure } from './failures';
import type { RetryPolicy } from './backoff';
import { resolveUncertain } from './uncertain-check';
import { recordDelivered } from './delivered';
import { expireOverdue } from '../late/late-mail';
import type { ProcessProgress } from '../../../shared/output-schemas';

/** The reason a nap's timer is cancelled: a send finished, or the run was signalled. */
const NAP_OVER = 'nap over';

export interface ProcessOptions {
  batchSize?: number;
  maxRuntimeMs?: number;
  /** Stop claiming once the process's resident memory passes this many megabytes. */
  memoryLimitMb?: number | null;
  signal?: AbortSignal;
}

export type { ProcessProgress };

export interface ProcessorEvents {
  /** What is kept of a failure's text (stored, logged, shown): secrets removed, length bounded. */
  errorText?: (text: string) => string;
  onProgress?: (progress: ProcessProgress) => void;
  onEmailChanged?: (emailId: number) => void;
  onEmailFailed?: (emailId: number, message: string) => void;
  onAccountNeedsReauth?: (accountId: number, reason: string) => void;
}

/** How often a run promotes due scheduled mail and holds mail of accounts to relink. */
const PROMOTE_EVERY_MS = 1_000;
/** A run never sleeps longer than this in one go, so it notices a signal or the deadline. */
const MAX_NAP_MS = 1_000;
/**
 * Past `--max-runtime`, sends still in flight get this long to finish; then they are aborted and
 * recorded like any lost connection (uncertain only if the whole message had been written).
 */
export const RUNTIME_GRACE_MS = 5_000;

/** What one run's sends share. */
interface RunState {
  recorder: OutcomeRecorder;
  commits: TurnCommit;
  paces: Map<number, AccountPace>;
  policy: RetryPolicy;
  summary: ProcessSummary;
  prepared: Map<number, Promise<void>>;
  /** Accounts whose provider is ready to send at once (prepared, or nothing to prepare). */
  ready: Set<number>;
  /** Aborted when the run's time (plus grace) is up: sends still in flight stop. */
  sendSignal: AbortSignal;
  log: Logger;
}

export class Processor {
  constructor(
    private readonly db: Db,
    private readonly accountService: AccountService,
    private readonly store: AttachmentStore,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly events: ProcessorEvents = {},
    private readonly memoryUsage: () => number = () => process.memoryUsage.rss(),
  ) {}

  async run(options: ProcessOptions = {}): Promise<ProcessSummary> {
    const settings = this.settings.get();
    const batchSize = options.batchSize ?? settings.batchSize;
    const deadline = this.clock.now() + (options.maxRuntimeMs ?? 600_000);
    const owner = `${os.hostname()}:${process.pid}:${randomUUID()}`;
    const summary: ProcessSummary = { sent: 0, failed: 0, retrying: 0, held: 0, deferred: 0, uncertain: 0, refused: 0, stoppedBy: 'done' };
    const lock = new ProcessLock(this.db, this.clock, 'processor', owner);
    const acquired = lock.acquire();
    if (!acquired.acquired) {
      this.log.info({ holder: acquired.holder.owner }, 'another run is sending; nothing to do');
      return { ...summary, stoppedBy: 'locked' };
    }
    const log = this.log.child({ run: owner.slice(-8) });
    const inFlight = new Map<number, { accountId: number; task: Promise<void> }>();
    const wave: WaveState = { owner, paces: new Map(), perAccount: new Map(), ready: new Set(), known: new Map() };
    /** Emails whose outcome is written (in this turn's transaction): their slot is free already. */
    const freed = new Set<number>();
    const freeSlot = (emailId: number): void => {
      const email = inFlight.get(emailId);
      if (!email || freed.has(emailId)) return;
      freed.add(emailId);
      wave.perAccount.set(email.accountId, (wave.perAccount.get(email.accountId) ?? 1) - 1);
    };
    const recorder = new OutcomeRecorder(this.db, this.clock, owner, freeSlot);
    const policy = { baseMs: settings.retryBaseSeconds * 1000, maxMs: settings.retryMaxSeconds * 1000 };
    const commits = new TurnCommit(this.db);
    const abortSends = new AbortController();
    const stopTimer = new AbortController();
    void this.clock.sleep(deadline + RUNTIME_GRACE_MS - this.clock.now(), stopTimer.signal).then(() => {
      if (!stopTimer.signal.aborted) abortSends.abort();
    });
    const run: RunState = { recorder, commits, paces: wave.paces, policy, summary, prepared: new Map(), ready: wave.ready, sendSignal: abortSends.signal, log };
    let claimed = 0;
    let promotedAt = Number.NEGATIVE_INFINITY;
    let wake: () => void = () => undefined;
    commits.drive(() => wake());
    const progress = (): void =>
      this.events.onProgress?.({ ...summary, inFlight: inFlight.size, claimed, batchSize });

    try {
      // What a run that died left behind is this run's news: report it.
      summary.uncertain += recoverOrphans(this.db, this.clock, owner, log).uncertain.length;
      retryLocalWaits(this.db, this.clock);
      ensureOccurrences(this.db, this.clock.now()); // recurring mail: a series left without its next occurrence gets it
      await resolveUncertain(this.db, this.accountService, this.store, this.clock, log, (id) => this.events.onEmailChanged?.(id));
      log.info({ batchSize, maxRuntimeMs: deadline - this.clock.now() }, 'run started');
      // The hot path: each turn records the sends that finished since the last one and claims
      // the next wave, in one durable transaction (turn-commit.ts, wave.ts), then starts it.
      for (;;) {
        const now = this.clock.now();
        const stop = this.stopReason(options, now, deadline, claimed, batchSize);
        // The lock renews itself in the background; if another process took it over (we were
        // presumed dead), stop before sending anything more.
        if (!stop && !lock.isHeld()) {
          log.error('lost the batch lock; stopping before sending anything more');
          summary.stoppedBy = 'signal';
          break;
        }
        if (!stop && now - promotedAt >= PROMOTE_EVERY_MS) {
          const promoted = promoteAndHold(this.db, this.clock);
          summary.held += promoted.held;
          summary.failed += promoted.expired; // late-mail rule "expire"
          promotedAt = now;
        }
        const plan = commits.turn(() => {
          if (stop) return EMPTY_WAVE;
          const expired = expireOverdue(this.db, now); // `--expires-after`, checked right before each claim (late/late-mail.ts)
          // An expired occurrence of a series makes the series' next one in this same transaction.
          if (expired > 0) ensureOccurrences(this.db, now);
          summary.failed += expired;
          return claimWave(this.db, this.accountService, wave, now, batchSize - claimed);
        });
        for (const email of plan.claimed) {
          claimed += 1;
          wave.perAccount.set(email.accountId, (wave.perAccount.get(email.accountId) ?? 0) + 1);
          const task = this.sendOne(email, plan.accountsById.get(email.accountId) as ProviderAccount, run)
            .catch((error: unknown) => log.error({ err: error, emailId: email.id }, 'unexpected error while recording an outcome'))
            .finally(() => {
              freeSlot(email.id);
              freed.delete(email.id);
              inFlight.delete(email.id);
              progress();
              wake();
            });
          inFlight.set(email.id, { accountId: email.accountId, task });
        }
        if (plan.claimed.length > 0) progress();
        if (stop) {
          if (stop !== 'batch-size' || inFlight.size === 0) summary.stoppedBy = stop;
          if (inFlight.size === 0 && !commits.hasPending) break;
          await this.nap(Math.min(MAX_NAP_MS, deadline > now ? deadline - now : MAX_NAP_MS), (resolve) => (wake = resolve), options.signal);
          continue;
        }
        // Nothing in flight and nothing that can start before the deadline (or ever): done; what
        // is still due waits for a later run and is reported as deferred.
        if (inFlight.size === 0 && !commits.hasPending && (plan.nextAt === null || plan.nextAt >= deadline)) break;
        const until = plan.nextAt === null ? deadline : Math.min(plan.nextAt, deadline);
        if (!commits.hasPending) await this.nap(Math.min(MAX_NAP_MS * 30, Math.max(1, until - now)), (resolve) => (wake = resolve), options.signal);
      }
      commits.release();
      await Promise.all([...inFlight.values()].map((email) => email.task));
      // Mail of an account that lost its sign-in during this run is held now, not next run.
      summary.held += promoteAndHold(this.db, this.clock).held;
      summary.deferred = this.countDeferred();
      log.info({ ...summary }, 'run finished');
      return summary;
    } finally {
      commits.release();
      await Promise.all([...inFlight.values()].map((email) => email.task));
      stopTimer.abort();
      await this.closeProviders();
      lock.release();
      collectGarbage(this.db, this.store, log);
    }
  }

  private stopReason(options: ProcessOptions, now: number, deadline: number, claimed: number, batchSize: number): ProcessSummary['stoppedBy'] | null {
    if (options.signal?.aborted) return 'signal';
    if (now >= deadline) return 'max-runtime';
    if (options.memoryLimitMb && this.memoryUsage() > options.memoryLimitMb * 1024 * 1024) return 'memory-limit';
    if (claimed >= batchSize) return 'batch-size';
    return null;
  }

  /** Sleeps until `ms` passes, a send finishes, or the run is signalled. */
  private async nap(ms: number, setWake: (resolve: () => void) => void, signal?: AbortSignal): Promise<void> {
    const controller = new AbortController();
    // With a reason given, abort() does not build a DOMException (and its stack) on every nap.
    const onAbort = (): void => controller.abort(NAP_OVER);
    signal?.addEventListener('abort', onAbort, { once: true });
    await new Promise<void>((resolve) => {
      setWake(() => {
        controller.abort(NAP_OVER);
        resolve();
      });
      void this.clock.sleep(ms, controller.signal).then(resolve);
    });
    controller.abort(NAP_OVER);
    signal?.removeEventListener('abort', onAbort);
    // Sends finishing together wake the run several times in one turn: let them all submit their
    // outcomes, so the next transaction records them together.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private async sendOne(email: EmailRow, account: ProviderAccount, run: RunState): Promise<void> {
    const provider = this.accountService.provider(account.provider);
    const log = run.log.child({ emailId: email.id, accountId: account.id, attempt: email.attempts });
    try {
      if (provider.prepare) {
        let ready = run.prepared.get(account.id);
        if (!ready) {
          ready = provider.prepare(account, log);
          run.prepared.set(account.id, ready);
        }
        await ready;
      }
      run.ready.add(account.id);
      const { message, prior } = loadOutgoingMessage(this.db, this.store, email, account, this.clock.now());
      // Durable before the first byte leaves: from here a crash makes the email "uncertain".
      // (Already done by the claim when the account was ready.)
      if (email.transmitStartedAt === null && !(await run.commits.submit(() => run.recorder.transmitting(email.id)))) return; // lease taken over
      const result = await provider.send(message, account, {
        signal: run.sendSignal,
        attempt: email.attempts,
        log,
        heartbeat: () => run.recorder.extendLeases(this.clock.now() + LEASE_MS),
      });
      await recordDelivered(email, result, prior, { ...run, clock: this.clock }, log);
      log.debug({ providerMessageId: result.providerMessageId }, 'sent');
    } catch (error) {
      await recordFailure(email, account, error, { ...run, db: this.db, accounts: this.accountService, clock: this.clock, events: this.events }, log);
    }
    this.events.onEmailChanged?.(email.id);
  }

  /**
   * Due mail left waiting when the run ended (quota, pacing, batch size), or at its send time but
   * held back by a pause or a sending window.
   */
  private countDeferred(): number {
    const now = this.clock.now();
    return countDeferred(this.db, now) + countWindowHeld(this.db, now);
  }

  private async closeProviders(): Promise<void> {
    await this.accountService.closeProviders();
  }
}

export type { AccountRow };
