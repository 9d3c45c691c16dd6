// What every command needs: the engine (opened lazily, closed after), and where output goes.
// `--json` outputs that have a schema are checked against it in tests (ipc/output-check.ts).
import type { z } from 'zod';
import { assertNoDrift, outputChecksWanted } from '../ipc/output-check';
import { createEngine, type Engine, type EngineOptions } from '../engine';
import { readConfig, loadEnv } from '../config';

export interface CliContext {
  withEngine<T>(work: (engine: Engine) => T | Promise<T>): Promise<T>;
  out(line: string): void;
  /** Prints `value` as JSON; with `schema`, a drift from it is an internal error when outputs are checked. */
  json(value: unknown, schema?: z.ZodType, what?: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Tests inject providers or a secret store here; the real command line passes nothing. */
  engineOptions?: Omit<EngineOptions, 'config'>;
}

export function createCliContext(io: CliIo): CliContext {
  const env = loadEnv(io.env);
  return {
    env,
    async withEngine(work) {
      const engine = createEngine({ config: readConfig(env), ...io.engineOptions });
      try {
        return await work(engine);
      } finally {
        engine.close();
      }
    },
    out: (line) => io.stdout(`${line}\n`),
    json: (value, schema, what = 'this command') => {
      if (schema && outputChecksWanted(env)) assertNoDrift(what, schema, value);
      io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    },
    err: (line) => io.stderr(`${line}\n`),
  };
}
