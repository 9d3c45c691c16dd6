// Query plans as they are at a million rows, without a million rows: the statistics
// `PRAGMA optimize` wrote on the scale bench's database (bench/scale.ts: 1 M emails over three
// accounts, 80 % sent) are loaded into a small database, and SQLite plans against them.
import type Database from 'better-sqlite3';
import type { Db } from '../../src/main/core/db/open-database';
import { useTestDatabases } from './test-databases';

const STATS: Array<[string, string, string]> = [
  ['accounts', 'accounts_provider_email', '3 3 1'],
  ['accounts', 'accounts_secret_ref', '3 1'],
  ['emails', 'emails_account_due', '1000005 2001 2001 1 1'],
  // The partial indexes (migration 0011) hold only their rows. The bench has no batches or series;
  // those two keep the statistics of every email belonging to one, the worst case for their plans.
  ['emails', 'emails_account_sent', '800000 2001 1'],
  ['emails', 'emails_batch_status', '1000005 2001 2001'],
  ['emails', 'emails_due', '1000005 2001 1 1'],
  ['emails', 'emails_expiring', '0 0 0'],
  ['emails', 'emails_series', '1000005 2001 2001'],
  ['emails', 'emails_status_newest', '1000005 2001 1'],
  ['emails', 'emails_status_sent_at', '800000 2001 1 1'],
  ['emails', 'emails_status_updated', '54000 2001 1 1'],
  ['emails', 'emails_waiting_on_local', '0 0'],
];

export function loadBigDatabaseStats(client: Database.Database): void {
  client.exec('analyze'); // creates sqlite_stat1
  client.exec('delete from sqlite_stat1');
  const insert = client.prepare('insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)');
  for (const row of STATS) insert.run(...row);
  client.exec('analyze sqlite_schema'); // reload the statistics into the planner
}

/** The plan of one statement, one line per step (EXPLAIN QUERY PLAN's `detail`). */
export function queryPlan(client: Database.Database, sql: string, params: unknown[]): string[] {
  return client
    .prepare(`explain query plan ${sql}`)
    .all(...params)
    .map((row) => (row as { detail: string }).detail);
}

/**
 * For a test file: a function that opens a fresh database file carrying the million-row
 * statistics; each one is closed and removed after its test.
 */
export function useBigStatsDatabases(): () => Db {
  const open = useTestDatabases();
  return () => {
    const db = open();
    loadBigDatabaseStats(db.$client);
    return db;
  };
}
