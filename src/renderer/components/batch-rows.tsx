// One batch's rows — the data file's row number, recipient, status and error — in the windowed
// list, so a 10,000-row batch scrolls like a short one.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRow } from '../../shared/batch';
import { useApi } from '../api/api-context';
import { StatusBadge } from './status-badge';
import { VirtualList } from './virtual-list';

const ROW_HEIGHT = 36;
const MAX_HEIGHT = 280;

export function BatchRows({ batchId, version }: { batchId: number; version: number }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [rows, setRows] = useState<BatchRow[] | null>(null);
  useEffect(() => {
    void api['batches:get']({ id: batchId }).then((result) => result.ok && setRows(result.value.rows));
  }, [api, batchId, version]);
  if (!rows) return <p className="muted">{t('batches.loading')}</p>;
  return (
    <div className="batch-rows" style={{ height: Math.min(MAX_HEIGHT, Math.max(1, rows.length) * ROW_HEIGHT + 2) }}>
      <VirtualList
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        fallbackHeight={MAX_HEIGHT}
        label={t('batches.rows')}
        renderRow={(index) => {
          const row = rows[index];
          if (!row) return null;
          return (
            <div className={`row batch-data-row${row.status === 'skipped' || row.status === 'failed' ? ' bad' : ''}`}>
              <span className="muted batch-row-number">{t('merge.rowN', { row: row.row })}</span>
              <span className="row-to">{row.to}</span>
              {row.status === 'skipped' ? <span className="badge status-failed">{t('batches.skipped')}</span> : <StatusBadge status={row.status} />}
              <span className="muted batch-row-error">{row.error ?? ''}</span>
            </div>
          );
        }}
      />
    </div>
  );
}
