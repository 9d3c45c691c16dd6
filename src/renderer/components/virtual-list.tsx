// A windowed list with a fixed row height: only the rows in view (plus a few either side) are in
// the DOM, so 100,000 queued emails scroll as smoothly as ten. Keyboard: arrows, Home/End, Enter.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps {
  /** How many rows there are; rows not loaded yet render as placeholders. */
  count: number;
  rowHeight: number;
  /** Height used before the container is measured (and in jsdom, which has no layout). */
  fallbackHeight?: number;
  overscan?: number;
  renderRow(index: number, selected: boolean): ReactNode;
  /** Told which rows are in view, so the owner can fetch them. */
  onRangeChange?(first: number, last: number): void;
  selectedIndex?: number;
  onSelect?(index: number): void;
  label: string;
  emptyText?: string;
}

export function VirtualList(props: VirtualListProps): ReactNode {
  const { count, rowHeight, overscan = 6, selectedIndex = -1, onSelect } = props;
  const listId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(props.fallbackHeight ?? 600);

  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (element.clientHeight > 0) setHeight(element.clientHeight);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the selected row in view when it moves by keyboard.
  useEffect(() => {
    const element = scroller.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + height) element.scrollTop = top + rowHeight - height;
  }, [selectedIndex, rowHeight, height]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (!onSelect || count === 0) return;
      const page = Math.max(1, Math.floor(height / rowHeight));
      const moves: Record<string, number> = {
        ArrowDown: selectedIndex + 1,
        ArrowUp: selectedIndex - 1,
        PageDown: selectedIndex + page,
        PageUp: selectedIndex - page,
        Home: 0,
        End: count - 1,
      };
      const next = moves[event.key];
      if (next === undefined) return;
      event.preventDefault();
      onSelect(Math.min(count - 1, Math.max(0, next)));
    },
    [onSelect, count, selectedIndex, height, rowHeight],
  );

  const { onRangeChange } = props;
  useEffect(() => onRangeChange?.(first, last), [onRangeChange, first, last]);

  const rows: ReactNode[] = [];
  for (let index = first; index < last; index += 1) {
    const selected = index === selectedIndex;
    rows.push(
      <div
        key={index}
        role="option"
        aria-selected={selected}
        aria-posinset={index + 1}
        aria-setsize={count}
        id={`${listId}-row-${index}`}
        className={`vrow${selected ? ' selected' : ''}`}
        style={{ position: 'absolute', top: index * rowHeight, height: rowHeight, left: 0, right: 0 }}
        onClick={() => onSelect?.(index)}
      >
        {props.renderRow(index, selected)}
      </div>,
    );
  }

  // An empty listbox is an ARIA error (a listbox must own options): say it is empty in plain text.
  if (count === 0) {
    return (
      <div ref={scroller} className="vlist vlist-empty" data-testid="empty-list">
        {props.emptyText ? <p className="empty">{props.emptyText}</p> : null}
      </div>
    );
  }

  return (
    <div
      ref={scroller}
      className="vlist"
      role="listbox"
      aria-label={props.label}
      tabIndex={0}
      aria-activedescendant={selectedIndex >= 0 && selectedIndex < count ? `${listId}-row-${selectedIndex}` : undefined}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div style={{ position: 'relative', height: count * rowHeight }}>{rows}</div>
    </div>
  );
}
