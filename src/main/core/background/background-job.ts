// "Keep sending when Facteur is closed": installs, reports and removes the per-user OS job that
// runs `process-queue` on this data dir every few minutes. Linux asks `systemctl --user` whether
// a user manager answers and falls back to a crontab line (saying so); macOS uses launchd,
// Windows the Task Scheduler. The CLI and the Settings toggle both come here.
import os from 'node:os';
import { defaultDataDir } from '../config';
import { invalidInput } from '../errors';
import { Session, notInstalled, type Backend, type JobContext } from './backend';
import { cronBackend } from './cron-job';
import {
  currentJobCommand,
  DEFAULT_EVERY_MINUTES,
  jobName,
  MAX_EVERY_MINUTES,
  systemRunner,
  type BackgroundReport,
  type BackgroundStatus,
  type CommandRunner,
  type JobCommand,
} from './job-spec';
import { launchdBackend } from './launchd-job';
import { schtasksBackend } from './schtasks-job';
import { systemdBackend } from './systemd-job';

export interface BackgroundJobOptions {
  dataDir: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
  runner?: CommandRunner;
  command?: JobCommand;
}

export class BackgroundJob {
  private readonly platform: NodeJS.Platform;
  private readonly runner: CommandRunner;
  private readonly context: JobContext;

  constructor(options: BackgroundJobOptions) {
    const env = options.env ?? process.env;
    this.platform = options.platform ?? process.platform;
    this.runner = options.runner ?? systemRunner(env);
    this.context = {
      name: jobName(options.dataDir, defaultDataDir(this.platform, env)),
      command: options.command ?? currentJobCommand(options.dataDir, env),
      dataDir: options.dataDir,
      home: options.home ?? env.HOME ?? os.homedir(),
      env,
    };
  }

  install(every: number = DEFAULT_EVERY_MINUTES): BackgroundReport {
    if (!Number.isInteger(every) || every < 1 || every > MAX_EVERY_MINUTES) {
      throw invalidInput('every', `${String(every)} must be a whole number of minutes from 1 to ${MAX_EVERY_MINUTES}`);
    }
    const session = new Session(this.runner);
    const backend = this.pick(session);
    // Switching kind (systemd came back, or went away) must not leave the old job running too.
    for (const other of this.candidates().filter((candidate) => candidate !== backend)) {
      if (other.status(this.context, session).installed) other.uninstall(this.context, session);
    }
    backend.install(this.context, session, every);
    return { ...backend.status(this.context, session), ...session.report };
  }

  status(): BackgroundStatus {
    const session = new Session(this.runner);
    for (const backend of this.candidates()) {
      const status = backend.status(this.context, session);
      if (status.installed) return status;
    }
    return notInstalled(this.platform === 'linux' ? null : (this.candidates()[0]?.kind ?? null));
  }

  uninstall(): BackgroundReport {
    const session = new Session(this.runner);
    for (const backend of this.candidates()) {
      if (backend.status(this.context, session).installed) backend.uninstall(this.context, session);
    }
    return { ...notInstalled(null), ...session.report };
  }

  private candidates(): Backend[] {
    if (this.platform === 'darwin') return [launchdBackend];
    if (this.platform === 'win32') return [schtasksBackend];
    return [systemdBackend, cronBackend];
  }

  /** Linux: systemd only if `systemctl --user` itself answers (files alone prove nothing). */
  private pick(session: Session): Backend {
    const candidates = this.candidates();
    if (candidates.length === 1 && candidates[0]) return candidates[0];
    const probe = session.run('systemctl', ['--user', 'show-environment']);
    if (probe.code === 0) return systemdBackend;
    const why = probe.missing ? 'systemctl is not installed' : (probe.stderr.trim().split('\n')[0] ?? '') || `exit status ${String(probe.code)}`;
    session.passedOver = `systemd does not answer for this user (${why})`;
    session.report.notes.push(`${session.passedOver}: using a crontab line instead`);
    return cronBackend;
  }
}
