// The repeating series an email belongs to, in the detail pane: its rule and zone, the next times
// (as the series' zone reads them), and "Skip next" / "Stop series" (stopping asks first).
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import type { EmailDetail } from '../api/types';
import { ConfirmDialog } from './confirm-dialog';

type Series = NonNullable<EmailDetail['series']>;

interface Props {
  series: Series;
  /** Runs a call and shows its problem, if any (the detail pane's own runner). */
  run(call: 'stop' | 'skip'): Promise<void>;
}

export function SeriesPanel({ series, run }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="series-panel" aria-label={t('repeat.seriesTitle')} data-testid="series-panel">
      <h3>
        <span className="badge repeat-badge">{t('repeat.badge')}</span> {t('repeat.seriesTitle')}
      </h3>
      <p>
        <code>{t('repeat.seriesRule', { rule: series.rule, zone: series.timeZone })}</code>
      </p>
      {series.state === 'active' ? (
        <>
          <h4>{t('repeat.seriesNext')}</h4>
          <ol className="series-next">
            {series.upcoming.map((at) => (
              <li key={at}>
                <time dateTime={at}>{format.dateTime(Date.parse(at), series.timeZone)}</time>
              </li>
            ))}
          </ol>
          <div className="detail-actions">
            <button type="button" className="button secondary" onClick={() => void run('skip')}>
              {t('repeat.skip')}
            </button>
            <button type="button" className="button danger" onClick={() => setConfirming(true)}>
              {t('repeat.stop')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t(series.state === 'stopped' ? 'repeat.seriesStopped' : 'repeat.seriesFinished')}</p>
      )}
      {confirming ? (
        <ConfirmDialog
          title={t('repeat.stop')}
          body={t('repeat.stopConfirm')}
          confirmLabel={t('repeat.stop')}
          danger
          onConfirm={() => {
            setConfirming(false);
            void run('stop');
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
