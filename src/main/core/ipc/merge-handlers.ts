// Mail merge and batches as the app asks for them. A merge comes as a template object and the data
// file's bytes (a file the user chose in the page, so there is no folder to read attachments from —
// the template and the data may not name files by path; the app attaches nothing by path in a
// merge yet).
import path from 'node:path';
import type { MergeResult } from '../../../shared/batch';
import type { ParsedInput } from '../../../shared/ipc-contract';
import type { Engine } from '../engine';
import { invalidInput } from '../errors';
import type { HandlerContext } from './handler-context';
import type { ImplsFor } from './handler-map';

/** Rows rendered for the preview table. */
const PREVIEW_ROWS = 50;

export async function mergeFromApp(engine: Engine, input: ParsedInput<'merge:preview'>, dryRun: boolean): Promise<MergeResult> {
  const attachments = input.template.attachments;
  if (Array.isArray(attachments) && attachments.some((a) => a && typeof a === 'object' && 'path' in a)) {
    throw invalidInput('template.attachments', 'attachments by path are not available in the app’s mail merge; use facteur merge');
  }
  // A folder that holds nothing: a data file's `attachments` column is refused row by row.
  const nowhere = path.join(engine.config.dataDir, 'merge-no-files');
  return engine.batches.merge({
    accountRef: input.accountId,
    template: input.template,
    data: Buffer.from(input.dataBase64, 'base64'),
    dataLabel: input.dataName,
    name: input.name,
    templateDir: nowhere,
    dataDir: nowhere,
    sendAt: input.sendAt ?? null,
    timeZone: input.timeZone ?? null,
    window: input.window ?? null,
    // The preview lists every bad row instead of failing at them.
    skipInvalid: dryRun ? true : input.skipInvalid,
    allowDuplicates: input.allowDuplicates,
    dryRun,
    previewRows: dryRun ? PREVIEW_ROWS : 1,
  });
}

/** Mail merge and its batches: preview, queue, list, pause, resume, cancel. */
export function batchHandlers({ engine, platform }: HandlerContext): ImplsFor<'merge' | 'batches'> {
  return {
    'merge:preview': (input) => mergeFromApp(engine, input, true),
    'merge:queue': async (input) => {
      const result = await mergeFromApp(engine, input, false);
      platform.requestProcessing();
      return result;
    },
    'batches:list': () => engine.batches.list(),
    'batches:get': ({ id }) => engine.batches.get(id),
    'batches:pause': ({ id }) => ({ count: engine.batches.pause(id) }),
    'batches:resume': ({ id }) => {
      const count = engine.batches.resume(id);
      platform.requestProcessing();
      return { count };
    },
    'batches:cancel': ({ id }) => ({ count: engine.batches.cancel(id) }),
  };
}
