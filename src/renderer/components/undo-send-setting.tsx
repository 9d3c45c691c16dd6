// Settings → "Undo send": how long "Send now" waits, with an Undo button, before mail may leave.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const UNDO_CHOICES = [0, 5, 10, 20, 30, 60] as const;

interface Props {
  seconds: number;
  onChange(seconds: number): void;
}

export function UndoSendSetting({ seconds, onChange }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const choices: number[] = UNDO_CHOICES.includes(seconds as (typeof UNDO_CHOICES)[number]) ? [...UNDO_CHOICES] : [...UNDO_CHOICES, seconds].sort((a, b) => a - b);
  return (
    <div className="setting-row">
      <label htmlFor={`${id}-undo`}>
        <strong>{t('undo.setting')}</strong>
        <span className="muted block">{t('undo.settingHint')}</span>
      </label>
      <select id={`${id}-undo`} value={seconds} onChange={(event) => onChange(Number(event.target.value))}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 0 ? t('undo.off') : t('undo.seconds', { count: choice })}
          </option>
        ))}
      </select>
    </div>
  );
}
