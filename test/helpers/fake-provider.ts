// A scripted in-process provider for engine tests that need a fake clock: records each send with
// the (fake) time it started, tracks concurrency, and fails the way a test tells it to.
import type { AccountLimits } from '../../src/shared/domain';
import type { Clock } from '../../src/main/core/clock';
import type { EmailProvider, OutgoingMessage, SendResult } from '../../src/main/core/providers/email-provider';

export class FakeProvider implements EmailProvider {
  readonly kind = 'smtp' as const;
  readonly sends: Array<{ emailId: number; at: number; subject: string }> = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Errors to throw for the next sends, in order (undefined = succeed). */
  script: Array<Error | undefined> = [];
  /** Fake-clock milliseconds each send takes. */
  durationMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: AccountLimits,
  ) {}

  defaultLimits(): AccountLimits {
    return this.limits;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const failure = this.script.shift();
      if (this.durationMs > 0) await this.clock.sleep(this.durationMs);
      if (failure) throw failure;
      this.sends.push({ emailId: message.emailId, at: this.clock.now(), subject: message.subject });
      return { providerMessageId: `fake-${message.emailId}`, response: '250 ok' };
    } finally {
      this.inFlight -= 1;
    }
  }
}
