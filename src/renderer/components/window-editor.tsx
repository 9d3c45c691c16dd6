// A sending window (an account's, or a mail merge's own): day toggles, one or more ranges of hours,
// and the zone they are read in. Switched off, the account sends at any time. Checked with the same schema the engine
// uses, so what the form accepts the engine stores.
import type { TFunction } from 'i18next';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import type { AccountSummary } from '../../shared/domain';
import { describeZodError } from '../../shared/message-schema';
import { minutesOf, sendingWindowSchema, WEEKDAYS, type HourRange, type SendingWindow, type Weekday } from '../../shared/sending-window';
import { localTimeZone, timeZones } from '../api/schedule-time';
import { FormFooter } from './form-footer';

interface Props {
  account: AccountSummary;
  onSave(window: SendingWindow | null): void;
  onCancel(): void;
}

/** The window as the form holds it: switched off, or days, ranges of hours and a zone being edited. */
export interface WindowDraft {
  enabled: boolean;
  days: Weekday[];
  hours: HourRange[];
  timeZone: string;
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A new range of hours: the hour after the last one (it must not overlap), or the first hour of the day. */
function rangeAfter(last: HourRange | undefined): HourRange {
  const end = last ? (minutesOf(last.end) ?? 0) : 0;
  return end >= 23 * 60 ? { start: '00:00', end: '01:00' } : { start: hhmm(end), end: hhmm(end + 60) };
}

const OFFICE: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '09:00', end: '17:30' }], timeZone: 'UTC' };

/** The form's starting point: `window`, or office hours in the user's zone, switched off. */
export function windowDraft(window: SendingWindow | null): WindowDraft {
  const initial = window ?? { ...OFFICE, timeZone: localTimeZone() };
  return { enabled: window !== null, days: initial.days, hours: initial.hours, timeZone: initial.timeZone };
}

/**
 * The window the draft says (null: any time), checked with the engine's own schema; a problem
 * names the field in the user's words.
 */
export function checkWindowDraft(draft: WindowDraft, t: TFunction): { ok: true; window: SendingWindow | null } | { ok: false; problem: string } {
  if (!draft.enabled) return { ok: true, window: null };
  // <input type="time"> cannot say 24:00: an end of 00:00 means the end of the day.
  const window = { days: draft.days, hours: draft.hours.map((r) => ({ ...r, end: r.end === '00:00' ? '24:00' : r.end })), timeZone: draft.timeZone };
  const parsed = sendingWindowSchema.safeParse(window);
  if (parsed.success) return { ok: true, window: parsed.data };
  const { field, message } = describeZodError(parsed.error);
  const top = /^[a-zA-Z]+/u.exec(field)?.[0] ?? '';
  return { ok: false, problem: top ? `${t(`accounts.window.${top}`)}: ${message.slice(field.length + 2)}` : message };
}

export function WindowEditor({ account, onSave, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => windowDraft(account.sendingWindow));
  const [problem, setProblem] = useState<string | null>(null);
  const title = t('accounts.window.title', { email: account.email });

  const save = (): void => {
    const checked = checkWindowDraft(draft, t);
    if (!checked.ok) return setProblem(checked.problem);
    setProblem(null);
    onSave(checked.window);
  };

  return (
    <form
      className="window-editor"
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <WindowFields draft={draft} onChange={setDraft} legend={title} enabledLabel={t('accounts.window.enabled')} />
      <p className="hint">{t('accounts.window.hint')}</p>
      <FormFooter problem={problem} onCancel={onCancel} />
    </form>
  );
}

interface FieldsProps {
  draft: WindowDraft;
  onChange(draft: WindowDraft): void;
  /** Names the group for assistive technology ("Sending window for …"). */
  legend: string;
  /** The switch's words ("Only send on these days and hours"). */
  enabledLabel: string;
}

/** The switch, the day toggles, the ranges of hours and the zone: an account's or a batch's window. */
export function WindowFields({ draft, onChange, legend, enabledLabel }: FieldsProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const { enabled, days, hours, timeZone } = draft;
  const zones = useMemo(() => timeZones(timeZone), [timeZone]);
  const set = (patch: Partial<WindowDraft>): void => onChange({ ...draft, ...patch });
  const toggleDay = (day: Weekday): void => set({ days: days.includes(day) ? days.filter((d) => d !== day) : WEEKDAYS.filter((d) => d === day || days.includes(d)) });
  const setRange = (index: number, part: keyof HourRange, value: string): void =>
    set({ hours: hours.map((range, i) => (i === index ? { ...range, [part]: value } : range)) });

  return (
    <>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(event) => set({ enabled: event.target.checked })} />
        {enabledLabel}
      </label>
      <fieldset className="window-fields" disabled={!enabled}>
        <legend className="visually-hidden">{legend}</legend>
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
                onClick={() => toggleDay(day)}
              >
                {/* Seen: "Mon"; heard: "Monday" — the name is the whole word, with no aria-label
                    that the visible text would have to match (WCAG 2.5.3, label in name). */}
                <span aria-hidden="true">{t(`accounts.window.dayShort.${day}`)}</span>
                <span className="visually-hidden">{t(`accounts.window.day.${day}`)}</span>
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
                <button type="button" className="button ghost" onClick={() => set({ hours: hours.filter((_, i) => i !== index) })}>
                  {t('accounts.window.removeHours')}
                </button>
              ) : null}
            </div>
          ))}
          <button type="button" className="button ghost" onClick={() => set({ hours: [...hours, rangeAfter(hours.at(-1))] })}>
            {t('accounts.window.addHours')}
          </button>
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('accounts.window.timeZone')}</label>
          <select id={`${id}-zone`} value={timeZone} onChange={(event) => set({ timeZone: event.target.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
    </>
  );
}

/**
 * "Sends Mon Tue Wed Thu Fri · 9:00 AM–5:30 PM (Europe/Paris)" under the quota, the hours written as
 * every other time in the window is; nothing when it sends at any time.
 */
export function WindowSummary({ window }: { window: SendingWindow | null }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  if (!window) return null;
  const days = window.days.map((day) => t(`accounts.window.dayShort.${day}`)).join(' ');
  const hours = window.hours.map((range) => `${format.wallTime(range.start)}–${format.wallTime(range.end)}`).join(', ');
  return (
    <p className="window-summary" data-testid="window-summary">
      {t('accounts.window.summary', { days, hours, zone: window.timeZone })}
    </p>
  );
}
