// "Keep sending when Facteur is closed": a switch that installs or removes the per-user OS job
// (the same engine module as `facteur background`), showing what the OS reports back.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackgroundStatus } from '../../shared/background';
import { useApi } from '../api/api-context';
import { resultErrorText } from '../api/problems';
import { FormProblem } from './form-problem';

export function BackgroundSetting(): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [status, setStatus] = useState<BackgroundStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api['background:status']({}).then((result) => {
      if (!live) return;
      if (result.ok) setStatus(result.value);
      else setProblem(resultErrorText(t, result.error));
    });
    return () => {
      live = false;
    };
  }, [api, t]);

  const toggle = async (enabled: boolean): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const result = await api['background:set']({ enabled });
    setBusy(false);
    if (result.ok) setStatus(result.value);
    else setProblem(resultErrorText(t, result.error));
  };

  const detail =
    status?.installed && status.kind
      ? t('background.installed', { how: t(`background.kind_${status.kind}`), count: status.every ?? 5 })
      : t('background.hint');

  return (
    <div className="setting-row">
      <div>
        <label htmlFor={`${id}-background`}>
          <strong>{t('background.title')}</strong>
          <span className="muted block">{detail}</span>
          <span className="muted block">{t('background.uninstallHint')}</span>
        </label>
        <FormProblem problem={problem} />
      </div>
      <input
        id={`${id}-background`}
        type="checkbox"
        role="switch"
        className="switch"
        disabled={status === null || busy}
        checked={status?.installed ?? false}
        onChange={(event) => void toggle(event.target.checked)}
      />
    </div>
  );
}
