// Settings → "Your quick times": the user's own choices for the schedule picker ("Friday 16:00"),
// each a day and a time; saved as a whole list, which the engine validates.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QUICK_TIME_DAYS, type QuickTime, type Settings } from '../../shared/settings';
import { useApi } from '../api/api-context';
import { resultErrorText } from '../api/problems';
import { FormProblem } from './form-problem';

interface Props {
  settings: Settings;
  onSaved(settings: Settings): void;
}

export function QuickTimesEditor({ settings, onSaved }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [label, setLabel] = useState('');
  const [day, setDay] = useState<QuickTime['day']>('tomorrow');
  const [time, setTime] = useState('09:00');
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (quickTimes: QuickTime[]): Promise<boolean> => {
    setProblem(null);
    const result = await api['settings:update']({ quickTimes });
    if (result.ok) onSaved(result.value);
    else setProblem(resultErrorText(t, result.error));
    return result.ok;
  };

  const add = async (): Promise<void> => {
    if (await save([...settings.quickTimes, { label: label.trim(), day, time }])) setLabel('');
  };

  return (
    <div className="card settings-group">
      <h2>{t('quickTimes.title')}</h2>
      <p className="muted">{t('quickTimes.hint')}</p>
      <FormProblem problem={problem} />
      <ul className="plain-list" aria-label={t('quickTimes.title')}>
        {settings.quickTimes.map((preset, index) => (
          <li key={`${preset.label}-${index}`} className="setting-row">
            <span>
              <strong>{preset.label}</strong> <span className="muted">{t('quickTimes.when', { day: t(`quickTimes.day_${preset.day}`), time: preset.time })}</span>
            </span>
            <button type="button" className="button small secondary" onClick={() => void save(settings.quickTimes.filter((_, i) => i !== index))}>
              {t('quickTimes.remove', { label: preset.label })}
            </button>
          </li>
        ))}
      </ul>
      <div className="grid-3">
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('quickTimes.label')}</label>
          <input id={`${id}-label`} type="text" maxLength={40} value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-day`}>{t('quickTimes.day')}</label>
          <select id={`${id}-day`} value={day} onChange={(e) => setDay(QUICK_TIME_DAYS.find((d) => d === e.target.value) ?? 'tomorrow')}>
            {QUICK_TIME_DAYS.map((option) => (
              <option key={option} value={option}>
                {t(`quickTimes.day_${option}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-time`}>{t('quickTimes.time')}</label>
          <input id={`${id}-time`} type="time" step={60} value={time} onChange={(e) => setTime(e.target.value)} />
        </div>
      </div>
      <button type="button" className="button secondary" disabled={!label.trim() || settings.quickTimes.length >= 8} onClick={() => void add()}>
        {t('quickTimes.add')}
      </button>
    </div>
  );
}
