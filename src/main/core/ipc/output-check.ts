// Outputs are checked against their schema where a drift can be caught before a user sees it
// (tests, development): the answer must parse, and parsing must not drop anything — zod strips
// unknown keys silently, so a field the engine adds and the contract lacks would otherwise cross
// IPC, or reach a `--json` reader, undeclared. Installed builds skip the walk (it costs a parse
// per answer) and send what the engine gave.
import type { z } from 'zod';
import { FacteurError } from '../facteur-error';

/** On in tests and development: FACTEUR_CHECK_OUTPUTS=1 (vitest sets it; the dev server passes it). */
export function outputChecksWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FACTEUR_CHECK_OUTPUTS === '1';
}

/** Why `value` is not exactly what `schema` declares (a parse failure, or a key it would drop); null if it is. */
export function outputDrift(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return issue ? `${pathText(issue.path)}: ${issue.message}` : parsed.error.message;
  }
  const dropped = droppedKeys(value, parsed.data, []);
  return dropped.length === 0 ? null : `${dropped.join(', ')}: not in the schema (add it to src/shared/output-schemas.ts or stop sending it)`;
}

/** Throws an `internal` FacteurError naming the drift, for `what` (a channel, a command). */
export function assertNoDrift(what: string, schema: z.ZodType, value: unknown): void {
  const drift = outputDrift(schema, value);
  if (drift !== null) throw new FacteurError('internal', `the output of ${what} does not match its schema: ${drift}`);
}

function droppedKeys(given: unknown, kept: unknown, at: Array<string | number>): string[] {
  if (Array.isArray(given) && Array.isArray(kept)) return given.flatMap((item, index) => droppedKeys(item, kept[index], [...at, index]));
  if (!isPlainObject(given) || !isPlainObject(kept)) return [];
  return Object.entries(given).flatMap(([key, item]) => {
    if (item === undefined) return [];
    if (!Object.prototype.hasOwnProperty.call(kept, key)) return [pathText([...at, key])];
    return droppedKeys(item, kept[key], [...at, key]);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pathText(at: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of at) text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  return text || '(the whole output)';
}
