// "Type a time": reads "fri 3pm" or "demain 9h" as the user types and shows back the exact time
// and zone it understood; only "Use this time" puts it in the schedule.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import { parseTypedTime } from '../api/quick-times';
import { checkSchedule, zoneLabel } from '../api/schedule-time';

interface Props {
  now: number;
  timeZone: string;
  onUse(value: string): void;
}

export function TypedTime({ now, timeZone, onUse }: Props): ReactNode {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [text, setText] = useState('');
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const parsed = parseTypedTime(text, language, now, timeZone);
  const check = parsed ? checkSchedule(parsed, timeZone, now) : null;

  const use = (): void => {
    if (!parsed || !check?.ok) return;
    onUse(parsed);
    setText('');
  };

  let reading: string | null = null;
  if (text.trim() && !parsed) reading = t('compose.typedNotUnderstood');
  else if (parsed && check && !check.ok) reading = t(`compose.schedule_${check.reason}`, { zone: timeZone });
  else if (check?.ok) reading = t('compose.typedReads', { when: format.dateTime(check.utc, timeZone), zone: `${timeZone} (${zoneLabel(timeZone, check.utc, format.locale)})` });

  return (
    <div className="field typed-time">
      <label htmlFor={`${id}-typed`}>{t('compose.typedLabel')}</label>
      <div className="schedule-row">
        <input
          id={`${id}-typed`}
          type="text"
          value={text}
          placeholder={t('compose.typedPlaceholder')}
          aria-describedby={`${id}-reading`}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              use();
            }
          }}
        />
        <button type="button" className="button secondary" disabled={!check?.ok} onClick={use}>
          {t('compose.typedUse')}
        </button>
      </div>
      <p id={`${id}-reading`} className={`muted${check && !check.ok ? ' problem' : ''}`} data-testid="typed-reading">
        {reading}
      </p>
    </div>
  );
}
