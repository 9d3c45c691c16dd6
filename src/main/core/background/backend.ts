// What every OS scheduler back-end gets: the job to run, where files go, and a session that runs
// the system tools and writes files while recording each step, so the CLI can print exactly what
// it wrote and ran.
import fs from 'node:fs';
import path from 'node:path';
import { FacteurError } from '../errors';
import { commandLine, type BackgroundKind, type BackgroundReport, type BackgroundStatus, type CommandResult, type CommandRunner, type JobCommand } from './job-spec';

export interface JobContext {
  name: string;
  command: JobCommand;
  dataDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

export class Session {
  readonly report: Pick<BackgroundReport, 'wrote' | 'removed' | 'ran' | 'notes'> = { wrote: [], removed: [], ran: [], notes: [] };
  /** Why the preferred scheduler was passed over ("systemd does not answer for this user (…)"), for errors. */
  passedOver: string | null = null;
  constructor(private readonly runner: CommandRunner) {}

  /** Runs a tool and records it; the result is returned whatever the exit status. */
  run(program: string, args: string[], input?: string): CommandResult {
    this.report.ran.push(commandLine(program, args));
    return this.runner(program, args, input);
  }

  /** Runs a tool that must succeed; otherwise stops with its own words. */
  must(program: string, args: string[], input?: string): CommandResult {
    const result = this.run(program, args, input);
    if (result.code !== 0) {
      const said = (result.stderr || result.stdout).trim() || (result.missing ? 'not found on PATH' : `exit status ${String(result.code)}`);
      throw new FacteurError('unavailable', `${commandLine(program, args)} failed: ${said}`);
    }
    return result;
  }

  write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(temporary, text, { mode: 0o644 });
    fs.renameSync(temporary, file);
    this.report.wrote.push(file);
  }

  remove(file: string): void {
    if (!fs.existsSync(file)) return;
    fs.rmSync(file, { force: true });
    this.report.removed.push(file);
  }
}

export interface Backend {
  kind: BackgroundKind;
  install(context: JobContext, session: Session, every: number): void;
  uninstall(context: JobContext, session: Session): void;
  status(context: JobContext, session: Session): BackgroundStatus;
}

export const notInstalled = (kind: BackgroundKind | null): BackgroundStatus => ({ installed: false, kind, every: null, files: [] });

export const readIfExists = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};
