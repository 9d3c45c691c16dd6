// What a send the provider accepted does to the queue. The common case — every recipient
// accepted, nothing recorded before — is one prepared statement. Otherwise each recipient's
// outcome is stored: refused ones make the mail "sent with refusals" (attention), deferred ones
// send it back to the queue for them alone.
import type { ProcessSummary } from '../../../shared/domain';
import type { Clock } from '../clock';
import type { TurnCommit } from './turn-commit';
import type { emails } from '../db/schema';
import type { Logger } from '../logger';
import type { SendResult } from '../providers/email-provider';
import { retryDelay, type RetryPolicy } from './backoff';
import type { OutcomeRecorder } from './outcomes';
import { describeVerdict, judgeRecipients, type RecipientRow } from './recipients';

export interface DeliveredContext {
  recorder: OutcomeRecorder;
  commits: TurnCommit;
  summary: ProcessSummary;
  policy: RetryPolicy;
  clock: Clock;
}

export async function recordDelivered(
  email: typeof emails.$inferSelect,
  result: SendResult,
  prior: Map<string, RecipientRow>,
  context: DeliveredContext,
  log: Logger,
): Promise<void> {
  const { recorder, commits, summary } = context;
  const results = result.recipients ?? [];
  if (prior.size === 0 && results.every((recipient) => recipient.outcome === 'accepted')) {
    await commits.submit(() => recorder.sent(email.id, result.providerMessageId, result.response));
    summary.sent += 1;
    return;
  }
  const final = email.attempts >= email.maxAttempts;
  const verdict = judgeRecipients(results, prior, final, email.attempts);
  const text = describeVerdict(verdict);
  summary.refused = (summary.refused ?? 0) + verdict.refusedNow;
  if (verdict.pending.length > 0) {
    const at = context.clock.now() + retryDelay(email.attempts, context.policy, null);
    await commits.submit(() => recorder.retryRecipients(email.id, at, { errorCode: 'recipients-deferred', message: text }, verdict.rows));
    summary.retrying += 1;
    log.info({ pending: verdict.pending, nextAttemptAt: new Date(at).toISOString() }, `partly delivered: ${text}`);
    return;
  }
  await commits.submit(() =>
    recorder.sentTo(email.id, result.providerMessageId, { message: result.response }, verdict.rows, verdict.refused.length > 0 ? text : null),
  );
  summary.sent += 1;
  if (verdict.refused.length > 0) log.warn({ refused: verdict.refused.map((row) => row.address) }, text);
}
