// The outbox: "Needs attention", then a tab per queue state with live counts (the states add up
// to All), search, a windowed list that stays smooth at 100,000 rows, and the selected email's
// detail pane. Waiting mail is listed by when it leaves, finished mail newest first.
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
import { isLateHeld } from '../../shared/late-mail';
import { VirtualList } from '../components/virtual-list';

/** One tab per queue state, so their counts add up to All; "attention" cuts across them. */
export const STATE_TABS = ['scheduled', 'queued', 'sending', 'sent', 'failed', 'held', 'uncertain', 'paused', 'cancelled'] as const satisfies readonly EmailStatus[];
/** Shown only when they hold mail (a paused mail-merge batch): an empty one adds nothing to All. */
const RARE_TABS = new Set<OutboxTab>(['paused']);
export const TABS = ['attention', ...STATE_TABS, 'all'] as const;
export type OutboxTab = (typeof TABS)[number];

const ALERT_TABS = new Set<OutboxTab>(['attention', 'failed', 'uncertain', 'held']);

export const ROW_HEIGHT = 56;

interface Props {
  counts: StatusCounts | null;
  attention: number | null;
  version: number;
  tab: OutboxTab;
  onTab(tab: OutboxTab): void;
  selectedId: number | null;
  onSelectId(id: number | null): void;
  onEdit(email: Detail): void;
  onResendRefused(email: Detail): void;
  onRelink(accountId: number): void;
}

export interface OutboxHandle {
  focusSearch(): void;
}

export const OutboxView = forwardRef<OutboxHandle, Props>(function OutboxView(props, ref): ReactNode {
  const { counts, attention, version, tab, onTab, selectedId, onSelectId } = props;
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

  const status: EmailStatus | undefined = tab === 'all' || tab === 'attention' ? undefined : tab;
  const countOf = (name: OutboxTab): number | null => {
    if (counts === null) return null;
    if (name === 'attention') return attention;
    return name === 'all' ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[name];
  };
  const total = query.trim() ? null : countOf(tab);
  const pages = useEmailPages(api, { status, attention: tab === 'attention' }, query, total, version);
  // A row asked for by keyboard (End, PageDown) whose page is not loaded yet: the list scrolls to
  // it, which loads the page, and the row is selected once it arrives.
  const [wanted, setWanted] = useState<number | null>(null);
  const wantedItem = wanted === null ? undefined : pages.get(wanted);
  useEffect(() => {
    if (wantedItem === undefined) return;
    setWanted(null);
    onSelectId(wantedItem.id);
  }, [wantedItem, onSelectId]);
  useEffect(() => setWanted(null), [tab, query]);
  // The tab strip scrolls sideways in a narrow window: the chosen tab is kept in sight, also when
  // the app chose it (after Send or Schedule, "All"), so the user always sees which list this is.
  useEffect(() => {
    const chosen = document.getElementById(`tab-${tab}`);
    // (jsdom, for the view's unit tests, has no layout and no scrollIntoView.)
    if (chosen && 'scrollIntoView' in chosen) chosen.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab]);
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
    if (!result.ok) return setNotice(resultErrorText(t, result.error));
    if (result.value.count > 0) void api['queue:processNow']({});
    const queued = t('outbox.retriedAll', { count: result.value.count });
    setNotice(result.value.left > 0 ? `${queued} ${t('outbox.retryLeft', { count: result.value.left })}` : queued);
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
          const count = countOf(name);
          if (RARE_TABS.has(name) && !count && tab !== name) return null;
          return (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls="outbox-panel"
              tabIndex={tab === name ? 0 : -1}
              className={`tab tab-${name}${name === 'all' ? ' tab-sum' : ''}`}
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
              {count !== null ? <span className={`count${count > 0 && ALERT_TABS.has(name) ? ' alert' : ''}`}>{format.number(count)}</span> : null}
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
          selectedIndex={wanted ?? selectedIndex}
          onSelect={(index) => {
            const item = pages.get(index);
            setWanted(item ? null : index);
            if (item) onSelectId(item.id);
          }}
          onRangeChange={pages.onRange}
          renderRow={(index) => {
            const item = pages.get(index);
            if (!item) return <div className="row placeholder" aria-hidden="true" />;
            const when = item.status === 'sent' ? item.sentAt : (item.nextAttemptAt ?? item.sendAt);
            const refused = item.status === 'sent' && item.refusedCount > 0;
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
                  <span className="row-badges">
                    {item.seriesId ? <span className="badge repeat-badge">{t('repeat.badge')}</span> : null}
                    {refused ? (
                      <span className="badge status-refused">{t('outbox.partlySent', { count: item.refusedCount })}</span>
                    ) : isLateHeld(item) ? (
                      <span className="badge status-held">{t('late.missedShort')}</span>
                    ) : (
                      <StatusBadge status={item.status} />
                    )}
                  </span>
                  <time className="muted" dateTime={when ?? undefined}>
                    {when ? format.dateTime(when) : ''}
                  </time>
                </div>
              </div>
            );
          }}
        />
        {selectedId !== null ? (
          <EmailDetail emailId={selectedId} version={version} onEdit={props.onEdit} onResendRefused={props.onResendRefused} onRelink={props.onRelink} />
        ) : (
          <aside className="detail empty-detail" aria-label={t('detail.title')}>
            <p className="muted">{t('detail.pick')}</p>
          </aside>
        )}
      </div>
    </section>
  );
});
