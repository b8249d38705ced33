import type { Queryable } from '@ketenregie/event-store';
import type { PortalReport } from '@ketenregie/contracts';
import { PORTAL_LINK_SLOT } from '@ketenregie/feedback-domain';
import type { MilestoneKind } from '@ketenregie/feedback-domain';
import type { SignalKind } from '@ketenregie/contracts';
import { feedbackOutbox } from '../outbox/outbox.projection';
import { portalCases, portalReports, portalSignals } from './portal-reports.projection';
import { portalStatusText } from './portal-status';

/** Whose reports: an account's own (by person at its organisation), or the one report a link opened. */
export type PortalReader =
  { kind: 'account'; personId: string; organisationId: string } | { kind: 'link'; caseId: string; reportId: string };

/** A report as the portal shows it, with what the access log needs to name the read. */
export type ReadPortalReport = { report: PortalReport; caseId: string; familyId: string | null };

const rowsOf = (result: unknown): Record<string, unknown>[] => (Array.isArray(result) ? (result as Record<string, unknown>[]) : []);

/**
 * The mail's text without its link: the link was single-use and is spent by now, and the portal
 * page is where it led. The paragraph that held the slot goes as a whole: it invites the reader to
 * the portal they are reading, and without its link its colon and its "this link" say nothing.
 */
export const portalMessageText = (text: string): string =>
  text
    .split(/\n{2,}/)
    .filter((paragraph) => !paragraph.includes(PORTAL_LINK_SLOT))
    .join('\n\n');

/**
 * The reports a reader may see, newest first; `reportId` narrows to one. A report the reader may not
 * see is simply absent, so the caller answers it like an unknown one.
 */
export const readPortalReports = async (db: Queryable, reader: PortalReader, reportId?: string): Promise<ReadPortalReport[]> => {
  const conditions =
    reader.kind === 'account'
      ? { sql: 'r.account_person_id = $1 and r.account_organisation_id = $2', parameters: [reader.personId, reader.organisationId] }
      : { sql: 'r.case_id = $1 and r.report_id = $2', parameters: [reader.caseId, reader.reportId] };
  const narrowed = reportId === undefined ? '' : ` and r.report_id = $${conditions.parameters.length + 1}`;
  const rows = rowsOf(
    await db.query(
      `select ${portalReports.selectList(undefined, 'r')}, c.family_id, coalesce(c.closed, false) as closed
         from ${portalReports.name} r left join ${portalCases.name} c on c.case_id = r.case_id
        where ${conditions.sql}${narrowed}
        order by r.received_on desc, r.report_id`,
      reportId === undefined ? conditions.parameters : [...conditions.parameters, reportId],
    ),
  );
  if (rows.length === 0) return [];
  const reports = rows.map((raw) => ({
    row: portalReports.read(raw),
    familyId: (raw['family_id'] as string | null) ?? null,
    closed: raw['closed'] === true,
  }));
  const reportIds = reports.map(({ row }) => row.report_id);
  const caseIds = reports.map(({ row }) => row.case_id);
  const messages = rowsOf(
    await db.query(
      `select message_id, case_id, report_id, milestone, queued_at, subject, body from ${feedbackOutbox.name}
        where (case_id, report_id) in (select * from unnest($1::text[], $2::text[])) order by queued_at, message_id`,
      [caseIds, reportIds],
    ),
  );
  const signals = rowsOf(
    await db.query(
      `select ${portalSignals.selectList()} from ${portalSignals.name}
        where (case_id, report_id) in (select * from unnest($1::text[], $2::text[]))
        order by raised_at, signal_id`,
      [caseIds, reportIds],
    ),
  ).map((raw) => portalSignals.read(raw));
  return reports.map(({ row, familyId, closed }) => ({
    caseId: row.case_id,
    familyId,
    report: {
      reportId: row.report_id,
      reference: row.reference,
      receivedOn: row.received_on,
      status: row.status,
      statusText: portalStatusText(row.status),
      messages: messages
        .filter((message) => message['report_id'] === row.report_id && message['case_id'] === row.case_id)
        .map((message) => ({
          messageId: String(message['message_id']),
          milestone: message['milestone'] as MilestoneKind,
          sentAt: (message['queued_at'] as Date).toISOString(),
          subject: String(message['subject']),
          text: portalMessageText(String(message['body'])),
        })),
      signals: signals
        // A report's number is unique within its case only: another family's report may share it.
        .filter((signal) => signal.report_id === row.report_id && signal.case_id === row.case_id)
        .map((signal) => ({
          signalId: signal.signal_id,
          kind: signal.kind as SignalKind,
          reason: signal.reason,
          raisedAt: signal.raised_at,
          seen: signal.seen,
        })),
      canSignal: !closed,
    },
  }));
};
