// Where Facteur keeps its data and which provider endpoints it talks to, read from the environment
// and from the `.env` files Facteur trusts (never one in the current directory). Each provider
// declares its own endpoints and OAuth client in its folder (gmail/gmail-config.ts, …); this
// gathers them and checks every override the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { FacteurError } from './facteur-error';
import { readAutoconfigEndpoints, type AutoconfigEndpoints } from './providers/smtp/autoconfig/autoconfig-endpoints';
import { checkEndpoint, isLoopbackHost } from './endpoint-check';
import { GMAIL_ENDPOINTS, readGoogleClient, type GoogleClient } from './providers/gmail/gmail-config';
import { OUTLOOK_ENDPOINTS, readMicrosoftClient, type MicrosoftClient } from './providers/outlook/outlook-config';

export { checkEndpoint, isLoopbackHost } from './endpoint-check';

/** The database file inside the data dir. */
export const DATABASE_FILE = 'facteur.db';

/** Every provider's endpoints, each from its own folder's configuration. */
const PROVIDER_ENDPOINTS = { ...GMAIL_ENDPOINTS, ...OUTLOOK_ENDPOINTS };

export type Endpoints = Record<keyof typeof PROVIDER_ENDPOINTS, string>;

export interface OAuthClients {
  google: GoogleClient;
  microsoft: MicrosoftClient;
}

export interface Config {
  dataDir: string;
  endpoints: Endpoints;
  /** Endpoints that are not the real services' (logged as a warning when the engine starts). */
  customEndpoints?: CustomEndpoint[];
  oauth: OAuthClients;
  /** Where SMTP autoconfig looks (default: the real sources). */
  autoconfig?: AutoconfigEndpoints;
  /** The FACTEUR_* variables as read, for the set-up each provider's descriptor asks for. */
  providerEnv?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_ENDPOINTS = Object.fromEntries(Object.entries(PROVIDER_ENDPOINTS).map(([key, { url }]) => [key, url])) as Endpoints;

const ENDPOINT_VARIABLES = Object.fromEntries(Object.entries(PROVIDER_ENDPOINTS).map(([key, { variable }]) => [key, variable])) as Record<keyof Endpoints, string>;

/** The OS application-data folder, as Electron's `app.getPath('userData')` would give it. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Facteur');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Facteur');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Facteur');
}

/**
 * Facteur's own install folder: the nearest folder above this module whose package.json is
 * Facteur's (the repository, node_modules/facteur, or the packaged app's resources/app.asar).
 */
export function installDir(from = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === 'facteur') return dir;
    } catch {
      // no (readable) package.json here: keep climbing
    }
    if (path.dirname(dir) === dir) return null;
  }
}

export interface LoadEnvOptions {
  /** Facteur's install folder (default: found from this module); null = none. */
  installDir?: string | null;
}

/**
 * Reads `.env` files without overriding the real environment: `FACTEUR_ENV_FILE`, then
 * `<data dir>/.env`, then the `.env` beside Facteur's own package.json. The first file to define a
 * variable wins. Never a `.env` that merely sits in the current directory: whoever can drop a file
 * where `facteur` happens to run (a shared folder, a cloned repository, a cron job's home) must not
 * be able to point the token endpoint — and with it the refresh token, the client secret and the
 * mail — at their own server.
 */
export function loadEnv(env: NodeJS.ProcessEnv = process.env, options: LoadEnvOptions = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = {};
  const dataDir = env.FACTEUR_DATA_DIR ?? defaultDataDir(process.platform, env);
  const install = options.installDir === undefined ? installDir() : options.installDir;
  const candidates = [env.FACTEUR_ENV_FILE, path.join(dataDir, '.env'), install ? path.join(install, '.env') : undefined];
  for (const file of candidates) {
    if (!file) continue;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(parseEnv(text))) {
      if (key.startsWith('FACTEUR_') && merged[key] === undefined) merged[key] = value;
    }
  }
  return { ...merged, ...env };
}

/** A provider endpoint that is not the real service's: accepted, and said so in the log. */
export interface CustomEndpoint {
  variable: string;
  url: string;
}

/**
 * A non-default endpoint receives refresh tokens, client secrets and mail. Loopback (a local fake,
 * a test, a developer's proxy) is accepted as is; anything else only when the user says so with
 * FACTEUR_ALLOW_CUSTOM_ENDPOINTS=1 (a sovereign cloud, a corporate gateway).
 */
function checkCustomEndpoint(variable: string, url: string, allowed: boolean): void {
  if (allowed || isLoopbackHost(new URL(url).hostname)) return;
  throw new FacteurError(
    'invalid-input',
    `${variable}: "${url}" is not the real service's endpoint — Facteur sends tokens and mail there only when it is on loopback or FACTEUR_ALLOW_CUSTOM_ENDPOINTS=1 is set`,
    variable,
  );
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const endpoints = { ...DEFAULT_ENDPOINTS };
  const customEndpoints: CustomEndpoint[] = [];
  const allowCustom = env.FACTEUR_ALLOW_CUSTOM_ENDPOINTS === '1';
  for (const key of Object.keys(ENDPOINT_VARIABLES) as Array<keyof Endpoints>) {
    const variable = ENDPOINT_VARIABLES[key];
    const value = env[variable];
    endpoints[key] = checkEndpoint(variable, value && value.length > 0 ? value : DEFAULT_ENDPOINTS[key]);
    if (endpoints[key] !== DEFAULT_ENDPOINTS[key]) {
      checkCustomEndpoint(variable, endpoints[key], allowCustom);
      customEndpoints.push({ variable, url: endpoints[key] });
    }
  }
  const nonEmpty = (value: string | undefined): string | null => (value && value.trim().length > 0 ? value.trim() : null);
  return {
    dataDir: path.resolve(nonEmpty(env.FACTEUR_DATA_DIR) ?? defaultDataDir(process.platform, env)),
    endpoints,
    customEndpoints,
    autoconfig: readAutoconfigEndpoints(env),
    providerEnv: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('FACTEUR_') && !key.includes('SECRET'))),
    oauth: { google: readGoogleClient(env), microsoft: readMicrosoftClient(env) },
  };
}
