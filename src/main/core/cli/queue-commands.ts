// `facteur enqueue | process-queue | list | show | status | retry | cancel | reschedule | mark-sent`.
import type { Command } from 'commander';
import { z } from 'zod';
import { emailDetailSchema, emailListItemSchema, processSummarySchema } from '../../../shared/output-schemas';
import { settingsSchema } from '../../../shared/settings';
import { waitReason } from '../queue/wait-reason';
import { describeWindowWait } from '../windows/window-hold';
import { emailStatusSchema, type ProcessSummary } from '../../../shared/domain';
import { FacteurError, invalidInput, parseInput } from '../errors';
import { table } from './io';
import { readStatusReport } from '../db/status-counts';
import type { CliContext } from './context';
import { registerEnqueueCommand } from './enqueue-command';
import { registerSeriesCommands } from './series-commands';

export const positiveInt = (name: string, max: number) => (value: string): number => {
  if (!/^\d+$/u.test(value) || Number(value) < 1 || Number(value) > max) {
    throw invalidInput(name, `"${value}" must be a whole number from 1 to ${max}`);
  }
  return Number(value);
};

export const nonNegativeInt = (name: string) => (value: string): number => {
  if (!/^\d+$/u.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidInput(name, `"${value}" must be a whole number, 0 or more`);
  }
  return Number(value);
};

export { readMessageFile } from './message-file';

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

export function registerQueueCommands(program: Command, context: CliContext): void {
  registerEnqueueCommand(program, context);
  registerSeriesCommands(program, context);

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
          if (options.json) context.json(summary, processSummarySchema, 'process-queue --json');
          else context.out(summaryLine(summary, engine.queue.waiting()));
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

  program
    .command('list')
    .description('queued emails, newest first')
    .option('--status <status>', 'only this status (scheduled, queued, sending, sent, failed, cancelled, held, uncertain)')
    .option('--account <id|email>', 'only this account')
    .option('--batch <id>', 'only the mail of this mail-merge batch')
    .option('--search <text>', 'subject or recipient contains')
    .option('--attention', 'only mail that needs attention: failed, held, uncertain, sent with refused recipients')
    .option('--limit <n>', 'at most this many (a page)', positiveInt('limit', 10_000), 100)
    .option('--offset <k>', 'skip the first k, to page past --limit', nonNegativeInt('offset'), 0)
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; account?: string; batch?: string; search?: string; attention?: boolean; limit: number; offset: number; json?: boolean }) => {
      const status = options.status === undefined ? undefined : parseInput(emailStatusSchema, options.status, 'status');
      await context.withEngine((engine) => {
        const accountId = options.account === undefined ? undefined : engine.accounts.resolve(options.account).id;
        const batchId = options.batch === undefined ? undefined : engine.batches.requireId(options.batch);
        const items = engine.queue.list({ status, accountId, batchId, search: options.search, attention: options.attention, limit: options.limit, offset: options.offset });
        if (options.json) return context.json(items, z.array(emailListItemSchema), 'list --json');
        if (items.length === 0) return context.out('nothing here');
        context.out(
          table(
            ['ID', 'STATUS', 'TRIES', 'SEND AT', 'FROM', 'TO', 'SUBJECT', 'LAST ERROR'],
            items.map((item) => [
              item.id,
              item.status,
              `${item.attempts}/${item.maxAttempts}`,
              item.sendAt,
              item.accountEmail,
              item.to.join(', '),
              item.subject,
              item.lastError,
            ]),
            40,
          ),
        );
      });
    });

  program
    .command('show <id>')
    .description('one email: recipients, attachments and every attempt')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        const detail = engine.queue.get(engine.queue.requireId(id));
        if (options.json) return context.json(detail, emailDetailSchema, 'show --json');
        context.out(`#${detail.id} ${detail.status} — ${detail.subject}`);
        context.out(`from ${detail.accountEmail} to ${detail.to.join(', ')}`);
        context.out(`send at ${detail.sendAt} (${detail.timeZone}); message-id ${detail.messageId}`);
        if (detail.series) {
          const { series } = detail;
          context.out(`repeats (series ${series.id}, ${series.state}): ${series.rule} in ${series.timeZone}${series.upcoming.length ? `; next ${series.upcoming.join(', ')}` : ''}`);
        }
        const wait = waitReason(engine.db, engine.accounts, engine.settings, engine.clock, detail.id);
        if (wait?.reason === 'sending-window') context.out(describeWindowWait(wait));
        for (const recipient of detail.recipients) {
          if (recipient.outcome === 'accepted' && detail.status === 'sent') continue;
          context.out(`  ${recipient.kind} ${recipient.address}: ${recipient.outcome}${recipient.reason ? ` — ${recipient.reason}` : ''}`);
        }
        for (const file of detail.attachments) context.out(`  attachment ${file.filename} (${file.contentType}, ${file.size} bytes)`);
        for (const attempt of detail.history) {
          context.out(`  try ${attempt.attempt} at ${attempt.startedAt}: ${attempt.outcome}${attempt.message ? ` — ${attempt.message}` : ''}`);
        }
      });
    });

  program
    .command('status')
    .description('counts by status')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        // The same report as the fast path (cli/fast-path.ts) prints for `status --json`.
        const { blocked, blockedReason, ...counts } = readStatusReport(engine.db.$client);
        if (options.json) return context.json({ ...counts, blocked, blockedReason });
        context.out(table(['STATUS', 'COUNT'], Object.entries(counts).map(([status, count]) => [status, count])));
        if (blocked > 0) context.out(`\n${blocked} email(s) cannot be sent: ${blockedReason ?? 'a local service did not answer'}`);
      });
    });

  program
    .command('retry [id]')
    .description('put failed (or uncertain) mail back in the queue')
    .option('--all-failed', 'every failed email')
    .action(async (id: string | undefined, options: { allFailed?: boolean }) => {
      if ((id === undefined) === (options.allFailed !== true)) throw invalidInput('id', 'give an email id or --all-failed');
      await context.withEngine((engine) => {
        if (!options.allFailed) {
          context.out(String(engine.queue.retry(engine.queue.requireId(id as string))));
          return;
        }
        // The contract's "every failed email": someone at a terminal may have fixed the mailbox.
        context.out(String(engine.queue.retryAllFailed(undefined, { onlyRetryable: false }).count));
      });
    });

  program
    .command('cancel <id>')
    .description('cancel mail that has not been sent (one occurrence of a series: that one is skipped)')
    .option('--series', 'stop the whole repeating series of this email; its unsent occurrences are cancelled')
    .action(async (id: string, options: { series?: boolean }) => {
      await context.withEngine((engine) => {
        if (options.series) engine.series.stop(engine.queue.requireId(id));
        else engine.queue.cancel(engine.queue.requireId(id));
      });
    });

  program
    .command('reschedule <id>')
    .description('change when unsent mail goes out')
    .requiredOption('--send-at <iso-8601>', 'the new time')
    .option('--time-zone <iana zone>', 'zone of --send-at')
    .action(async (id: string, options: { sendAt: string; timeZone?: string }) => {
      await context.withEngine((engine) => engine.queue.reschedule(engine.queue.requireId(id), options.sendAt, options.timeZone ?? null));
    });

  program
    .command('mark-sent <id>')
    .description('record that an uncertain email did arrive (it will not be sent again)')
    .action(async (id: string) => {
      await context.withEngine((engine) => engine.queue.markSent(engine.queue.requireId(id)));
    });

  program
    .command('settings')
    .description('show settings, or change them: facteur settings retryBaseSeconds=30 batchSize=50')
    .argument('[assignments...]', 'key=value pairs (values are JSON: numbers, true/false, "text")')
    .option('--json', 'print JSON')
    .action(async (assignments: string[], options: { json?: boolean }) => {
      const patch: Record<string, unknown> = {};
      for (const assignment of assignments) {
        const at = assignment.indexOf('=');
        if (at <= 0) throw invalidInput('settings', `"${assignment}" is not key=value`);
        const raw = assignment.slice(at + 1);
        let value: unknown = raw;
        try {
          value = JSON.parse(raw);
        } catch {
          // plain text value
        }
        patch[assignment.slice(0, at)] = value;
      }
      await context.withEngine((engine) => {
        const settings = assignments.length ? engine.settings.update(patch) : engine.settings.get();
        if (options.json) return context.json(settings, settingsSchema, 'settings --json');
        context.out(table(['SETTING', 'VALUE'], Object.entries(settings).map(([key, value]) => [key, JSON.stringify(value)])));
      });
    });
}
