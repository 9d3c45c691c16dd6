// `facteur enqueue`: one message file, several (`--message` repeated) or a JSON Lines file (one
// message a line, each with an optional `sendAt` and `timeZone`). Every message is read and
// validated before any is queued; all are queued in one transaction, or none.
import path from 'node:path';
import type { Command } from 'commander';
import { invalidInput } from '../errors';
import type { EnqueueOptions } from '../queue/enqueue-preparation';
import type { CliContext } from './context';
import { readJsonLines, readMessageFile } from './message-file';
import { positiveInt } from './options';
import { MAX_LATE_MINUTES } from '../../../shared/settings';

/** Commander collector for a repeatable option. */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface EnqueueFlags {
  account: string;
  message: string[];
  jsonl?: string;
  sendAt?: string;
  timeZone?: string;
  repeat?: string;
  maxAttempts?: number;
  expiresAfter?: number;
  allowPath: string[];
  json?: boolean;
}

interface Item {
  message: unknown;
  options: EnqueueOptions;
}

/** A JSON Lines entry: the message, with its own send time and zone taken out of it. */
function fromLine(value: unknown, where: string): { message: unknown; sendAt?: string; timeZone?: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidInput('jsonl', `${where}: each line must be a JSON object (one message)`);
  const { sendAt, timeZone, ...message } = value as Record<string, unknown>;
  for (const [name, field] of [['sendAt', sendAt], ['timeZone', timeZone]] as const) {
    if (field !== undefined && field !== null && typeof field !== 'string') throw invalidInput('jsonl', `${where}: ${name} must be a string`);
  }
  return { message, ...(typeof sendAt === 'string' ? { sendAt } : {}), ...(typeof timeZone === 'string' ? { timeZone } : {}) };
}

export function registerEnqueueCommand(program: Command, context: CliContext): void {
  program
    .command('enqueue')
    .description('validate message files and queue them (all or none)')
    .requiredOption('--account <id|email>', 'the sending account')
    .option('--message <file.json>', 'a message (see README: message file); repeat for several', collect, [])
    .option('--jsonl <file>', 'one message per line (JSON Lines), each with an optional sendAt and timeZone')
    .option('--send-at <iso-8601>', 'when to send; without an offset it is read in --time-zone')
    .option('--time-zone <iana zone>', 'zone of --send-at (default: this computer’s)')
    .option('--repeat <rrule>', 'repeat as an RFC 5545 rule in --time-zone (FREQ=WEEKLY;BYDAY=MO); the first occurrence at --send-at')
    .option('--max-attempts <n>', 'tries before giving up on transient errors', positiveInt('max-attempts', 20))
    .option('--expires-after <minutes>', 'do not send it if it would leave more than this many minutes after its time (it fails with code "expired")', positiveInt('expires-after', MAX_LATE_MINUTES))
    .option('--allow-path <dir>', 'also attach files from this folder (repeatable); by default only from the message file’s folder', collect, [])
    .option('--json', 'print the ids as a JSON array')
    .action(async (flags: EnqueueFlags) => {
      if (flags.message.length === 0 && !flags.jsonl) throw invalidInput('message', 'give --message FILE (repeatable) or --jsonl FILE');
      const common = {
        maxAttempts: flags.maxAttempts ?? null,
        expiresAfterMinutes: flags.expiresAfter ?? null,
        repeat: flags.repeat ?? null,
        allowedDirs: flags.allowPath.map((dir) => path.resolve(dir)),
      };
      const several = flags.message.length + (flags.jsonl ? 1 : 0) > 1;
      // Read everything first: a bad file or line stops the command before anything is queued.
      const items: Item[] = flags.message.map((file) => ({
        message: readMessageFile(file),
        options: {
          ...common,
          sendAt: flags.sendAt ?? null,
          timeZone: flags.timeZone ?? null,
          baseDir: path.dirname(path.resolve(file)),
          ...(several ? { label: file } : {}),
        },
      }));
      if (flags.jsonl) {
        const file = flags.jsonl;
        for (const { line, value } of readJsonLines(file)) {
          const where = `${file} line ${line}`;
          const entry = fromLine(value, where);
          items.push({
            message: entry.message,
            options: {
              ...common,
              sendAt: entry.sendAt ?? flags.sendAt ?? null,
              timeZone: entry.timeZone ?? flags.timeZone ?? null,
              baseDir: path.dirname(path.resolve(file)),
              label: where,
            },
          });
        }
      }
      await context.withEngine(async (engine) => {
        const ids = await engine.queue.queueEmails(items.map((item) => ({ message: item.message, accountRef: flags.account, options: item.options })));
        if (flags.json) return context.json(ids);
        context.out(ids.join('\n'));
      });
    });
}
