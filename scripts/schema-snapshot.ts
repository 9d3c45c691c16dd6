// `npm run schema:snapshot`: rewrites test/db/schema-snapshot.json from a freshly migrated
// database, after a migration that only adds (tables, nullable or defaulted columns, indexes,
// triggers). It refuses to record a change that is not additive: that needs a new table or
// column instead, so an older Facteur keeps working on the newer file.
import { migratedShape, nonAdditiveChanges, readSnapshot, SNAPSHOT_FILE, writeSnapshot } from '../test/db/schema-shape';

const shape = migratedShape();
let problems: string[] = [];
try {
  problems = nonAdditiveChanges(readSnapshot(), shape);
} catch {
  // no snapshot yet: the first one is written as is
}
if (problems.length > 0) {
  process.stderr.write(`schema:snapshot: not recorded, the migrations are not additive:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
writeSnapshot(shape);
process.stdout.write(`wrote ${SNAPSHOT_FILE}: ${Object.keys(shape.tables).length} tables, ${Object.keys(shape.indexes).length} indexes, ${Object.keys(shape.triggers).length} triggers\n`);
