// A modal confirmation (role="alertdialog"): focus goes to the safe choice and stays inside the
// dialog (Tab cycles), Escape keeps things as they were, and focus returns where it was. Both
// buttons say what they do ("Keep" / "Cancel message"), never a bare "Cancel".
import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusTrap } from './use-focus-trap';

interface Props {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** The safe choice, e.g. "Keep message" or "Keep editing" (default "Keep"). */
  keepLabel?: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, body, confirmLabel, keepLabel, danger = false, onConfirm, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  useFocusTrap(dialog, keep, onCancel);
  return (
    <div className="backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div ref={dialog} className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} tabIndex={-1}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`} className="dialog-body">
          {body}
        </div>
        <div className="dialog-actions">
          <button ref={keep} type="button" className="button secondary" onClick={onCancel}>
            {keepLabel ?? t('common.keep')}
          </button>
          <button type="button" className={`button ${danger ? 'danger' : 'primary'}`} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
