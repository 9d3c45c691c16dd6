// The outbox: a tab per queue state with live counts, search, a windowed list that stays smooth
// at 100,000 rows, and the selected email's detail pane.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailStatus, StatusCounts } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useFormat } from '../api/format';
import { resultErrorText } from '../api/problems';
import type { EmailDetail as Detail } from '../api/types';
import { useEmailPages } from '../api/use-email-pages';
import { BatchStrip } from '../components/batch-row';
import { EmailDetail } from '../components/email-detail';
import { StatusBadge } from '../components/status-badge';
import { VirtualList } from '../components/virtual-list';

export const TABS = ['scheduled', 'queued', 'sending', 'sent', 'failed', 'held', 'uncertain', 'all'] as const;
export type OutboxTab = (typeof TABS)[number];

export const ROW_HEIGHT = 56;

interface Props {
  counts: StatusCounts | null;
  version: number;
  tab: OutboxTab;
  onTab(tab: OutboxTab): void;
  selectedId: number | null;
  onSelectId(id: number | null): void;
  onEdit(email: Detail): void;
  onRelink(accountId: number): void;
}

export interface OutboxHandle {
  focusSearch(): void;
}

export const OutboxView = forwardRef<OutboxHandle, Props>(function OutboxView(props, ref): ReactNode {
  const { counts, version, tab, onTab, selectedId, onSelectId } = props;
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ focusSearch: () => searchBox.current?.focus() }), []);

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search), 200);
    return () => clearTimeout(timer);
  }, [search]);

  const status: EmailStatus | undefined = tab === 'all' ? undefined : tab;
  const total = counts === null || query.trim() ? null : status ? counts[status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = useEmailPages(api, status, query, total, version);
  const selectedIndex = (() => {
    if (selectedId === null) return -1;
    for (let index = 0; index < pages.count; index += 1) {
      const item = pages.get(index);
      if (item?.id === selectedId) return index;
      if (index > 5000) break; // only scan what is plausibly loaded
    }
    return -1;
  })();

  const retryAll = async (): Promise<void> => {
    const result = await api['queue:retryAllFailed']({});
    if (result.ok) void api['queue:processNow']({});
    setNotice(result.ok ? t('outbox.retriedAll', { count: result.value.count }) : resultErrorText(t, result.error));
  };

  return (
    <section className="view outbox" aria-labelledby="outbox-title">
      <header className="view-header">
        <h1 id="outbox-title">{t('outbox.title')}</h1>
        <div className="search">
          <label htmlFor="outbox-search" className="visually-hidden">
            {t('outbox.search')}
          </label>
          <input
            id="outbox-search"
            ref={searchBox}
            type="search"
            placeholder={t('outbox.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setSearch('')}
          />
        </div>
      </header>
      <BatchStrip version={version} />
      <div className="tabs" role="tablist" aria-label={t('outbox.tabs')}>
        {TABS.map((name) => {
          const count = counts === null ? null : name === 'all' ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[name];
          return (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls="outbox-panel"
              tabIndex={tab === name ? 0 : -1}
              className={`tab tab-${name}`}
              onClick={() => onTab(name)}
              onKeyDown={(event) => {
                const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                const next = TABS[(TABS.indexOf(name) + step + TABS.length) % TABS.length] ?? 'all';
                onTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }}
            >
              {t(`tabs.${name}`)}
              {count !== null ? <span className={`count${count > 0 && (name === 'failed' || name === 'uncertain' || name === 'held') ? ' alert' : ''}`}>{format.number(count)}</span> : null}
            </button>
          );
        })}
      </div>
      {tab === 'failed' && (counts?.failed ?? 0) > 0 ? (
        <div className="toolbar">
          <button type="button" className="button secondary" onClick={() => void retryAll()}>
            {t('actions.retryAll')}
          </button>
          {notice ? <span role="status">{notice}</span> : null}
        </div>
      ) : null}
      <div className="outbox-body" id="outbox-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <VirtualList
          key={`${tab}\u0000${query}`} // a new tab or search starts at the top
          count={pages.count}
          rowHeight={ROW_HEIGHT}
          label={t('outbox.listLabel', { tab: t(`tabs.${tab}`) })}
          emptyText={query.trim() ? t('outbox.noMatch') : t(`outbox.empty.${tab}`)}
          selectedIndex={selectedIndex}
          onSelect={(index) => onSelectId(pages.get(index)?.id ?? null)}
          onRangeChange={pages.onRange}
          renderRow={(index) => {
            const item = pages.get(index);
            if (!item) return <div className="row placeholder" aria-hidden="true" />;
            const when = item.status === 'sent' ? item.sentAt : item.nextAttemptAt ?? item.sendAt;
            return (
              <div className="row">
                <div className="row-main">
                  <span className="row-subject">{item.subject || t('outbox.noSubject')}</span>
                  <span className="row-to">
                    {t('outbox.toLine', { to: item.to.join(', ') })}
                    <span className="muted"> · {item.accountEmail}</span>
                  </span>
                </div>
                <div className="row-side">
                  <StatusBadge status={item.status} />
                  <time className="muted" dateTime={when ?? undefined}>
                    {when ? format.dateTime(when) : ''}
                  </time>
                </div>
              </div>
            );
          }}
        />
        {selectedId !== null ? (
          <EmailDetail emailId={selectedId} version={version} onEdit={props.onEdit} onRelink={props.onRelink} />
        ) : (
          <aside className="detail empty-detail" aria-label={t('detail.title')}>
            <p className="muted">{t('detail.pick')}</p>
          </aside>
        )}
      </div>
    </section>
  );
});
