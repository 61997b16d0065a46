// The virtualized access-log table. TanStack Virtual decides which rows are on screen; rows
// come from the logs store's page window. The spacer is capped (logs/scroll.ts) and the
// scroll position is scaled into TanStack's virtual offset and back, so the scrollbar spans
// the whole set at any size — millions of rows included.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { elementScroll, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';
import { localDateTime } from '../format';
import type { LogRow } from '../logs/api';
import type { SortOrder } from '../logs/query';
import { FlagBadges, Text } from './Text';
import { ROW_HEIGHT, scrollScale } from '../logs/scroll';

export interface LogsTableProps {
  count: number;
  /** Bumped when the data behind the rows changes; rows are re-requested. */
  generation: number;
  /** Bumped for a new query: the view goes back to the top. */
  queryVersion: number;
  rowAt(index: number): LogRow | undefined;
  ensureRows(first: number, last: number): void;
  order: SortOrder;
  onToggleOrder(): void;
  onOpen(row: LogRow, index: number): void;
  selectedId: string | null;
  subjectHref(subjectId: string): string;
  /** Exposes page up/down to the parent's buttons. */
  pagerRef?: { current: { page(dir: 1 | -1): void; firstVisible(): number; visibleCount(): number } | null };
  /** Re-render trigger when pages arrive. */
  pagesVersion: unknown;
}

const COLUMNS = [
  { id: 'time', label: 'Time' },
  { id: 'username', label: 'User' },
  { id: 'ip', label: 'IP' },
  { id: 'deviceName', label: 'Device' },
  { id: 'osVersion', label: 'OS' },
  { id: 'app', label: 'App' },
  { id: 'decision', label: 'Decision' },
  { id: 'flags', label: 'Flags' },
] as const;

export function LogsTable(props: LogsTableProps) {
  const {
    count,
    generation,
    queryVersion,
    rowAt,
    ensureRows,
    order,
    onToggleOrder,
    onOpen,
    selectedId,
    subjectHref,
  } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewportPx, setViewportPx] = useState(400);
  const { realHeight, scale } = scrollScale(count, viewportPx);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewportPx(el.clientHeight || 400);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The virtual offset is the source of truth; the real scrollTop follows it, scaled. Fine moves
  // (wheel, arrows, pages) change it directly, so they move rows 1:1 even when the scrollbar is
  // scaled; a scrollbar drag (any scroll we did not cause) sets it from scrollTop × scale.
  const virtualTop = useRef(0);
  const expectedReal = useRef<number | null>(null);
  const notify = useRef<((offset: number) => void) | null>(null);

  const toVirtual = (real: number): number => {
    const expected = expectedReal.current;
    if (expected !== null && Math.abs(real - expected) <= 1) return virtualTop.current;
    expectedReal.current = null;
    virtualTop.current = real * scaleRef.current;
    return virtualTop.current;
  };

  const countRef = useRef(count);
  countRef.current = count;
  const moveTo = (virtual: number) => {
    const el = scroller.current;
    if (!el) return;
    const max = Math.max(0, countRef.current * ROW_HEIGHT - el.clientHeight);
    virtualTop.current = Math.max(0, Math.min(max, virtual));
    el.scrollTop = virtualTop.current / scaleRef.current;
    expectedReal.current = el.scrollTop;
    notify.current?.(virtualTop.current);
  };
  const moveBy = (delta: number) => moveTo(virtualTop.current + delta);

  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    observeElementOffset: (instance, cb) => {
      notify.current = (offset) => cb(offset, false);
      const stop = observeElementOffset(instance, (offset, isScrolling) =>
        cb(toVirtual(offset), isScrolling),
      );
      return () => {
        notify.current = null;
        stop?.();
      };
    },
    scrollToFn: (offset, opts, instance) => {
      virtualTop.current = offset;
      expectedReal.current = offset / scaleRef.current;
      elementScroll(offset / scaleRef.current, opts, instance);
    },
  });

  // A new query starts at the top.
  useEffect(() => {
    virtualTop.current = 0;
    expectedReal.current = null;
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [queryVersion]);

  // The wheel moves rows 1:1 when the scrollbar is scaled (native scrolling would move it by
  // `scale` times as much). Non-passive, so it can take over the default.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (scaleRef.current <= 1 || e.ctrlKey || Math.abs(e.deltaY) < Math.abs(e.deltaX)) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? ROW_HEIGHT : e.deltaMode === 2 ? el.clientHeight : 1;
      moveBy(e.deltaY * unit);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
    // moveBy reads refs only.
  }, []);

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= firstIndex) ensureRows(firstIndex, lastIndex);
  }, [firstIndex, lastIndex, ensureRows, generation]);

  const virtualOffset = virtualizer.scrollOffset ?? 0;
  // Where the virtual rows sit inside the capped spacer: virtual offset minus real scrollTop.
  const realTop = scale === 1 ? virtualOffset : (scroller.current?.scrollTop ?? virtualOffset / scale);
  const shift = virtualOffset - realTop;

  if (props.pagerRef) {
    props.pagerRef.current = {
      page(dir) {
        const el = scroller.current;
        if (!el) return;
        const rows = Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT) - 1);
        moveBy(dir * rows * ROW_HEIGHT);
      },
      firstVisible: () => Math.min(count, Math.ceil(virtualOffset / ROW_HEIGHT)),
      visibleCount: () => Math.floor(viewportPx / ROW_HEIGHT),
    };
  }

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = scroller.current;
    if (!el || e.target !== el) return;
    const step: Record<string, number> = {
      ArrowDown: ROW_HEIGHT,
      ArrowUp: -ROW_HEIGHT,
      PageDown: el.clientHeight - ROW_HEIGHT,
      PageUp: -(el.clientHeight - ROW_HEIGHT),
    };
    if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(Number.MAX_SAFE_INTEGER);
    else if (e.key in step) moveBy(step[e.key] ?? 0);
    else return;
    e.preventDefault();
  };

  const sortLabel = order === 'desc' ? 'newest first' : 'oldest first';

  return (
    <div
      role="table"
      aria-label="Access events"
      aria-rowcount={count + 1}
      aria-busy={items.some((item) => !rowAt(item.index)) || undefined}
      className="vtable"
    >
      <div role="rowgroup" className="vtable-head">
        <div role="row" aria-rowindex={1} className="vrow vrow-head">
          {COLUMNS.map((c) =>
            c.id === 'time' ? (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={order === 'desc' ? 'descending' : 'ascending'}
                className={`vcell col-${c.id}`}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={onToggleOrder}
                  title={`Sorted by time, ${sortLabel} — click to reverse`}
                >
                  Time <span aria-hidden="true">{order === 'desc' ? '↓' : '↑'}</span>
                  <span className="visually-hidden">, {sortLabel}</span>
                </button>
              </div>
            ) : (
              <div key={c.id} role="columnheader" className={`vcell col-${c.id}`}>
                {c.label}
              </div>
            ),
          )}
        </div>
      </div>
      <div
        ref={scroller}
        role="rowgroup"
        className="vtable-body"
        tabIndex={0}
        aria-label="Access event rows (scrollable)"
        onKeyDown={onKey}
      >
        <div className="vtable-spacer" style={{ height: realHeight }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const top = item.start - shift;
            if (!row) {
              return (
                // A placeholder, not a row: only rows with data are exposed (the table is aria-busy).
                <div
                  key={`p${item.index}`}
                  aria-hidden="true"
                  className="vrow vrow-pending"
                  style={{ transform: `translateY(${top}px)` }}
                >
                  <div className="vcell col-time muted">Loading…</div>
                </div>
              );
            }
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                className={`vrow${row.id === selectedId ? ' vrow-selected' : ''}`}
                style={{ transform: `translateY(${top}px)` }}
                onClick={() => onOpen(row, item.index)}
              >
                <div role="cell" className="vcell col-time">
                  <button
                    type="button"
                    className="linklike"
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpen(row, item.index);
                    }}
                    title="Show all fields and flags of this event"
                  >
                    <time dateTime={row.time}>{localDateTime(row.time)}</time>
                  </button>
                </div>
                <div role="cell" className="vcell col-username">
                  <a
                    href={subjectHref(row.subjectId)}
                    onClick={(e) => e.stopPropagation()}
                    title="Open this person's timeline"
                    className="cell-link"
                  >
                    <Text value={row.username} />
                  </a>
                </div>
                <div role="cell" className="vcell col-ip">
                  <Text value={row.ip} />
                </div>
                <div role="cell" className="vcell col-deviceName">
                  <Text value={row.deviceName} />
                </div>
                <div role="cell" className="vcell col-osVersion">
                  <Text value={row.osVersion} />
                </div>
                <div role="cell" className="vcell col-app">
                  <Text value={row.app} />
                </div>
                <div role="cell" className="vcell col-decision">
                  <span className={`badge badge-${row.decision}`}>{row.decision}</span>
                </div>
                <div role="cell" className="vcell col-flags">
                  <FlagBadges flags={row.flags} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
