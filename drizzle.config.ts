// drizzle-kit reads the schema and writes SQL migrations into drizzle/ (committed, applied on open).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/core/db/schema.ts',
  out: './drizzle',
});
