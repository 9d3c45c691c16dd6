// @vitest-environment jsdom
// Linking Outlook says, before the browser opens, what Facteur asks Microsoft for: sending, basic
// details of Sent Items (to check interrupted mail), and more only for mail over 4 MB (docs/outlook.md).
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeEngine, renderWith } from '../test-support';
import { LinkPanel } from './link-panel';

const ignore = (): void => undefined;

describe('LinkPanel for Outlook', () => {
  it('states the permissions asked of Microsoft, in English', () => {
    renderWith(<LinkPanel target={{ kind: 'link', provider: 'outlook' }} onDone={ignore} onCancel={ignore} />, fakeEngine({}));
    const panel = screen.getByRole('form', { name: 'Link Outlook' });
    expect(panel.textContent).toContain(
      'Facteur asks Microsoft only for permission to send mail and to read basic details of your Sent Items (to check on mail whose sending was interrupted); it asks for more (reading and changing your mail) only when a message over 4 MB needs it.',
    );
    expect(panel.textContent).not.toContain('only asks for permission to send mail;');
  });

  it('states the same in French', () => {
    renderWith(<LinkPanel target={{ kind: 'link', provider: 'outlook' }} onDone={ignore} onCancel={ignore} />, fakeEngine({}), 'fr');
    const panel = screen.getByRole('form', { name: 'Relier Outlook' });
    expect(panel.textContent).toContain('Facteur ne demande à Microsoft que le droit d’envoyer des e-mails et de lire les informations de base de vos Éléments envoyés');
    expect(panel.textContent).toContain('que lorsqu’un message de plus de 4 Mo l’exige.');
  });

  it('keeps the short hint for Gmail', () => {
    renderWith(<LinkPanel target={{ kind: 'link', provider: 'gmail' }} onDone={ignore} onCancel={ignore} />, fakeEngine({}));
    expect(screen.queryByText(/asks Microsoft/u)).toBeNull();
  });
});
