// Every view, light and dark, English and French, checked by axe-core in Chromium against the real
// engine: no serious or critical violation. The same tour takes the committed screenshots at
// 800×600 and 1440×900, and checks the small window keeps the detail pane and its actions inside
// the window (720×480 is the window's minimum).
import { describe, expect, it } from 'vitest';
import { addSmtpAccount } from '../helpers/engine';
import { describeViolations, seriousViolations, shootAt, useBrowserSession, WAIT } from './e2e-browser';

const session = useBrowserSession();

const HTML_BODY =
  '<p>Hello Camille,</p><p>Here are the <b>minutes</b> of Tuesday’s meeting. The budget is approved; the roadmap review moves to <i>next Thursday</i>.</p><ul><li>Budget: approved</li><li>Hiring: two roles open</li></ul><p>Best,<br>Ana</p>';

type View = { name: string; open(): Promise<void> };

async function outboxTab(tab: RegExp, subject?: string): Promise<void> {
  await session.page.getByRole('button', { name: /^(Outbox|Boîte d’envoi)/u }).click();
  await session.page.getByRole('tab', { name: tab }).click();
  if (subject) await session.page.getByRole('listbox').getByText(subject).first().click();
  await session.page.locator('.detail:not([aria-busy])').first().waitFor(WAIT);
}

const VIEWS: View[] = [
  { name: 'outbox-scheduled', open: () => outboxTab(/^(Scheduled|Programmés)/u, 'Quarterly report') },
  { name: 'outbox-sent', open: () => outboxTab(/^(Sent|Envoyés)/u, 'Meeting minutes') },
  { name: 'outbox-failed', open: () => outboxTab(/^(Failed|Échecs)/u, 'Lost letter') },
  { name: 'outbox-empty', open: () => outboxTab(/^(Cancelled|Annulés)/u) },
  {
    name: 'compose',
    open: async () => {
      await session.page.keyboard.press('Control+n');
      await session.page.locator('.compose').waitFor(WAIT);
    },
  },
  {
    name: 'merge',
    open: async () => {
      await session.page.getByRole('button', { name: /^(Mail merge|Publipostage)/u }).click();
      await session.page.locator('.view.merge').waitFor(WAIT);
    },
  },
  {
    name: 'accounts',
    open: async () => {
      await session.page.getByRole('button', { name: /^(Accounts|Comptes)/u }).click();
      await session.page.locator('.account-card').first().waitFor(WAIT);
    },
  },
  {
    name: 'settings',
    open: async () => {
      await session.page.getByRole('button', { name: /^(Settings|Réglages)/u }).click();
      await session.page.locator('.settings').waitFor(WAIT);
    },
  },
];

async function axeClean(label: string): Promise<void> {
  const violations = await seriousViolations(session.page);
  expect(violations, `${label}\n${describeViolations(violations)}`).toEqual([]);
}

describe('accessibility and layout of every view', () => {
  it('first launch points to linking an account, and passes axe', async () => {
    await session.page.getByRole('heading', { name: 'Welcome to Facteur' }).waitFor(WAIT);
    await axeClean('welcome light');
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await axeClean('welcome dark');
    await session.page.emulateMedia({ colorScheme: 'light' });
    await shootAt(session.page, 'welcome', 'small');
    await shootAt(session.page, 'welcome', 'large');
    await session.page.getByRole('button', { name: 'Link an account' }).click();
    await session.page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor(WAIT);
  });

  it('passes axe in every view, light and dark, English and French, and is screenshotted at both sizes', async () => {
    const { app } = session;
    const account = await addSmtpAccount(app.engine, app.smtp.port, 'ana@example.com', { timeoutSeconds: 5 });
    await app.engine.queue.queueEmail({ to: [{ address: 'camille@example.com', name: 'Camille Martin' }], subject: 'Meeting minutes', text: null, html: HTML_BODY }, account);
    app.smtp.faults.push({ kind: 'reject-recipient', address: 'nobody@example.com', code: 550, message: '5.1.1 nobody@example.com: user unknown' });
    await app.engine.queue.queueEmail({ to: [{ address: 'nobody@example.com' }], subject: 'Lost letter', text: 'Is anyone there?', html: null }, account);
    await app.engine.process();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await app.engine.queue.queueEmail({ to: [{ address: 'board@example.com' }], subject: 'Quarterly report', text: 'The report is attached.', html: null }, account, { sendAt: tomorrow });
    app.engine.events.emit('account-changed', account);
    await session.page.reload();

    for (const language of ['en', 'fr'] as const) {
      app.engine.settings.update({ language });
      await session.page.reload();
      await session.page.locator(`html[lang="${language}"]`).waitFor(WAIT);
      for (const view of VIEWS) {
        await view.open();
        for (const scheme of ['light', 'dark'] as const) {
          await session.page.emulateMedia({ colorScheme: scheme });
          await axeClean(`${view.name} ${language} ${scheme}`);
        }
        await session.page.emulateMedia({ colorScheme: 'light' });
        if (language === 'en') {
          await shootAt(session.page, view.name, 'small');
          await shootAt(session.page, view.name, 'large');
          await shootAt(session.page, view.name, 'large', 'dark');
        } else {
          await shootAt(session.page, `${view.name}-fr`, 'small');
        }
      }
    }
    app.engine.settings.update({ language: 'en' });
    expect(session.problems).toEqual([]);
  });

  it('keeps the detail pane and its actions inside the window at 800×600 and 720×480', async () => {
    await session.page.reload();
    for (const size of [
      { width: 800, height: 600 },
      { width: 720, height: 480 },
    ]) {
      await session.page.setViewportSize(size);
      await outboxTab(/^Failed/u, 'Lost letter');
      const pane = session.page.getByRole('complementary', { name: 'Message details' });
      const box = await pane.boundingBox();
      expect(box, `detail pane at ${size.width}×${size.height}`).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(size.width);
      expect(box?.width ?? 0).toBeGreaterThan(250);
      for (const name of ['Edit and resend', 'Retry', 'Reschedule', 'Cancel message']) {
        const button = pane.getByRole('button', { name, exact: true });
        await button.scrollIntoViewIfNeeded();
        const b = await button.boundingBox();
        expect(b, `${name} at ${size.width}×${size.height}`).not.toBeNull();
        expect((b?.x ?? 0) + (b?.width ?? 0), `${name} right edge`).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0));
        expect((b?.y ?? 0) + (b?.height ?? 0), `${name} bottom edge`).toBeLessThanOrEqual(size.height);
      }
    }
    await session.page.setViewportSize({ width: 1440, height: 900 });
  });

  it('follows the theme setting: dark while the system is light', async () => {
    await session.page.getByRole('button', { name: 'Settings' }).click();
    await session.page.getByLabel(/^Theme/u).selectOption('dark');
    await session.page.locator('html[data-theme="dark"]').waitFor(WAIT);
    expect(session.app.engine.settings.get().theme).toBe('dark');
    const background = await session.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(20, 23, 28)');
    await axeClean('settings forced dark');
    await session.page.getByLabel(/^Theme/u).selectOption('system');
    await expect.poll(() => session.page.evaluate(() => document.documentElement.dataset.theme ?? 'none'), WAIT).toBe('none');
  });
});
