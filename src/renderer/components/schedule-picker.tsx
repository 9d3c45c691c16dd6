// "Schedule": a date-time field, the time zone it is read in (shown and changeable), quick
// choices, and a sentence saying exactly when the mail will leave.
import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import { checkSchedule, nextMondayAt9, timeZones, tomorrowAt9, zoneLabel } from '../api/schedule-time';

interface Props {
  value: string;
  timeZone: string;
  now: number;
  onChange(value: string, timeZone: string): void;
}

export function SchedulePicker({ value, timeZone, now, onChange }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const zones = useMemo(() => timeZones(timeZone), [timeZone]);
  const check = value ? checkSchedule(value, timeZone, now) : null;
  const label = zoneLabel(timeZone, check?.ok ? check.utc : now, format.locale);

  return (
    <fieldset className="schedule">
      <legend>{t('compose.scheduleLegend')}</legend>
      <div className="schedule-quick" role="group" aria-label={t('compose.quickChoices')}>
        <button type="button" className="pill" onClick={() => onChange(tomorrowAt9(now, timeZone), timeZone)}>
          {t('compose.tomorrow9')}
        </button>
        <button type="button" className="pill" onClick={() => onChange(nextMondayAt9(now, timeZone), timeZone)}>
          {t('compose.monday9')}
        </button>
      </div>
      <div className="schedule-row">
        <div className="field">
          <label htmlFor={`${id}-at`}>{t('compose.sendAt')}</label>
          <input id={`${id}-at`} type="datetime-local" value={value} step={60} onChange={(event) => onChange(event.target.value, timeZone)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-tz`}>{t('compose.timeZone')}</label>
          <select id={`${id}-tz`} value={timeZone} onChange={(event) => onChange(value, event.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/gu, ' ')}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className={`schedule-summary${check && !check.ok ? ' problem' : ''}`} role="status" data-testid="schedule-summary">
        {check === null
          ? t('compose.pickTime', { zone: `${timeZone} (${label})` })
          : check.ok
            ? t('compose.willSend', { when: format.dateTime(check.utc, timeZone), zone: `${timeZone} (${label})` })
            : t(`compose.schedule_${check.reason}`, { zone: timeZone })}
      </p>
    </fieldset>
  );
}
