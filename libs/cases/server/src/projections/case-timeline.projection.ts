import type { TimelineEntry } from '@ketenregie/contracts';
import type { Projection } from '@ketenregie/event-store';
import { quoteIdent } from '@ketenregie/event-store';
import { caseEventTypes } from '@ketenregie/cases-domain';
import { caseIdOfStream, occurredAt, toCaseEvent } from './case-events';
import { timelineKind, timelineSummary } from './timeline-summary';

export const CASE_TIMELINE_PROJECTION = 'cases.case-timeline';
export const CASE_TIMELINE_TABLE = 'case_timeline';

/**
 * Every case event as one human-readable line; append-only, so each batch is one bulk insert.
 * `entry` holds the line as the API serves it (JSON of `TimelineEntry`): a page is then the stored
 * texts joined, where parsing rows and serialising a thousand objects per request was most of a
 * long case's timeline time. The other columns are there to filter, order and inspect.
 */
export const caseTimelineProjection: Projection = {
  name: CASE_TIMELINE_PROJECTION,
  tables: [CASE_TIMELINE_TABLE],
  eventTypes: [...caseEventTypes],
  createTables: (physical) => {
    const table = quoteIdent(physical[CASE_TIMELINE_TABLE]);
    return [
      `create table ${table} (
        case_id text not null,
        revision integer not null,
        event_id text not null,
        event_type text not null,
        kind text not null,
        occurred_at timestamptz not null,
        actor_user_id text,
        actor_organisation_id text,
        summary text not null,
        entry text not null,
        primary key (case_id, revision)
      )`,
      `create index on ${table} (case_id, kind, revision)`,
    ];
  },
  apply: async (events, { manager, tables }) => {
    const rows = events.flatMap((recorded) => {
      const caseId = caseIdOfStream(recorded.streamId);
      const event = toCaseEvent(recorded);
      if (caseId === undefined || event === undefined) return [];
      const actor = recorded.metadata.actor;
      const userId = typeof actor?.userId === 'string' ? actor.userId : null;
      const organisationId = typeof actor?.organisationId === 'string' ? actor.organisationId : null;
      const onBehalfOf = (event.data as { onBehalfOf?: { person?: { personId?: unknown } } }).onBehalfOf?.person?.personId;
      // Key order is the contract's: clients and tests see the same shape as any other response.
      const entry: TimelineEntry = {
        revision: recorded.revision,
        eventId: recorded.id,
        type: recorded.type,
        kind: timelineKind(event),
        occurredAt: occurredAt(event, recorded).toISOString(),
        actor: userId
          ? { userId, ...(organisationId ? { organisationId } : {}), ...(typeof onBehalfOf === 'string' ? { onBehalfOf } : {}) }
          : null,
        summary: timelineSummary(event),
      };
      return [
        {
          case_id: caseId,
          revision: entry.revision,
          event_id: entry.eventId,
          event_type: entry.type,
          kind: entry.kind,
          occurred_at: entry.occurredAt,
          actor_user_id: userId,
          actor_organisation_id: organisationId,
          summary: entry.summary,
          entry: JSON.stringify(entry),
        },
      ];
    });
    if (rows.length === 0) return;
    // No conflict clause: the runner applies each event once, so a clash would be a bug worth failing on.
    await manager.query(
      `insert into ${quoteIdent(tables[CASE_TIMELINE_TABLE])}
       select * from jsonb_to_recordset($1::jsonb) as r(
         case_id text, revision integer, event_id text, event_type text, kind text,
         occurred_at timestamptz, actor_user_id text, actor_organisation_id text, summary text, entry text)`,
      [JSON.stringify(rows)],
    );
  },
};
