// Loads the outbox list a page at a time, only for the rows in view, so a queue of 100,000 mails
// costs a few hundred rows of memory. When the total is unknown (a search), the list grows as the
// end comes into view.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EmailListItem, EmailStatus } from '../../shared/domain';
import type { FacteurApi } from './types';

export const PAGE_SIZE = 200;

export interface EmailPages {
  count: number;
  get(index: number): EmailListItem | undefined;
  onRange(first: number, last: number): void;
}

export interface PageFilter {
  status: EmailStatus | undefined;
  /** Only mail needing attention (failed, held, uncertain, sent with refusals). */
  attention: boolean;
}

export function useEmailPages(api: FacteurApi, filter: PageFilter, search: string, knownTotal: number | null, version: number): EmailPages {
  const { status, attention } = filter;
  const [pages, setPages] = useState<Map<number, EmailListItem[]>>(() => new Map());
  const [hasMore, setHasMore] = useState(true);
  const range = useRef<[number, number]>([0, 0]);
  const pending = useRef(new Set<number>());
  const generation = useRef(0);

  const fetchPage = useCallback(
    (page: number, gen: number) => {
      if (pending.current.has(page)) return;
      pending.current.add(page);
      void api['queue:list']({
        ...(status ? { status } : {}),
        ...(attention ? { attention } : {}),
        // Each tab in its own order: waiting mail by when it leaves, finished mail newest first.
        order: 'leaving',
        ...(search.trim() ? { search: search.trim() } : {}),
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      }).then((result) => {
        pending.current.delete(page);
        if (!result.ok || gen !== generation.current) return;
        setPages((old) => new Map(old).set(page, result.value.items));
        setHasMore(result.value.hasMore);
      });
    },
    [api, status, attention, search],
  );

  const load = useCallback(
    (first: number, last: number, gen: number, fresh: boolean) => {
      const from = Math.floor(first / PAGE_SIZE);
      const to = Math.floor(Math.max(first, last - 1) / PAGE_SIZE);
      for (let page = from; page <= to; page += 1) {
        if (fresh || !pagesRef.current.has(page)) fetchPage(page, gen);
      }
    },
    [fetchPage],
  );
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  // A new filter starts from nothing.
  useEffect(() => {
    generation.current += 1;
    pending.current.clear();
    setPages(new Map());
    setHasMore(true);
    load(0, Math.max(range.current[1], 1), generation.current, true);
  }, [status, attention, search, load]);

  // The queue changed: reload what is in view, keep showing the old rows until then.
  const firstVersion = useRef(version);
  useEffect(() => {
    if (version === firstVersion.current) return;
    generation.current += 1;
    pending.current.clear();
    const gen = generation.current;
    setPages((old) => {
      const [first, last] = range.current;
      const keep = new Map<number, EmailListItem[]>();
      for (const [page, items] of old) if (page >= Math.floor(first / PAGE_SIZE) && page <= Math.floor(last / PAGE_SIZE)) keep.set(page, items);
      return keep;
    });
    load(range.current[0], Math.max(range.current[1], 1), gen, true);
  }, [version, load]);

  const onRange = useCallback(
    (first: number, last: number) => {
      range.current = [first, last];
      load(first, last, generation.current, false);
    },
    [load],
  );

  let loaded = 0;
  while (pages.has(loaded / PAGE_SIZE) && (pages.get(loaded / PAGE_SIZE)?.length ?? 0) === PAGE_SIZE) loaded += PAGE_SIZE;
  loaded += pages.get(loaded / PAGE_SIZE)?.length ?? 0;
  const count = knownTotal ?? loaded + (hasMore && pages.size > 0 && loaded % PAGE_SIZE === 0 ? PAGE_SIZE : 0);

  const get = useCallback((index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);
  return { count, get, onRange };
}
