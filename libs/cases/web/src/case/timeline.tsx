import type { TimelineEntry, TimelineKind } from '@ketenregie/contracts';
import { timelineKinds } from '@ketenregie/contracts';
import { formatDateTime } from '@ketenregie/platform-web';
import { Alert, Field, Paragraph, SecondaryActionButton, Select, SelectOption } from '@ketenregie/ui';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Range } from '@tanstack/react-virtual';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KnownNames } from './case-words';
import { actorLabel, happenedBy, timelineKindLabel } from './case-words';
import { t } from './i18n/t';
import { caseTimelineQueryOptions } from './queries';

// A page the first screen needs at once; the as-of view reads the largest page the API allows,
// since it shows only what happened by that day and filters the rest out here.
const pageSize = 100;
const historyPageSize = 1000;
const estimatedRowHeight = 96;

export const isTimelineKind = (value: string | null): value is TimelineKind =>
  value !== null && (timelineKinds as readonly string[]).includes(value);

type TimelineProps = {
  caseId: string;
  names: KnownNames;
  kind: TimelineKind | undefined;
  onKindChange: (kind: TimelineKind | undefined) => void;
  asOf: string | undefined;
};

const TimelineItem = ({ entry, names }: { entry: TimelineEntry; names: KnownNames }) => (
  <>
    <p className="ketenregie-timeline__what">{entry.summary}</p>
    <p className="ketenregie-timeline__meta">
      <span className="ketenregie-timeline__kind">{timelineKindLabel(entry.kind)}</span> ·{' '}
      <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> · {actorLabel(entry.actor, names)}
    </p>
  </>
);

/**
 * Every event of the case, newest first, as a feed: only the rows in view are in the page, so a
 * case with thousands of events stays quick. Each row says its place in the whole
 * (`aria-posinset`/`aria-setsize`), the focused row stays in the page while it scrolls out of view,
 * and Page Down/Page Up move between rows as the feed pattern asks.
 */
export const Timeline = ({ caseId, names, kind, onKindChange, asOf }: TimelineProps) => {
  const query = useInfiniteQuery(caseTimelineQueryOptions(caseId, { kind, pageSize: asOf ? historyPageSize : pageSize }));
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const entries = useMemo(() => {
    const all = data?.pages.flatMap((page) => page.items) ?? [];
    return asOf ? all.filter((entry) => happenedBy(entry.occurredAt, asOf)) : all;
  }, [data, asOf]);
  const total = asOf ? entries.length : (data?.pages[0]?.total ?? 0);
  const scroller = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState<number | undefined>(undefined);
  const pendingFocus = useRef<number | undefined>(undefined);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return focused !== undefined && !indexes.includes(focused) ? [...indexes, focused].sort((a, b) => a - b) : indexes;
    },
    [focused],
  );
  const virtualizer = useVirtualizer({
    count: entries.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => estimatedRowHeight,
    overscan: 6,
    rangeExtractor,
  });
  const rows = virtualizer.getVirtualItems();
  const lastRow = rows[rows.length - 1]?.index ?? -1;

  // The next page loads as the list nears its end; the as-of view loads everything up to its day.
  useEffect(() => {
    if (!hasNextPage || isFetchingNextPage) return;
    if (asOf || lastRow >= entries.length - 10) void fetchNextPage();
  }, [asOf, lastRow, entries.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === undefined) return;
    const element = scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (element) {
      pendingFocus.current = undefined;
      element.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(index, entries.length - 1));
    pendingFocus.current = target;
    setFocused(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, index: number) => {
    const moves: Record<string, number> = {
      PageDown: index + 1,
      PageUp: index - 1,
      Home: 0,
      End: entries.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };

  const filter = (
    <Field id="timeline-kind" label={t('timeline.kind')}>
      {(control) => (
        <Select
          {...control}
          value={kind ?? ''}
          onChange={(event) => onKindChange(isTimelineKind(event.target.value) ? event.target.value : undefined)}
        >
          <SelectOption value="">{t('timeline.allKinds')}</SelectOption>
          {timelineKinds.map((option) => (
            <SelectOption key={option} value={option}>
              {timelineKindLabel(option)}
            </SelectOption>
          ))}
        </Select>
      )}
    </Field>
  );

  if (query.isPending) {
    return (
      <>
        {filter}
        <Paragraph role="status" aria-busy="true">
          {t('timeline.loading')}
        </Paragraph>
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        {filter}
        <Alert type="error">
          <Paragraph>{t('timeline.error')}</Paragraph>
          <SecondaryActionButton type="button" onClick={() => void query.refetch()}>
            {t('page.retry')}
          </SecondaryActionButton>
        </Alert>
      </>
    );
  }
  return (
    <>
      {filter}
      {entries.length === 0 && !hasNextPage ? (
        <Paragraph>{kind ? t('timeline.emptyKind') : t('timeline.empty')}</Paragraph>
      ) : (
        <>
          <Paragraph id="timeline-count" className="ketenregie-timeline__count">
            {t('timeline.count', { count: total })} <span className="ketenregie-visually-hidden">{t('timeline.keyboard')}</span>
          </Paragraph>
          <div ref={scroller} className="ketenregie-timeline">
            <div
              role="feed"
              aria-busy={isFetchingNextPage}
              aria-label={t('timeline.heading')}
              aria-describedby="timeline-count"
              className="ketenregie-timeline__feed"
              style={{ height: virtualizer.getTotalSize() }}
            >
              {rows.map((row) => {
                const entry = entries[row.index];
                return (
                  <article
                    key={entry ? entry.eventId : 'loading'}
                    data-index={row.index}
                    ref={virtualizer.measureElement}
                    className="ketenregie-timeline__item"
                    style={{ transform: `translateY(${row.start}px)` }}
                    tabIndex={entry ? 0 : -1}
                    aria-posinset={entry ? row.index + 1 : undefined}
                    aria-setsize={entry ? total : undefined}
                    aria-busy={entry ? undefined : true}
                    onFocus={() => entry && setFocused(row.index)}
                    onKeyDown={(event) => onKeyDown(event, row.index)}
                  >
                    {entry ? <TimelineItem entry={entry} names={names} /> : <p>{t('timeline.loadingMore')}</p>}
                  </article>
                );
              })}
            </div>
          </div>
        </>
      )}
    </>
  );
};
