// What the packaged app and `npm start` rely on, checked without an Electron binary: the fuses in
// electron-builder.yml (keys the installed electron-builder knows), and `npm start` refusing
// clearly — before rebuilding anything — when Electron's binary was never downloaded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

describe('electron-builder.yml', () => {
  const config = load(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, unknown>; asar?: unknown };

  it('flips the fuses: no run-as-node, NODE_OPTIONS or --inspect; encrypted cookies; app.asar only, integrity-checked', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('uses fuse names the installed electron-builder knows (a misspelt key would be silently ignored)', () => {
    const scheme = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(config.electronFuses ?? {}).filter((key) => !known.includes(key))).toEqual([]);
  });
});

describe('npm start without the Electron binary', () => {
  it('says what is missing and what to do, exits non-zero, and rebuilds nothing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-no-electron-'));
    try {
      const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'tools', 'electron-task.mjs'), 'start'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/cannot start the desktop app\. Electron's binary is not installed .*ELECTRON_SKIP_BINARY_DOWNLOAD=1/u);
      expect(result.stderr).toMatch(/npm run dev:web/u);
      expect(result.stdout).not.toMatch(/install-app-deps|rebuild/u);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('keeps start and dist rebuilding the native modules for Electron, then back for Node', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe('npm run build && node tools/electron-task.mjs start');
    expect(scripts.dist).toBe('npm run build && node tools/electron-task.mjs dist');
    const task = fs.readFileSync(path.join(REPO_ROOT, 'tools', 'electron-task.mjs'), 'utf8');
    expect(task).toMatch(/run\(bin\('electron-builder'\), \['install-app-deps'\]\)/u);
    expect(task).toMatch(/run\('npm', \['rebuild', \.\.\.NATIVE\]\)/u);
    expect(task).toMatch(/const NATIVE = \['better-sqlite3', 'keytar'\]/u);
  });
});
