// What a failed send does to the queue, by what the provider said: permanent → failed at once;
// transient → retried with backoff until attempts run out; rate-limited → the account pauses and
// the email waits without using an attempt; auth → held until the account is linked again;
// uncertain → shown for a decision, never re-sent blindly.
import type { ProcessSummary } from '../../../shared/domain';
import type { AccountService } from '../accounts/account-service';
import type { Clock } from '../clock';
import type { TurnCommit } from './turn-commit';
import type { emails } from '../db/schema';
import { FacteurError } from '../errors';
import type { Logger } from '../logger';
import type { ProviderAccount } from '../providers/email-provider';
import { ProviderError } from '../providers/provider-error';
import { retryDelay, type RetryPolicy } from './backoff';
import type { OutcomeRecorder } from './outcomes';
import type { AccountPace } from './pacing';
import type { Db } from '../db/open-database';
import { describeVerdict, givenUp, judgeRecipients, priorOutcomes } from './recipients';

const LOCAL_SERVICE_UNAVAILABLE = 'local-service-unavailable';
const CONFIGURATION = 'configuration';

export interface FailureContext {
  db: Db;
  recorder: OutcomeRecorder;
  commits: TurnCommit;
  paces: Map<number, AccountPace>;
  policy: RetryPolicy;
  summary: ProcessSummary;
  accounts: AccountService;
  clock: Clock;
  events: {
    errorText?: (text: string) => string;
    onEmailFailed?: (emailId: number, message: string) => void;
    onAccountNeedsReauth?: (accountId: number, reason: string) => void;
  };
}

export async function recordFailure(
  email: typeof emails.$inferSelect,
  account: ProviderAccount,
  error: unknown,
  context: FailureContext,
  log: Logger,
): Promise<void> {
  const { recorder, commits, summary, clock, events, accounts, policy } = context;
  const pace = context.paces.get(account.id);
  const failure = keptText(asProviderError(error), events.errorText);
  const detail = { errorCode: failure.code, providerCode: failure.providerCode, message: failure.message };
  const now = clock.now();
  if (await settleRecipients(email, failure, context, log)) return;
  switch (failure.kind) {
    case 'permanent':
      pace?.notDelivered(email.id);
      await commits.submit(() => recorder.failed(email.id, detail));
      summary.failed += 1;
      log.warn({ code: failure.code }, `failed: ${failure.message}`);
      events.onEmailFailed?.(email.id, failure.message);
      return;
    case 'transient':
      pace?.notDelivered(email.id);
      if (email.attempts >= email.maxAttempts) {
        await commits.submit(() => recorder.failed(email.id, { ...detail, message: `gave up after ${email.attempts} attempts: ${failure.message}` }));
        summary.failed += 1;
        log.warn({ code: failure.code }, `failed after ${email.attempts} attempts: ${failure.message}`);
        events.onEmailFailed?.(email.id, failure.message);
      } else {
        const at = now + retryDelay(email.attempts, policy, failure.retryAfterMs);
        await commits.submit(() => recorder.retry(email.id, at, detail));
        summary.retrying += 1;
        log.info({ code: failure.code, nextAttemptAt: new Date(at).toISOString() }, `will retry: ${failure.message}`);
      }
      return;
    case 'rate-limited': {
      pace?.forget(email.id);
      const until = now + (failure.retryAfterMs ?? retryDelay(1, policy, null));
      // The provider's limit pauses the whole account (and a run waits the pause out when it
      // can). A local problem — keychain down, set-up missing — is nothing a run can wait out:
      // only this email waits, and the run ends once nothing else is due.
      const local = failure.code === LOCAL_SERVICE_UNAVAILABLE || failure.code === CONFIGURATION;
      // Due mail that cannot leave because of this computer (keychain locked or absent) is the
      // run's failure, said on every run: the command line exits 3 with this reason.
      if (failure.code === LOCAL_SERVICE_UNAVAILABLE) summary.unavailable = failure.message;
      await commits.submit(() => recorder.deferred(email.id, local ? null : account.id, until, detail));
      log.info({ code: failure.code, until: new Date(until).toISOString() }, `provider asked to slow down: ${failure.message}`);
      return;
    }
    case 'auth':
      pace?.forget(email.id);
      // In the same transaction as the hold: the claim that follows it must not take more mail
      // of this account.
      await commits.submit(() => {
        recorder.held(email.id, detail);
        accounts.markNeedsReauth(account.id, failure.message);
      });
      summary.held += 1;
      events.onAccountNeedsReauth?.(account.id, failure.message);
      return;
    case 'uncertain':
      await commits.submit(() => recorder.uncertain(email.id, detail));
      summary.uncertain += 1;
      log.warn({ code: failure.code }, `uncertain: ${failure.message}`);
      return;
  }
}

/**
 * The failures that depend on recipients: every recipient refused at the envelope (some maybe
 * only for now), or a failure that ends mail already delivered to some of its recipients — that
 * mail is "sent" with the rest refused, never "failed". Returns false when the generic rules apply.
 */
async function settleRecipients(email: typeof emails.$inferSelect, failure: ProviderError, context: FailureContext, log: Logger): Promise<boolean> {
  const { recorder, commits, summary } = context;
  const ends = failure.kind === 'permanent' || (failure.kind === 'transient' && email.attempts >= email.maxAttempts);
  if (!failure.recipients && !ends) return false;
  const prior = priorOutcomes(context.db, email.id);
  const deliveredBefore = [...prior.values()].some((row) => row.outcome === 'accepted');
  const detail = { errorCode: failure.code, providerCode: failure.providerCode, message: failure.message };
  if (failure.recipients) {
    const verdict = judgeRecipients(failure.recipients, prior, email.attempts >= email.maxAttempts, email.attempts);
    const text = describeVerdict(verdict);
    if (verdict.pending.length > 0) {
      const at = context.clock.now() + retryDelay(email.attempts, context.policy, failure.retryAfterMs);
      context.paces.get(email.accountId)?.notDelivered(email.id);
      await commits.submit(() => recorder.retryRecipients(email.id, at, { ...detail, message: text }, verdict.rows));
      summary.retrying += 1;
      log.info({ pending: verdict.pending }, `recipients deferred: ${text}`);
      return true;
    }
    if (deliveredBefore) {
      summary.refused = (summary.refused ?? 0) + verdict.refusedNow;
      await commits.submit(() => recorder.sentTo(email.id, email.providerMessageId, detail, verdict.rows, text));
      summary.sent += 1;
      log.warn(text);
      return true;
    }
    context.paces.get(email.accountId)?.notDelivered(email.id);
    await commits.submit(() => recorder.failed(email.id, { ...detail, message: failure.message }, verdict.rows));
    summary.failed += 1;
    log.warn({ code: failure.code }, `failed: ${failure.message}`);
    context.events.onEmailFailed?.(email.id, failure.message);
    return true;
  }
  if (!deliveredBefore) return false;
  // Already delivered to some recipients: what could not reach the others is their refusal.
  const reason = failure.kind === 'transient' ? `gave up after ${email.attempts} attempts: ${failure.message}` : failure.message;
  const rows = givenUp(prior, reason);
  const all = new Map(prior);
  for (const row of rows) all.set(row.address, row);
  const values = [...all.values()];
  const text = describeVerdict({
    accepted: values.filter((row) => row.outcome === 'accepted').length,
    total: values.length,
    refused: values.filter((row) => row.outcome === 'refused'),
    pending: [],
  });
  summary.refused = (summary.refused ?? 0) + rows.length;
  await commits.submit(() => recorder.sentTo(email.id, email.providerMessageId, detail, rows, text));
  summary.sent += 1;
  log.warn(text);
  return true;
}

/** Without a redactor (unit tests), errors are still cut: a provider may answer with a whole page. */
const cut = (text: string): string => (text.length <= 500 ? text : `${text.slice(0, 499)}…`);

/**
 * The failure as Facteur keeps it — in the database, the log, `show`, notifications: a provider
 * may quote the request back in its error (tokens, client secret), so secrets are removed by value
 * and the text is bounded.
 */
function keptText(failure: ProviderError, errorText: ((text: string) => string) | undefined): ProviderError {
  const message = (errorText ?? cut)(failure.message);
  if (message === failure.message) return failure;
  return new ProviderError(failure.kind, message, {
    code: failure.code,
    providerCode: failure.providerCode,
    retryAfterMs: failure.retryAfterMs,
    ...(failure.recipients ? { recipients: failure.recipients } : {}),
  });
}

/** Anything a provider threw that is not a ProviderError gets a meaning here. */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof FacteurError && error.code === 'unavailable') {
    // The keychain (or another local service) is not answering: not the email's fault, so it
    // waits without using up an attempt.
    return new ProviderError('rate-limited', error.message, { code: LOCAL_SERVICE_UNAVAILABLE, retryAfterMs: 60_000, cause: error });
  }
  if (error instanceof FacteurError && error.code === 'invalid-input') {
    // Configuration the provider needs is missing (e.g. an OAuth client id): the mail waits for
    // the set-up to be fixed rather than failing.
    return new ProviderError('rate-limited', error.message, { code: CONFIGURATION, retryAfterMs: 10 * 60_000, cause: error });
  }
  if (error instanceof FacteurError && error.code === 'auth-required') {
    return new ProviderError('auth', error.message, { code: 'auth-required', cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('transient', `unexpected error: ${message}`, { code: 'unexpected', cause: error });
}
