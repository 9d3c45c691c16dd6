// The editor's "Link" dialog (Electron has no window.prompt): one address field that accepts
// https: and mailto: only — a bare address becomes mailto:, a bare host https:. Holds focus like
// every dialog; Escape or "Cancel" leaves the text as it was.
import { useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { EDITOR_LINK } from '../../shared/html-policy';
import { useFocusTrap } from './use-focus-trap';

/** What the user typed as a link target, or null when it is not an https: or mailto: link. */
export function normaliseLink(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  let candidate = text;
  if (!/^[a-z][a-z0-9+.-]*:/iu.test(text)) candidate = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/u.test(text) ? `mailto:${text}` : `https://${text}`;
  if (!EDITOR_LINK.test(candidate)) return null;
  try {
    const url = new URL(candidate);
    if (url.protocol === 'https:' && !url.hostname.includes('.')) return null;
    return url.protocol === 'mailto:' ? candidate : url.href;
  } catch {
    return null;
  }
}

interface Props {
  initial: string;
  onSave(url: string): void;
  onCancel(): void;
}

export function LinkDialog({ initial, onSave, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLFormElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState(false);
  useFocusTrap(dialog, field, onCancel);
  // In a portal: the dialog's own <form> must not sit inside the compose form.
  return createPortal(
    <div className="backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <form
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          event.stopPropagation();
          const url = normaliseLink(value);
          if (url) onSave(url);
          else setProblem(true);
        }}
      >
        <h2 id={`${id}-title`}>{t('compose.linkTitle')}</h2>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('compose.linkAddress')}</label>
          <input
            ref={field}
            id={`${id}-url`}
            type="text"
            inputMode="url"
            value={value}
            placeholder="https://"
            aria-invalid={problem || undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => (setValue(event.target.value), setProblem(false))}
          />
        </div>
        {problem ? (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {t('compose.linkProblem')}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('compose.linkCancel')}
          </button>
          <button type="submit" className="button primary">
            {t('compose.linkSave')}
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
