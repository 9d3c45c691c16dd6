// "Repeat" in the schedule picker: the common choices (every day, every weekday, weekly on the
// first time's day, monthly on its nth weekday) or a typed RFC 5545 rule, an end (never, a last
// day, a number of times), and the choice said back in plain words. The engine checks the rule
// again and says what is wrong with it.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import { describeRepeat, REPEAT_KINDS, type RepeatChoice, type RepeatEnd, type RepeatKind } from '../api/repeat-rule';

interface Props {
  value: RepeatChoice;
  /** The first time (`YYYY-MM-DDTHH:mm`): the common choices take their day and time from it. */
  sendAt: string;
  onChange(value: RepeatChoice): void;
}

const ENDS: RepeatEnd[] = ['never', 'until', 'count'];

export function RepeatPicker({ value, sendAt, onChange }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const summary = describeRepeat(value, sendAt, t, format.locale);
  const set = (patch: Partial<RepeatChoice>): void => onChange({ ...value, ...patch });
  return (
    <div className="repeat" data-testid="repeat">
      <div className="schedule-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('repeat.label')}</label>
          <select id={`${id}-kind`} value={value.kind} onChange={(event) => set({ kind: event.target.value as RepeatKind })}>
            {REPEAT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`repeat.kind_${kind}`)}
              </option>
            ))}
          </select>
        </div>
        {value.kind === 'custom' ? (
          <div className="field">
            <label htmlFor={`${id}-rule`}>{t('repeat.custom')}</label>
            <input id={`${id}-rule`} value={value.custom} placeholder="FREQ=WEEKLY;BYDAY=MO" spellCheck={false} onChange={(event) => set({ custom: event.target.value })} />
            <small>{t('repeat.customHint')}</small>
          </div>
        ) : null}
        {value.kind !== 'none' ? (
          <div className="field">
            <label htmlFor={`${id}-end`}>{t('repeat.ends')}</label>
            <select id={`${id}-end`} value={value.end} onChange={(event) => set({ end: event.target.value as RepeatEnd })}>
              {ENDS.map((end) => (
                <option key={end} value={end}>
                  {t(`repeat.end_${end}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {value.kind !== 'none' && value.end === 'until' ? (
          <div className="field">
            <label htmlFor={`${id}-until`}>{t('repeat.until')}</label>
            <input id={`${id}-until`} type="date" value={value.until} onChange={(event) => set({ until: event.target.value })} />
          </div>
        ) : null}
        {value.kind !== 'none' && value.end === 'count' ? (
          <div className="field">
            <label htmlFor={`${id}-count`}>{t('repeat.count')}</label>
            <input id={`${id}-count`} type="number" min={1} max={9999} value={value.count} onChange={(event) => set({ count: Math.max(1, Math.floor(Number(event.target.value) || 1)) })} />
          </div>
        ) : null}
      </div>
      {value.kind !== 'none' ? (
        <p className="schedule-summary" role="status" data-testid="repeat-summary">
          {summary ?? t('repeat.pickTimeFirst')}
        </p>
      ) : null}
    </div>
  );
}
