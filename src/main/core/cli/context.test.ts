// A `--json` output with a schema is checked against it when outputs are checked (tests, and
// FACTEUR_CHECK_OUTPUTS=1): a field the engine adds and the schema lacks fails the command
// instead of reaching a script that reads the JSON.
import { describe, expect, it } from 'vitest';
import { processSummarySchema } from '../../../shared/output-schemas';
import { createCliContext } from './context';

const summary = { sent: 1, failed: 0, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' as const };

function context(check: boolean) {
  const printed: string[] = [];
  const ctx = createCliContext({ stdout: (text) => void printed.push(text), stderr: () => undefined, env: { FACTEUR_ENV_FILE: '/dev/null', FACTEUR_CHECK_OUTPUTS: check ? '1' : '0' } });
  return { ctx, printed };
}

describe('--json outputs checked against their schema', () => {
  it('prints an output that matches', () => {
    const { ctx, printed } = context(true);
    ctx.json(summary, processSummarySchema, 'process-queue --json');
    expect(JSON.parse(printed.join(''))).toEqual(summary);
  });

  it('refuses, printing nothing, an output with a field the schema lacks', () => {
    const { ctx, printed } = context(true);
    expect(() => ctx.json({ ...summary, skippedByPacing: 2 }, processSummarySchema, 'process-queue --json')).toThrow(
      /process-queue --json does not match its schema: skippedByPacing: not in the schema/u,
    );
    expect(printed).toEqual([]);
  });

  it('prints it as is when outputs are not checked (an installed build)', () => {
    const { ctx, printed } = context(false);
    ctx.json({ ...summary, skippedByPacing: 2 }, processSummarySchema);
    expect(JSON.parse(printed.join(''))).toMatchObject({ skippedByPacing: 2 });
  });
});
