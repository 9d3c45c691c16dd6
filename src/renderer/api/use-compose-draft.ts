// The compose form's life with the engine: restoring the draft it owns once, saving it shortly
// after each change, storing each added file in the attachment store (pinned to the draft, so a
// restored draft still has its files), and forgetting the draft once the mail is queued.
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { readBase64, type ComposeAttachment } from './compose-attachments';
import { pickDraft, toDraft } from './compose-draft';
import { isEmpty, type ComposeState } from './compose-state';
import type { FacteurApi } from './types';

export interface ComposeDraft {
  state: ComposeState;
  setState: Dispatch<SetStateAction<ComposeState>>;
  /** Adds files: shown at once, stored in the background (by path when there is one). */
  addFiles(files: Array<{ file?: File; path?: string; name: string; size: number }>): Promise<void>;
  /** Stops saving and deletes the draft (queued or discarded). */
  forget(): Promise<void>;
  /** No saving while the mail is being queued… */
  hold(): void;
  /** …and saving resumes if the queue refused it (the user keeps editing). */
  resume(): void;
}

export function useComposeDraft(api: FacteurApi, initial: ComposeState, restore: boolean, timeZone: string): ComposeDraft {
  const [state, setState] = useState<ComposeState>(initial);
  const closed = useRef(false);
  const restored = useRef(!restore);

  // Restore the draft this compose owns, once.
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    void api['drafts:list']({}).then((result) => {
      if (!result.ok || closed.current) return;
      const draft = pickDraft(result.value, initial.origin, timeZone);
      if (draft) setState((current) => ({ ...draft, accountId: draft.accountId ?? current.accountId }));
    });
  }, [api, initial.origin, timeZone]);

  // Save the draft shortly after each change (never after the mail was queued or discarded).
  useEffect(() => {
    if (isEmpty(state) || closed.current) return undefined;
    const timer = setTimeout(() => {
      if (closed.current) return;
      void api['drafts:save']({ id: state.draftId, content: toDraft(state) as unknown as Record<string, unknown> });
    }, 600);
    return () => clearTimeout(timer);
  }, [api, state]);

  const addFiles = useCallback<ComposeDraft['addFiles']>(
    async (files) => {
      const draftId = state.draftId;
      const added = files.map((file) => ({ ...file, key: `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}` }));
      const placeholder = (file: (typeof added)[number]): ComposeAttachment => ({ key: file.key, filename: file.name, size: file.size, pending: true });
      setState((s) => ({ ...s, attachments: [...s.attachments, ...added.map(placeholder)] }));
      await Promise.all(
        added.map(async (file) => {
          const type = file.file && /^[\w.+-]+\/[\w.+-]+$/u.test(file.file.type) ? { contentType: file.file.type } : {};
          const bytes = file.path === undefined && file.file ? await readBase64(file.file) : undefined;
          const stored = await api['drafts:attach']({ draftId, filename: file.name, ...type, ...(file.path !== undefined ? { path: file.path } : { contentBase64: bytes ?? '' }) });
          // Stored: referred to by checksum from now on. Not stored (the engine refused or is
          // away): the file still goes with the mail, by path or bytes, but not into the draft.
          const done: ComposeAttachment = stored.ok
            ? { key: file.key, filename: file.name, size: stored.value.size, sha256: stored.value.sha256, contentType: stored.value.contentType }
            : { key: file.key, filename: file.name, size: file.size, ...type, ...(file.path !== undefined ? { path: file.path } : { contentBase64: bytes ?? '' }) };
          setState((s) => ({ ...s, attachments: s.attachments.map((item) => (item.key === file.key ? done : item)) }));
        }),
      );
    },
    [api, state.draftId],
  );

  const forget = useCallback(async () => {
    closed.current = true;
    await api['drafts:delete']({ id: state.draftId });
  }, [api, state.draftId]);

  const hold = useCallback(() => {
    closed.current = true;
  }, []);
  const resume = useCallback(() => {
    closed.current = false;
  }, []);

  return { state, setState, addFiles, forget, hold, resume };
}
