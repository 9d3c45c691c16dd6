// The HTML body: a contentEditable area with bold / italic / link / list buttons. Whatever is put
// into it from outside (a draft, an email being edited) is cleaned first (html-text.ts, DOMPurify
// in an inert document), and what it produces is cleaned again before it is queued.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sanitiseHtml } from '../api/html-text';
import { LinkDialog } from './link-dialog';

interface Props {
  html: string;
  onChange(html: string): void;
  label: string;
}

type Command = 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList' | 'createLink' | 'unlink';

export function RichEditor({ html, onChange, label }: Props): ReactNode {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  const [linking, setLinking] = useState<{ range: Range | null; href: string } | null>(null);

  // Only push HTML into the DOM when it changed from outside (a loaded draft), never while typing,
  // or the caret would jump to the start. It is never assigned uncleaned.
  useEffect(() => {
    const element = area.current;
    if (element && element.innerHTML !== html) element.innerHTML = sanitiseHtml(html);
  }, [html]);

  const openLink = (): void => {
    const selection = window.getSelection();
    const range = selection && selection.rangeCount > 0 && area.current?.contains(selection.anchorNode) ? selection.getRangeAt(0).cloneRange() : null;
    const anchor = range?.startContainer.parentElement?.closest('a');
    setLinking({ range, href: anchor && area.current?.contains(anchor) ? (anchor.getAttribute('href') ?? '') : '' });
  };

  // The link goes in once the dialog has closed and handed focus back: while it is open, it keeps
  // focus (and so the selection) to itself.
  const pendingLink = useRef<{ range: Range | null; url: string } | null>(null);
  const insertLink = (url: string): void => {
    pendingLink.current = { range: linking?.range ?? null, url };
    setLinking(null);
  };
  useEffect(() => {
    const pending = pendingLink.current;
    if (linking !== null || !pending) return;
    pendingLink.current = null;
    area.current?.focus();
    const selection = window.getSelection();
    if (pending.range && selection) {
      selection.removeAllRanges();
      selection.addRange(pending.range);
    }
    document.execCommand('createLink', false, pending.url);
    if (area.current) onChange(area.current.innerHTML);
  }, [linking, onChange]);

  const run = (command: Command): void => {
    if (command === 'createLink') return openLink();
    area.current?.focus();
    document.execCommand(command);
    if (area.current) onChange(area.current.innerHTML);
  };

  const buttons: Array<{ command: Command; label: string; glyph: ReactNode }> = [
    { command: 'bold', label: t('compose.bold'), glyph: <b>B</b> },
    { command: 'italic', label: t('compose.italic'), glyph: <i>I</i> },
    { command: 'createLink', label: t('compose.link'), glyph: <LinkGlyph /> },
    { command: 'insertUnorderedList', label: t('compose.bulletList'), glyph: <ListGlyph /> },
    { command: 'insertOrderedList', label: t('compose.numberedList'), glyph: <NumberedGlyph /> },
  ];

  return (
    <div className="editor">
      <div className="editor-toolbar" role="toolbar" aria-label={t('compose.formatting')}>
        {buttons.map((button) => (
          <button
            key={button.command}
            type="button"
            className="icon-button"
            aria-label={button.label}
            title={button.label}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => run(button.command)}
          >
            {button.glyph}
          </button>
        ))}
      </div>
      <div
        ref={area}
        className="editor-area"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        tabIndex={0}
        onInput={(event) => onChange(event.currentTarget.innerHTML)}
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && (event.key === 'b' || event.key === 'i' || event.key === 'k')) {
            event.preventDefault();
            run(event.key === 'b' ? 'bold' : event.key === 'i' ? 'italic' : 'createLink');
          }
        }}
      />
      {linking ? <LinkDialog initial={linking.href} onSave={insertLink} onCancel={() => setLinking(null)} /> : null}
    </div>
  );
}

function LinkGlyph(): ReactNode {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5" />
      <path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5" />
    </svg>
  );
}

/** Drawn, not typed: a visible "1." would have to be part of the button's accessible name. */
function NumberedGlyph(): ReactNode {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M10 6h11M10 12h11M10 18h11" />
      <path d="M3 4.5 4.5 3.5v5M3 8.5h3" strokeWidth="1.5" />
      <path d="M3 14.5c.5-1 2.8-1 2.8.6 0 1.2-2.8 2.2-2.8 3.4h3" strokeWidth="1.5" />
    </svg>
  );
}

function ListGlyph(): ReactNode {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M9 6h12M9 12h12M9 18h12" />
      <circle cx="4" cy="6" r="1" fill="currentColor" />
      <circle cx="4" cy="12" r="1" fill="currentColor" />
      <circle cx="4" cy="18" r="1" fill="currentColor" />
    </svg>
  );
}
