// Attachments: the native picker (Electron: by path), or the page's own file input where there is
// no native dialog (a browser), or drag-and-drop (bytes, not paths, so they travel as base64).
// Sizes shown, and a warning before the account's limit is hit.
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { encodedSize, type ComposeAttachment } from '../api/compose-attachments';
import { useFormat } from '../api/format';

interface Props {
  attachments: ComposeAttachment[];
  /** The account's maxMessageBytes, when an account is chosen. */
  limitBytes: number | null;
  /** Size of the rest of the message (body), for the total. */
  bodyBytes: number;
  /** False where there is no native dialog: "Attach files" opens the page's file input. */
  fileDialog: boolean;
  onPick(): void;
  onDropFiles(files: File[]): void;
  onRemove(key: string): void;
}

export function AttachmentList({ attachments, limitBytes, bodyBytes, fileDialog, onPick, onDropFiles, onRemove }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const total = bodyBytes + attachments.reduce((sum, file) => sum + encodedSize(file.size), 0);
  const tooBig = limitBytes !== null && total > limitBytes;

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length) onDropFiles(files);
  };

  return (
    <div
      className={`attachments${over ? ' drop-over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <div className="attachments-head">
        <button type="button" className="button secondary" onClick={() => (fileDialog ? onPick() : input.current?.click())}>
          <PaperclipGlyph /> {t('compose.attach')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          aria-label={t('compose.attach')}
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = '';
            if (files.length) onDropFiles(files);
          }}
        />
        <span className="hint">{t('compose.dropHint')}</span>
        <span className={`size-total${tooBig ? ' problem' : ''}`}>
          {limitBytes === null
            ? format.bytes(total)
            : t('compose.sizeOfLimit', { size: format.bytes(total), limit: format.bytes(limitBytes) })}
        </span>
      </div>
      {attachments.length > 0 ? (
        <ul className="attachment-items" aria-label={t('compose.attachments')}>
          {attachments.map((file) => (
            <li key={file.key} className="attachment-item">
              <FileGlyph />
              <span className="attachment-name">{file.filename}</span>
              <span className="attachment-size">{file.pending ? t('compose.storing') : format.bytes(file.size)}</span>
              <button type="button" className="icon-button" aria-label={t('compose.removeAttachment', { name: file.filename })} onClick={() => onRemove(file.key)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {tooBig ? (
        <p className="field-problem" role="alert">
          {t('compose.tooBig', { size: format.bytes(total), limit: format.bytes(limitBytes ?? 0) })}
        </p>
      ) : null}
    </div>
  );
}

function PaperclipGlyph(): ReactNode {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
    </svg>
  );
}

function FileGlyph(): ReactNode {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z" />
      <path d="M14 3v5h5" />
    </svg>
  );
}
