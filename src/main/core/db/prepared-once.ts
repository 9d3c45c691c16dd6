// Statements prepared once per open database, not once per call: better-sqlite3 compiles SQL on
// `prepare`, which on a hot path costs more than running the statement. The set is kept beside
// the connection (a WeakMap, so a closed database takes its statements with it).
import type Database from 'better-sqlite3';
import type { Db } from './open-database';

/** `prepare` runs the first time a database asks; later calls get the same statements back. */
export function preparedOnce<T>(prepare: (client: Database.Database) => T): (db: Db) => T {
  const cache = new WeakMap<Database.Database, T>();
  return (db) => {
    let prepared = cache.get(db.$client);
    if (prepared === undefined) {
      prepared = prepare(db.$client);
      cache.set(db.$client, prepared);
    }
    return prepared;
  };
}
