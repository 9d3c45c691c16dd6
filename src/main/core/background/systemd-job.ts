// Linux with systemd: a user service (one `process-queue` run) and a timer that starts it every
// N minutes, under $XDG_CONFIG_HOME/systemd/user, enabled with `systemctl --user`.
import path from 'node:path';
import { readIfExists, notInstalled, type Backend, type JobContext } from './backend';

export function systemdUserDir(context: Pick<JobContext, 'env' | 'home'>): string {
  const config = context.env.XDG_CONFIG_HOME && path.isAbsolute(context.env.XDG_CONFIG_HOME) ? context.env.XDG_CONFIG_HOME : path.join(context.home, '.config');
  return path.join(config, 'systemd', 'user');
}

/**
 * One word for a unit file: double-quoted with C-style escapes, `%` doubled (specifiers); in
 * ExecStart `$` is doubled too, so a path is never read as a variable.
 */
export function systemdQuote(value: string, exec: boolean): string {
  let escaped = value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"').replace(/\n/gu, '\\n').replace(/%/gu, '%%');
  if (exec) escaped = escaped.replace(/\$/gu, '$$$$');
  return `"${escaped}"`;
}

const files = (context: JobContext) => {
  const dir = systemdUserDir(context);
  return { service: path.join(dir, `${context.name}.service`), timer: path.join(dir, `${context.name}.timer`) };
};

export function serviceUnit(context: JobContext): string {
  const { program, args, env } = context.command;
  return [
    '# Written by `facteur background install`; remove it with `facteur background uninstall`.',
    '[Unit]',
    `Description=Facteur: send due mail (data dir ${context.dataDir.replace(/%/gu, '%%')})`,
    '',
    '[Service]',
    'Type=oneshot',
    ...Object.entries(env).map(([key, value]) => `Environment=${systemdQuote(`${key}=${value}`, false)}`),
    `ExecStart=${[program, ...args].map((word) => systemdQuote(word, true)).join(' ')}`,
    '',
  ].join('\n');
}

export function timerUnit(context: JobContext, every: number): string {
  return [
    '# Written by `facteur background install`; remove it with `facteur background uninstall`.',
    '[Unit]',
    `Description=Facteur: send due mail every ${every} minutes`,
    '',
    '[Timer]',
    // Already past when the timer starts, so the first run is at once; then every N minutes.
    'OnStartupSec=1min',
    `OnUnitActiveSec=${every}min`,
    'AccuracySec=15s',
    `Unit=${context.name}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

export const systemdBackend: Backend = {
  kind: 'systemd',
  install(context, session, every) {
    const { service, timer } = files(context);
    session.write(service, serviceUnit(context));
    session.write(timer, timerUnit(context, every));
    session.must('systemctl', ['--user', 'daemon-reload']);
    session.must('systemctl', ['--user', 'enable', '--now', `${context.name}.timer`]);
  },
  uninstall(context, session) {
    const { service, timer } = files(context);
    if (readIfExists(timer) === null && readIfExists(service) === null) return;
    // Not loaded (e.g. files copied by hand) is fine: the files still go.
    session.run('systemctl', ['--user', 'disable', '--now', `${context.name}.timer`]);
    session.remove(timer);
    session.remove(service);
    session.run('systemctl', ['--user', 'daemon-reload']);
  },
  status(context) {
    const { service, timer } = files(context);
    const timerText = readIfExists(timer);
    if (timerText === null || readIfExists(service) === null) return notInstalled('systemd');
    const every = /^OnUnitActiveSec=(\d+)min$/mu.exec(timerText)?.[1];
    return { installed: true, kind: 'systemd', every: every ? Number(every) : null, files: [service, timer] };
  },
};
