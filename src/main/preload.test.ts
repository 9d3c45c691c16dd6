// The preload, as built: CommonJS requiring only electron, so it runs in a sandboxed renderer.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('preload', () => {
  it('compiles to CommonJS requiring nothing but electron, so it runs in a sandboxed renderer', () => {
    // test/helpers/global-setup.ts compiles src/main with tsconfig.build.json before the tests.
    const compiled = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'main', 'preload.js'), 'utf8');
    expect([...compiled.matchAll(/require\("([^"]+)"\)/gu)].map((match) => match[1])).toEqual(['electron']);
    expect(compiled).not.toMatch(/^\s*(import|export) /mu);
    expect(compiled).toMatch(/exposeInMainWorld\('facteur'/u);
  });
});
