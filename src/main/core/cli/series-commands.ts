// `facteur series show | skip | edit`: repeating mail by the id of any of its occurrences (as
// `list` and `show` print it). Starting a series is `enqueue --repeat`; stopping it `cancel --series`.
import path from 'node:path';
import type { Command } from 'commander';
import { seriesInfoSchema } from '../../../shared/output-schemas';
import { invalidInput } from '../errors';
import type { SeriesInfo } from '../series/series-service';
import type { CliContext } from './context';
import { readMessageFile } from './message-file';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function describe(info: SeriesInfo): string {
  const next = info.upcoming.length ? `\nnext: ${info.upcoming.join(', ')}` : '';
  return `series ${info.id} (${info.state}): ${info.rule} in ${info.timeZone}${next}`;
}

interface EditFlags {
  message?: string;
  repeat?: string;
  sendAt?: string;
  timeZone?: string;
  allowPath: string[];
  json?: boolean;
}

export function registerSeriesCommands(program: Command, context: CliContext): void {
  const series = program.command('series').description('repeating mail: show, skip the next occurrence, change it from now on');

  series
    .command('show <id>')
    .description('the series of email ID: rule, zone, the next five times')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        const info = engine.series.ofEmail(engine.queue.requireId(id));
        if (!info) throw invalidInput('id', `email ${id} is not part of a repeating series`);
        if (options.json) return context.json(info, seriesInfoSchema, 'series show --json');
        context.out(describe(info));
      });
    });

  series
    .command('skip <id>')
    .description('skip the waiting occurrence of the series of email ID (kept as cancelled, code skipped); the next one is made')
    .option('--json', 'print {"skipped": id, "next": id|null}')
    .action(async (id: string, options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        const result = engine.series.skip(engine.queue.requireId(id));
        if (options.json) return context.json(result);
        const next = result.next === null ? 'the series has no more occurrences' : `next is #${result.next} at ${engine.queue.get(result.next).sendAt}`;
        context.out(`skipped #${result.skipped}; ${next}`);
      });
    });

  series
    .command('edit <id>')
    .description('change the series of email ID from its waiting occurrence on')
    .option('--message <file.json>', 'a new message (validated like enqueue)')
    .option('--repeat <rrule>', 'a new rule, counted from the waiting occurrence')
    .option('--send-at <iso-8601>', 'a new time for the waiting occurrence; the rule carries on from it')
    .option('--time-zone <iana zone>', 'a new zone for the series (and of --send-at)')
    .option('--allow-path <dir>', 'also attach files from this folder (repeatable)', collect, [])
    .option('--json', 'print the series as JSON')
    .action(async (id: string, flags: EditFlags) => {
      if (!flags.message && !flags.repeat && !flags.sendAt && !flags.timeZone) {
        throw invalidInput('series', 'give what to change: --message FILE, --repeat RRULE, --send-at and/or --time-zone');
      }
      const message = flags.message ? readMessageFile(flags.message) : undefined;
      await context.withEngine(async (engine) => {
        const info = await engine.series.edit(engine.queue.requireId(id), {
          ...(message === undefined ? {} : { message, baseDir: path.dirname(path.resolve(flags.message as string)) }),
          repeat: flags.repeat ?? null,
          sendAt: flags.sendAt ?? null,
          timeZone: flags.timeZone ?? null,
          allowedDirs: flags.allowPath.map((dir) => path.resolve(dir)),
        });
        if (flags.json) return context.json(info, seriesInfoSchema, 'series edit --json');
        context.out(describe(info));
      });
    });
}
