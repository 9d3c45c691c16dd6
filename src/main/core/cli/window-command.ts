// `facteur accounts window ID --days mon-fri --hours 09:00-17:30 --time-zone Europe/Paris | --clear`:
// the days and hours an account may send (CLI-CONTRACT.md, "Scheduling"). Without options it
// shows the window. Given options change only what they name when a window already exists.
import type { Command } from 'commander';
import { describeWindow, parseDays, parseHours, type HourRange, type SendingWindow } from '../../../shared/sending-window';
import { invalidInput } from '../errors';
import type { CliContext } from './context';

export interface WindowOptions {
  days?: string;
  hours?: string[];
  timeZone?: string;
  clear?: boolean;
}

/** Reads the window flags into a window (still to be validated by the schema), null for --clear, undefined when none given. */
export function windowFromOptions(options: WindowOptions, current: SendingWindow | null, flag = (name: string) => name): SendingWindow | null | undefined {
  const given = options.days !== undefined || (options.hours?.length ?? 0) > 0 || options.timeZone !== undefined;
  if (options.clear) {
    if (given) throw invalidInput(flag('clear'), 'give --clear alone, without days, hours or a time zone');
    return null;
  }
  if (!given) return undefined;
  const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  let days = current?.days;
  if (options.days !== undefined) {
    try {
      days = parseDays(options.days);
    } catch (error) {
      throw invalidInput(flag('days'), reason(error));
    }
  }
  let hours: HourRange[] | undefined = current?.hours;
  if (options.hours && options.hours.length > 0) {
    try {
      hours = options.hours.flatMap((text) => text.split(',')).map(parseHours);
    } catch (error) {
      throw invalidInput(flag('hours'), reason(error));
    }
  }
  const timeZone = options.timeZone ?? current?.timeZone;
  if (!days) throw invalidInput(flag('days'), 'give the days mail may leave, e.g. --days mon-fri');
  if (!hours) throw invalidInput(flag('hours'), 'give the hours mail may leave, e.g. --hours 09:00-17:30');
  if (!timeZone) throw invalidInput(flag('time-zone'), 'give the time zone the hours are in, e.g. --time-zone Europe/Paris');
  return { days, hours, timeZone };
}

/** Zod's field names, as the flags the user typed. */
export function flagOf(field: string | undefined): string {
  const top = /^[A-Za-z]+/u.exec(field ?? '')?.[0];
  if (!top) return 'window';
  return top === 'timeZone' ? 'time-zone' : top;
}

/** A window the engine refused (field `window…`), as an error naming the user's flag. */
export function asFlagError(error: unknown, flag: (name: string) => string = (name) => name): unknown {
  const field = (error as { field?: string }).field;
  if (!field?.startsWith('window')) return error;
  const message = (error as Error).message;
  return invalidInput(flag(flagOf(field.replace(/^window\.?/u, ''))), message.slice(message.indexOf(': ') + 2));
}

export function registerWindowCommand(accounts: Command, context: CliContext): void {
  accounts
    .command('window <id>')
    .description('the days and hours this account may send (mail due outside waits for the opening)')
    .option('--days <days>', 'days mail may leave: mon-fri, or a list such as mon,wed,fri')
    .option('--hours <from-to>', 'hours mail may leave, e.g. 09:00-17:30 (repeatable: 09:00-12:00 --hours 14:00-18:00)', (value: string, all: string[]) => [...all, value], [])
    .option('--time-zone <iana zone>', 'the zone the hours are read in, e.g. Europe/Paris')
    .option('--clear', 'send at any time again')
    .option('--json', 'print JSON')
    .action(async (id: string, options: WindowOptions & { json?: boolean }) => {
      await context.withEngine((engine) => {
        const row = engine.accounts.resolve(id);
        const current = engine.accounts.summarise(row, 0).sendingWindow;
        const wanted = windowFromOptions(options, current);
        let window = current;
        if (wanted !== undefined) {
          try {
            window = engine.accounts.setWindow(row.id, wanted).sendingWindow;
          } catch (error) {
            throw asFlagError(error);
          }
        }
        if (options.json) return context.json(window);
        context.out(window ? describeWindow(window) : 'no sending window: mail leaves at any time');
      });
    });
}
