import type { TimelineEntry, TimelineKind } from '@ketenregie/contracts';
import type { Projection, RowOf } from '@ketenregie/event-store';
import { column, readModelTable } from '@ketenregie/event-store';
import { caseEventTypes } from '@ketenregie/cases-domain';
import { caseIdOfStream, occurredAt, toCaseEvent } from './case-events';
import { timelineKind, timelineSummary } from './timeline-summary';

export const CASE_TIMELINE_PROJECTION = 'cases.case-timeline';
export const CASE_TIMELINE_TABLE = 'case_timeline';

/** One row per case event. */
export const caseTimeline = readModelTable(
  CASE_TIMELINE_TABLE,
  {
    case_id: column.text(),
    revision: column.integer(),
    event_id: column.text(),
    event_type: column.text(),
    kind: column.text<TimelineKind>(),
    occurred_at: column.timestamptz(),
    actor_user_id: column.nullable(column.text()),
    actor_organisation_id: column.nullable(column.text()),
    summary: column.text(),
    entry: column.text(),
  },
  { key: ['case_id', 'revision'], indexes: ['(case_id, kind, revision)'] },
);

export type CaseTimelineRow = RowOf<typeof caseTimeline.columns>;

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
  createTables: (physical) => caseTimeline.createTable(physical[CASE_TIMELINE_TABLE]),
  apply: async (events, { manager, tables }) => {
    const rows = events.flatMap((recorded): CaseTimelineRow[] => {
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
    // No conflict clause: the runner applies each event once, so a clash would be a bug worth failing on.
    await caseTimeline.insert(manager, tables[CASE_TIMELINE_TABLE], rows);
  },
};
