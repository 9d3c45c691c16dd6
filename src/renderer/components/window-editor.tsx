// An account's sending window: day toggles, one or more ranges of hours, and the zone they are
// read in. Switched off, the account sends at any time. Checked with the same schema the engine
// uses, so what the form accepts the engine stores.
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import { describeZodError } from '../../shared/message-schema';
import { minutesOf, sendingWindowSchema, WEEKDAYS, type HourRange, type SendingWindow, type Weekday } from '../../shared/sending-window';
import { localTimeZone, timeZones } from '../api/schedule-time';
import { FormProblem } from './form-problem';

interface Props {
  account: AccountSummary;
  onSave(window: SendingWindow | null): void;
  onCancel(): void;
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A new range of hours: the hour after the last one (it must not overlap), or the first hour of the day. */
function rangeAfter(last: HourRange | undefined): HourRange {
  const end = last ? (minutesOf(last.end) ?? 0) : 0;
  return end >= 23 * 60 ? { start: '00:00', end: '01:00' } : { start: hhmm(end), end: hhmm(end + 60) };
}

const OFFICE: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '09:00', end: '17:30' }], timeZone: 'UTC' };

export function WindowEditor({ account, onSave, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const initial = account.sendingWindow ?? { ...OFFICE, timeZone: localTimeZone() };
  const [enabled, setEnabled] = useState(account.sendingWindow !== null);
  const [days, setDays] = useState<Weekday[]>(initial.days);
  const [hours, setHours] = useState<HourRange[]>(initial.hours);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [problem, setProblem] = useState<string | null>(null);
  const zones = useMemo(() => timeZones(timeZone), [timeZone]);

  const toggleDay = (day: Weekday): void =>
    setDays((current) => (current.includes(day) ? current.filter((d) => d !== day) : WEEKDAYS.filter((d) => d === day || current.includes(d))));
  const setRange = (index: number, part: keyof HourRange, value: string): void =>
    setHours((current) => current.map((range, i) => (i === index ? { ...range, [part]: value } : range)));

  const save = (): void => {
    if (!enabled) return onSave(null);
    // <input type="time"> cannot say 24:00: an end of 00:00 means the end of the day.
    const window = { days, hours: hours.map((r) => ({ ...r, end: r.end === '00:00' ? '24:00' : r.end })), timeZone };
    const parsed = sendingWindowSchema.safeParse(window);
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      const top = /^[a-zA-Z]+/u.exec(field)?.[0] ?? '';
      return setProblem(top ? `${t(`accounts.window.${top}`)}: ${message.slice(field.length + 2)}` : message);
    }
    setProblem(null);
    onSave(parsed.data);
  };

  return (
    <form
      className="window-editor"
      aria-label={t('accounts.window.title', { email: account.email })}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        {t('accounts.window.enabled')}
      </label>
      <fieldset className="window-fields" disabled={!enabled}>
        <legend className="visually-hidden">{t('accounts.window.title', { email: account.email })}</legend>
        <div className="field">
          <span className="field-label" id={`${id}-days`}>
            {t('accounts.window.days')}
          </span>
          <div className="day-toggles" role="group" aria-labelledby={`${id}-days`}>
            {WEEKDAYS.map((day) => (
              <button
                key={day}
                type="button"
                className={`day-toggle${days.includes(day) ? ' on' : ''}`}
                aria-pressed={days.includes(day)}
                aria-label={t(`accounts.window.day.${day}`)}
                onClick={() => toggleDay(day)}
              >
                {t(`accounts.window.dayShort.${day}`)}
              </button>
            ))}
          </div>
        </div>
        <div className="field">
          <span className="field-label">{t('accounts.window.hours')}</span>
          {hours.map((range, index) => (
            <div className="hour-range" key={index}>
              <input
                type="time"
                aria-label={t('accounts.window.from', { n: index + 1 })}
                value={range.start}
                onChange={(event) => setRange(index, 'start', event.target.value)}
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                aria-label={t('accounts.window.to', { n: index + 1 })}
                value={range.end === '24:00' ? '00:00' : range.end}
                onChange={(event) => setRange(index, 'end', event.target.value)}
              />
              {hours.length > 1 ? (
                <button type="button" className="button ghost" onClick={() => setHours((current) => current.filter((_, i) => i !== index))}>
                  {t('accounts.window.removeHours')}
                </button>
              ) : null}
            </div>
          ))}
          <button type="button" className="button ghost" onClick={() => setHours((current) => [...current, rangeAfter(current.at(-1))])}>
            {t('accounts.window.addHours')}
          </button>
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('accounts.window.timeZone')}</label>
          <select id={`${id}-zone`} value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <p className="hint">{t('accounts.window.hint')}</p>
      <FormProblem problem={problem} />
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

/** "Sends Mon, Tue, Wed, Thu, Fri · 09:00–17:30 (Europe/Paris)" under the quota; nothing when it sends at any time. */
export function WindowSummary({ window }: { window: SendingWindow | null }): ReactNode {
  const { t } = useTranslation();
  if (!window) return null;
  const days = window.days.map((day) => t(`accounts.window.dayShort.${day}`)).join(' ');
  const hours = window.hours.map((range) => `${range.start}–${range.end}`).join(', ');
  return (
    <p className="window-summary" data-testid="window-summary">
      {t('accounts.window.summary', { days, hours, zone: window.timeZone })}
    </p>
  );
}
