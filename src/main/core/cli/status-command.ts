// `facteur status`: counts by status, and mail a local service (the keychain) keeps from leaving.
// `status --json` usually answers from the fast path (fast-path.ts) with the same report.
import type { Command } from 'commander';
import { readStatusReport } from '../db/status-counts';
import type { CliContext } from './context';
import { table } from './io';

/** `status [--json]` */
export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('counts by status')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        // The same report as the fast path (cli/fast-path.ts) prints for `status --json`.
        const { blocked, blockedReason, ...counts } = readStatusReport(engine.db.$client);
        if (options.json) return context.json({ ...counts, blocked, blockedReason });
        context.out(table(['STATUS', 'COUNT'], Object.entries(counts).map(([status, count]) => [status, count])));
        if (blocked > 0) context.out(`\n${blocked} email(s) cannot be sent: ${blockedReason ?? 'a local service did not answer'}`);
      });
    });
}
