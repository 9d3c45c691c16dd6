import { describe, expect, it } from 'vitest';
import { checkEndpoint, DEFAULT_ENDPOINTS, isLoopbackHost, readConfig } from './config';

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
