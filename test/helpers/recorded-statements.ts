// The SQL a piece of real code prepares, so a test can read the plans of the statements the app
// actually runs (not copies of them): every `prepare` on the connection while `run` executes is
// recorded, then each can be planned on another database (e.g. one with a million rows' statistics).
import type Database from 'better-sqlite3';
import { queryPlan } from './big-database-stats';

/** Runs `run` and returns the text of every statement prepared on `client` meanwhile, in order. */
export async function recordPrepared(client: Database.Database, run: () => unknown): Promise<string[]> {
  const seen: string[] = [];
  const original = client.prepare.bind(client);
  const recording = ((source: string) => {
    seen.push(source);
    return original(source);
  }) as typeof client.prepare;
  client.prepare = recording;
  try {
    await run();
  } finally {
    client.prepare = original;
  }
  return seen;
}

/**
 * The plan of a recorded statement, its parameters bound to 1: the plans checked here depend on
 * the statement's text (literal statuses, `x = ?` terms), not on parameter values.
 */
export function planWithPlaceholders(client: Database.Database, source: string): string {
  const named = [...source.matchAll(/[:@$]([A-Za-z_]\w*)/gu)].map((match) => match[1] ?? '');
  const positional = source.replace(/'(?:[^']|'')*'/gu, '').split('?').length - 1;
  const params: unknown[] = named.length > 0 ? [Object.fromEntries(named.map((name) => [name, 1]))] : Array.from({ length: positional }, () => 1);
  return queryPlan(client, source, params).join('\n');
}
