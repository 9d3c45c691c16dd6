// @vitest-environment jsdom
// The editor's Link dialog: only https: and mailto: links, whatever the user types; a bare address
// becomes mailto:, a bare host https:; the dialog holds focus and Escape leaves without a link.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeEngine, renderWith } from '../test-support';
import { LinkDialog, normaliseLink } from './link-dialog';

describe('normaliseLink', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['example.com/about', 'https://example.com/about'],
    ['ana@example.com', 'mailto:ana@example.com'],
    ['mailto:ana@example.com?subject=Hi', 'mailto:ana@example.com?subject=Hi'],
    ['http://example.com', null],
    ['javascript:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:text/html,x', null],
    ['file:///etc/passwd', null],
    ['localhost', null],
    ['', null],
  ])('%s → %s', (typed, expected) => {
    expect(normaliseLink(typed)).toBe(expected);
  });
});

describe('LinkDialog', () => {
  it('refuses a javascript: link with a reason, saves an https: one, and keeps focus inside', async () => {
    const user = userEvent.setup();
    const saved: string[] = [];
    let cancelled = 0;
    renderWith(<LinkDialog initial="" onSave={(url) => saved.push(url)} onCancel={() => (cancelled += 1)} />, fakeEngine({}));
    const dialog = screen.getByRole('dialog', { name: 'Insert a link' });
    const field = screen.getByLabelText('Link address (https:// or mailto:)');
    expect(document.activeElement).toBe(field);
    for (let i = 0; i < 4; i += 1) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.clear(field);
    await user.type(field, 'javascript:alert(1){Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/https:\/\/ or an email address/u);
    expect(saved).toEqual([]);
    await user.clear(field);
    await user.type(field, 'example.org{Enter}');
    expect(saved).toEqual(['https://example.org/']);
    await user.keyboard('{Escape}');
    expect(cancelled).toBe(1);
  });
});
