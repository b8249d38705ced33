import type { Projection, RecordedEvent, RowOf } from '@ketenregie/event-store';
import { column, quoteIdent, readModelTable } from '@ketenregie/event-store';
import { caseMilestoneEventTypes, caseStreamPrefix, referrerOf } from '../milestones/case-milestones';
import type { PortalAudience, PortalMilestone, PortalStatus } from './portal-status';
import { portalAudienceOf, portalStatusAfter } from './portal-status';

export const PORTAL_REPORTS_PROJECTION = 'feedback.portal-reports';

/**
 * The reports a referrer may follow in the portal: one row per report, never one of an informant or
 * an anonymous referrer. A report's number is unique within its case only (a client may choose it,
 * e.g. "2026-0042"), so the case is part of every key: keyed by number alone, a second family's
 * report took the first one's row, and with it the signals its referrer had written.
 */
export const portalReports = readModelTable(
  'feedback_portal_reports',
  {
    report_id: column.text(),
    case_id: column.text(),
    assessment_id: column.text(),
    /** As on the receipt: the report's number. */
    reference: column.text(),
    received_on: column.date(),
    audience: column.text<PortalAudience>(),
    /** A directory professional with an account: the account (person) and its organisation. */
    account_person_id: column.nullable(column.text()),
    account_organisation_id: column.nullable(column.text()),
    status: column.text<PortalStatus>(),
  },
  { key: ['case_id', 'report_id'], indexes: ['(account_person_id, account_organisation_id)'] },
);

/** What the portal needs of the case itself: its family (for the access log and erasure) and whether it is closed. */
export const portalCases = readModelTable(
  'feedback_portal_cases',
  {
    case_id: column.text(),
    family_id: column.nullable(column.text()),
    closed: column.boolean(),
    started_assessments: column.textArray(),
  },
  { key: ['case_id'], indexes: ['(family_id)'] },
);

/** Signals a referrer raised about their report, and whether the director has seen them. */
export const portalSignals = readModelTable(
  'feedback_portal_signals',
  {
    signal_id: column.text(),
    case_id: column.text(),
    report_id: column.text(),
    kind: column.text(),
    reason: column.text(),
    raised_at: column.timestamptz(),
    seen: column.boolean(),
  },
  { key: ['case_id', 'signal_id'], indexes: ['(case_id, report_id)'] },
);

export type PortalReportRow = RowOf<typeof portalReports.columns>;
export type PortalCaseRow = RowOf<typeof portalCases.columns>;
export type PortalSignalRow = RowOf<typeof portalSignals.columns>;

// The cases context's published events, read by wire name and payload field (see `case-milestones`).
export const portalCaseEventTypes = {
  caseOpened: 'cases.case-opened',
  caseReopened: 'cases.case-reopened',
  assessmentStarted: 'cases.safety-assessment-started',
  signalRaised: 'cases.signal-raised',
  signalAcknowledged: 'cases.signal-acknowledged',
  ...caseMilestoneEventTypes,
} as const;

type ReportOnWire = {
  reportId: string;
  referrer: Parameters<typeof referrerOf>[0];
  assessmentId?: string;
  receivedOn?: string;
  receivedAt: string;
};

type SignalRaisedOnWire = { signalId: string; source: { kind: string; reportId?: string }; kind: string; reason: string; raisedAt: string };

/** Reports and signals by their case and their own id (`withinCase`). */
export type PortalState = {
  cases: Map<string, PortalCaseRow>;
  reports: Map<string, PortalReportRow>;
  signals: Map<string, PortalSignalRow>;
};

/** The state's key of a report or signal: its id is unique within its case only. */
export const withinCase = (caseId: string, id: string): string => `${caseId}\u0000${id}`;

const amsterdamDay = (instant: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );

const caseRowOf = (state: PortalState, caseId: string): PortalCaseRow => {
  const existing = state.cases.get(caseId);
  if (existing) return existing;
  const created: PortalCaseRow = { case_id: caseId, family_id: null, closed: false, started_assessments: [] };
  state.cases.set(caseId, created);
  return created;
};

const reportsOfCase = (state: PortalState, caseId: string): PortalReportRow[] =>
  [...state.reports.values()].filter((report) => report.case_id === caseId);

const move = (state: PortalState, reports: readonly PortalReportRow[], milestone: PortalMilestone): void => {
  for (const report of reports) {
    state.reports.set(withinCase(report.case_id, report.report_id), {
      ...report,
      status: portalStatusAfter(report.audience, report.status, milestone),
    });
  }
};

/**
 * Folds one case event into the portal's rows (in place). Pure apart from the state it is given,
 * so the same events give the same rows on a rebuild.
 */
export const applyPortalEvent = (state: PortalState, event: RecordedEvent): void => {
  if (!event.streamId.startsWith(caseStreamPrefix)) return;
  const caseId = event.streamId.slice(caseStreamPrefix.length);
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case portalCaseEventTypes.caseOpened: {
      const row = caseRowOf(state, caseId);
      state.cases.set(caseId, { ...row, family_id: typeof data['familyId'] === 'string' ? data['familyId'] : row.family_id });
      return;
    }
    case portalCaseEventTypes.caseReopened:
      state.cases.set(caseId, { ...caseRowOf(state, caseId), closed: false });
      return;
    case portalCaseEventTypes.reportReceived: {
      const report = data as unknown as ReportOnWire;
      const party = referrerOf(report.referrer);
      const audience = portalAudienceOf(party?.referrer);
      if (!party || !audience) return;
      const account =
        party.referrer.kind === 'directory-professional' && party.referrer.account.kind === 'account'
          ? { person: party.referrer.account.userId, organisation: party.referrer.organisationId }
          : undefined;
      const assessmentId = report.assessmentId ?? report.reportId;
      const started = caseRowOf(state, caseId).started_assessments.includes(assessmentId);
      const received: PortalReportRow = {
        report_id: report.reportId,
        case_id: caseId,
        assessment_id: assessmentId,
        reference: report.reportId,
        received_on: report.receivedOn ?? amsterdamDay(report.receivedAt),
        audience,
        account_person_id: account?.person ?? null,
        account_organisation_id: account?.organisation ?? null,
        status: 'received',
      };
      // A report joining an assessment already under way is being assessed from the start.
      state.reports.set(
        withinCase(caseId, report.reportId),
        started ? { ...received, status: portalStatusAfter(audience, 'received', { kind: 'assessment-started' }) } : received,
      );
      return;
    }
    case portalCaseEventTypes.assessmentStarted: {
      const assessmentId = String(data['assessmentId']);
      const row = caseRowOf(state, caseId);
      state.cases.set(caseId, { ...row, started_assessments: [...new Set([...row.started_assessments, assessmentId])] });
      move(
        state,
        reportsOfCase(state, caseId).filter((report) => report.assessment_id === assessmentId),
        { kind: 'assessment-started' },
      );
      return;
    }
    case portalCaseEventTypes.assessmentCompleted: {
      const assessmentId = String(data['assessmentId']);
      move(
        state,
        reportsOfCase(state, caseId).filter((report) => report.assessment_id === assessmentId),
        { kind: 'assessment-completed', followUpStarted: data['acuteUnsafety'] === true || data['structuralUnsafety'] === true },
      );
      return;
    }
    case portalCaseEventTypes.handoverAccepted:
      move(state, reportsOfCase(state, caseId), { kind: 'handed-over' });
      return;
    case portalCaseEventTypes.investigationCompleted:
      move(state, reportsOfCase(state, caseId), { kind: 'investigation-completed' });
      return;
    case portalCaseEventTypes.caseClosed:
      state.cases.set(caseId, { ...caseRowOf(state, caseId), closed: true });
      move(state, reportsOfCase(state, caseId), { kind: 'closed' });
      return;
    case portalCaseEventTypes.signalRaised: {
      const signal = data as unknown as SignalRaisedOnWire;
      // Only a referrer's signal about a report the portal shows; a chain partner's is not theirs to see.
      const reportId = signal.source.kind === 'referrer' ? signal.source.reportId : undefined;
      if (reportId === undefined || !state.reports.has(withinCase(caseId, reportId))) return;
      state.signals.set(withinCase(caseId, signal.signalId), {
        signal_id: signal.signalId,
        case_id: caseId,
        report_id: reportId,
        kind: signal.kind,
        reason: typeof signal.reason === 'string' ? signal.reason : '',
        raised_at: signal.raisedAt,
        seen: false,
      });
      return;
    }
    case portalCaseEventTypes.signalAcknowledged: {
      const key = withinCase(caseId, String(data['signalId']));
      const signal = state.signals.get(key);
      if (signal) state.signals.set(key, { ...signal, seen: true });
      return;
    }
    default:
      return;
  }
};

const rowsOf = (result: unknown): Record<string, unknown>[] => (Array.isArray(result) ? (result as Record<string, unknown>[]) : []);

/**
 * The referrer portal's read model: reads the batch's cases' rows once, folds the events, and
 * writes every table with one statement.
 */
export const portalReportsProjection: Projection = {
  name: PORTAL_REPORTS_PROJECTION,
  tables: [portalReports.name, portalCases.name, portalSignals.name],
  createTables: (physical) => [
    ...portalReports.createTable(physical[portalReports.name]),
    ...portalCases.createTable(physical[portalCases.name]),
    ...portalSignals.createTable(physical[portalSignals.name]),
  ],
  eventTypes: Object.values(portalCaseEventTypes),
  apply: async (events, { manager, tables }) => {
    const caseIds = [
      ...new Set(
        events.filter((event) => event.streamId.startsWith(caseStreamPrefix)).map((e) => e.streamId.slice(caseStreamPrefix.length)),
      ),
    ];
    if (caseIds.length === 0) return;
    const [reportsTable, casesTable, signalsTable] = [tables[portalReports.name], tables[portalCases.name], tables[portalSignals.name]];
    const acknowledged = events.filter(
      (event) => event.type === portalCaseEventTypes.signalAcknowledged && event.streamId.startsWith(caseStreamPrefix),
    );
    const cases = await manager.query(`select ${portalCases.selectList()} from ${quoteIdent(casesTable)} where case_id = any($1)`, [
      caseIds,
    ]);
    const reports = await manager.query(`select ${portalReports.selectList()} from ${quoteIdent(reportsTable)} where case_id = any($1)`, [
      caseIds,
    ]);
    const signals = await manager.query(
      `select ${portalSignals.selectList()} from ${quoteIdent(signalsTable)} s
        where (s.case_id, s.signal_id) in (select * from unnest($1::text[], $2::text[]))`,
      [acknowledged.map((e) => e.streamId.slice(caseStreamPrefix.length)), acknowledged.map((e) => String(e.data['signalId']))],
    );
    const state: PortalState = {
      cases: new Map(
        rowsOf(cases)
          .map((raw) => portalCases.read(raw))
          .map((row) => [row.case_id, row]),
      ),
      reports: new Map(
        rowsOf(reports)
          .map((raw) => portalReports.read(raw))
          .map((row) => [withinCase(row.case_id, row.report_id), row]),
      ),
      signals: new Map(
        rowsOf(signals)
          .map((raw) => portalSignals.read(raw))
          .map((row) => [withinCase(row.case_id, row.signal_id), row]),
      ),
    };
    for (const event of events) applyPortalEvent(state, event);
    await portalCases.upsert(manager, casesTable, [...state.cases.values()]);
    await portalReports.upsert(manager, reportsTable, [...state.reports.values()]);
    await portalSignals.upsert(manager, signalsTable, [...state.signals.values()]);
  },
};
