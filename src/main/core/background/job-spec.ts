// What a background job runs and how it is named: the same node + facteur entry as this process,
// `process-queue`, and FACTEUR_DATA_DIR pinned to this data dir, so the job and the app share one
// queue (the batch lock keeps them from sending at the same time).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

import type { BackgroundStatus } from '../../../shared/background';

export { DEFAULT_EVERY_MINUTES, MAX_EVERY_MINUTES, type BackgroundKind, type BackgroundStatus } from '../../../shared/background';

export interface JobCommand {
  program: string;
  args: string[];
  /** Variables the job needs that the OS scheduler would not give it. */
  env: Record<string, string>;
}

export interface BackgroundReport extends BackgroundStatus {
  wrote: string[];
  removed: string[];
  ran: string[];
  notes: string[];
}

/**
 * A name per data dir, so two data dirs never share a job. The app's default data dir gets the
 * plain name, which the Windows uninstaller knows (build/installer.nsh).
 */
export function jobName(dataDir: string, defaultDir: string): string {
  if (path.resolve(dataDir) === path.resolve(defaultDir)) return 'facteur-queue';
  return `facteur-queue-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 10)}`;
}

function packageRoot(from: string): string | null {
  let dir = from;
  for (let i = 0; i < 8; i += 1) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin', 'facteur.js'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * Started with this flag, the desktop app runs the command line instead of opening a window, and
 * exits with its code. The packaged app cannot act as Node (its RunAsNode fuse is off, see
 * electron-builder.yml), so this is how a background job runs `process-queue` with the app's own
 * binary — whose native modules are built for it.
 */
export const HEADLESS_CLI_FLAG = '--facteur-cli';

/** The command-line arguments after HEADLESS_CLI_FLAG, or null for an ordinary app start. */
export function headlessCliArgs(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(HEADLESS_CLI_FLAG);
  return at < 0 ? null : argv.slice(at + 1);
}

export interface Runtime {
  execPath: string;
  /** Running inside Electron. */
  electron: boolean;
  /** Electron started as `electron <app folder>` (development), not as the packaged app. */
  defaultApp: boolean;
  platform: NodeJS.Platform;
}

const currentRuntime = (): Runtime => ({
  execPath: process.execPath,
  electron: Boolean(process.versions.electron),
  defaultApp: Boolean((process as { defaultApp?: boolean }).defaultApp),
  platform: process.platform,
});

/**
 * The command this install of Facteur would run: under Electron, the app's own binary in its
 * headless command-line mode (no window; on Linux without a display server); otherwise this Node
 * on bin/facteur.js (which needs `npm run build`).
 */
export function currentJobCommand(dataDir: string, env: NodeJS.ProcessEnv = process.env, runtime: Runtime = currentRuntime()): JobCommand {
  const jobEnv: Record<string, string> = { FACTEUR_DATA_DIR: path.resolve(dataDir) };
  // libsecret reaches the keychain over the session bus; cron gives the job no bus address.
  if (env.DBUS_SESSION_BUS_ADDRESS) jobEnv.DBUS_SESSION_BUS_ADDRESS = env.DBUS_SESSION_BUS_ADDRESS;
  const args = ['process-queue', '--max-runtime', '600'];
  if (runtime.electron) {
    const appFolder = runtime.defaultApp ? [packageRoot(__dirname) ?? path.resolve(__dirname, '..', '..', '..', '..')] : [];
    const noDisplay = runtime.platform === 'linux' ? ['--ozone-platform=headless'] : [];
    return { program: runtime.execPath, args: [...appFolder, ...noDisplay, HEADLESS_CLI_FLAG, ...args], env: jobEnv };
  }
  const root = packageRoot(__dirname);
  const entry = root ? path.join(root, 'bin', 'facteur.js') : path.join(__dirname, '..', 'cli', 'main.js');
  return { program: runtime.execPath, args: [entry, ...args], env: jobEnv };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program could not be started at all (not installed, not on PATH). */
  missing: boolean;
}

export type CommandRunner = (program: string, args: string[], input?: string) => CommandResult;

/** Runs system tools (systemctl, crontab, launchctl, schtasks) with `env`'s PATH. */
export function systemRunner(env: NodeJS.ProcessEnv): CommandRunner {
  return (program, args, input) => {
    const result = spawnSync(program, args, { env, input: input ?? '', encoding: 'utf8', timeout: 30_000, windowsHide: true });
    const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', missing };
  };
}

export const commandLine = (program: string, args: string[]): string =>
  [program, ...args].map((part) => (/^[\w@%+=:,./-]+$/u.test(part) ? part : `'${part.replace(/'/gu, `'\\''`)}'`)).join(' ');
