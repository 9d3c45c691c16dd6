// Runs the real `facteur` command line in a child process, as cron or a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FACTEUR_BIN = path.join(REPO_ROOT, 'bin', 'facteur.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  dataDir: string;
  /** Extra environment (FACTEUR_*_URL for fakes, …). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed. */
  input?: string | Buffer;
  cwd?: string;
  timeoutMs?: number;
  /**
   * Run under `ulimit -f` (512-byte blocks) with SIGXFSZ ignored, so writes past the limit fail
   * with EFBIG: a "disk full" for machines where a small tmpfs cannot be mounted.
   */
  fileSizeLimitBlocks?: number;
}

/** Starts `facteur …` and returns the child, for tests that need to kill it mid-run. */
export function spawnCli(args: string[], options: CliOptions): ChildProcess {
  const [command, commandArgs] =
    options.fileSizeLimitBlocks === undefined
      ? [process.execPath, [FACTEUR_BIN, ...args]]
      : ['sh', ['-c', `ulimit -f ${options.fileSizeLimitBlocks}; trap '' XFSZ; exec "$0" "$@"`, process.execPath, FACTEUR_BIN, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, FACTEUR_DATA_DIR: options.dataDir, FACTEUR_ENV_FILE: '/dev/null', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  return child;
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`facteur ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
