// "Schedule": a date-time field, the time zone it is read in (shown, searchable, changeable),
// quick choices (built-in and the user's own), a field that reads a time written in words, and a
// sentence saying exactly when the mail will leave — with the same moment in this computer's zone
// when the two differ.
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuickTime } from '../../shared/settings';
import { useApi } from '../api/api-context';
import { useFormat } from '../api/format';
import { builtInQuickTimes, quickTimeValue } from '../api/quick-times';
import { checkSchedule, localTimeZone, timeZones, zoneLabel } from '../api/schedule-time';
import { TypedTime } from './typed-time';
import { RepeatPicker } from './repeat-picker';
import type { RepeatChoice } from '../api/repeat-rule';

interface Props {
  value: string;
  timeZone: string;
  now: number;
  onChange(value: string, timeZone: string): void;
  /** "Repeat" (new mail only): the choice and its setter; absent, no repeat is offered. */
  repeat?: { value: RepeatChoice; onChange(value: RepeatChoice): void } | undefined;
}

/** Zones whose name contains every word of the search ("new york", "paris", "america/sao"). */
export function matchZones(zones: string[], search: string): string[] {
  const words = search.trim().toLowerCase().split(/[\s/_,]+/u).filter(Boolean);
  if (!words.length) return zones;
  return zones.filter((zone) => {
    const name = zone.toLowerCase().replace(/_/gu, ' ');
    return words.every((word) => name.includes(word));
  });
}

/** Each quick time's words, and its hour (written as the locale writes times: "9:00 AM", "09:00"). */
const BUILT_IN_LABELS = {
  inOneHour: 'compose.inOneHour',
  thisAfternoon: 'compose.thisAfternoon',
  tomorrowMorning: 'compose.tomorrow9',
  mondayMorning: 'compose.monday9',
} as const;

export function SchedulePicker({ value, timeZone, now, onChange, repeat }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const id = useId();
  const [ownTimes, setOwnTimes] = useState<QuickTime[]>([]);
  const [search, setSearch] = useState('');
  const local = localTimeZone();
  const all = useMemo(() => timeZones(timeZone), [timeZone]);
  const zones = useMemo(() => {
    const found = matchZones(all, search);
    // The chosen zone stays in the list even when the search does not match it.
    return found.includes(timeZone) ? found : [timeZone, ...found];
  }, [all, search, timeZone]);
  const check = value ? checkSchedule(value, timeZone, now) : null;
  const label = zoneLabel(timeZone, check?.ok ? check.utc : now, format.locale);

  useEffect(() => {
    let live = true;
    void api['settings:get']({}).then((result) => live && result.ok && setOwnTimes(result.value.quickTimes));
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <fieldset className="schedule">
      <legend>{t('compose.scheduleLegend')}</legend>
      <div className="schedule-quick" role="group" aria-label={t('compose.quickChoices')}>
        {builtInQuickTimes(now, timeZone).map((preset) => (
          <button key={preset.key} type="button" className="pill" onClick={() => onChange(preset.value, timeZone)}>
            {t(BUILT_IN_LABELS[preset.key], { time: format.wallTime(preset.value.slice(11, 16)) })}
          </button>
        ))}
        {ownTimes.map((preset, index) => (
          <button key={`own-${index}`} type="button" className="pill" onClick={() => onChange(quickTimeValue(preset, now, timeZone), timeZone)}>
            {preset.label}
          </button>
        ))}
      </div>
      <TypedTime now={now} timeZone={timeZone} onUse={(picked) => onChange(picked, timeZone)} />
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
        <div className="field">
          <label htmlFor={`${id}-search`}>{t('compose.zoneSearch')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            placeholder={t('compose.zoneSearchPlaceholder')}
            autoComplete="off"
            onChange={(event) => {
              const next = event.target.value;
              setSearch(next);
              // Typing a city picks the first zone that matches it, unless the chosen one matches.
              const found = matchZones(all, next);
              if (next.trim() && found[0] && !found.includes(timeZone)) onChange(value, found[0]);
            }}
          />
        </div>
      </div>
      <p className={`schedule-summary${check && !check.ok ? ' problem' : ''}`} role="status" data-testid="schedule-summary">
        {check === null
          ? t('compose.pickTime', { zone: `${timeZone} (${label})` })
          : check.ok
            ? t('compose.willSend', { when: format.dateTime(check.utc, timeZone), zone: `${timeZone} (${label})` })
            : t(`compose.schedule_${check.reason}`, { zone: timeZone })}
      </p>
      {check?.ok && timeZone !== local ? (
        <p className="schedule-summary" data-testid="schedule-local">
          {t('compose.localEquivalent', { when: format.dateTime(check.utc, local), zone: local })}
        </p>
      ) : null}
      {repeat ? <RepeatPicker value={repeat.value} sendAt={value} onChange={repeat.onChange} /> : null}
    </fieldset>
  );
}
