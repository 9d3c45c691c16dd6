// An email's attempt history: when, what happened, and each error in plain words beside the
// server's own reply. Tries are numbered by their place in the history, not by the stored counted
// attempt, which starts again after "Retry" and is given back by a postponed try.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttemptRecord } from '../../shared/domain';
import { useFormat } from '../api/format';
import { explainError } from '../api/problems';

export function AttemptLog({ history }: { history: AttemptRecord[] }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  if (history.length === 0) return <p className="muted">{t('detail.noAttempts')}</p>;
  return (
    <ol className="attempt-log" aria-label={t('detail.attempts')}>
      {history.map((attempt, index) => {
        const plain = explainError(t, attempt.errorCode, attempt.providerCode);
        return (
          <li key={`${attempt.startedAt}-${index}`} className={`attempt outcome-${attempt.outcome}`}>
            <div className="attempt-head">
              <span className="attempt-number">{t('detail.attemptN', { n: index + 1 })}</span>
              <span className={`outcome outcome-${attempt.outcome}`}>{t(`outcome.${attempt.outcome}`)}</span>
              <time dateTime={attempt.startedAt}>{format.dateTime(attempt.startedAt)}</time>
            </div>
            {plain ? <p className="attempt-plain">{plain}</p> : null}
            {attempt.message ? (
              <p className="attempt-server">
                <span className="muted">{attempt.providerCode ? t('detail.serverSaid', { code: attempt.providerCode }) : t('detail.detail')}</span>{' '}
                <code>{attempt.message}</code>
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
