// Mail merge batches in the outbox: one line each with its progress and ETA (and its own sending
// window), pause / resume / cancel, and its rows when opened. Shows the batches that still have mail waiting (and the
// most recent finished one), so a 10,000-email merge is one line, not 10,000.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchSummary } from '../../shared/batch';
import { useApi } from '../api/api-context';
import { useFormat } from '../api/format';
import { resultErrorText } from '../api/problems';
import { BatchRows } from './batch-rows';
import { WindowSummary } from './window-editor';

const waiting = (batch: BatchSummary): number => batch.counts.queued + batch.counts.scheduled + batch.counts.sending + batch.counts.paused;

export function BatchStrip({ version }: { version: number }): ReactNode {
  const api = useApi();
  const [batches, setBatches] = useState<BatchSummary[]>([]);
  const load = useCallback(async () => {
    const result = await api['batches:list']({});
    if (result.ok) setBatches(result.value);
  }, [api]);
  useEffect(() => {
    void load();
  }, [load, version]);
  const active = batches.filter((batch) => waiting(batch) > 0);
  const shown = active.length > 0 ? active : batches.slice(0, 1);
  if (shown.length === 0) return null;
  return (
    <ul className="batch-strip">
      {shown.map((batch) => (
        <BatchRow key={batch.id} batch={batch} version={version} onChanged={() => void load()} />
      ))}
    </ul>
  );
}

export function BatchRow({ batch, version, onChanged }: { batch: BatchSummary; version: number; onChanged(): void }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const done = batch.counts.sent + batch.counts.failed + batch.counts.cancelled;
  const act = async (action: 'batches:pause' | 'batches:resume' | 'batches:cancel'): Promise<void> => {
    const result = await api[action]({ id: batch.id });
    setProblem(result.ok ? null : resultErrorText(t, result.error));
    onChanged();
  };
  return (
    <li className="batch-row card">
      <div className="batch-line">
        <button type="button" className="link-button batch-name" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('batches.line', { name: batch.name, account: batch.account })}
        </button>
        <progress max={Math.max(1, batch.total)} value={done} aria-label={t('batches.progress', { name: batch.name })} />
        <span className="muted">
          {t('batches.counts', { sent: format.number(batch.counts.sent), total: format.number(batch.total), failed: format.number(batch.counts.failed) })}
        </span>
        <span className="muted batch-eta">
          {batch.paused ? t('status.paused') : batch.eta ? t('merge.eta', { when: format.dateTime(batch.eta) }) : waiting(batch) === 0 ? t('batches.done') : ''}
        </span>
        {waiting(batch) > 0 ? (
          <span className="batch-actions">
            {batch.paused ? (
              <button type="button" className="button small" onClick={() => void act('batches:resume')}>
                {t('batches.resume')}
              </button>
            ) : (
              <button type="button" className="button small" onClick={() => void act('batches:pause')}>
                {t('batches.pause')}
              </button>
            )}
            <button type="button" className="button small danger-ghost" onClick={() => void act('batches:cancel')}>
              {t('batches.cancel')}
            </button>
          </span>
        ) : null}
      </div>
      <WindowSummary window={batch.window} />
      {problem ? <p className="form-problem">{problem}</p> : null}
      {open ? <BatchRows batchId={batch.id} version={version} /> : null}
    </li>
  );
}
