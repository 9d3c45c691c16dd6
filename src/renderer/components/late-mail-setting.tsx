// Settings → "Mail that missed its time": the late-mail rule (send at once, hold and ask, don't
// send) and how late a mail must be for it to apply. The engine validates; its answer is shown.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LATE_MAIL_RULES, MAX_LATE_MINUTES, type LateMailRule } from '../../shared/settings';

interface Props {
  rule: LateMailRule;
  minutes: number;
  onChange(patch: { lateMail?: LateMailRule; lateAfterMinutes?: number }): void;
}

export function LateMailSetting({ rule, minutes, onChange }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(String(minutes));
  useEffect(() => setText(String(minutes)), [minutes]);
  const commit = (): void => {
    // Anything but a changed whole number goes to the engine as typed, so its error names the field.
    const value = Number(text);
    if (value !== minutes || !Number.isInteger(value)) onChange({ lateAfterMinutes: text.trim() === '' ? Number.NaN : value });
  };
  return (
    <div className="setting-row late-mail" data-testid="late-mail-setting">
      <div>
        <strong>{t('late.setting')}</strong>
        <span className="muted block">{t('late.settingHint')}</span>
      </div>
      <div className="late-mail-fields">
        <label htmlFor={`${id}-after`}>{t('late.after')}</label>
        <input
          id={`${id}-after`}
          type="number"
          min={1}
          max={MAX_LATE_MINUTES}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => event.key === 'Enter' && commit()}
        />
        <span>{t('late.minutesSuffix')}</span>
        <label htmlFor={`${id}-rule`} className="visually-hidden">
          {t('late.rule')}
        </label>
        <select id={`${id}-rule`} value={rule} onChange={(event) => onChange({ lateMail: LATE_MAIL_RULES.find((r) => r === event.target.value) ?? 'send' })}>
          {LATE_MAIL_RULES.map((choice) => (
            <option key={choice} value={choice}>
              {t(`late.rules.${choice}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
