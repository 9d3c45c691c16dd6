// `facteur settings [key=value…]`: shows the settings, or changes them (values read as JSON).
import type { Command } from 'commander';
import { settingsSchema } from '../../../shared/settings';
import { invalidInput } from '../errors';
import type { CliContext } from './context';
import { table } from './io';

/** `settings [key=value…] [--json]` */
export function registerSettingsCommand(program: Command, context: CliContext): void {
  program
    .command('settings')
    .description('show settings, or change them: facteur settings retryBaseSeconds=30 batchSize=50')
    .argument('[assignments...]', 'key=value pairs (values are JSON: numbers, true/false, "text")')
    .option('--json', 'print JSON')
    .action(async (assignments: string[], options: { json?: boolean }) => {
      const patch: Record<string, unknown> = {};
      for (const assignment of assignments) {
        const at = assignment.indexOf('=');
        if (at <= 0) throw invalidInput('settings', `"${assignment}" is not key=value`);
        const raw = assignment.slice(at + 1);
        let value: unknown = raw;
        try {
          value = JSON.parse(raw);
        } catch {
          // plain text value
        }
        patch[assignment.slice(0, at)] = value;
      }
      await context.withEngine((engine) => {
        const settings = assignments.length ? engine.settings.update(patch) : engine.settings.get();
        if (options.json) return context.json(settings, settingsSchema, 'settings --json');
        context.out(table(['SETTING', 'VALUE'], Object.entries(settings).map(([key, value]) => [key, JSON.stringify(value)])));
      });
    });
}
