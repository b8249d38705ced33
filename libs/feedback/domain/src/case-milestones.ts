import type { Milestone, MilestoneKind, PlanPartsForReferrer } from './milestone';
import type { FeedbackConsent, Referrer } from './referrer';

/** A stored case event as far as the milestones read it (the event store's recorded event fits). */
export type CaseEventOnWire = {
  type: string;
  revision: number;
  data: { [key: string]: unknown };
  metadata: { timestamp?: string };
  recordedAt: Date;
};

// The feedback context reads the cases context's published events by their wire names and payload
// fields, which are contracts (never renamed, versioned when changed); it does not import the cases
// context's code. Only the fields read here are named. Pure, so the cases context shows staff the
// very message the feedback context composes from the same events.
export const caseMilestoneEventTypes = {
  reportReceived: 'cases.report-received',
  assessmentCompleted: 'cases.safety-assessment-completed',
  handoverAccepted: 'cases.handover-accepted',
  investigationCompleted: 'cases.investigation-completed',
  caseClosed: 'cases.case-closed',
} as const;

/** Staff asked to send a milestone's feedback with a personal note (a published event of the cases context). */
export const feedbackRequestedEventType = 'cases.feedback-requested';

const conditionEventTypes = ['cases.safety-condition-added', 'cases.safety-condition-revised'];

export const caseStreamPrefix = 'case-';

type ContactOnWire = { email?: string; phone?: string };

type ReferrerOnWire =
  | {
      kind: 'professional';
      name: string;
      organisation: string;
      contact: ContactOnWire;
      feedbackConsent?: FeedbackConsent;
      namingEndangers?: boolean;
    }
  | {
      kind: 'directory-professional';
      organisationId: string;
      personId?: string;
      contact: ContactOnWire;
      feedbackConsent?: FeedbackConsent;
      namingEndangers?: boolean;
    }
  | { kind: 'citizen'; name: string; contact: ContactOnWire; feedbackConsent?: FeedbackConsent; namingEndangers?: boolean }
  | { kind: 'informant'; namingEndangers?: boolean }
  | { kind: 'anonymous' };

type ReportOnWire = { reportId: string; referrer: ReferrerOnWire; assessmentId: string; receivedAt: string };
type OwnerOnWire = { organisation: { organisationId: string; name: string } };

/** One message the case's events call for: which report's referrer, at which milestone. */
export type PlannedFeedback = {
  caseId: string;
  /** Named by the case's opening event; absent only in a stream that lacks it. */
  familyId?: string;
  reportId: string;
  referrer: Referrer;
  /** The address of a directory professional who has an account; the account store keeps none. */
  accountEmail?: string;
  milestone: Milestone;
  hasPlanRole: boolean;
  /** The moment of the event that reached the milestone: the message's `queuedAt`, the same on every replay. */
  at: string;
  /**
   * Which time the report reaches this milestone: 1, or 2 for a second hand-over (to another
   * organisation, after an escalation) or a second investigation in the same involvement.
   */
  occurrence: number;
};

/**
 * The referrer as the feedback rules know them. Terms absent from a report stored before they were
 * recorded read as the cases context states: consent on the address given (e-mail first, a call
 * otherwise; the portal for an account without one), and naming taken to endanger the referrer.
 */
export const referrerOf = (wire: ReferrerOnWire): { referrer: Referrer; accountEmail?: string } | undefined => {
  switch (wire.kind) {
    case 'anonymous':
      return undefined;
    case 'informant':
      return { referrer: { kind: 'informant', namingEndangers: wire.namingEndangers ?? true, feedback: { kind: 'declined' } } };
    default: {
      const contact = wire.contact ?? {};
      const feedback: FeedbackConsent =
        wire.feedbackConsent ??
        (contact.email
          ? { kind: 'granted', channel: 'email' }
          : wire.kind === 'directory-professional' && wire.personId
            ? { kind: 'granted', channel: 'portal' }
            : contact.phone
              ? { kind: 'granted', channel: 'phone' }
              : { kind: 'declined' });
      const terms = { feedback, namingEndangers: wire.namingEndangers ?? true };
      switch (wire.kind) {
        case 'professional':
          return {
            referrer: {
              kind: 'outside-professional',
              name: wire.name,
              organisation: wire.organisation,
              ...(contact.email ? { email: contact.email } : {}),
              ...(contact.phone ? { phone: contact.phone } : {}),
              ...terms,
            },
          };
        case 'directory-professional':
          if (wire.personId)
            return {
              referrer: {
                kind: 'directory-professional',
                organisationId: wire.organisationId,
                account: { kind: 'account', userId: wire.personId },
                ...terms,
              },
              ...(contact.email ? { accountEmail: contact.email } : {}),
            };
          return contact.email
            ? {
                referrer: {
                  kind: 'directory-professional',
                  organisationId: wire.organisationId,
                  account: { kind: 'invite', email: contact.email },
                  ...terms,
                },
              }
            : undefined;
        case 'citizen':
          return {
            referrer: {
              kind: 'citizen',
              name: wire.name,
              ...(contact.email ? { email: contact.email } : {}),
              ...(contact.phone ? { phone: contact.phone } : {}),
              ...terms,
            },
          };
        default:
          return undefined;
      }
    }
  }
};

const referrerOrganisation = (referrer: Referrer): string | undefined =>
  referrer.kind === 'directory-professional' ? referrer.organisationId : undefined;

/** Current text of each safety condition, by owner: a revision replaces the condition's text. */
const conditionsOf = (events: readonly CaseEventOnWire[]): Map<string, { text: string; organisationId: string }> => {
  const conditions = new Map<string, { text: string; organisationId: string }>();
  for (const event of events) {
    if (!conditionEventTypes.includes(event.type)) continue;
    const data = event.data as { conditionId: string; text: string; owner: OwnerOnWire };
    conditions.set(data.conditionId, { text: data.text, organisationId: data.owner.organisation.organisationId });
  }
  return conditions;
};

/**
 * Which messages an event of a case calls for, given the case's events up to and including it.
 * Pure: the same events give the same messages, ids included, on every replay.
 *
 * - report received: that report's referrer, with the report's reference;
 * - safety assessment completed: the referrers of the reports handled in that assessment; follow-up
 *   started when it found acute or structural unsafety (then Veilig Thuis goes on with a route);
 * - hand-over accepted: every referrer of this involvement, told the receiving organisation;
 * - investigation completed: every referrer of this involvement; an investigation ends in a
 *   hand-over or a referral, so follow-up goes on (a closure is told by its own milestone);
 * - case closed: every referrer of this involvement.
 * An involvement runs from the first report after a closure (or the case's start) to its own
 * closure: a referrer of an earlier, closed involvement is told nothing of what Veilig Thuis does
 * after a later report (that would tell them of a report they did not make).
 * A referrer's organisation with a safety condition in the plan hears the conditions it owns.
 */
export const planCaseMilestones = (caseId: string, history: readonly CaseEventOnWire[], trigger: CaseEventOnWire): PlannedFeedback[] => {
  const upTo = history.filter((event) => event.revision <= trigger.revision);
  const reports = upTo.filter((event) => event.type === caseMilestoneEventTypes.reportReceived).map((event) => event.data as ReportOnWire);
  const closedBefore =
    upTo.filter((event) => event.type === caseMilestoneEventTypes.caseClosed && event.revision < trigger.revision).at(-1)?.revision ?? -1;
  const involvementReports = upTo
    .filter((event) => event.type === caseMilestoneEventTypes.reportReceived && event.revision > closedBefore)
    .map((event) => event.data as ReportOnWire);
  const conditions = conditionsOf(upTo);
  const opening = upTo.find((event) => event.type === 'cases.case-opened')?.data as { familyId?: string } | undefined;
  const familyId = opening?.familyId;
  const at = trigger.metadata.timestamp ?? trigger.recordedAt.toISOString();

  const addressed = (() => {
    switch (trigger.type) {
      case caseMilestoneEventTypes.reportReceived:
        return reports.filter((report) => report.reportId === (trigger.data as ReportOnWire).reportId);
      case caseMilestoneEventTypes.assessmentCompleted:
        return reports.filter((report) => report.assessmentId === (trigger.data as { assessmentId: string }).assessmentId);
      case caseMilestoneEventTypes.handoverAccepted:
      case caseMilestoneEventTypes.investigationCompleted:
      case caseMilestoneEventTypes.caseClosed:
        return involvementReports;
      default:
        return [];
    }
  })();

  const planFor = (referrer: Referrer): PlanPartsForReferrer => {
    const organisationId = referrerOrganisation(referrer);
    return {
      safetyConditions: [...conditions.values()].filter((condition) => condition.organisationId === organisationId).map((c) => c.text),
      monitoringAgreements: [],
    };
  };

  const milestoneFor = (report: ReportOnWire, referrer: Referrer): Milestone | undefined => {
    const context = {
      otherReportCount: reports.length - 1,
      otherReferrers: reports.filter((other) => other.reportId !== report.reportId).map((other) => other.reportId),
    };
    const reference = report.reportId;
    switch (trigger.type) {
      case caseMilestoneEventTypes.reportReceived:
        return { kind: 'report-received', reference, receivedAt: report.receivedAt, context };
      case caseMilestoneEventTypes.assessmentCompleted: {
        const data = trigger.data as { acuteUnsafety: boolean; structuralUnsafety: boolean; completedAt: string };
        const findings = [...(data.acuteUnsafety ? ['acute-unsafety'] : []), ...(data.structuralUnsafety ? ['structural-unsafety'] : [])];
        return {
          kind: 'safety-assessment-done',
          reference,
          endedAt: data.completedAt,
          followUpStarted: data.acuteUnsafety || data.structuralUnsafety,
          assessment: { conclusion: findings.length > 0 ? 'unsafe' : 'safe', findings },
          plan: planFor(referrer),
          context,
        };
      }
      case caseMilestoneEventTypes.handoverAccepted: {
        const data = trigger.data as { to: { organisation: { name: string } } };
        return { kind: 'handed-over', reference, organisations: [data.to.organisation.name], plan: planFor(referrer), context };
      }
      case caseMilestoneEventTypes.investigationCompleted: {
        const data = trigger.data as { conclusion: string; completedAt: string };
        return {
          kind: 'investigation-finished',
          reference,
          endedAt: data.completedAt,
          followUpStarted: true,
          assessment: { conclusion: data.conclusion, findings: [] },
          plan: planFor(referrer),
          context,
        };
      }
      case caseMilestoneEventTypes.caseClosed:
        return { kind: 'case-closed', reference, context };
      default:
        return undefined;
    }
  };

  // Earlier events of the trigger's kind since the report came in: a referrer hears of each hand-over.
  const occurrenceOf = (report: ReportOnWire): number => {
    if (trigger.type !== caseMilestoneEventTypes.handoverAccepted && trigger.type !== caseMilestoneEventTypes.investigationCompleted)
      return 1;
    const received =
      upTo.find(
        (event) => event.type === caseMilestoneEventTypes.reportReceived && (event.data as ReportOnWire).reportId === report.reportId,
      )?.revision ?? -1;
    return upTo.filter((event) => event.type === trigger.type && event.revision > received && event.revision < trigger.revision).length + 1;
  };

  return addressed.flatMap((report) => {
    const party = referrerOf(report.referrer);
    if (!party) return [];
    const milestone = milestoneFor(report, party.referrer);
    if (!milestone) return [];
    const plan = 'plan' in milestone ? milestone.plan : undefined;
    return [
      {
        caseId,
        ...(familyId ? { familyId } : {}),
        reportId: report.reportId,
        referrer: party.referrer,
        ...(party.accountEmail ? { accountEmail: party.accountEmail } : {}),
        milestone,
        hasPlanRole: plan !== undefined && plan.safetyConditions.length > 0,
        at,
        occurrence: occurrenceOf(report),
      },
    ];
  });
};

/** The event of the case that reached a milestone for a report, as far as the case got. */
const triggerOf = (history: readonly CaseEventOnWire[], reportId: string, kind: MilestoneKind): CaseEventOnWire | undefined => {
  const report = history.find(
    (event) => event.type === caseMilestoneEventTypes.reportReceived && (event.data as ReportOnWire).reportId === reportId,
  );
  if (!report) return undefined;
  const last = (type: string): CaseEventOnWire | undefined => history.filter((event) => event.type === type).at(-1);
  switch (kind) {
    case 'report-received':
      return report;
    case 'safety-assessment-done':
      return history.find(
        (event) =>
          event.type === caseMilestoneEventTypes.assessmentCompleted &&
          (event.data as { assessmentId?: string }).assessmentId === (report.data as ReportOnWire).assessmentId,
      );
    case 'handed-over':
      return last(caseMilestoneEventTypes.handoverAccepted);
    case 'investigation-finished':
      return last(caseMilestoneEventTypes.investigationCompleted);
    case 'case-closed':
      return last(caseMilestoneEventTypes.caseClosed);
  }
};

/**
 * A report's feedback at a milestone as the case knows it now (`history` is the case's events in
 * order): what staff preview, and what the feedback context queues when staff send it. Undefined
 * when the case has not reached the milestone for this report, or the report has no referrer that
 * can be told anything.
 */
export const caseMilestoneFor = (
  caseId: string,
  history: readonly CaseEventOnWire[],
  reportId: string,
  kind: MilestoneKind,
): PlannedFeedback | undefined => {
  const trigger = triggerOf(history, reportId, kind);
  if (!trigger) return undefined;
  return planCaseMilestones(caseId, history, trigger).find((planned) => planned.reportId === reportId);
};

type FeedbackRequestedOnWire = { messageId: string; reportId: string; milestone: MilestoneKind; note: string; locale: 'nl' | 'en' };

/** The message staff asked for: its id (chosen by the request), the note they previewed, and the request's moment. */
export type RequestedFeedback = PlannedFeedback & { messageId: string; note: string; locale: 'nl' | 'en' };

/**
 * The message a `cases.feedback-requested` event asks for: the milestone as the case knew it when
 * staff sent it, with their note, under the id the request chose, so a replay appends it once.
 * Undefined when the case had not reached the milestone for that report or its referrer can be
 * told nothing.
 */
export const planRequestedFeedback = (
  caseId: string,
  history: readonly CaseEventOnWire[],
  request: CaseEventOnWire,
): RequestedFeedback | undefined => {
  const data = request.data as FeedbackRequestedOnWire;
  const planned = caseMilestoneFor(
    caseId,
    history.filter((earlier) => earlier.revision <= request.revision),
    data.reportId,
    data.milestone,
  );
  if (!planned) return undefined;
  return {
    ...planned,
    messageId: data.messageId,
    at: request.metadata.timestamp ?? request.recordedAt.toISOString(),
    note: data.note,
    locale: data.locale,
  };
};

/**
 * When a milestone event happened by its own data: the moment the command was given (a report's
 * registration, which may be days after it was received by phone; an assessment's or
 * investigation's completion; an acceptance; a closure; a request). The stored time says only when
 * it was written, which for a restored or imported history is today.
 */
export const milestoneMomentOf = (event: Pick<CaseEventOnWire, 'type' | 'data' | 'metadata'>): string | undefined => {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const data = event.data;
  const own = (() => {
    switch (event.type) {
      case caseMilestoneEventTypes.reportReceived:
        return text(data['registeredAt']) ?? text(data['receivedAt']);
      case caseMilestoneEventTypes.assessmentCompleted:
      case caseMilestoneEventTypes.investigationCompleted:
        return text(data['completedAt']);
      case caseMilestoneEventTypes.handoverAccepted:
        return text(data['acceptedAt']);
      case caseMilestoneEventTypes.caseClosed:
        return text(data['closedAt']);
      case feedbackRequestedEventType:
        return text(data['requestedAt']);
      default:
        return undefined;
    }
  })();
  return own ?? text(event.metadata.timestamp);
};

/**
 * Whether a milestone is history that nobody is told of any more: it happened, or was stored,
 * longer than `maxAgeMs` before `now`. Either suffices: a first start on years of history, a
 * restore, or an archive imported today (stored now, happened long ago) must not mail referrers
 * a burst of old news; a fresh milestone is told when it happens.
 */
export const isPastMilestone = (
  event: Pick<CaseEventOnWire, 'type' | 'data' | 'metadata' | 'recordedAt'>,
  now: Date,
  maxAgeMs: number,
): boolean => {
  const limit = now.getTime() - maxAgeMs;
  if (event.recordedAt.getTime() < limit) return true;
  const moment = milestoneMomentOf(event);
  if (moment === undefined) return false;
  const happened = Date.parse(moment);
  return Number.isFinite(happened) && happened < limit;
};
