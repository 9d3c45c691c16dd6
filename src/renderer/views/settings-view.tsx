// Settings: pause/resume, batch size, attempts, how often the scheduler looks, start at login,
// language, theme. Each change is saved at once and the engine's answer is what the form then shows.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/settings';
import type { RequestInput } from '../../shared/ipc-contract';
import { useApi } from '../api/api-context';
import { resultErrorText } from '../api/problems';
import { BackgroundSetting } from '../components/background-setting';
import { FormProblem } from '../components/form-problem';
import { QuickTimesEditor } from '../components/quick-times-editor';
import { UndoSendSetting } from '../components/undo-send-setting';
import { LateMailSetting } from '../components/late-mail-setting';

/** The scheduler interval as the user picks it, and the cron expression the engine stores. */
export const INTERVALS: Array<{ minutes: number; cron: string }> = [
  { minutes: 1, cron: '* * * * *' },
  { minutes: 5, cron: '*/5 * * * *' },
  { minutes: 15, cron: '*/15 * * * *' },
  { minutes: 30, cron: '*/30 * * * *' },
  { minutes: 60, cron: '0 * * * *' },
];

const THEMES = ['system', 'light', 'dark'] as const satisfies ReadonlyArray<Settings['theme']>;

interface Props {
  settings: Settings;
  onSaved(settings: Settings): void;
}

export function SettingsView({ settings, onSaved }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [batch, setBatch] = useState(String(settings.batchSize));
  const [attempts, setAttempts] = useState(String(settings.maxAttempts));

  const save = async (patch: RequestInput<'settings:update'>): Promise<void> => {
    setProblem(null);
    const result = await api['settings:update'](patch);
    if (result.ok) onSaved(result.value);
    else setProblem(resultErrorText(t, result.error));
  };
  const saveNumber = (key: 'batchSize' | 'maxAttempts', text: string): void => {
    const value = Number(text);
    if (Number.isInteger(value) && value !== settings[key]) void save({ [key]: value });
  };
  const interval = INTERVALS.find((option) => option.cron === settings.schedulerCron);

  return (
    <section className="view settings" aria-labelledby="settings-title">
      <header className="view-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      <FormProblem problem={problem} />

      <div className="card settings-group">
        <h2>{t('settings.sending')}</h2>
        <div className="setting-row">
          <div>
            <strong>{settings.paused ? t('settings.pausedTitle') : t('settings.runningTitle')}</strong>
            <p className="muted">{settings.paused ? t('settings.pausedHint') : t('settings.runningHint')}</p>
          </div>
          <button type="button" className={`button ${settings.paused ? 'primary' : 'secondary'}`} onClick={() => void save({ paused: !settings.paused })}>
            {settings.paused ? t('settings.resume') : t('settings.pause')}
          </button>
        </div>
        <UndoSendSetting seconds={settings.undoSendSeconds} onChange={(seconds) => void save({ undoSendSeconds: seconds })} />
        <LateMailSetting rule={settings.lateMail} minutes={settings.lateAfterMinutes} onChange={(patch) => void save(patch)} />
        <div className="grid-3">
          <div className="field">
            <label htmlFor={`${id}-batch`}>{t('settings.batchSize')}</label>
            <input id={`${id}-batch`} type="number" min={1} max={10000} value={batch} onChange={(e) => setBatch(e.target.value)} onBlur={() => saveNumber('batchSize', batch)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-attempts`}>{t('settings.maxAttempts')}</label>
            <input id={`${id}-attempts`} type="number" min={1} max={20} value={attempts} onChange={(e) => setAttempts(e.target.value)} onBlur={() => saveNumber('maxAttempts', attempts)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-interval`}>{t('settings.interval')}</label>
            <select id={`${id}-interval`} value={interval?.cron ?? settings.schedulerCron} onChange={(e) => void save({ schedulerCron: e.target.value })}>
              {interval ? null : <option value={settings.schedulerCron}>{settings.schedulerCron}</option>}
              {INTERVALS.map((option) => (
                <option key={option.cron} value={option.cron}>
                  {t('settings.everyMinutes', { count: option.minutes })}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      <QuickTimesEditor settings={settings} onSaved={onSaved} />

      <div className="card settings-group">
        <h2>{t('settings.app')}</h2>
        <BackgroundSetting />
        <div className="setting-row">
          <label htmlFor={`${id}-login`}>
            <strong>{t('settings.startAtLogin')}</strong>
            <span className="muted block">{t('settings.startAtLoginHint')}</span>
          </label>
          <input id={`${id}-login`} type="checkbox" role="switch" className="switch" checked={settings.startAtLogin} onChange={(e) => void save({ startAtLogin: e.target.checked })} />
        </div>
        <div className="setting-row">
          <label htmlFor={`${id}-language`}>
            <strong>{t('settings.language')}</strong>
          </label>
          <select id={`${id}-language`} value={settings.language} onChange={(e) => void save({ language: e.target.value === 'fr' ? 'fr' : 'en' })}>
            <option value="en" lang="en">
              English
            </option>
            <option value="fr" lang="fr">
              Français
            </option>
          </select>
        </div>
        <div className="setting-row">
          <label htmlFor={`${id}-theme`}>
            <strong>{t('settings.theme')}</strong>
            <span className="muted block">{t('settings.themeHint')}</span>
          </label>
          <select id={`${id}-theme`} value={settings.theme} onChange={(e) => void save({ theme: THEMES.find((theme) => theme === e.target.value) ?? 'system' })}>
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(`settings.themes.${theme}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </section>
  );
}
