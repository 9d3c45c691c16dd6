// The background job through the real command line and the engine module, against fake
// `systemctl`, `crontab`, `launchctl` and `schtasks` on PATH that record how they were called:
// the files written, the exact commands run, status, uninstall, and refusals of bad input.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundJob } from '../../src/main/core/background/background-job';
import { systemRunner } from '../../src/main/core/background/job-spec';
import { createHandlers, type Platform } from '../../src/main/core/ipc/handlers';
import { FACTEUR_BIN, runCli } from '../helpers/cli';
import { makeEngine } from '../helpers/engine';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { installFakeTools, type FakeTools } from '../helpers/fake-system-tools';

let root: string;
let dataDir: string;
let home: string;
let config: string;

beforeEach(() => {
  root = makeDataDir('facteur-bg-');
  dataDir = path.join(root, 'data dir');
  home = path.join(root, 'home');
  config = path.join(root, 'xdg config');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(home);
});
afterEach(() => removeDataDir(root));

const cli = (tools: FakeTools, args: string[]) =>
  runCli(['background', ...args], { dataDir, env: { PATH: tools.path, HOME: home, XDG_CONFIG_HOME: config } });

const unitDir = () => path.join(config, 'systemd', 'user');
const onlyName = (dir: string, suffix: string): string => {
  const found = fs.readdirSync(dir).filter((file) => file.endsWith(suffix));
  expect(found).toHaveLength(1);
  return (found[0] ?? '').slice(0, -suffix.length);
};

describe('facteur background on Linux with a systemd user manager', () => {
  it('writes a service and a timer, enables them, reports them, and removes them', async () => {
    const tools = installFakeTools(root, { systemdAnswers: true });
    const installed = await cli(tools, ['install', '--every', '7']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    const name = onlyName(unitDir(), '.timer');
    expect(name).toMatch(/^facteur-queue-[0-9a-f]{10}$/u);
    const service = path.join(unitDir(), `${name}.service`);
    const timer = path.join(unitDir(), `${name}.timer`);

    const timerText = fs.readFileSync(timer, 'utf8');
    expect(timerText).toContain('OnUnitActiveSec=7min');
    expect(timerText).toContain(`Unit=${name}.service`);
    expect(timerText).toContain('WantedBy=timers.target');
    const serviceText = fs.readFileSync(service, 'utf8');
    expect(serviceText).toContain('Type=oneshot');
    expect(serviceText).toContain(`Environment="FACTEUR_DATA_DIR=${dataDir}"`);
    expect(serviceText).toContain(`ExecStart="${process.execPath}" "${FACTEUR_BIN}" "process-queue" "--max-runtime" "600"`);

    expect(tools.calls()).toEqual([
      ['systemctl', '--user', 'show-environment'],
      ['crontab', '-l'],
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', `${name}.timer`],
    ]);
    expect(installed.stdout).toContain(`wrote ${service}\nwrote ${timer}\n`);
    expect(installed.stdout).toContain(`ran systemctl --user daemon-reload\nran systemctl --user enable --now ${name}.timer\n`);
    expect(installed.stdout).toMatch(/installed: systemd user timer runs process-queue every 7 minutes/u);

    const status = await cli(tools, ['status', '--json']);
    expect(JSON.parse(status.stdout)).toEqual({ installed: true, kind: 'systemd', every: 7, files: [service, timer] });

    const before = tools.calls().length;
    const removed = await cli(tools, ['uninstall']);
    expect(removed.code).toBe(0);
    expect(tools.calls().slice(before)).toEqual([
      ['systemctl', '--user', 'disable', '--now', `${name}.timer`],
      ['systemctl', '--user', 'daemon-reload'],
      ['crontab', '-l'],
    ]);
    expect(fs.existsSync(service) || fs.existsSync(timer)).toBe(false);
    expect(removed.stdout).toContain(`removed ${timer}\nremoved ${service}\n`);
    expect(JSON.parse((await cli(tools, ['status', '--json'])).stdout)).toEqual({ installed: false, kind: null, every: null, files: [] });
  });

  it('refuses an interval outside 1–60 minutes, naming it, and runs or writes nothing', async () => {
    const tools = installFakeTools(root, { systemdAnswers: true });
    for (const every of ['0', '61', 'soon']) {
      const result = await cli(tools, ['install', '--every', every]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/every/u);
    }
    expect(tools.calls()).toEqual([]);
    expect(fs.existsSync(unitDir())).toBe(false);
  });
});

describe('facteur background on Linux without systemd', () => {
  it('falls back to a crontab line, says so, and keeps the lines that were there', async () => {
    const tools = installFakeTools(root, { systemdAnswers: false });
    fs.writeFileSync(path.join(root, 'crontab.txt'), '0 3 * * * backup.sh\n');
    const installed = await cli(tools, ['install']);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('note: systemd does not answer for this user (Failed to connect to bus: No medium found): using a crontab line instead');
    const lines = (tools.crontab() ?? '').trimEnd().split('\n');
    expect(lines[0]).toBe('0 3 * * * backup.sh');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\*\/5 \* \* \* \* FACTEUR_DATA_DIR='[^']+data dir' (?:DBUS_SESSION_BUS_ADDRESS='[^']+' )?'[^']+' '[^']+bin\/facteur\.js' 'process-queue' '--max-runtime' '600' >\/dev\/null 2>>'[^']+background-errors\.log' # facteur-queue-[0-9a-f]{10}$/u);
    expect(tools.calls()).toEqual([
      ['systemctl', '--user', 'show-environment'],
      ['crontab', '-l'],
      ['crontab', '-'],
      ['crontab', '-l'], // reads back what it wrote for the report
    ]);
    expect(JSON.parse((await cli(tools, ['status', '--json'])).stdout)).toEqual({ installed: true, kind: 'cron', every: 5, files: [] });

    // Installing again replaces the line instead of adding a second one.
    await cli(tools, ['install', '--every', '60']);
    expect((tools.crontab() ?? '').trimEnd().split('\n')).toEqual(['0 3 * * * backup.sh', expect.stringMatching(/^0 \* \* \* \* FACTEUR_DATA_DIR=/u)]);

    const removed = await cli(tools, ['uninstall']);
    expect(removed.code).toBe(0);
    expect(tools.crontab()).toBe('0 3 * * * backup.sh\n');
  });

  it('says what to install when there is neither a systemd user manager nor cron, and writes nothing', async () => {
    const tools = installFakeTools(root, { systemdAnswers: false, withoutCron: true });
    const installed = await cli(tools, ['install']);
    expect(installed.code).toBe(3);
    expect(installed.stderr).toMatch(
      /^facteur: nothing here can run Facteur in the background: systemd does not answer for this user \(Failed to connect to bus: No medium found\) and cron is not installed \(no crontab command\)\. Install cron \(Debian, Ubuntu: apt install cron; Fedora: dnf install cronie\) and run this again, or have your own scheduler run: FACTEUR_DATA_DIR='[^']+data dir' (?:DBUS_SESSION_BUS_ADDRESS=\S+ )?\S+ \S+bin\/facteur\.js process-queue --max-runtime 600$/mu,
    );
    expect(fs.existsSync(unitDir())).toBe(false);
    expect(JSON.parse((await cli(tools, ['status', '--json'])).stdout)).toMatchObject({ installed: false });
  });

  it('never leaves a longer gap than asked with cron: --every 45 runs every 30 minutes and says so', async () => {
    // `*/45` in cron runs at :00 and :45 — a 15-minute gap, then 45: cron repeats only by divisors of an hour.
    const tools = installFakeTools(root, { systemdAnswers: false });
    const installed = await cli(tools, ['install', '--every', '45']);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('cron repeats only by divisors of an hour: every 30 minutes rather than 45');
    expect((tools.crontab() ?? '').trimEnd()).toMatch(/^\*\/30 \* \* \* \* /u);
    expect(JSON.parse((await cli(tools, ['status', '--json'])).stdout)).toMatchObject({ installed: true, kind: 'cron', every: 30 });
    await cli(tools, ['install', '--every', '7']);
    expect((tools.crontab() ?? '').trimEnd()).toMatch(/^\*\/6 \* \* \* \* /u);
    await cli(tools, ['install', '--every', '20']);
    expect((tools.crontab() ?? '').trimEnd()).toMatch(/^\*\/20 \* \* \* \* /u);
  });

  it('runs the crontab line as cron would (sh -c) and the job reaches this data dir', async () => {
    const tools = installFakeTools(root, { systemdAnswers: false });
    await cli(tools, ['install']);
    const line = (tools.crontab() ?? '').trimEnd();
    // cron hands everything after the five time fields to sh, with `\%` turned back into `%`.
    const command = line.split(' ').slice(5).join(' ').replace(/\\%/gu, '%').replace(/>\/dev\/null.*$/u, '');
    const { spawnSync } = await import('node:child_process');
    const ran = spawnSync('sh', ['-c', command.replace('process-queue', 'status').replace(/'--max-runtime' '600'/u, "'--json'")], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: home },
      encoding: 'utf8',
    });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toMatchObject({ queued: 0, sent: 0 });
    expect(fs.existsSync(path.join(dataDir, 'facteur.db'))).toBe(true);
  });
});

describe('the background job on macOS and Windows (generated files and commands)', () => {
  const job = (tools: FakeTools, platform: NodeJS.Platform) => {
    const env = { PATH: tools.path, HOME: home };
    return new BackgroundJob({ dataDir, platform, env, home, runner: systemRunner(env) });
  };

  it('macOS: a LaunchAgent plist bootstrapped into gui/UID, replaced on reinstall, booted out on uninstall', () => {
    const tools = installFakeTools(root, { systemdAnswers: false });
    const report = job(tools, 'darwin').install(15);
    const agents = path.join(home, 'Library', 'LaunchAgents');
    const label = onlyName(agents, '.plist');
    const plist = path.join(agents, `${label}.plist`);
    expect(label).toMatch(/^app\.facteur\.facteur-queue-[0-9a-f]{10}$/u);
    const text = fs.readFileSync(plist, 'utf8');
    expect(text).toContain(`<key>Label</key>\n  <string>${label}</string>`);
    expect(text).toContain(`<string>${process.execPath}</string>\n    <string>${FACTEUR_BIN}</string>\n    <string>process-queue</string>`);
    expect(text).toContain(`<key>FACTEUR_DATA_DIR</key>\n    <string>${dataDir}</string>`);
    expect(text).toContain('<key>StartInterval</key>\n  <integer>900</integer>');
    const domain = `gui/${process.getuid?.() ?? 0}`;
    expect(tools.calls()).toEqual([['launchctl', 'bootstrap', domain, plist]]);
    expect(report).toMatchObject({ installed: true, kind: 'launchd', every: 15, files: [plist], wrote: [plist] });

    job(tools, 'darwin').install(5);
    expect(tools.calls().slice(1)).toEqual([
      ['launchctl', 'bootout', domain, plist],
      ['launchctl', 'bootstrap', domain, plist],
    ]);
    expect(job(tools, 'darwin').status()).toEqual({ installed: true, kind: 'launchd', every: 5, files: [plist] });

    job(tools, 'darwin').uninstall();
    expect(tools.calls().slice(3)).toEqual([['launchctl', 'bootout', domain, plist]]);
    expect(fs.existsSync(plist)).toBe(false);
    expect(job(tools, 'darwin').status()).toEqual({ installed: false, kind: 'launchd', every: null, files: [] });
  });

  it('Windows: a schtasks MINUTE task running a .cmd that sets the data dir', () => {
    const tools = installFakeTools(root, { systemdAnswers: false });
    job(tools, 'win32').install(10);
    const wrapperDir = path.join(dataDir, 'background');
    const name = onlyName(wrapperDir, '.cmd');
    const wrapper = path.join(wrapperDir, `${name}.cmd`);
    const script = fs.readFileSync(wrapper, 'utf8');
    expect(script.split('\r\n')).toEqual([
      '@echo off',
      'rem Written by facteur background install (every 10 minutes); remove it with facteur background uninstall.',
      `set "FACTEUR_DATA_DIR=${dataDir}"`,
      `"${process.execPath}" "${FACTEUR_BIN}" "process-queue" "--max-runtime" "600" >nul 2>>"${path.join(dataDir, 'background-errors.log')}"`,
      '',
    ]);
    expect(tools.calls()).toEqual([
      ['schtasks', '/Create', '/F', '/SC', 'MINUTE', '/MO', '10', '/TN', `Facteur\\${name}`, '/TR', `"${wrapper}"`],
      ['schtasks', '/Query', '/TN', `Facteur\\${name}`], // reads back what it made for the report
    ]);
    expect(job(tools, 'win32').status()).toEqual({ installed: true, kind: 'schtasks', every: 10, files: [wrapper] });

    job(tools, 'win32').uninstall();
    expect(tools.calls().slice(-2)).toEqual([
      ['schtasks', '/Query', '/TN', `Facteur\\${name}`],
      ['schtasks', '/Delete', '/TN', `Facteur\\${name}`, '/F'],
    ]);
    expect(fs.existsSync(wrapper)).toBe(false);
    expect(job(tools, 'win32').status().installed).toBe(false);
  });
});

describe('the Settings switch through the IPC handlers', () => {
  it('installs and removes the same job as the CLI, and answers the OS’s status', async () => {
    const tools = installFakeTools(root, { systemdAnswers: true });
    const engine = makeEngine({ dataDir });
    const env = { PATH: tools.path, HOME: home, XDG_CONFIG_HOME: config };
    const platform: Platform = {
      kind: 'electron',
      version: '0.0.0-test',
      attachmentsMustBePicked: true,
      openFiles: () => Promise.resolve([]),
      openExternal: () => Promise.resolve(),
      setStartAtLogin: () => undefined,
      requestProcessing: () => undefined,
      backgroundJob: new BackgroundJob({ dataDir, env, home, runner: systemRunner(env) }),
    };
    const handlers = createHandlers(engine, platform);
    try {
      expect(await handlers['background:status']({})).toEqual({ ok: true, value: { installed: false, kind: null, every: null, files: [] } });
      const on = await handlers['background:set']({ enabled: true, every: 15 });
      const name = onlyName(unitDir(), '.timer');
      expect(on).toEqual({
        ok: true,
        value: { installed: true, kind: 'systemd', every: 15, files: [path.join(unitDir(), `${name}.service`), path.join(unitDir(), `${name}.timer`)] },
      });
      expect(tools.calls()).toContainEqual(['systemctl', '--user', 'enable', '--now', `${name}.timer`]);
      // Same job as `facteur background status` sees.
      expect(JSON.parse((await cli(tools, ['status', '--json'])).stdout)).toMatchObject({ installed: true, every: 15 });
      expect(await handlers['background:set']({ enabled: true, every: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'every' } });
      expect(await handlers['background:set']({ enabled: false })).toEqual({ ok: true, value: { installed: false, kind: null, every: null, files: [] } });
      expect(fs.readdirSync(unitDir())).toEqual([]);
    } finally {
      engine.dispose();
    }
  });
});
