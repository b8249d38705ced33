import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import type { householdInputSchema, registerReportBodySchema } from '@ketenregie/contracts';
import type { CaseCommand, CaseState, Household, IntakeData } from '@ketenregie/cases-domain';
import { isOpened } from '@ketenregie/cases-domain';
import { mayDo } from '@ketenregie/access-domain';
import type { OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import { CaseAccess, accessLogEntry } from '../access/case-access.service';
import type { AccessContext, AccessSubject } from '../access/case-access.service';
import type { Named } from '../http/person-refs';
import { FindExactFamilyMatches, ProbeExactFamilyHits } from '../queries/search-families/find-exact-family-matches.handler';
import type { NewFamily } from '../case-command/case-command';
import type { RouteContext } from '../case-command/case-command.route';
import { FamilyClaims } from './family-claims';
import type { FamilyClaim } from './family-claims';
import type { SqlReadCompanion } from '@ketenregie/event-store';
import { problem } from '@ketenregie/platform-http';

export type IntakeBody = Omit<Named<z.output<typeof registerReportBodySchema>>, 'reportId'>;

/**
 * The intake professional becomes the director of a new case, so the body may only name the
 * signed-in user: otherwise anyone could make a colleague accountable without them knowing.
 */
export const requireReceivedByActor = (body: IntakeBody, context: RouteContext): void => {
  const { person, organisation } = body.receivedBy;
  if (person.personId === context.principal.userId && organisation.organisationId === context.principal.organisationId) return;
  throw problem(403, 'U kunt een melding of adviesvraag alleen op uw eigen naam en organisatie aannemen.', {
    type: 'urn:ketenregie:problem:case.received-by-not-actor',
    errors: [{ path: 'receivedBy', message: 'Moet de aangemelde gebruiker en diens organisatie zijn.' }],
  });
};

const withMemberIds = (household: z.output<typeof householdInputSchema>, context: RouteContext): Household => ({
  address: household.address,
  members: household.members.map((member, index) => ({ ...member, memberId: member.memberId ?? context.idFor(`member-${index}`) })),
});

/**
 * A new family's intake has no case to hold a version of, so `If-Match` cannot mean anything: it
 * is refused before anything is looked up. Otherwise a stale one answered 409 for a known family
 * and 404 for an unknown one, to anyone, and nobody saw that anyone had asked.
 */
const refuseIfMatchForNewFamily = (context: RouteContext): void => {
  if (!context.ifMatch) return;
  throw problem(400, 'Een nieuw gezin heeft nog geen casus en dus geen versie: laat If-Match weg.', {
    type: 'urn:ketenregie:problem:case.if-match-on-new-case',
    errors: [{ path: 'If-Match', message: 'Alleen bij een bestaande casus (caseId).' }],
  });
};

/**
 * Keeping a new family apart from a known one is Veilig Thuis's judgement; asked for by anyone
 * else, it is refused before anything is looked up.
 */
const requireSeparationAuthority = (body: IntakeBody, principal: Principal, directory: OrganisationDirectory): void => {
  if (body.separateFrom === undefined || mayDo(principal, 'open-separate-case', directory)) return;
  throw problem(
    403,
    'Alleen een Veilig Thuis-professional kan een nieuw gezin apart houden van een bekend gezin. Neem contact op met Veilig Thuis.',
    {
      type: 'urn:ketenregie:problem:case.separation-not-allowed',
      errors: [{ path: 'separateFrom', message: 'Alleen voor Veilig Thuis.' }],
    },
  );
};

/**
 * A directory professional is known by their organisation in the directory: one the directory does
 * not know is a typing error, and feedback to them would name an organisation nobody can check.
 */
const requireKnownReferrerOrganisation = (body: IntakeBody, directory: OrganisationDirectory): void => {
  if (body.referrer.kind !== 'directory-professional' || directory.organisations.has(body.referrer.organisationId)) return;
  throw problem(
    422,
    'Deze organisatie staat niet in het organisatieoverzicht. Kies een organisatie uit de lijst of meld als professional van buiten het overzicht.',
    {
      type: 'urn:ketenregie:problem:case.referrer-organisation-unknown',
      errors: [{ path: 'referrer.organisationId', message: 'Kies een organisatie uit het organisatieoverzicht.' }],
    },
  );
};

/**
 * A report or advice request: opens a case for a new family (`newFamily: true`) or joins the
 * matched one (`caseId`). The family id is a new one here; joining a case, the handler takes the
 * case's own (`joinCaseFamily`) on the state it decides on.
 */
export const intake = (
  body: IntakeBody,
  context: RouteContext,
  pathCaseId: (value: string) => string,
): { caseId: string; target: 'open' | 'existing'; data: IntakeData; newFamily?: NewFamily } => {
  requireReceivedByActor(body, context);
  requireKnownReferrerOrganisation(body, context.directory);
  const newCase = body.caseId === undefined;
  if (newCase) {
    refuseIfMatchForNewFamily(context);
    requireSeparationAuthority(body, context.principal, context.directory);
  }
  const caseId = body.caseId === undefined ? context.idFor('case') : pathCaseId(body.caseId);
  const household = withMemberIds(body.household, context);
  const data: IntakeData = {
    caseId,
    familyId: context.idFor('family'),
    referrer: body.referrer,
    sourceCategory: body.sourceCategory,
    formsOfViolence: body.formsOfViolence,
    concern: body.concern,
    household,
    receivedBy: body.receivedBy,
    ...(body.separateFrom ? { separateFrom: body.separateFrom } : {}),
    ...(body.receivedAt !== undefined ? { receivedAt: body.receivedAt } : {}),
  };
  return {
    caseId,
    target: newCase ? 'open' : 'existing',
    data,
    ...(newCase ? { newFamily: { household, ...(body.separateFrom ? { separateFrom: body.separateFrom } : {}) } } : {}),
  };
};

/** An intake joins the family of the case it is recorded on; every other command is as sent. */
export const joinCaseFamily = (command: CaseCommand, state: CaseState): CaseCommand => {
  if (!isOpened(state)) return command;
  if (command.type === 'cases.register-report') return { ...command, data: { ...command.data, familyId: state.familyId } };
  if (command.type === 'cases.register-advice-request') return { ...command, data: { ...command.data, familyId: state.familyId } };
  return command;
};

// A claim held by a case the index then does not show is one erased meanwhile: claim again, a few times.
const claimAttempts = 3;

type KnownFamilyRequest = {
  principal: Principal;
  newFamily: NewFamily;
  caseId: string;
  familyId: string;
  request: AccessContext;
  /** What `probeWith` found for this household, if it ran: the first search uses it. */
  hits?: readonly string[];
};

/**
 * Search-before-create, enforced: a new case may not be opened for a family the region already
 * knows exactly (a member with the same name and date of birth). The professional links the
 * report to that case instead, which is also what makes it count as a follow-up or repeat report.
 * The search covers every case, but the answer names only cases the user sees in full: of a family
 * known elsewhere it says no more than that it is known, and who to ask. A Veilig Thuis
 * professional who judges the household another family (one shared person does not make two
 * households one family) opens the case anyway with `separateFrom`: the cases named there stop
 * blocking it, every other match still does. Every answer that names a known family, or says one
 * is known elsewhere, is in the access log (as a search of that case).
 *
 * The family index lags behind the event store, so the search alone would let two intakes of one
 * new family (at the same moment, or the second before the first is projected) both open a case.
 * The claim closes that gap: of those, only one gets it; the others wait until the index has its
 * case and then get the answer the search gives from then on.
 */
@Injectable()
export class KnownFamilyCheck {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly claims: FamilyClaims,
    private readonly access: CaseAccess,
  ) {}

  /**
   * The first look at the family index for `household` (which cases hold one of its exact keys),
   * made by the statement of `companion`: the intake claims its Idempotency-Key with it. Nothing
   * is shown or logged here; `refuse` decides on the hits.
   */
  probeWith(
    household: Household,
    companion: SqlReadCompanion,
  ): Promise<{ hits: string[]; companion: Record<string, unknown> | undefined }> {
    return this.queryBus.execute(new ProbeExactFamilyHits(household, companion));
  }

  /** Answers what to undo should the case not be opened after all. */
  async refuse(intake: KnownFamilyRequest): Promise<FamilyClaim | undefined> {
    const { household, separateFrom } = intake.newFamily;
    for (let attempt = 0; attempt < claimAttempts; attempt += 1) {
      // Only the first search may use the probe: a retry looks again, the index having caught up.
      await this.refuseIfIndexed(attempt === 0 ? intake : { ...intake, hits: undefined });
      const outcome = await this.claims.claim(household, intake.caseId, intake.familyId, separateFrom?.caseIds ?? []);
      if (outcome === undefined) return undefined;
      if (outcome.kind === 'claimed') return outcome.claim;
    }
    throw problem(409, 'Dit gezin wordt op dit moment al door iemand anders aangemeld. Probeer het over enkele ogenblikken opnieuw.', {
      type: 'urn:ketenregie:problem:case.family-intake-in-progress',
    });
  }

  private async refuseIfIndexed({ principal, newFamily: { household, separateFrom }, request, hits }: KnownFamilyRequest): Promise<void> {
    const recordShown = (cases: readonly AccessSubject[]): Promise<void> => {
      const granted = this.access.requireCapability(principal, 'open-case');
      return this.access.recordAll(cases.map((subject) => accessLogEntry(principal, granted, subject, 'search', request)));
    };
    const known = await this.queryBus.execute(new FindExactFamilyMatches(household, this.access.visibleCases(principal), hits));
    let remaining = known;
    if (separateFrom) {
      // Only cases this check found, and that the 409 could name to this user: the judgement is
      // about a family the professional saw.
      const found = new Set(known.filter((match) => match.visible).map((match) => match.caseId));
      const unmatched = separateFrom.caseIds.filter((caseId) => !found.has(caseId));
      if (unmatched.length > 0) {
        throw problem(422, 'Apart houden kan alleen van een bekend gezin dat de controle voor dit huishouden vond en dat u mag zien.', {
          type: 'urn:ketenregie:problem:case.separation-not-matched',
          errors: unmatched.map((caseId) => ({
            path: `separateFrom.caseIds.${separateFrom.caseIds.indexOf(caseId)}`,
            message: 'Deze casus is geen gevonden bekend gezin.',
            code: 'separation-not-matched',
          })),
        });
      }
      remaining = known.filter((match) => !separateFrom.caseIds.includes(match.caseId));
      if (remaining.length === 0) {
        await recordShown(known.map(({ caseId, familyId }) => ({ caseId, familyId })));
        return;
      }
    }
    if (remaining.length === 0) return;
    const named = remaining.filter((match) => match.visible);
    if (named.length === 0) {
      await recordShown(remaining.map(({ caseId, familyId }) => ({ caseId, familyId })));
      throw problem(
        409,
        'Dit gezin is al bekend bij een andere organisatie. Neem contact op met Veilig Thuis voordat u een nieuwe casus opent.',
        {
          type: 'urn:ketenregie:problem:case.family-known-elsewhere',
        },
      );
    }
    await recordShown(named.map(({ caseId, familyId }) => ({ caseId, familyId })));
    const matchedCaseIds = named.map(({ caseId }) => caseId);
    throw problem(409, 'Dit gezin is al bekend. Koppel de melding aan de bestaande casus.', {
      type: 'urn:ketenregie:problem:case.family-already-known',
      errors: named.map(({ caseId }) => ({ path: 'caseId', message: `Bekend gezin in casus ${caseId}.`, code: 'family-already-known' })),
      extensions: { matchedCaseId: matchedCaseIds[0], ...(matchedCaseIds.length > 1 ? { matchedCaseIds } : {}) },
    });
  }
}
