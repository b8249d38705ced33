/** A person as the case names them: the user id and the organisation they worked for then. */
export type PersonInOrganisation = { personId: string; organisationId: string };

/** Who a task in the plan belongs to: always an organisation, a person when known. */
export type TaskOwner = { organisationId: string; personId?: string };

export type PlanTask =
  | { kind: 'safety-condition'; conditionId: string; owner: TaskOwner }
  | { kind: 'plan-agreement'; part: string; agreementId: string; owner: TaskOwner };

/**
 * Who made a report, as far as the platform knows their account. A report from an organisation
 * without a named person (most police reports) links the organisation only.
 */
export type ReportReferrer = { reportId: string; personId?: string; organisationId?: string };

/**
 * The facts about one case the access policy needs, and nothing else: no names, no household, no
 * content. The cases context derives them from its state; the policy never reads a case itself.
 */
export type CaseRelations = {
  caseId: string;
  /** The household's municipality as recorded at intake; the Veilig Thuis region is looked up from it. */
  municipality: string;
  closed: boolean;
  director: PersonInOrganisation;
  /**
   * The receiver of an offered hand-over, until it is accepted, declined or withdrawn: the
   * organisation, and the person when the offer names one (an offer to a team names none).
   */
  pendingHandoverTo: { organisationId: string; personId?: string } | null;
  chainPartners: readonly { partnerId: string; organisationId: string; active: boolean }[];
  tasks: readonly PlanTask[];
  referrers: readonly ReportReferrer[];
};
