// The CI security checks judge what they are given and say so when they could not look:
// - tools/check-electron-support.mjs: electron's major ≥ the registry's latest − 2;
// - tools/audit-dependencies.mjs: advisories for production dependencies and for electron on its
//   own, through a local registry that answers npm's bulk advisory request (or refuses it, as the
//   proxy on some networks does);
// - tools/electronegativity/check.mjs: findings accepted one by one, not file by file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tool(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'tools', script), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A registry whose bulk advisory endpoint answers `advisories` — or 405, like a GET-only proxy. */
async function fakeRegistry(answer: 'advisory' | 'refuse'): Promise<{ url: string; bulkRequests: string[]; close(): Promise<void> }> {
  const bulkRequests: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url?.includes('/-/npm/v1/security/advisories/bulk')) {
        const body = Buffer.concat(chunks);
        bulkRequests.push((request.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8'));
        if (answer === 'refuse') return response.writeHead(405, { allow: 'GET,HEAD' }).end();
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(
          JSON.stringify({
            electron: [{ id: 1, url: 'https://github.com/advisories/GHSA-fake-fake-fake', title: 'Renderer escape in a test', severity: 'high', vulnerable_versions: '<999.0.0', cwe: [], cvss: { score: 8.8, vectorString: null } }],
          }),
        );
      }
      response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    bulkRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('electron support check', () => {
  it('fails an electron older than the latest major minus 2, passes a supported one', async () => {
    const old = await tool('check-electron-support.mjs', ['--installed', '42.3.0', '--latest', '45.5.0']);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/electron 42\.3\.0 is out of support .*majors 43–45/u);
    const current = await tool('check-electron-support.mjs', ['--installed', '43.8.12', '--latest', '45.5.0']);
    expect(current.code).toBe(0);
    expect(current.stdout).toMatch(/electron 43\.8\.12 is supported/u);
  });

  it('says NOT CHECKED, and why, when the registry does not answer (exit 0; 1 with --strict)', async () => {
    const registry = `http://127.0.0.1:${await closedPort()}/`;
    const lenient = await tool('check-electron-support.mjs', [], { npm_config_registry: registry });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/⚠ NOT CHECKED — the npm registry did not answer \(ECONNREFUSED/u);
    expect((await tool('check-electron-support.mjs', ['--strict'], { npm_config_registry: registry })).code).toBe(1);
  }, 180_000);
});

describe('dependency audit', () => {
  let advising: Awaited<ReturnType<typeof fakeRegistry>>;
  let refusing: Awaited<ReturnType<typeof fakeRegistry>>;
  beforeAll(async () => {
    advising = await fakeRegistry('advisory');
    refusing = await fakeRegistry('refuse');
  });
  afterAll(async () => {
    await advising.close();
    await refusing.close();
  });

  it('audits electron on its own although it is a dev dependency, and fails on a high advisory', async () => {
    const run = await tool('audit-dependencies.mjs', [], { npm_config_registry: advising.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ electron high: Renderer escape in a test .*GHSA-fake-fake-fake/u);
    expect(run.stdout).toMatch(/production dependencies — 0 high or critical/u);
    // The production audit does not carry electron; the second one does.
    expect(advising.bulkRequests).toHaveLength(2);
    expect(advising.bulkRequests[0]).not.toContain('"electron"');
    expect(advising.bulkRequests[1]).toContain('"electron"');
  }, 180_000);

  it('says NOT CHECKED with the reason when the endpoint refuses, instead of skipping silently', async () => {
    const run = await tool('audit-dependencies.mjs', [], { npm_config_registry: refusing.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/⚠ NOT CHECKED — production dependencies: 405 Method Not Allowed/u);
    expect(run.stdout).toMatch(/⚠ NOT CHECKED — electron: 405 Method Not Allowed/u);
    expect((await tool('audit-dependencies.mjs', ['--strict'], { npm_config_registry: refusing.url })).code).toBe(1);
  }, 180_000);
});

describe('electronegativity findings', () => {
  const lineOf = (file: string, snippet: string): number => fs.readFileSync(path.join(REPO_ROOT, 'src', file), 'utf8').split('\n').findIndex((line) => line.includes(snippet)) + 1;
  const report = (rows: Array<[string, string, string, number]>): string => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-eneg-')), 'report.csv');
    const header = 'issue, severity, confidence, filename, location, sample, description, url';
    fs.writeFileSync(file, [header, ...rows.map(([check, severity, where, line]) => `${check},"${severity}","TENTATIVE","${where}","${line}:4",N/A,"desc",https://example.invalid`)].join('\n'));
    return file;
  };

  it('accepts the reviewed findings, and fails a new finding in a file that has an accepted one', async () => {
    const reviewed: Array<[string, string, string, number]> = [
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/main.ts', lineOf('main/main.ts', 'openExternal: (url) => shell.openExternal(url)')],
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/core/ipc/handler-context.ts', lineOf('main/core/ipc/handler-context.ts', 'await platform.openExternal(url)')],
      ['PRELOAD_JS_CHECK', 'MEDIUM', 'main/window.ts', lineOf('main/window.ts', 'preload: options.preload')],
    ];
    expect(reviewed.every(([, , , line]) => line > 0)).toBe(true);
    const clean = await tool('electronegativity/check.mjs', ['--report', report(reviewed)]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/3 findings, 0 above low and not accepted/u);
    // Same check, same file, another line (say a second shell.openExternal in main.ts).
    const fresh = await tool('electronegativity/check.mjs', ['--report', report([...reviewed, ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/main.ts', 1]])]);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/✗ OPEN_EXTERNAL_JS_CHECK MEDIUM\/TENTATIVE main\/main\.ts:1:4 — NOT ACCEPTED/u);
  });
});
