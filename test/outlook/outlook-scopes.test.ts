// Outlook asks for as little as it can: Mail.Send and Mail.ReadBasic (Sent Items check) when the
// account is linked; Mail.ReadWrite — drafts and upload sessions, i.e. read and change the whole
// mailbox — only when a message is too big for sendMail, and only if the user consented to it.
// The fake identity platform refuses a refresh for scopes the user never consented to, and the
// fake Graph answers 403 to a token without the scope an endpoint needs, as the real ones do.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/main/core/providers/provider-error';
import { silentLogger } from '../../src/main/core/logger';
import { attachmentFile, linkedAccount, message, sendContext, useOutlookHarnesses } from './setup';

const outlook = useOutlookHarnesses('facteur-outlook-scopes-');

const resourceScopes = (scopes: string[]): string[] => scopes.filter((s) => s.startsWith('Mail.')).sort();

describe('Outlook scopes', () => {
  it('asks for Mail.Send and Mail.ReadBasic at linking, never Mail.ReadWrite', async () => {
    const h = await outlook.start();
    let opened = '';
    await h.provider.link({
      email: 'ana@contoso.test',
      openUrl: async (url) => {
        opened = url;
        const authorize = await h.transport.request({ method: 'GET', url });
        await h.transport.request({ method: 'GET', url: authorize.headers['location'] ?? '' });
      },
    });
    const scopes = new URL(opened).searchParams.get('scope')?.split(' ') ?? [];
    expect(resourceScopes(scopes)).toEqual(['Mail.ReadBasic', 'Mail.Send']);
    expect(h.fake.issuedScopes.every((issued) => !issued.includes('Mail.ReadWrite'))).toBe(true);
  });

  it('sends ordinary mail and checks Sent Items with only what was consented at linking', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    const { attachment } = attachmentFile(outlook.dir, 100_000, 'report.pdf');
    const msg = message({ attachments: [attachment] });
    await h.provider.send(msg, account, sendContext());
    expect(h.fake.sent).toHaveLength(1);
    expect(await h.provider.verifySent?.(msg, account, silentLogger())).toBe('sent');
    expect(h.fake.issuedScopes.map(resourceScopes)).not.toContainEqual(expect.arrayContaining(['Mail.ReadWrite']));
  });

  it('asks for Mail.ReadWrite only for mail over the sendMail limit, and says why when it was not granted', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    const big = attachmentFile(outlook.dir, 5 * 1024 * 1024, 'big.bin');
    const error = await h.provider.send(message({ attachments: [big.attachment] }), account, sendContext()).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('outlook-consent-required');
    expect((error as ProviderError).kind).toBe('permanent');
    expect((error as ProviderError).message).toMatch(/over 4 MB.*Mail\.ReadWrite.*link the account again/u);
    expect(h.fake.sent).toHaveLength(0);
    expect(h.fake.count(201)).toBe(0); // no draft was created

    // The user links again and consents: the same mail now goes through a draft and an upload session.
    h.fake.consent('ana@contoso.test', 'Mail.ReadWrite');
    await h.provider.send(message({ attachments: [big.attachment] }), account, sendContext());
    expect(h.fake.sent.map((s) => s.via)).toEqual(['draft']);
    expect(resourceScopes(h.fake.issuedScopes.at(-1) ?? [])).toEqual(['Mail.ReadWrite', 'Mail.Send']);
  });

  it('links with Mail.ReadWrite too when the user allows large attachments', async () => {
    const h = await outlook.start();
    let opened = '';
    await h.provider.link({
      email: 'ana@contoso.test',
      largeAttachments: true,
      openUrl: async (url) => {
        opened = url;
        const authorize = await h.transport.request({ method: 'GET', url });
        await h.transport.request({ method: 'GET', url: authorize.headers['location'] ?? '' });
      },
    });
    expect(resourceScopes(new URL(opened).searchParams.get('scope')?.split(' ') ?? [])).toEqual(['Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Send']);
  });

  it('the fake Graph refuses a draft to a token without Mail.ReadWrite (403), as Graph does', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    await h.provider.send(message(), account, sendContext());
    const token = [...(h.fake as unknown as { accessTokens: Map<string, unknown> }).accessTokens.keys()].at(-1) ?? '';
    const draft = await h.transport.request({ method: 'POST', url: `${h.fake.graphUrl}/me/messages`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(draft.status).toBe(403);
  });
});
