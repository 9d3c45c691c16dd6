// What the e2e tests share: Chromium against a fresh app (real engine, real SMTP server) for the
// whole file, screenshots at the sizes the README promises, and axe-core run in the page.
// Screenshots go to test/e2e/screenshots only with FACTEUR_UPDATE_SCREENSHOTS=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildRenderer, startE2eApp, type E2eApp, type E2eAppOptions } from './e2e-app';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';

export const SHOTS =
  process.env.FACTEUR_UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, 'screenshots') : path.join(os.tmpdir(), 'facteur-e2e-screenshots');

/** How long a test waits for the window to show something. */
export const WAIT = { timeout: 20_000 };

/**
 * Opens a new message (Ctrl+N) and fills one To recipient, the subject and, when given, the body
 * (typed, as a user would). `wait` bounds the wait for the compose view to open.
 */
export async function compose(page: Page, message: { to: string; subject: string; body?: string }, wait: { timeout?: number } = {}): Promise<void> {
  await page.keyboard.press('Control+n');
  await page.getByRole('heading', { name: 'New message' }).waitFor(wait);
  await page.getByLabel('To', { exact: true }).fill(message.to);
  await page.keyboard.press('Enter');
  await page.getByLabel('Subject').fill(message.subject);
  if (message.body === undefined) return;
  await page.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.type(message.body);
}

export const SIZES = { small: { width: 800, height: 600 }, large: { width: 1440, height: 900 } } as const;

export interface Session {
  app: E2eApp;
  browser: Browser;
  page: Page;
  /** Errors the page logged (should stay empty). */
  problems: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  viewport?: { width: number; height: number };
  /** The browser's zone (the user's); UTC unless a test is about zones. */
  timezoneId?: string;
  /** Environment of the engine (client ids, endpoints). */
  env?: Record<string, string>;
  app?: E2eAppOptions;
  /** Runs once the engine is up, before the page first loads (accounts, settings). */
  beforeLoad?(app: E2eApp): void | Promise<void>;
}

/** Chromium on a fresh app (engine, scheduler, SMTP server); the page loaded and listened to. */
export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const [staticDir, browser] = await Promise.all([
    buildRenderer(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
  const app = await startE2eApp(staticDir, options.env ?? {}, options.app ?? {});
  await options.beforeLoad?.(app);
  const page = await browser.newPage({ viewport: options.viewport ?? SIZES.large, locale: 'en-US', timezoneId: options.timezoneId ?? 'UTC' });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(app.server.pageUrl);
  return {
    app,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** A file's session as its tests see it: the parts of `Session`, there once `beforeAll` has run. */
export type BrowserSession = Readonly<Omit<Session, 'close'>>;

/**
 * One session for the whole file: started before its tests, closed after them. `options` may be
 * a function, for values known only once the file's earlier `beforeAll` hooks ran (fake servers).
 * Hooks the file registers afterwards see the loaded page.
 */
export function useBrowserSession(options: SessionOptions | (() => SessionOptions) = {}): BrowserSession {
  let session: Session | undefined;
  // Building the renderer and launching Chromium can take a minute on a loaded machine.
  beforeAll(async () => {
    session = await startSession(typeof options === 'function' ? options() : options);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });
  const started = (): Session => {
    if (!session) throw new Error('The browser session starts in beforeAll: use it inside a hook or a test.');
    return session;
  };
  return {
    get app() {
      return started().app;
    },
    get browser() {
      return started().browser;
    },
    get page() {
      return started().page;
    },
    get problems() {
      return started().problems;
    },
  };
}

/**
 * Light and dark screenshots of what is on screen, at the page's size or at each of `sizes` (then
 * named with the size); each must be more than a blank page.
 */
export async function shootSchemes(page: Page, name: string, sizes: ReadonlyArray<{ width: number; height: number }> = []): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const size of sizes.length ? sizes : [null]) {
    if (size) await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const file = path.join(SHOTS, `${name}${size ? `-${size.width}x${size.height}` : ''}-${scheme}.png`);
      await page.screenshot({ path: file });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000); // a blank page is far smaller
    }
  }
  if (before) await page.setViewportSize(before);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A screenshot of what is on screen at the given size; returns the file. */
export async function shootAt(page: Page, name: string, size: keyof typeof SIZES, scheme: 'light' | 'dark' = 'light'): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize(SIZES[size]);
  await page.emulateMedia({ colorScheme: scheme });
  const file = path.join(SHOTS, `${name}-${SIZES[size].width}x${SIZES[size].height}${scheme === 'dark' ? '-dark' : ''}.png`);
  await page.screenshot({ path: file });
  if (before) await page.setViewportSize(before);
  await page.emulateMedia({ colorScheme: 'light' });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core in the page: serious and critical violations, plus skipped heading levels (axe calls
 * those moderate, but a screen reader user navigates by them).
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol, which the page's CSP (script-src 'self') does not
  // govern; a <script> tag would be refused, as it should be.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE};void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order');
}

/** Violations as lines a failing test can print. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n  ')}`).join('\n');
}

/**
 * An SMTP test server that asks for a login (user "me", password "right"), started before the
 * file's tests and closed after them; `.server` is read inside the tests.
 */
export function useGuardedSmtpServer(): { readonly server: SmtpTestServer } {
  let server: SmtpTestServer | undefined;
  beforeAll(async () => {
    server = await startSmtpTestServer({ username: 'me', password: 'right' });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server(): SmtpTestServer {
      if (!server) throw new Error('the guarded SMTP server is read before beforeAll started it');
      return server;
    },
  };
}
