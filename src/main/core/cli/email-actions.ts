// What a user does to one email from the terminal: retry, cancel (or stop its series), reschedule,
// mark an uncertain one as sent. One register function per command.
import type { Command } from 'commander';
import { invalidInput } from '../errors';
import type { CliContext } from './context';

/** `retry <id> | --all-failed` */
export function registerRetryCommand(program: Command, context: CliContext): void {
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
}

/** `cancel <id> [--series]` */
export function registerCancelCommand(program: Command, context: CliContext): void {
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
}

/** `reschedule <id> --send-at T [--time-zone Z]` */
export function registerRescheduleCommand(program: Command, context: CliContext): void {
  program
    .command('reschedule <id>')
    .description('change when unsent mail goes out')
    .requiredOption('--send-at <iso-8601>', 'the new time')
    .option('--time-zone <iana zone>', 'zone of --send-at')
    .action(async (id: string, options: { sendAt: string; timeZone?: string }) => {
      await context.withEngine((engine) => engine.queue.reschedule(engine.queue.requireId(id), options.sendAt, options.timeZone ?? null));
    });
}

/** `mark-sent <id>` */
export function registerMarkSentCommand(program: Command, context: CliContext): void {
  program
    .command('mark-sent <id>')
    .description('record that an uncertain email did arrive (it will not be sent again)')
    .action(async (id: string) => {
      await context.withEngine((engine) => engine.queue.markSent(engine.queue.requireId(id)));
    });
}
