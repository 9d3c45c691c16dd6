// A draft's attachments through the real handlers and engine: stored content-addressed and pinned
// to the draft (the garbage collector leaves them while the draft exists, also when the bytes came
// from a browser), refused by path unless picked, collected once the draft is gone, and usable by
// checksum when the mail is queued — the stored bytes are the file's.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/main/core/attachments/garbage';
import { createHandlers, type Platform } from '../../src/main/core/ipc/handlers';
import type { HandlerMap } from '../../src/main/core/ipc/handler-map';
import type { Result } from '../../src/shared/result';
import { addSmtpAccount, makeEngine, type TestEngine } from '../helpers/engine';

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

let engine: TestEngine;
let handlers: HandlerMap;
let picked: string[];
let accountId: number;

beforeEach(async () => {
  engine = makeEngine();
  picked = [];
  const platform: Platform = {
    kind: 'electron',
    version: 'test',
    attachmentsMustBePicked: true,
    openFiles: () => Promise.resolve(picked),
    openExternal: () => Promise.resolve(),
    setStartAtLogin: () => undefined,
    requestProcessing: () => undefined,
  };
  handlers = createHandlers(engine, platform);
  accountId = await addSmtpAccount(engine, 2525);
});
afterEach(() => engine.dispose());

const bytes = Buffer.from('Figures: 1, 2, 3\n');
const sha = createHash('sha256').update(bytes).digest('hex');

describe('drafts:attach', () => {
  it('stores dropped bytes, keeps them while the draft exists, and lets them go with it', async () => {
    const stored = value(await handlers['drafts:attach']({ draftId: 'new-1', filename: 'figures.txt', contentBase64: bytes.toString('base64') }));
    expect(stored).toEqual({ sha256: sha, size: bytes.length, filename: 'figures.txt', contentType: 'text/plain' });
    expect(fs.readFileSync(engine.attachments.pathFor(sha))).toEqual(bytes);

    collectGarbage(engine.db, engine.attachments, engine.log);
    expect(fs.existsSync(engine.attachments.pathFor(sha))).toBe(true);

    // Queued by checksum, sent, and the draft deleted: nothing needs the file any more.
    const { id } = value(
      await handlers['queue:enqueue']({
        accountId,
        message: { to: [{ address: 'ana@example.com' }], subject: 'Figures', text: 'Attached.', attachments: [{ sha256: sha, filename: 'figures.txt' }] },
      }),
    );
    expect(engine.queue.get(id).attachments).toEqual([{ filename: 'figures.txt', contentType: 'text/plain', size: bytes.length, sha256: sha }]);
    engine.db.$client.prepare(`update emails set status = 'sent' where id = ?`).run(id);
    collectGarbage(engine.db, engine.attachments, engine.log);
    expect(fs.existsSync(engine.attachments.pathFor(sha))).toBe(true); // the draft still pins it

    value(await handlers['drafts:delete']({ id: 'new-1' }));
    collectGarbage(engine.db, engine.attachments, engine.log);
    expect(fs.existsSync(engine.attachments.pathFor(sha))).toBe(false);
  });

  it('keeps the files of sent mail a recipient refused, so it can be sent again to them', async () => {
    const { id } = value(
      await handlers['queue:enqueue']({
        accountId,
        message: { to: [{ address: 'ana@example.com' }, { address: 'gone@example.com' }], subject: 'Figures', attachments: [{ contentBase64: bytes.toString('base64'), filename: 'figures.txt' }] },
      }),
    );
    engine.db.$client.prepare(`update emails set status = 'sent' where id = ?`).run(id);
    engine.db.$client
      .prepare(`insert into recipient_outcomes (email_id, address, outcome, reason, updated_at) values (?, 'gone@example.com', 'refused', '550 no such user', 0)`)
      .run(id);
    collectGarbage(engine.db, engine.attachments, engine.log);
    expect(fs.existsSync(engine.attachments.pathFor(sha))).toBe(true);
    // Sent again to the refused recipient by checksum: the file is still there to send.
    value(
      await handlers['queue:enqueue']({
        accountId,
        message: { to: [{ address: 'gone2@example.com' }], subject: 'Figures', attachments: [{ sha256: sha, filename: 'figures.txt' }] },
      }),
    );
  });

  it('lets an abandoned in-place edit go once its mail left, with the files only it held; keeps the others', async () => {
    const sendAt = '2031-01-01T09:00';
    const { id: leaving } = value(await handlers['queue:enqueue']({ accountId, message: { to: [{ address: 'ana@example.com' }], subject: 'Left', text: 'x' }, sendAt, timeZone: 'UTC' }));
    const { id: waiting } = value(await handlers['queue:enqueue']({ accountId, message: { to: [{ address: 'bob@example.com' }], subject: 'Waits', text: 'x' }, sendAt, timeZone: 'UTC' }));
    for (const draftId of [`edit-${leaving}`, `edit-${waiting}`, 'edit-999999', 'new-3', `resend-${leaving}`]) {
      value(await handlers['drafts:save']({ id: draftId, content: { version: 2, subject: draftId } }));
    }
    value(await handlers['drafts:attach']({ draftId: `edit-${leaving}`, filename: 'figures.txt', contentBase64: bytes.toString('base64') }));

    collectGarbage(engine.db, engine.attachments, engine.log);
    expect(fs.existsSync(engine.attachments.pathFor(sha))).toBe(true); // its mail is still scheduled

    engine.db.$client.prepare(`update emails set status = 'sent' where id = ?`).run(leaving);
    collectGarbage(engine.db, engine.attachments, engine.log);
    const kept = value(await handlers['drafts:list']({})).map((draft) => draft.id).sort();
    expect(kept).toEqual([`edit-${waiting}`, 'new-3', `resend-${leaving}`].sort());
    expect(fs.existsSync(engine.attachments.pathFor(sha))).toBe(false);
  });

  it('takes a path only once the user picked it, and says which field is wrong', async () => {
    const file = path.join(engine.dataDir, 'figures.txt');
    fs.writeFileSync(file, bytes);
    const refused = await handlers['drafts:attach']({ draftId: 'new-2', filename: 'figures.txt', path: file });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'path' } });

    picked.push(file);
    value(await handlers['dialog:openFiles']({}));
    expect(value(await handlers['drafts:attach']({ draftId: 'new-2', filename: 'figures.txt', path: file })).sha256).toBe(sha);

    const both = await handlers['drafts:attach']({ draftId: 'new-2', filename: 'x.txt', path: file, contentBase64: 'eA==' });
    expect(both).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('accepts a mail that is only an attachment (no text, no html)', async () => {
    const { id } = value(
      await handlers['queue:enqueue']({ accountId, message: { to: [{ address: 'ana@example.com' }], subject: 'Scan', attachments: [{ contentBase64: bytes.toString('base64'), filename: 'scan.txt' }] } }),
    );
    expect(engine.queue.get(id)).toMatchObject({ text: null, html: null, attachments: [expect.objectContaining({ filename: 'scan.txt' })] });
    const empty = await handlers['queue:enqueue']({ accountId, message: { to: [{ address: 'ana@example.com' }], subject: 'Nothing' } });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'message.text' } });
  });

  it('stores the HTML of a mail without anything active in it', async () => {
    const { id } = value(
      await handlers['queue:enqueue']({
        accountId,
        message: {
          to: [{ address: 'ana@example.com' }],
          subject: 'Hi',
          html: '<p>Hi</p><meta http-equiv="refresh" content="0;url=https://attacker.example"><a href="java&#9;script:alert(1)">x</a><img src=x onerror="alert(1)">',
        },
      }),
    );
    const stored = engine.queue.get(id).html ?? '';
    expect(stored).toContain('<p>Hi</p>');
    expect(stored).not.toMatch(/meta|refresh|javascript|onerror/iu);
  });
});
