// Fake `systemctl`, `crontab`, `launchctl` and `schtasks` for the background-job tests: shell
// scripts put first on PATH that record their argv (one call per line, arguments joined by a tab)
// and keep just enough state to answer like the real tools (a crontab file, created tasks).
import fs from 'node:fs';
import path from 'node:path';

export interface FakeTools {
  dir: string;
  /** PATH with the fakes first. */
  path: string;
  /** Every call so far: the tool's name, then its arguments. */
  calls(): string[][];
  crontab(): string | null;
}

/** `withoutCron`: no `crontab` at all (a minimal system without the cron package). */
export function installFakeTools(dir: string, options: { systemdAnswers: boolean; withoutCron?: boolean }): FakeTools {
  const bin = path.join(dir, 'fake-bin');
  fs.mkdirSync(bin, { recursive: true });
  const log = path.join(dir, 'calls.log');
  const crontabFile = path.join(dir, 'crontab.txt');
  const record = `printf '%s' "$(basename "$0")" >> '${log}'; for a in "$@"; do printf '\\t%s' "$a" >> '${log}'; done; printf '\\n' >> '${log}'`;
  const scripts: Record<string, string> = {
    systemctl: options.systemdAnswers
      ? `${record}\nif [ "$2" = show-environment ]; then echo "HOME=$HOME"; fi\nexit 0`
      : `${record}\necho 'Failed to connect to bus: No medium found' >&2\nexit 1`,
    crontab: [
      record,
      `if [ "$1" = -l ]; then if [ -f '${crontabFile}' ]; then cat '${crontabFile}'; exit 0; fi; echo "no crontab for $USER" >&2; exit 1; fi`,
      `if [ "$1" = - ]; then cat > '${crontabFile}'; exit 0; fi`,
      'exit 2',
    ].join('\n'),
    launchctl: `${record}\nexit 0`,
    schtasks: [
      record,
      'case "$1" in',
      `  /Create) touch "${dir}/task-$(printf '%s' "$8" | tr '\\\\/' '__')"; exit 0;;`,
      `  /Query) [ -f "${dir}/task-$(printf '%s' "$3" | tr '\\\\/' '__')" ]; exit $?;;`,
      `  /Delete) rm -f "${dir}/task-$(printf '%s' "$3" | tr '\\\\/' '__')"; exit 0;;`,
      'esac',
      'exit 1',
    ].join('\n'),
  };
  for (const [name, body] of Object.entries(scripts)) {
    if (name === 'crontab' && options.withoutCron) continue;
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return {
    dir: bin,
    // Without cron, PATH holds only the fakes and the few tools they use, so that a crontab the
    // machine itself has is not found either.
    path: options.withoutCron ? `${bin}:${toolsOnly(dir)}` : `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trimEnd().split('\n').filter(Boolean).map((line) => line.split('\t')) : []),
    crontab: () => (fs.existsSync(crontabFile) ? fs.readFileSync(crontabFile, 'utf8') : null),
  };
}

/** A folder of links to the tools the fake scripts call, and nothing else. */
function toolsOnly(dir: string): string {
  const only = path.join(dir, 'tools-only');
  fs.mkdirSync(only, { recursive: true });
  for (const tool of ['basename', 'cat', 'tr', 'touch', 'rm']) {
    const found = (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter).map((folder) => path.join(folder, tool)).find((file) => fs.existsSync(file));
    if (found) fs.symlinkSync(found, path.join(only, tool));
  }
  return only;
}
