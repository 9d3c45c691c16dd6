// Compose → schedule: "Don't send if more than … late" (`enqueue --expires-after`). Off by default:
// then the late-mail setting decides what happens to mail that missed its time.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const EXPIRY_CHOICES = [15, 30, 60, 120, 240, 1440] as const;

interface Props {
  minutes: number | null;
  onChange(minutes: number | null): void;
}

export function ExpiryOption({ minutes, onChange }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const choices: number[] = minutes === null || EXPIRY_CHOICES.some((c) => c === minutes) ? [...EXPIRY_CHOICES] : [...EXPIRY_CHOICES, minutes].sort((a, b) => a - b);
  return (
    <div className="expiry-option" data-testid="expiry-option">
      <label htmlFor={`${id}-expiry`}>{t('late.expiry')}</label>
      <select id={`${id}-expiry`} value={minutes ?? ''} onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}>
        <option value="">{t('late.expiryOff')}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {t(`late.expiryChoices.${choice}`, { defaultValue: `${choice} min` })}
          </option>
        ))}
      </select>
      {minutes !== null ? (
        <>
          <span>{t('late.expiryLate')}</span>
          <p className="muted">{t('late.expiryHint')}</p>
        </>
      ) : null}
    </div>
  );
}
