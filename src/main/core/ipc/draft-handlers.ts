// Drafts: each compose's saved state, and its attachments stored in the content-addressed store
// (by a picked path, or by bytes when the browser gives no path).
import path from 'node:path';
import { detectMimeType } from 'nodemailer/lib/mime-funcs';
import { DraftStore } from '../drafts/draft-store';
import { FacteurError, invalidInput } from '../errors';
import type { HandlerContext } from './handler-context';
import type { ImplsFor } from './handler-map';

export function draftHandlers({ engine, checkPath }: HandlerContext): ImplsFor<'drafts'> {
  const drafts = new DraftStore(engine.db, engine.clock);
  return {
    'drafts:list': () => drafts.list(),
    'drafts:save': ({ id, content }) => drafts.save(id, content),
    'drafts:delete': ({ id }) => {
      drafts.delete(id);
      return null;
    },
    'drafts:attach': async ({ draftId, filename, contentType, path: file, contentBase64 }) => {
      if (file !== undefined) checkPath(file, 'path');
      const blob = await drafts.attach(draftId, engine.attachments, async () => {
        if (file === undefined) return engine.attachments.putBuffer(Buffer.from(contentBase64 ?? '', 'base64'));
        try {
          return await engine.attachments.putFile(path.resolve(file));
        } catch (error) {
          if (error instanceof FacteurError) throw error;
          throw invalidInput('path', `could not be read: ${(error as Error).message}`);
        }
      });
      return { sha256: blob.sha256, size: blob.size, filename, contentType: contentType ?? detectMimeType(filename) };
    },
  };
}
