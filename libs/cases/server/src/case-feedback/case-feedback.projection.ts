import type { DeliveryStatus, FeedbackMilestoneName, MessageQueued, MessageSettled } from '@ketenregie/contracts';
import { feedbackEventTypes, feedbackMilestoneValues, feedbackStreamPrefix } from '@ketenregie/contracts';
import type { CaseEvent, Referrer } from '@ketenregie/cases-domain';
import { referrerTermsOf } from '@ketenregie/cases-domain';
import type { Projection, RecordedEvent, RowOf } from '@ketenregie/event-store';
import { column, quoteIdent, readModelTable } from '@ketenregie/event-store';
import { feedbackDueOn } from '@ketenregie/feedback-domain';
import { caseIdOfStream, toCaseEvent } from '../projections/case-events';
import { milestoneGetsFeedback } from './report-feedback';

export const CASE_FEEDBACK_PROJECTION = 'cases.case-feedback';

export type ReferrerKindColumn = 'directory-professional' | 'outside-professional' | 'citizen' | 'informant' | 'anonymous';

/** Per report: who reported (kind and a label that names no one of the family) and how they may hear back. */
export const caseFeedbackReports = readModelTable(
  'case_feedback_reports',
  {
    case_id: column.text(),
    report_id: column.text(),
    assessment_id: column.text(),
    received_at: column.timestamptz(),
    referrer_kind: column.text<ReferrerKindColumn>(),
    referrer_label: column.text(),
    /** Null: the referrer gets no feedback (declined, informant, anonymous). */
    channel: column.nullable(column.text<'email' | 'portal' | 'phone'>()),
    /** The milestones at which the feedback rules give this referrer a message (what the worklist checks). */
    feedback_milestones: column.textArray<FeedbackMilestoneName>(),
  },
  { key: ['case_id', 'report_id'] },
);

/**
 * The predicate of the milestones still owed a message with a deadline: the Terugkoppeling
 * worklist states it word for word, so it reads only those rows through the index that holds them,
 * not twenty years of milestones told long ago.
 */
export const feedbackWaitingPredicate = 'feedback_owed and first_sent_at is null and due_on is not null';

/**
 * The predicate of the messages whose refusal or failure nobody has answered yet (no later message
 * of the same milestone): the worklist's other half, stated word for word likewise.
 */
export const feedbackUndeliveredPredicate = `delivery_status in ('refused', 'failed') and not superseded`;

/**
 * Per report and milestone: when the case reached it, when feedback is due, and when the first
 * message went out. A milestone with a deadline is listed from the moment it is known (the
 * assessment's or investigation's own deadline), so a missing message shows before it is late.
 */
export const caseFeedbackMilestones = readModelTable(
  'case_feedback_milestones',
  {
    case_id: column.text(),
    report_id: column.text(),
    milestone: column.text<FeedbackMilestoneName>(),
    reached_at: column.nullable(column.timestamptz()),
    due_on: column.nullable(column.date()),
    first_sent_at: column.nullable(column.timestamptz()),
    /**
     * Whether the rules give the report's referrer a message at this milestone (the report's
     * `feedback_milestones`): only then is anything owed. A citizen who left no address is owed
     * nothing after an assessment, and their milestone must not wait on a list for ever.
     */
    feedback_owed: column.boolean(),
    /**
     * The organisation that directs the case now (`caseFeedbackDirectors`), on every milestone of
     * the case. The Terugkoppeling worklist is one team's: without this column it read the whole
     * country's outstanding milestones and looked each one's director up in the register (90 ms
     * at 1M cases).
     */
    director_organisation_id: column.nullable(column.text()),
  },
  {
    key: ['case_id', 'report_id', 'milestone'],
    indexes: [
      `(case_id, due_on) where ${feedbackWaitingPredicate}`,
      // With the case: the list and its count take their case ids from the index alone.
      `(director_organisation_id, due_on) include (case_id) where ${feedbackWaitingPredicate}`,
    ],
  },
);

/**
 * Per case: the organisation that directs it, from the events that name the director (opening,
 * reopening, an accepted hand-over, an escalation). A milestone row takes it from here when it is
 * written, and every row of the case follows when the director changes; a report may come long
 * after the event that named the director, so the rows alone could not say it.
 */
export const caseFeedbackDirectors = readModelTable(
  'case_feedback_directors',
  {
    case_id: column.text(),
    director_organisation_id: column.text(),
  },
  { key: ['case_id'] },
);

/** Per message: where its delivery stands. Never its text or address. */
export const caseFeedbackMessages = readModelTable(
  'case_feedback_messages',
  {
    message_id: column.text(),
    case_id: column.text(),
    report_id: column.text(),
    milestone: column.text<FeedbackMilestoneName>(),
    channel: column.text<'email' | 'portal' | 'phone'>(),
    queued_at: column.timestamptz(),
    delivery_status: column.text<DeliveryStatus>(),
    attempts: column.integer(),
    settled_at: column.nullable(column.timestamptz()),
    personal: column.boolean(),
    /** A later message of the same report and milestone was queued: this one's outcome no longer asks anything of anyone. */
    superseded: column.boolean(),
  },
  { key: ['message_id'], indexes: ['(case_id)', `(case_id) where ${feedbackUndeliveredPredicate}`] },
);

export type CaseFeedbackReportRow = RowOf<typeof caseFeedbackReports.columns>;
export type CaseFeedbackMilestoneRow = RowOf<typeof caseFeedbackMilestones.columns>;
export type CaseFeedbackMessageRow = RowOf<typeof caseFeedbackMessages.columns>;
export type CaseFeedbackDirectorRow = RowOf<typeof caseFeedbackDirectors.columns>;

/**
 * A milestone reached or given a deadline for the reports of a case: all reports received up to
 * `at`, or only those of one assessment. Applied after the batch's reports, so a report received
 * in the same batch is included.
 */
export type MilestoneChange = {
  case_id: string;
  milestone: FeedbackMilestoneName;
  at: string;
  assessment_id: string | null;
  reached_at: string | null;
  due_on: string | null;
};

export type MessageSettlement = Pick<CaseFeedbackMessageRow, 'message_id' | 'delivery_status' | 'attempts' | 'settled_at'>;

const referrerColumns = (
  referrer: Referrer,
): Pick<CaseFeedbackReportRow, 'referrer_kind' | 'referrer_label' | 'channel' | 'feedback_milestones'> => {
  const columns = referrerKindColumns(referrer);
  return {
    ...columns,
    feedback_milestones: feedbackMilestoneValues.filter((milestone) =>
      milestoneGetsFeedback(columns.referrer_kind, columns.channel, milestone),
    ),
  };
};

const referrerKindColumns = (referrer: Referrer): Pick<CaseFeedbackReportRow, 'referrer_kind' | 'referrer_label' | 'channel'> => {
  const terms = referrerTermsOf(referrer);
  const channel = terms.feedbackConsent.kind === 'granted' ? terms.feedbackConsent.channel : null;
  switch (referrer.kind) {
    case 'professional':
      return { referrer_kind: 'outside-professional', referrer_label: referrer.organisation, channel };
    case 'directory-professional':
      // The directory names the organisation when the case is read; ids stay after erasure.
      return { referrer_kind: 'directory-professional', referrer_label: referrer.organisationId, channel };
    case 'citizen':
      return { referrer_kind: 'citizen', referrer_label: 'burger', channel };
    case 'informant':
      return { referrer_kind: 'informant', referrer_label: 'informant', channel: null };
    case 'anonymous':
      return { referrer_kind: 'anonymous', referrer_label: 'anoniem', channel: null };
  }
};

const settledStatus: Partial<Record<string, DeliveryStatus>> = {
  [feedbackEventTypes.delivered]: 'delivered',
  [feedbackEventTypes.refused]: 'refused',
  [feedbackEventTypes.failed]: 'failed',
};

/** The organisation an event makes the case's director, if it names one. */
const directorOrganisation = (event: CaseEvent): string | undefined => {
  switch (event.type) {
    case 'cases.case-opened':
    case 'cases.case-reopened':
      return event.data.director.organisation.organisationId;
    case 'cases.handover-accepted':
    case 'cases.case-escalated':
      return event.data.to.organisation.organisationId;
    default:
      return undefined;
  }
};

/** The feedback rules' deadline once the assessment or investigation ended: the day it ended. */
const dueOnceEnded = (kind: 'safety-assessment-done' | 'investigation-finished', endedAt: string): string | null =>
  feedbackDueOn({ kind, endedAt } as Parameters<typeof feedbackDueOn>[0]) ?? null;

const caseChanges = (caseId: string, event: CaseEvent): MilestoneChange[] => {
  const change = (milestone: FeedbackMilestoneName, at: string, values: Partial<MilestoneChange>): MilestoneChange => ({
    case_id: caseId,
    milestone,
    at,
    assessment_id: null,
    reached_at: null,
    due_on: null,
    ...values,
  });
  switch (event.type) {
    case 'cases.report-received': {
      const { receivedAt, assessmentId, assessmentDueOn } = event.data;
      return [
        change('report-received', receivedAt, { assessment_id: assessmentId, reached_at: receivedAt }),
        // Due when the assessment must end, until it does.
        change('safety-assessment-done', receivedAt, { assessment_id: assessmentId, due_on: assessmentDueOn }),
      ];
    }
    case 'cases.safety-assessment-completed': {
      const { assessmentId, completedAt } = event.data;
      return [
        change('safety-assessment-done', completedAt, {
          assessment_id: assessmentId,
          reached_at: completedAt,
          due_on: dueOnceEnded('safety-assessment-done', completedAt),
        }),
      ];
    }
    case 'cases.investigation-started':
      return [change('investigation-finished', event.data.startedAt, { due_on: event.data.dueOn })];
    case 'cases.investigation-completed': {
      const { completedAt } = event.data;
      return [
        change('investigation-finished', completedAt, {
          reached_at: completedAt,
          due_on: dueOnceEnded('investigation-finished', completedAt),
        }),
      ];
    }
    case 'cases.handover-accepted':
      return [change('handed-over', event.data.acceptedAt, { reached_at: event.data.acceptedAt })];
    case 'cases.case-closed':
      return [change('case-closed', event.data.closedAt, { reached_at: event.data.closedAt })];
    default:
      return [];
  }
};

/**
 * Folds a batch into the read model's changes: reports as whole rows, milestones reached or given
 * a deadline, new messages as whole rows and outcomes of earlier messages as updates. Pure.
 */
export const planCaseFeedbackChanges = (events: readonly RecordedEvent[]) => {
  const reports = new Map<string, CaseFeedbackReportRow>();
  const milestones: MilestoneChange[] = [];
  const messages = new Map<string, CaseFeedbackMessageRow>();
  const settled = new Map<string, MessageSettlement>();
  // The last director of each case in the batch: all its rows end at that one.
  const directors = new Map<string, CaseFeedbackDirectorRow>();
  for (const recorded of events) {
    if (recorded.streamId.startsWith(feedbackStreamPrefix)) {
      if (recorded.type === feedbackEventTypes.queued) {
        const data = recorded.data as MessageQueued;
        messages.set(data.messageId, {
          message_id: data.messageId,
          case_id: data.caseId,
          report_id: data.reportId,
          milestone: data.milestone,
          channel: data.channel,
          queued_at: data.queuedAt,
          // Decided by how it was queued, not by the (sealed) address: no e-mail channel, no mail.
          delivery_status: data.channel === 'email' ? 'queued' : 'portal-only',
          attempts: 0,
          settled_at: null,
          personal: data.personal === true,
          // Set by the statement that compares it with the case's other messages (`apply`).
          superseded: false,
        });
        continue;
      }
      const status = settledStatus[recorded.type];
      if (!status) continue;
      const data = recorded.data as MessageSettled;
      const outcome = { delivery_status: status, attempts: data.attempts, settled_at: data.at };
      const row = messages.get(data.messageId);
      if (row) messages.set(data.messageId, { ...row, ...outcome });
      else settled.set(data.messageId, { message_id: data.messageId, ...outcome });
      continue;
    }
    const caseId = caseIdOfStream(recorded.streamId);
    const event = toCaseEvent(recorded);
    if (caseId === undefined || event === undefined) continue;
    if (event.type === 'cases.report-received') {
      reports.set(`${caseId}\u0000${event.data.reportId}`, {
        case_id: caseId,
        report_id: event.data.reportId,
        assessment_id: event.data.assessmentId,
        received_at: event.data.receivedAt,
        ...referrerColumns(event.data.referrer),
      });
    }
    const director = directorOrganisation(event);
    if (director !== undefined) directors.set(caseId, { case_id: caseId, director_organisation_id: director });
    milestones.push(...caseChanges(caseId, event));
  }
  return {
    reports: [...reports.values()],
    milestones,
    messages: [...messages.values()],
    settled: [...settled.values()],
    directors: [...directors.values()],
  };
};

/** The case events that say something about feedback, and the feedback context's message events. */
const caseEventTypesRead = [
  'cases.case-opened',
  'cases.case-reopened',
  'cases.case-escalated',
  'cases.report-received',
  'cases.safety-assessment-completed',
  'cases.investigation-started',
  'cases.investigation-completed',
  'cases.handover-accepted',
  'cases.case-closed',
] as const satisfies readonly CaseEvent['type'][];

/**
 * The director's view of feedback to referrers: per report what the referrer was told, when it
 * was due and how delivery went. Fed by the case events and the feedback context's published
 * message events (`feedback-<caseId>`; a queued message is read decrypted, or erased after the
 * family's erasure, and only its delivery facts are kept).
 */
export const caseFeedbackProjection: Projection = {
  name: CASE_FEEDBACK_PROJECTION,
  tables: [caseFeedbackReports.name, caseFeedbackMilestones.name, caseFeedbackMessages.name, caseFeedbackDirectors.name],
  eventTypes: [...caseEventTypesRead, ...Object.values(feedbackEventTypes)],
  createTables: (physical) => [
    ...caseFeedbackReports.createTable(physical[caseFeedbackReports.name]),
    ...caseFeedbackMilestones.createTable(physical[caseFeedbackMilestones.name]),
    ...caseFeedbackMessages.createTable(physical[caseFeedbackMessages.name]),
    ...caseFeedbackDirectors.createTable(physical[caseFeedbackDirectors.name]),
  ],
  apply: async (events, { manager, tables }) => {
    const { reports, milestones, messages, settled, directors } = planCaseFeedbackChanges(events);
    const reportTable = quoteIdent(tables[caseFeedbackReports.name]);
    const milestoneTable = quoteIdent(tables[caseFeedbackMilestones.name]);
    const messageTable = tables[caseFeedbackMessages.name];
    const directorTable = quoteIdent(tables[caseFeedbackDirectors.name]);
    // Before the milestones, which take the case's director from it.
    await caseFeedbackDirectors.upsert(manager, tables[caseFeedbackDirectors.name], directors);
    await caseFeedbackReports.upsert(manager, tables[caseFeedbackReports.name], reports);
    if (milestones.length > 0) {
      // One statement for the batch, with the effect of applying the changes one by one in event
      // order: per report row each column ends at the last change that set it (a completion's
      // deadline replaces the pending one), or keeps what it had. A statement per change was one
      // round trip per milestone event, which no batch size amortised.
      await manager.query(
        `insert into ${milestoneTable} as m (case_id, report_id, milestone, reached_at, due_on, first_sent_at, feedback_owed, director_organisation_id)
         select r.case_id, r.report_id, c.milestone,
                (array_agg(c.reached_at order by c.ord desc) filter (where c.reached_at is not null))[1],
                (array_agg(c.due_on order by c.ord desc) filter (where c.due_on is not null))[1],
                null,
                bool_or(c.milestone = any(r.feedback_milestones)),
                min(d.director_organisation_id)
           from jsonb_to_recordset($1::jsonb)
             as c(ord integer, case_id text, milestone text, at timestamptz, assessment_id text, reached_at timestamptz, due_on date)
           join ${reportTable} r
             on r.case_id = c.case_id and r.received_at <= c.at and (c.assessment_id is null or r.assessment_id = c.assessment_id)
           left join ${directorTable} d on d.case_id = r.case_id
          group by r.case_id, r.report_id, c.milestone
         on conflict (case_id, report_id, milestone) do update
           set reached_at = coalesce(excluded.reached_at, m.reached_at), due_on = coalesce(excluded.due_on, m.due_on),
               feedback_owed = excluded.feedback_owed, director_organisation_id = excluded.director_organisation_id`,
        [JSON.stringify(milestones.map((change, ord) => ({ ord, ...change })))],
      );
    }
    await caseFeedbackMessages.upsert(manager, messageTable, messages);
    if (messages.length > 0) {
      // The first message of a milestone is when the referrer was told; a milestone without a
      // deadline may not have a row yet (a message can come before this projection saw the case).
      await manager.query(
        `insert into ${milestoneTable} as m (case_id, report_id, milestone, reached_at, due_on, first_sent_at, feedback_owed, director_organisation_id)
         select n.case_id, n.report_id, n.milestone, null, null, min(n.queued_at), coalesce(bool_or(n.milestone = any(r.feedback_milestones)), false),
                min(d.director_organisation_id)
           from ${caseFeedbackMessages.recordset('$1::jsonb', 'n')}
           left join ${reportTable} r on r.case_id = n.case_id and r.report_id = n.report_id
           left join ${directorTable} d on d.case_id = n.case_id
          group by n.case_id, n.report_id, n.milestone
         on conflict (case_id, report_id, milestone) do update
           set first_sent_at = least(m.first_sent_at, excluded.first_sent_at)`,
        [JSON.stringify(messages)],
      );
      // A message answers every earlier one of its milestone, in whatever order the two arrive.
      await manager.query(
        `update ${quoteIdent(messageTable)} o set superseded = true
          where o.case_id = any($1::text[]) and not o.superseded
            and exists (select 1 from ${quoteIdent(messageTable)} y
                         where y.case_id = o.case_id and y.report_id = o.report_id and y.milestone = o.milestone
                           and y.queued_at > o.queued_at)`,
        [[...new Set(messages.map((message) => message.case_id))]],
      );
    }
    if (directors.length > 0) {
      // The milestones written before the director changed follow the case to its new director.
      await manager.query(
        `update ${milestoneTable} m set director_organisation_id = d.director_organisation_id
           from ${directorTable} d
          where d.case_id = any($1::text[]) and m.case_id = d.case_id
            and m.director_organisation_id is distinct from d.director_organisation_id`,
        [directors.map((director) => director.case_id)],
      );
    }
    if (settled.length > 0) {
      await manager.query(
        `update ${quoteIdent(messageTable)} o set delivery_status = s.delivery_status, attempts = s.attempts, settled_at = s.settled_at
           from jsonb_to_recordset($1::jsonb) as s(message_id text, delivery_status text, attempts integer, settled_at timestamptz)
          where o.message_id = s.message_id`,
        [JSON.stringify(settled)],
      );
    }
  },
};
