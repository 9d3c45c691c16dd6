// Linux without a systemd user manager (containers, WSL, some minimal systems): one line in the
// user's crontab, found again by its trailing marker comment.
import path from 'node:path';
import { notInstalled, type Backend, type JobContext, type Session } from './backend';

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

/** The current crontab; "no crontab for user" (exit 1, nothing on stdout) is an empty one. */
function readCrontab(session: Session): string[] {
  const listed = session.run('crontab', ['-l']);
  if (listed.code !== 0) return [];
  return listed.stdout.split('\n').filter((line, index, all) => line.length > 0 || index < all.length - 1);
}

function writeCrontab(session: Session, lines: string[]): void {
  session.must('crontab', ['-'], lines.length ? `${lines.join('\n')}\n` : '');
}

export const cronBackend: Backend = {
  kind: 'cron',
  install(context, session, every) {
    if (cronStep(every) !== every) {
      session.report.notes.push(`cron repeats only by divisors of an hour: every ${cronStep(every)} minutes rather than ${every}`);
    }
    const others = readCrontab(session).filter((line) => !line.endsWith(marker(context)));
    writeCrontab(session, [...others, cronLine(context, every)]);
  },
  uninstall(context, session) {
    const lines = readCrontab(session);
    const others = lines.filter((line) => !line.endsWith(marker(context)));
    if (others.length !== lines.length) writeCrontab(session, others);
  },
  status(context, session) {
    const ours = readCrontab(session).find((line) => line.endsWith(marker(context)));
    if (!ours) return notInstalled('cron');
    const every = /^\*\/(\d+) /u.exec(ours)?.[1] ?? (ours.startsWith('0 * ') ? '60' : null);
    return { installed: true, kind: 'cron', every: every ? Number(every) : null, files: [] };
  },
};
