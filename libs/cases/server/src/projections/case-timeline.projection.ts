import type { TimelineEntry, TimelineKind } from '@ketenregie/contracts';
import type { Column, Projection, RecordedEvent, RowOf } from '@ketenregie/event-store';
import { column, readModelTable } from '@ketenregie/event-store';
import { caseEventTypes } from '@ketenregie/cases-domain';
import { caseIdOfStream, occurredAt, toCaseEvent } from './case-events';
import { timelineKind, timelineSummary } from './timeline-summary';

export const CASE_TIMELINE_PROJECTION = 'cases.case-timeline';
export const CASE_TIMELINE_TABLE = 'case_timeline';

/** An event id as PostgreSQL's 16-byte `uuid` (event ids are uuids in every store), read back as its text. */
const uuid = (): Column<string> => ({ sql: 'uuid', nullable: false, select: (qualified) => qualified, read: (raw) => raw as string });

/**
 * One row per case event, holding only what the event cannot answer without its stream being read
 * and decrypted: the line's own columns, each once. The served entry is assembled from them by
 * `timelineEntryJson`, so no column repeats another (an earlier shape also stored the whole entry
 * as JSON text, which doubled the row), and the only index is the key: the kind filter reads one
 * case's rows, which the key already finds.
 */
export const caseTimeline = readModelTable(
  CASE_TIMELINE_TABLE,
  {
    case_id: column.text(),
    revision: column.integer(),
    event_id: uuid(),
    event_type: column.text(),
    kind: column.text<TimelineKind>(),
    occurred_at: column.timestamptz(),
    actor_user_id: column.nullable(column.text()),
    actor_organisation_id: column.nullable(column.text()),
    /** The director a colleague steered for (ADR 0008); only with an acting user. */
    on_behalf_of: column.nullable(column.text()),
    summary: column.text(),
  },
  { key: ['case_id', 'revision'] },
);

export type CaseTimelineRow = RowOf<typeof caseTimeline.columns>;

/**
 * The select expression giving a timeline row (alias `alias`) as the JSON text of its
 * `TimelineEntry`, byte for byte what `JSON.stringify` makes of the entry (`timelineEntryOfRow`):
 * the contract's key order, no whitespace (`row_to_json`), absent optional keys rather than
 * nulls, and the instant as `toISOString` writes it. Built by PostgreSQL, so a page is the rows'
 * texts joined, without parsing rows and serialising objects per request.
 */
export const timelineEntryJson = (alias: string): string =>
  `(select row_to_json(e)::text from (select ${alias}.revision, ${alias}.event_id as "eventId", ${alias}.event_type as "type", ${alias}.kind,
      to_char(${alias}.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
      case when ${alias}.actor_user_id is null then null else json_strip_nulls(json_build_object(
        'userId', ${alias}.actor_user_id, 'organisationId', ${alias}.actor_organisation_id, 'onBehalfOf', ${alias}.on_behalf_of)) end as actor,
      ${alias}.summary) e)`;

/** The entry a row stands for, as the contract types it (what `timelineEntryJson` serialises). */
export const timelineEntryOfRow = (row: CaseTimelineRow): TimelineEntry => ({
  revision: row.revision,
  eventId: row.event_id,
  type: row.event_type,
  kind: row.kind,
  occurredAt: row.occurred_at,
  actor: row.actor_user_id
    ? {
        userId: row.actor_user_id,
        ...(row.actor_organisation_id ? { organisationId: row.actor_organisation_id } : {}),
        ...(row.on_behalf_of !== null ? { onBehalfOf: row.on_behalf_of } : {}),
      }
    : null,
  summary: row.summary,
});

/** The timeline row of one recorded case event; undefined for an event that is not a case's. */
export const caseTimelineRow = (recorded: RecordedEvent): CaseTimelineRow | undefined => {
  const caseId = caseIdOfStream(recorded.streamId);
  const event = toCaseEvent(recorded);
  if (caseId === undefined || event === undefined) return undefined;
  const actor = recorded.metadata.actor;
  const userId = typeof actor?.userId === 'string' && actor.userId !== '' ? actor.userId : null;
  const organisationId = typeof actor?.organisationId === 'string' && actor.organisationId !== '' ? actor.organisationId : null;
  const onBehalfOf = (event.data as { onBehalfOf?: { person?: { personId?: unknown } } }).onBehalfOf?.person?.personId;
  return {
    case_id: caseId,
    revision: recorded.revision,
    event_id: recorded.id,
    event_type: recorded.type,
    kind: timelineKind(event),
    occurred_at: occurredAt(event, recorded).toISOString(),
    actor_user_id: userId,
    actor_organisation_id: userId ? organisationId : null,
    on_behalf_of: userId && typeof onBehalfOf === 'string' ? onBehalfOf : null,
    summary: timelineSummary(event),
  };
};

/** Every case event as one human-readable line; append-only, so each batch is one bulk insert. */
export const caseTimelineProjection: Projection = {
  name: CASE_TIMELINE_PROJECTION,
  tables: [CASE_TIMELINE_TABLE],
  eventTypes: [...caseEventTypes],
  createTables: (physical) => caseTimeline.createTable(physical[CASE_TIMELINE_TABLE]),
  apply: async (events, { manager, tables }) => {
    const rows = events.flatMap((recorded) => caseTimelineRow(recorded) ?? []);
    // No conflict clause: the runner applies each event once, so a clash would be a bug worth failing on.
    await caseTimeline.insert(manager, tables[CASE_TIMELINE_TABLE], rows);
  },
};
