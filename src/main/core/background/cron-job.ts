// Linux without a systemd user manager (containers, WSL, some minimal systems): one line in the
// user's crontab, found again by its trailing marker comment.
import path from 'node:path';
import { FacteurError } from '../errors';
import { notInstalled, type Backend, type JobContext, type Session } from './backend';
import { commandLine } from './job-spec';

/** Single-quoted for sh; `%` escaped because cron turns a bare `%` into a newline. */
export const cronQuote = (value: string): string => `'${value.replace(/'/gu, `'\\''`)}'`.replace(/%/gu, '\\%');

const marker = (context: JobContext): string => `# ${context.name}`;

/**
 * The step cron can keep: a step of 45 fires at :00 and :45 (a 15-minute gap, then 45), since cron
 * repeats only within the hour. The largest divisor of 60 not above `every` never leaves a longer
 * gap than asked.
 */
export const cronStep = (every: number): number => [60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((step) => step <= every) ?? 1;

export function cronLine(context: JobContext, every: number): string {
  const step = cronStep(every);
  const schedule = step >= 60 ? '0 * * * *' : `*/${step} * * * *`;
  const env = Object.entries(context.command.env).map(([key, value]) => `${key}=${cronQuote(value)}`);
  const command = [context.command.program, ...context.command.args].map(cronQuote);
  const errors = cronQuote(path.join(context.dataDir, 'background-errors.log'));
  return `${schedule} ${[...env, ...command].join(' ')} >/dev/null 2>>${errors} ${marker(context)}`;
}

/**
 * The current crontab; "no crontab for user" (exit 1, nothing on stdout) is an empty one, and no
 * crontab command at all (cron not installed) is null.
 */
function readCrontab(session: Session): string[] | null {
  const listed = session.run('crontab', ['-l']);
  if (listed.missing) return null;
  if (listed.code !== 0) return [];
  return listed.stdout.split('\n').filter((line, index, all) => line.length > 0 || index < all.length - 1);
}

function writeCrontab(session: Session, lines: string[]): void {
  session.must('crontab', ['-'], lines.length ? `${lines.join('\n')}\n` : '');
}

export const cronBackend: Backend = {
  kind: 'cron',
  install(context, session, every) {
    const lines = readCrontab(session);
    if (lines === null) throw noScheduler(context, session);
    if (cronStep(every) !== every) {
      session.report.notes.push(`cron repeats only by divisors of an hour: every ${cronStep(every)} minutes rather than ${every}`);
    }
    const others = lines.filter((line) => !line.endsWith(marker(context)));
    writeCrontab(session, [...others, cronLine(context, every)]);
  },
  uninstall(context, session) {
    const lines = readCrontab(session);
    if (lines === null) return;
    const others = lines.filter((line) => !line.endsWith(marker(context)));
    if (others.length !== lines.length) writeCrontab(session, others);
  },
  status(context, session) {
    const ours = (readCrontab(session) ?? []).find((line) => line.endsWith(marker(context)));
    if (!ours) return notInstalled('cron');
    const every = /^\*\/(\d+) /u.exec(ours)?.[1] ?? (ours.startsWith('0 * ') ? '60' : null);
    return { installed: true, kind: 'cron', every: every ? Number(every) : null, files: [] };
  },
};

/**
 * Neither a systemd user manager nor cron (a minimal container, a server without the cron
 * package): say what to install, and the command a scheduler of the user's own would run.
 */
function noScheduler(context: JobContext, session: Session): FacteurError {
  const { program, args, env } = context.command;
  const run = [...Object.entries(env).map(([key, value]) => `${key}=${commandLine(value, [])}`), commandLine(program, args)].join(' ');
  const why = [session.passedOver, 'cron is not installed (no crontab command)'].filter(Boolean).join(' and ');
  return new FacteurError(
    'unavailable',
    `nothing here can run Facteur in the background: ${why}. Install cron (Debian, Ubuntu: apt install cron; Fedora: dnf install cronie) and run this again, or have your own scheduler run: ${run}`,
  );
}
