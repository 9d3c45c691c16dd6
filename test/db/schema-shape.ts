// The database's shape after migrating, as plain data: every table with its columns (type, not
// null, default, primary key), every index and every trigger, read from SQLite itself. The
// committed snapshot (schema-snapshot.json) is this shape for the current migrations; the guard
// (schema-guard.test.ts) diffs a freshly migrated database against it, and
// `npm run schema:snapshot` rewrites it after an additive change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/main/core/db/open-database';

export interface ColumnShape {
  type: string;
  notNull: boolean;
  default: string | null;
  /** Position in the primary key (1-based), 0 when not part of it. */
  primaryKey: number;
}

export interface SchemaShape {
  tables: Record<string, Record<string, ColumnShape>>;
  /** Index name → its CREATE statement (SQLite's own automatic indexes are left out). */
  indexes: Record<string, string>;
  triggers: Record<string, string>;
}

export const SNAPSHOT_FILE = path.join(__dirname, 'schema-snapshot.json');

/** drizzle's own bookkeeping is not Facteur's schema. */
const NOT_OURS = new Set(['__drizzle_migrations']);

export function readShape(client: Database.Database): SchemaShape {
  const objects = client.prepare("select type, name, tbl_name as tableName, sql from sqlite_master where name not like 'sqlite_%' order by name").all() as Array<{
    type: string;
    name: string;
    tableName: string;
    sql: string | null;
  }>;
  const shape: SchemaShape = { tables: {}, indexes: {}, triggers: {} };
  for (const object of objects) {
    if (NOT_OURS.has(object.tableName)) continue;
    if (object.type === 'table') {
      const columns = client.prepare(`select name, type, "notnull" as not_null, dflt_value as dflt, pk from pragma_table_xinfo(?) order by cid`).all(object.name) as Array<{
        name: string;
        type: string;
        not_null: number;
        dflt: string | null;
        pk: number;
      }>;
      shape.tables[object.name] = Object.fromEntries(
        columns.map((column) => [column.name, { type: column.type.toLowerCase(), notNull: column.not_null === 1, default: column.dflt, primaryKey: column.pk }]),
      );
    } else if (object.type === 'index' && object.sql !== null) {
      shape.indexes[object.name] = normalise(object.sql);
    } else if (object.type === 'trigger' && object.sql !== null) {
      shape.triggers[object.name] = normalise(object.sql);
    }
  }
  return shape;
}

/** Migrates an empty database with `migrationsFolder` (default: this build's) and reads its shape. */
export function migratedShape(migrationsFolder?: string): SchemaShape {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-shape-'));
  try {
    const db = openDatabase(path.join(dir, 'facteur.db'), migrationsFolder === undefined ? {} : { migrationsFolder });
    try {
      return readShape(db.$client);
    } finally {
      db.$client.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What `after` breaks of `before` for a program that only knows `before` (an older CLI run by cron
 * on a newer app's database): a table or column gone or renamed, a column whose type, nullability,
 * default or key changed, and a new column an older writer cannot leave out (NOT NULL, no default).
 */
export function nonAdditiveChanges(before: SchemaShape, after: SchemaShape): string[] {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(before.tables)) {
    const now = after.tables[table];
    if (!now) {
      problems.push(`table ${table} was dropped or renamed`);
      continue;
    }
    for (const [name, column] of Object.entries(columns)) {
      const current = now[name];
      if (!current) problems.push(`column ${table}.${name} was dropped or renamed`);
      else if (JSON.stringify(current) !== JSON.stringify(column)) problems.push(`column ${table}.${name} changed from ${describe(column)} to ${describe(current)}`);
    }
    for (const [name, column] of Object.entries(now)) {
      if (!columns[name] && column.notNull && column.default === null) problems.push(`new column ${table}.${name} is NOT NULL without a default: an older version cannot insert rows`);
    }
  }
  return problems;
}

const describe = (column: ColumnShape): string =>
  `${column.type || 'untyped'}${column.notNull ? ' not null' : ''}${column.default === null ? '' : ` default ${column.default}`}${column.primaryKey ? ' primary key' : ''}`;

const normalise = (sql: string): string => sql.replace(/\s+/gu, ' ').trim();

export function readSnapshot(): SchemaShape {
  return JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf8')) as SchemaShape;
}

/** One column, index or trigger a line, so a migration's diff of the snapshot reads as what it added. */
export function writeSnapshot(shape: SchemaShape): void {
  const entries = (record: Record<string, unknown>, indent: string): string =>
    Object.entries(record)
      .map(([key, value]) => `${indent}${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(',\n');
  const tables = Object.entries(shape.tables)
    .map(([name, columns]) => `    ${JSON.stringify(name)}: {\n${entries(columns, '      ')}\n    }`)
    .join(',\n');
  const text = `{\n  "tables": {\n${tables}\n  },\n  "indexes": {\n${entries(shape.indexes, '    ')}\n  },\n  "triggers": {\n${entries(shape.triggers, '    ')}\n  }\n}\n`;
  fs.writeFileSync(SNAPSHOT_FILE, text);
}
