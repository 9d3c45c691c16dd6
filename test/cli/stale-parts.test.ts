// An enqueue killed mid-copy leaves `attachments/tmp/*.part`; the clean-up after a
// `process-queue` run removes those untouched for over an hour, and leaves younger ones alone
// (another process may be writing them right now).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithUnverifiedAccount } from './support';

const bench = benchWithUnverifiedAccount();

describe('temp files of interrupted copies', () => {
  it('removes .part files older than an hour, keeps fresh ones', async () => {
    const tmp = path.join(bench.cli.dataDir, 'attachments', 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const old = path.join(tmp, 'old.part');
    const fresh = path.join(tmp, 'fresh.part');
    const almost = path.join(tmp, 'almost.part');
    for (const file of [old, fresh, almost]) fs.writeFileSync(file, 'half a file');
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    fs.utimesSync(old, hoursAgo(2), hoursAgo(2));
    fs.utimesSync(almost, hoursAgo(0.75), hoursAgo(0.75));

    const run = await bench.cli.run(['process-queue']);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(almost)).toBe(true);
  }, 120_000);
});
