import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { watchOtherWriters } from './change-watch';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('watchOtherWriters', () => {
  it('fires on another connection’s commit, not on its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-watch-'));
    dirs.push(dir);
    const file = path.join(dir, 'facteur.db');
    const mine = openDatabase(file);
    const other = openDatabase(file);
    let fired = 0;
    const watch = watchOtherWriters(mine, () => (fired += 1), 20);
    mine.$client.exec("insert into settings (key, value) values ('own', '1')");
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fired).toBe(0);
    other.$client.exec("insert into settings (key, value) values ('other', '1')");
    await expect.poll(() => fired, { timeout: 3_000 }).toBe(1);
    watch.stop();
    mine.$client.close();
    other.$client.close();
  });
});
