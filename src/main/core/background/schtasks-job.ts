// Windows: a Task Scheduler task (`schtasks /Create /SC MINUTE /MO N`) that runs a small .cmd
// in the data dir; the .cmd sets FACTEUR_DATA_DIR, which /TR alone cannot, and keeps /TR short.
import path from 'node:path';
import { notInstalled, readIfExists, type Backend, type JobContext } from './backend';

export const taskName = (context: JobContext): string => `Facteur\\${context.name}`;
export const wrapperPath = (context: JobContext): string => path.join(context.dataDir, 'background', `${context.name}.cmd`);

/** Batch files read `%` as a variable: doubled. Windows paths cannot contain `"`. */
const batch = (value: string): string => value.replace(/%/gu, '%%');

export function wrapperScript(context: JobContext, every: number): string {
  const { program, args, env } = context.command;
  return [
    '@echo off',
    `rem Written by facteur background install (every ${every} minutes); remove it with facteur background uninstall.`,
    ...Object.entries(env).map(([key, value]) => `set "${key}=${batch(value)}"`),
    `${[program, ...args].map((word) => `"${batch(word)}"`).join(' ')} >nul 2>>"${batch(path.join(context.dataDir, 'background-errors.log'))}"`,
    '',
  ].join('\r\n');
}

export const schtasksBackend: Backend = {
  kind: 'schtasks',
  install(context, session, every) {
    const wrapper = wrapperPath(context);
    session.write(wrapper, wrapperScript(context, every));
    session.must('schtasks', ['/Create', '/F', '/SC', 'MINUTE', '/MO', String(every), '/TN', taskName(context), '/TR', `"${wrapper}"`]);
  },
  uninstall(context, session) {
    const wrapper = wrapperPath(context);
    const query = session.run('schtasks', ['/Query', '/TN', taskName(context)]);
    if (query.code === 0) session.must('schtasks', ['/Delete', '/TN', taskName(context), '/F']);
    session.remove(wrapper);
  },
  status(context, session) {
    const text = readIfExists(wrapperPath(context));
    if (text === null) return notInstalled('schtasks');
    if (session.run('schtasks', ['/Query', '/TN', taskName(context)]).code !== 0) return notInstalled('schtasks');
    const every = /every (\d+) minutes/u.exec(text)?.[1];
    return { installed: true, kind: 'schtasks', every: every ? Number(every) : null, files: [wrapperPath(context)] };
  },
};
