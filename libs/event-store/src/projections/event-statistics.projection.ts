import type { Projection } from './projection';
import { quoteIdent } from './projection-state';

export const EVENT_STATISTICS_PROJECTION = 'system.event-statistics';

/**
 * Events per type: the status page's view of the log and the projection benchmark's workload.
 * The batch is aggregated in memory first so each batch costs one upsert, whatever its size.
 */
export const eventStatisticsProjection: Projection = {
  name: EVENT_STATISTICS_PROJECTION,
  tables: ['event_type_counts'],
  createTables: (physical) => [
    `create table ${quoteIdent(physical['event_type_counts'])} (
      type text primary key,
      events bigint not null,
      last_recorded_at timestamptz not null
    )`,
  ],
  apply: async (events, { manager, tables }) => {
    const byType = new Map<string, { events: number; lastRecordedAt: number }>();
    for (const event of events) {
      const recordedAt = event.recordedAt.getTime();
      const entry = byType.get(event.type);
      if (entry) {
        entry.events++;
        if (recordedAt > entry.lastRecordedAt) entry.lastRecordedAt = recordedAt;
      } else {
        byType.set(event.type, { events: 1, lastRecordedAt: recordedAt });
      }
    }
    if (byType.size === 0) return;
    const types: string[] = [];
    const counts: number[] = [];
    const lastRecordedAt: string[] = [];
    for (const [type, entry] of byType) {
      types.push(type);
      counts.push(entry.events);
      lastRecordedAt.push(new Date(entry.lastRecordedAt).toISOString());
    }
    await manager.query(
      `insert into ${quoteIdent(tables['event_type_counts'])} as t (type, events, last_recorded_at)
       select * from unnest($1::text[], $2::bigint[], $3::timestamptz[])
       on conflict (type) do update
         set events = t.events + excluded.events,
             last_recorded_at = greatest(t.last_recorded_at, excluded.last_recorded_at)`,
      [types, counts, lastRecordedAt],
    );
  },
};
