// SIGKILL `facteur merge` of 10,000 rows at several moments (reading, rendering, inside the write
// transaction, after it): each time the data dir holds either the whole batch or nothing of it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';

const ROWS = 10_000;
let dataDir: string;
let templateFile: string;
let dataFile: string;

beforeAll(async () => {
  dataDir = makeDataDir();
  const engine = makeEngine({ dataDir });
  await addSmtpAccount(engine, 2525);
  engine.close();
  templateFile = path.join(dataDir, 'template.json');
  fs.writeFileSync(templateFile, JSON.stringify({ to: [{ address: '{{email}}', name: '{{name}}' }], subject: 'Hi {{name}}', html: '<p>Hello {{name}}</p>' }));
  dataFile = path.join(dataDir, 'rows.csv');
  fs.writeFileSync(dataFile, `name,email\n${Array.from({ length: ROWS }, (_, i) => `N${i},p${i}@example.com`).join('\n')}\n`);
});

afterAll(() => removeDataDir(dataDir));

interface State {
  batches: Array<{ id: number; total: number; counts: Record<string, number> }>;
  emails: number;
}

async function state(): Promise<State> {
  const batches = JSON.parse((await runCli(['batches', '--json'], { dataDir })).stdout) as State['batches'];
  const counts = JSON.parse((await runCli(['status', '--json'], { dataDir })).stdout) as Record<string, unknown>;
  const emails = Object.values(counts).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
  return { batches, emails };
}

describe('a mail merge killed with SIGKILL', () => {
  it('leaves the whole batch or nothing, whenever it is killed', async () => {
    const outcomes: string[] = [];
    for (const delay of [700, 1500, 2300, 3100, 3900, 5000, 6500]) {
      const child = spawnCli(['merge', '--account', '1', '--template', templateFile, '--data', dataFile], { dataDir });
      let finished = false;
      child.once('exit', () => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => (finished ? resolve(null) : child.once('close', resolve)));
      const after = await state();
      // Every batch present is complete: all its rows, all its emails.
      for (const batch of after.batches) {
        expect(batch.total).toBe(ROWS);
        expect(Object.values(batch.counts).reduce((sum, n) => sum + n, 0)).toBe(ROWS);
      }
      expect(after.emails).toBe(after.batches.length * ROWS);
      outcomes.push(`${delay} ms: ${after.batches.length} batches`);
    }
    const final = await state();
    // Some kills landed before the commit (fewer batches than runs), and some after it.
    expect(final.batches.length).toBeLessThan(7);
    expect(final.batches.length, outcomes.join('; ')).toBeGreaterThan(0);
  }, 300_000);
});
