import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEndpoint, DEFAULT_ENDPOINTS, installDir, isLoopbackHost, loadEnv, readConfig } from './config';

describe('endpoints', () => {
  it('defaults to the real services', () => {
    expect(readConfig({ FACTEUR_DATA_DIR: '/tmp/x' }).endpoints).toEqual(DEFAULT_ENDPOINTS);
  });

  it('accepts https anywhere and http only on loopback', () => {
    expect(checkEndpoint('V', 'https://graph.example.com/v1.0/')).toBe('https://graph.example.com/v1.0');
    for (const url of ['http://127.0.0.1:9000', 'http://127.8.0.1', 'http://localhost:1', 'http://[::1]:80/x']) {
      expect(checkEndpoint('V', url)).toBe(url);
    }
    for (const url of ['http://example.com', 'http://10.0.0.1', 'http://127.0.0.1.evil.com', 'ftp://127.0.0.1', 'not a url']) {
      expect(() => checkEndpoint('FACTEUR_GRAPH_API_URL', url)).toThrow(/FACTEUR_GRAPH_API_URL/u);
    }
  });

  it('recognises loopback hosts', () => {
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('reads client ids, ignoring blanks', () => {
    const config = readConfig({ FACTEUR_DATA_DIR: '/tmp/x', FACTEUR_GOOGLE_CLIENT_ID: ' id ', FACTEUR_MS_CLIENT_ID: '' });
    expect(config.oauth.google.clientId).toBe('id');
    expect(config.oauth.microsoft.clientId).toBeNull();
  });
});

describe('non-default endpoints', () => {
  it('accepts loopback, refuses any other host unless FACTEUR_ALLOW_CUSTOM_ENDPOINTS=1, and lists them', () => {
    const local = readConfig({ FACTEUR_DATA_DIR: '/tmp/x', FACTEUR_GOOGLE_TOKEN_URL: 'http://127.0.0.1:9/token' });
    expect(local.customEndpoints).toEqual([{ variable: 'FACTEUR_GOOGLE_TOKEN_URL', url: 'http://127.0.0.1:9/token' }]);
    expect(readConfig({ FACTEUR_DATA_DIR: '/tmp/x' }).customEndpoints).toEqual([]);
    expect(() => readConfig({ FACTEUR_DATA_DIR: '/tmp/x', FACTEUR_GOOGLE_TOKEN_URL: 'https://tokens.evil.example/token' })).toThrow(
      /FACTEUR_GOOGLE_TOKEN_URL: .*FACTEUR_ALLOW_CUSTOM_ENDPOINTS=1/u,
    );
    const allowed = readConfig({ FACTEUR_DATA_DIR: '/tmp/x', FACTEUR_GRAPH_API_URL: 'https://graph.microsoft.us/v1.0', FACTEUR_ALLOW_CUSTOM_ENDPOINTS: '1' });
    expect(allowed.endpoints.graphApi).toBe('https://graph.microsoft.us/v1.0');
    expect(allowed.customEndpoints).toEqual([{ variable: 'FACTEUR_GRAPH_API_URL', url: 'https://graph.microsoft.us/v1.0' }]);
  });
});

describe('.env files', () => {
  const folder = (files: Record<string, string>): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-env-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  it('reads FACTEUR_ENV_FILE, then the data dir, then the install folder — never the current directory', () => {
    const cwd = folder({ '.env': 'FACTEUR_GMAIL_API_URL=http://127.0.0.1:6666\nFACTEUR_MS_CLIENT_ID=from-cwd' });
    const dataDir = folder({ '.env': 'FACTEUR_GMAIL_API_URL=http://127.0.0.1:1111\nFACTEUR_GOOGLE_CLIENT_ID=from-data' });
    const install = folder({ '.env': 'FACTEUR_GMAIL_API_URL=http://127.0.0.1:2222\nFACTEUR_GOOGLE_CLIENT_ID=from-install\nFACTEUR_MS_CLIENT_ID=from-install' });
    const explicit = folder({ 'facteur.env': 'FACTEUR_GMAIL_API_URL=http://127.0.0.1:3333' });
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      const env = loadEnv({ FACTEUR_DATA_DIR: dataDir }, { installDir: install });
      expect([env.FACTEUR_GMAIL_API_URL, env.FACTEUR_GOOGLE_CLIENT_ID, env.FACTEUR_MS_CLIENT_ID]).toEqual(['http://127.0.0.1:1111', 'from-data', 'from-install']);
      const withFile = loadEnv({ FACTEUR_DATA_DIR: dataDir, FACTEUR_ENV_FILE: path.join(explicit, 'facteur.env') }, { installDir: install });
      expect(withFile.FACTEUR_GMAIL_API_URL).toBe('http://127.0.0.1:3333');
      const real = loadEnv({ FACTEUR_DATA_DIR: dataDir, FACTEUR_GMAIL_API_URL: 'http://127.0.0.1:4444' }, { installDir: null });
      expect(real.FACTEUR_GMAIL_API_URL).toBe('http://127.0.0.1:4444');
      expect(loadEnv({ FACTEUR_DATA_DIR: folder({}) }, { installDir: null }).FACTEUR_MS_CLIENT_ID).toBeUndefined();
    } finally {
      process.chdir(previous);
      for (const dir of [cwd, dataDir, install, explicit]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds Facteur's install folder beside its package.json", () => {
    expect(installDir()).toBe(path.resolve(__dirname, '..', '..', '..'));
    expect(installDir(os.tmpdir())).toBeNull();
  });
});
