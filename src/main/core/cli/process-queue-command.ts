// `facteur process-queue`: sends due mail, earliest first, then exits — what cron runs. One signal
// finishes the emails in flight; a second leaves at once (the next run recovers the leases).
import type { Command } from 'commander';
import type { ProcessSummary } from '../../../shared/domain';
import { processQueueJsonSchema } from '../../../shared/output-schemas';
import { FacteurError } from '../errors';
import type { CliContext } from './context';
import { positiveInt } from './options';

/** What still waits after a run, and until when. */
export interface Waiting {
  count: number;
  nextAt: number | null;
}

export function summaryLine(summary: ProcessSummary, waiting: Waiting = { count: 0, nextAt: null }): string {
  const rest =
    waiting.count === 0
      ? 'nothing more due'
      : `nothing more due now; ${waiting.count} waiting${waiting.nextAt === null ? '' : `, the next at ${new Date(waiting.nextAt).toISOString()}`}`;
  const why: Record<ProcessSummary['stoppedBy'], string> = {
    done: rest,
    'batch-size': 'batch size reached',
    'max-runtime': 'max runtime reached',
    'memory-limit': 'memory limit reached',
    signal: 'stopped by a signal',
    locked: 'another run is already sending',
  };
  return (
    `sent ${summary.sent}, failed ${summary.failed}, retrying ${summary.retrying}, held ${summary.held}, ` +
    `deferred ${summary.deferred}, uncertain ${summary.uncertain}, refused recipients ${summary.refused ?? 0} — ${why[summary.stoppedBy]}`
  );
}

/** `process-queue [--batch-size N] [--max-runtime S] [--memory-limit MB] [--json]` */
export function registerProcessQueueCommand(program: Command, context: CliContext): void {
  program
    .command('process-queue')
    .description('send due mail, earliest first, then exit (run it from cron)')
    // No default here: without the flag the run uses the batchSize setting (`facteur settings`).
    .option('--batch-size <n>', 'most emails to send in this run (default: the batchSize setting)', positiveInt('batch-size', 100_000))
    .option('--max-runtime <seconds>', 'stop claiming new mail after this long', positiveInt('max-runtime', 86_400), 600)
    .option('--memory-limit <mb>', 'stop claiming once memory use passes this (also EMAIL_MEMORY_LIMIT_MB)', positiveInt('memory-limit', 1_000_000))
    .option('--json', 'print the summary as JSON')
    .action(async (options: { batchSize?: number; maxRuntime: number; memoryLimit?: number; json?: boolean }) => {
      const envLimit = context.env.EMAIL_MEMORY_LIMIT_MB;
      const memoryLimitMb = options.memoryLimit ?? (envLimit ? positiveInt('EMAIL_MEMORY_LIMIT_MB', 1_000_000)(envLimit) : null);
      const controller = new AbortController();
      let signals = 0;
      const onSignal = (): void => {
        signals += 1;
        // First signal: finish what is in flight and record it. Second: leave now; the next
        // run recovers the leases (never-started mail is requeued, in-flight becomes uncertain).
        if (signals > 1) process.exit(130);
        context.err('stopping after the emails in flight… (press Ctrl-C again to quit at once)');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await context.withEngine(async (engine) => {
          const interactive = process.stderr.isTTY === true && !options.json;
          if (interactive) {
            engine.events.on('progress', (p) => {
              process.stderr.write(`\r${p.claimed}/${p.batchSize} claimed · ${p.sent} sent · ${p.failed} failed · ${p.retrying} retrying · ${p.inFlight} in flight `);
            });
          }
          const summary = await engine.process({
            ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
            maxRuntimeMs: options.maxRuntime * 1000,
            memoryLimitMb,
            signal: controller.signal,
          });
          if (interactive) process.stderr.write('\n');
          const waiting = engine.queue.waiting();
          if (options.json) {
            // The JSON says what the summary line says: how much still waits, and the earliest time.
            const nextAt = waiting.nextAt === null ? null : new Date(waiting.nextAt).toISOString();
            context.json({ ...summary, waiting: waiting.count, nextAt }, processQueueJsonSchema, 'process-queue --json');
          } else context.out(summaryLine(summary, waiting));
          if (summary.unavailable) {
            // cron mails what a job prints on failure: say why the mail did not leave, every run.
            throw new FacteurError('unavailable', `due mail could not be sent: ${summary.unavailable}`);
          }
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
