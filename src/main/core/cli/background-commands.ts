// `facteur background install [--every MINUTES] | status [--json] | uninstall`: the per-user OS
// job that keeps sending while the app is closed. Prints every file written and command run.
import type { Command } from 'commander';
import { backgroundStatusSchema } from '../../../shared/background';
import { BackgroundJob } from '../background/background-job';
import type { BackgroundReport, BackgroundStatus } from '../background/job-spec';
import { readConfig } from '../config';
import { invalidInput } from '../errors';
import type { CliContext } from './context';

const minutes = (value: string): number => {
  if (!/^\d+$/u.test(value)) throw invalidInput('every', `"${value}" must be a whole number of minutes from 1 to 60`);
  return Number(value);
};

const KIND_NAMES: Record<NonNullable<BackgroundStatus['kind']>, string> = {
  systemd: 'systemd user timer',
  cron: 'crontab line',
  launchd: 'launchd agent',
  schtasks: 'Task Scheduler task',
};

function printReport(context: CliContext, report: BackgroundReport): void {
  for (const file of report.wrote) context.out(`wrote ${file}`);
  for (const file of report.removed) context.out(`removed ${file}`);
  for (const command of report.ran) context.out(`ran ${command}`);
  for (const note of report.notes) context.out(`note: ${note}`);
}

function describe(status: BackgroundStatus, dataDir: string): string {
  if (!status.installed || !status.kind) return `not installed: nothing sends from ${dataDir} while Facteur is closed`;
  return `installed: ${KIND_NAMES[status.kind]} runs process-queue every ${String(status.every ?? '?')} minutes on ${dataDir}`;
}

export function registerBackgroundCommands(program: Command, context: CliContext): void {
  const background = program.command('background').description('keep sending while Facteur is closed (a per-user OS job)');
  const job = (): { job: BackgroundJob; dataDir: string } => {
    const { dataDir } = readConfig(context.env);
    return { job: new BackgroundJob({ dataDir, env: context.env }), dataDir };
  };

  background
    .command('install')
    .description('install (or update) the job that runs process-queue on this data dir')
    .option('--every <minutes>', 'minutes between runs (1-60)', minutes, 5)
    .option('--json', 'print JSON')
    .action((options: { every: number; json?: boolean }) => {
      const { job: installer, dataDir } = job();
      const report = installer.install(options.every);
      if (options.json) return context.json(report);
      printReport(context, report);
      context.out(describe(report, dataDir));
    });

  background
    .command('status')
    .description('whether the job is installed, its kind, interval and files')
    .option('--json', 'print JSON: {installed, kind, every, files}')
    .action((options: { json?: boolean }) => {
      const { job: installer, dataDir } = job();
      const status = installer.status();
      if (options.json) return context.json(status, backgroundStatusSchema, 'background status --json');
      context.out(describe(status, dataDir));
      for (const file of status.files) context.out(`  ${file}`);
    });

  background
    .command('uninstall')
    .description('stop and remove the job')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const { job: installer, dataDir } = job();
      const report = installer.uninstall();
      if (options.json) return context.json(report);
      printReport(context, report);
      context.out(describe(report, dataDir));
    });
}
