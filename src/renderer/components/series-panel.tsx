// The repeating series an email belongs to, in the detail pane: its rule in words (and as written)
// and its zone, the next times (as the series' zone reads them), and "Skip next" / "Stop series"
// (stopping asks first).
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import { choiceFromRule, describeRepeat } from '../api/repeat-rule';
import { wallClockAt } from '../api/schedule-time';
import type { EmailDetail } from '../api/types';
import { ConfirmDialog } from './confirm-dialog';

type Series = NonNullable<EmailDetail['series']>;

interface Props {
  series: Series;
  /** When the email shown is (or was) due: a stopped or finished series reads its words from it. */
  occurrenceAt: string;
  /** Runs a call and shows its problem, if any (the detail pane's own runner). */
  run(call: 'stop' | 'skip'): Promise<void>;
}

export function SeriesPanel({ series, occurrenceAt, run }: Props): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  // The next time, as the series' zone reads it ("2031-03-17T09:00:00+01:00" → "2031-03-17T09:00"),
  // gives the words their day and hour; a stopped or finished series has none, so the email's own
  // occurrence (one of the rule's times) does: "Every Monday at 9:00 AM (Europe/Paris), stopped".
  const occurrence = Date.parse(occurrenceAt);
  const sendAt = series.upcoming[0]?.slice(0, 16) ?? (Number.isNaN(occurrence) ? '' : wallClockAt(occurrence, series.timeZone));
  const ended = series.state === 'active' ? '' : series.state === 'stopped' ? 'Stopped' : 'Finished';
  const choice = sendAt ? choiceFromRule(series.rule, sendAt) : null;
  const words = choice && choice.kind !== 'custom' ? describeRepeat(choice, sendAt, t, format.locale) : null;
  return (
    <section className="series-panel" aria-label={t('repeat.seriesTitle')} data-testid="series-panel">
      <h3>
        <span className="badge repeat-badge">{t('repeat.badge')}</span> {t('repeat.seriesTitle')}
      </h3>
      <p>
        {words ? (
          <>
            {t(`repeat.seriesWords${ended}`, { words, zone: series.timeZone })} <code className="muted">{series.rule}</code>
          </>
        ) : (
          <code>{t('repeat.seriesRule', { rule: series.rule, zone: series.timeZone })}</code>
        )}
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
