// @vitest-environment jsdom
// The message size limit is read and written in MB; the engine still receives bytes.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { account, fakeEngine, renderWith } from '../test-support';
import { LimitsEditor } from './limits-editor';

describe('LimitsEditor', () => {
  it('shows the size limit in MB and saves it in bytes', async () => {
    const user = userEvent.setup();
    const saved: unknown[] = [];
    renderWith(<LimitsEditor account={account()} onSave={(overrides) => saved.push(overrides)} onCancel={() => {}} />, fakeEngine({}));
    const size = screen.getByLabelText('Message size (MB)') as HTMLInputElement;
    expect(size.placeholder).toBe('25');
    await user.type(size, '10.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(saved).toEqual([{ maxMessageBytes: 11_010_048 }]);
  });
});
