// Reads and writes application settings in the database, validated on the way in and out.
import { eq } from 'drizzle-orm';
import type * as NodeCron from 'node-cron';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/settings';
import type { Clock } from './clock';
import type { Db } from './db/open-database';
import { settings as settingsTable } from './db/schema';
import { invalidInput, parseInput } from './errors';

/**
 * Checks zod cannot make: the scheduler hands schedulerCron to node-cron, which throws on an
 * expression it cannot read — the app's scheduler would then fail to start.
 */
function cronProblem(settings: Settings): string | null {
  const expression = settings.schedulerCron;
  // node-cron (~20 ms to load) only when the expression is not the default: every command reads
  // the settings, and the command line never runs the scheduler.
  if (expression === DEFAULT_SETTINGS.schedulerCron) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validate } = require('node-cron') as typeof NodeCron;
  return validate(expression) ? null : `"${expression}" is not a cron expression node-cron can run: minute hour day month weekday (seconds first optional), e.g. "*/5 * * * *"`;
}

export class SettingsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(): Settings {
    const rows = this.db.select().from(settingsTable).all();
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A corrupt value falls back to its default rather than breaking start-up.
      }
    }
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS)) {
      const candidate = { ...merged, [key]: stored[key] };
      const parsed = stored[key] === undefined ? null : settingsSchema.safeParse(candidate);
      if (parsed?.success && cronProblem(parsed.data) === null) merged[key] = stored[key];
    }
    return settingsSchema.parse(merged);
  }

  /** Validates the whole result before writing anything. */
  update(patch: unknown): Settings {
    const partial = parseInput(settingsSchema.partial(), patch, 'settings');
    const next = parseInput(settingsSchema, { ...this.get(), ...partial }, 'settings');
    const cron = cronProblem(next);
    if (cron !== null) throw invalidInput('settings.schedulerCron', cron);
    if (next.retryMaxSeconds < next.retryBaseSeconds) {
      throw invalidInput('settings.retryMaxSeconds', 'must be at least retryBaseSeconds');
    }
    const now = this.clock.now();
    this.db.transaction((tx) => {
      for (const [key, value] of Object.entries(partial)) {
        const json = JSON.stringify(value);
        const existing = tx.select().from(settingsTable).where(eq(settingsTable.key, key)).get();
        if (existing) tx.update(settingsTable).set({ value: json, updatedAt: now }).where(eq(settingsTable.key, key)).run();
        else tx.insert(settingsTable).values({ key, value: json, updatedAt: now }).run();
      }
    });
    return next;
  }
}
