// @vitest-environment jsdom
// A confirmation holds focus: it starts on the safe choice, Tab and Shift+Tab cycle inside, focus
// pulled outside comes back, Escape keeps things as they were — also after Tab — and focus returns
// to the button that opened it.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { fakeEngine, renderWith } from '../test-support';
import { ConfirmDialog } from './confirm-dialog';

function Harness({ onConfirm }: { onConfirm(): void }): ReactNode {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button">Elsewhere</button>
      <button type="button" onClick={() => setOpen(true)}>
        Cancel message…
      </button>
      {open ? (
        <ConfirmDialog
          title="Cancel “Plan”?"
          body="It will not be sent."
          confirmLabel="Cancel message"
          keepLabel="Keep message"
          danger
          onCancel={() => setOpen(false)}
          onConfirm={() => (setOpen(false), onConfirm())}
        />
      ) : null}
    </>
  );
}

describe('ConfirmDialog', () => {
  it('traps Tab, closes on Escape after tabbing, and gives focus back to its opener', async () => {
    const user = userEvent.setup();
    let confirmed = 0;
    renderWith(<Harness onConfirm={() => (confirmed += 1)} />, fakeEngine({}));
    const opener = screen.getByRole('button', { name: 'Cancel message…' });
    await user.click(opener);
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel “Plan”?' });
    expect(document.activeElement?.textContent).toBe('Keep message');
    for (let i = 0; i < 5; i += 1) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Focus forced outside is brought back in.
    screen.getByRole('button', { name: 'Elsewhere' }).focus();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
    expect(confirmed).toBe(0);

    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Cancel message' }));
    expect(confirmed).toBe(1);
  });
});
