// To / Cc / Bcc as chips: "Name <address>" or a bare address, validated as typed with the same
// rule the engine applies (shared/address.ts). Enter, comma, semicolon or Tab makes a chip. An
// address already among the recipients (To, Cc or Bcc) is not added twice, and the user is told.
import { useId, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addressProblem } from '../../shared/address';
import { translateAddressProblem } from '../api/problems';
import { formatChip, parseChip, splitRecipients, type Chip } from '../api/recipient-chips';

interface Props {
  label: string;
  chips: Chip[];
  onChange(chips: Chip[]): void;
  /** True when the address is already a recipient of this message (in any field). */
  isTaken?(address: string): boolean;
  autoFocus?: boolean;
}

export function RecipientInput({ label, chips, onChange, isTaken, autoFocus }: Props): ReactNode {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [merged, setMerged] = useState<string[]>([]);
  const inputId = useId();
  const draftChip = parseChip(draft);
  const draftProblem = draftChip && draft.length > 3 && /[@>]/u.test(draft) ? addressProblem(draftChip.address) : null;

  const commit = (texts: string[]): void => {
    const seen = new Set<string>();
    const added: Chip[] = [];
    const duplicates: string[] = [];
    for (const chip of texts.map(parseChip)) {
      if (!chip) continue;
      const key = chip.address.toLowerCase();
      if (seen.has(key) || isTaken?.(chip.address) || chips.some((other) => other.address.toLowerCase() === key)) duplicates.push(chip.address);
      else added.push(chip);
      seen.add(key);
    }
    if (added.length) onChange([...chips, ...added]);
    setMerged(duplicates);
    setDraft('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if ((event.key === 'Enter' || event.key === ',' || event.key === ';' || (event.key === 'Tab' && draft.trim())) && !event.ctrlKey && !event.metaKey) {
      if (!draft.trim()) return;
      event.preventDefault();
      commit([draft]);
    } else if (event.key === 'Backspace' && draft === '' && chips.length > 0) {
      const last = chips[chips.length - 1] as Chip;
      onChange(chips.slice(0, -1));
      setDraft(formatChip(last));
      event.preventDefault();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>): void => {
    const text = event.clipboardData.getData('text');
    if (!/[,;\n]/u.test(text)) return;
    event.preventDefault();
    commit(splitRecipients(draft + text));
  };

  return (
    <div className="field recipients">
      <label htmlFor={inputId}>{label}</label>
      <ul className="chips" aria-label={t('compose.chipList', { field: label })}>
        {chips.map((chip, index) => {
          const raw = addressProblem(chip.address);
          const problem = raw ? translateAddressProblem(t, raw) : null;
          return (
            <li
              key={`${chip.address}-${index}`}
              className={`chip${problem ? ' invalid' : ''}`}
              aria-invalid={problem ? true : undefined}
              title={problem ? t('compose.invalidAddress', { address: chip.address, problem }) : chip.address}
            >
              {chip.name ? <span className="chip-name">{chip.name}</span> : null}
              <span className="chip-address">{chip.address}</span>
              {problem ? <span className="visually-hidden">{t('compose.invalidAddress', { address: chip.address, problem })}</span> : null}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('compose.removeRecipient', { address: chip.address })}
                onClick={() => onChange(chips.filter((_, other) => other !== index))}
              >
                ×
              </button>
            </li>
          );
        })}
        <li className="chip-input">
          <input
            id={inputId}
            type="text"
            value={draft}
            autoFocus={autoFocus}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={draftProblem ? true : undefined}
            aria-describedby={draftProblem ? `${inputId}-problem` : undefined}
            onChange={(event) => (setDraft(event.target.value), setMerged([]))}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => draft.trim() && commit(splitRecipients(draft))}
          />
        </li>
      </ul>
      {merged.length ? (
        <p className="field-note" role="status">
          {t('compose.alreadyRecipient', { count: merged.length, addresses: merged.join(', ') })}
        </p>
      ) : null}
      {draftProblem ? (
        <p id={`${inputId}-problem`} className="field-problem" role="status">
          {t('compose.invalidAddress', { address: draftChip?.address ?? '', problem: translateAddressProblem(t, draftProblem) })}
        </p>
      ) : null}
    </div>
  );
}
