import { createHash } from 'node:crypto';
import { createCaseDecider, defaultCasePolicy, isOpened } from '@ketenregie/cases-domain';
import type {
  CaseCommand,
  CaseEvent,
  CaseState,
  ClosureOutcome,
  Director,
  FormOfViolence,
  HouseholdMember,
  OpenedCase,
  PersonName,
  SourceCategory,
} from '@ketenregie/cases-domain';
import { addWorkingDays, isDomainError, systemActor, toAmsterdamDate } from '@ketenregie/kernel';
import type { Actor, CalendarDate, CommandMetadata } from '@ketenregie/kernel';
import type { EventToAppend } from '@ketenregie/event-store';
import { concerns, formWeights, postcodeLetters, reportSources } from '../demo-region';
import { createRandom } from '../prng';
import type { Random } from '../prng';
import { adultNameTable, childNameTable, familyNameTable, hasDiacritics, misspell } from './dutch-names';
import type { Misspelling } from './dutch-names';
import { archiveRegions, otherRegionWeights } from './archive-regions';
import { createArchiveFeedback, retryNote } from './archive-feedback';
import type { ArchiveDelivery, FeedbackRetry } from './archive-feedback';

export type ArchiveOptions = {
  /** The same seed and end give the same archive, case for case. */
  seed: number;
  /** The archive's history ends here; the 20 years before it are closed history. */
  endsAt: Date;
  /** Share of cases still open at the end. */
  openShare?: number;
  years?: number;
  /**
   * Share of the cases in the demo region (its municipalities, directed by its organisations); the
   * others lie in invented regions outside the demo directory. All of them when not given.
   */
  regionShare?: number;
};

/** A member as the ground truth knows them: the true spelling. */
export type TruthMember = { memberId: string; role: 'adult' | 'child'; name: PersonName; dateOfBirth: CalendarDate | null };

/** How a later report names one member of this family, and how it was misspelt. */
export type TruthQuery = { memberId: string; how: Misspelling; name: PersonName; dateOfBirth: CalendarDate | null };

export type ArchiveTruth = {
  caseId: string;
  familyId: string;
  /** The Veilig Thuis organisation of the case's region: `demo-vt` for the demo region. */
  regionId: string;
  open: boolean;
  postcode: string;
  houseNumber: string;
  members: TruthMember[];
  queries: TruthQuery[];
};

export type ArchiveCase = {
  caseId: string;
  familyId: string;
  /** The case's stream and its events. */
  streamId: string;
  events: EventToAppend[];
  /** The feedback context's stream of the case: its messages to referrers and how their delivery ended (no events: none). */
  feedback: { streamId: string; events: EventToAppend[] };
  /** How each e-mail of the past ended, for the delivery worker's ledger: history is never mailed again. */
  deliveries: ArchiveDelivery[];
  truth: ArchiveTruth;
};

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const decider = createCaseDecider(defaultCasePolicy);
const calendar = defaultCasePolicy.calendar;

const misspellings: readonly Misspelling[] = ['one-typo', 'swapped-letters', 'missing-diacritic', 'swapped-names'];

// Ids as the command path derives them from a command id: stable, so a second run of the same seed
// is recognised by the store's idempotency instead of recorded twice.
const derivedId = (key: string, name: string): string => {
  const bytes = createHash('sha256').update(`${key}\u0000${name}`).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

const actorOf = (director: Director): Actor => ({ userId: director.person.personId, organisationId: director.organisation.organisationId });

/** The family of case `index`: known before the case is generated, so its key can be made first. */
export const archiveFamilyId = (index: number): string => `archive-family-${String(index + 1).padStart(8, '0')}`;

// Each case has its own random stream, so case n is the same whichever cases are generated with it.
const caseSeed = (seed: number, index: number): number => {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

// Time zone offsets change on whole UTC hours, so one lookup per hour is exact: converting each
// moment anew was the largest cost of generating a case.
const datesByHour = new Map<number, CalendarDate>();
const dateOf = (ms: number): CalendarDate => {
  const hour = Math.floor(ms / 3_600_000);
  let date = datesByHour.get(hour);
  if (date === undefined) {
    date = toAmsterdamDate(new Date(hour * 3_600_000));
    if (datesByHour.size > 400_000) datesByHour.clear();
    datesByHour.set(hour, date);
  }
  return date;
};
const instantOn = (date: CalendarDate, rng: Random, fromHour = 7, toHour = 15): number => {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day, rng.int(fromHour, toHour), rng.int(0, 59));
};

/**
 * A date of birth `minYears`–`maxYears` before `at`, any day of the year. Counted in whole UTC days
 * from noon: no time zone is involved, and a lookup by hour (each birth a different hour of a
 * century) found nothing cached.
 */
const birthDate = (at: number, minYears: number, maxYears: number, rng: Random): CalendarDate => {
  const day = Math.floor(at / DAY_MS) - (rng.int(minYears, maxYears) * 365 + rng.int(0, 364));
  return new Date(day * DAY_MS + DAY_MS / 2).toISOString().slice(0, 10);
};

/**
 * One case of the archive: a family, its report or advice request and everything that followed,
 * each step a command decided by the real case decider on the state so far. So the events are
 * those the command path stores, valid by construction; a step the decider refuses is left out.
 * Beside them the feedback context's stream: what the referrers were told at each milestone and
 * how each mail's delivery ended, with staff sending again what did not arrive (`archive-feedback`).
 */
export const generateArchiveCase = (options: ArchiveOptions, index: number): ArchiveCase => {
  const rng = createRandom(caseSeed(options.seed, index));
  // Drawn apart from the case's own stream, so a case's region depends only on the seed and the share.
  const inDemoRegion = caseSeed(options.seed ^ 0x2e6a09e6, index) / 0x1_0000_0000 < (options.regionShare ?? 1);
  const region = archiveRegions[inDemoRegion ? 0 : Number(rng.weighted(otherRegionWeights))];
  const professionals = region.professionals;
  const endMs = options.endsAt.getTime();
  const years = options.years ?? 20;
  const open = rng.chance(options.openShare ?? 0.05);
  // Open cases came in during the last months; closed ones any time in the history, early enough to close.
  const startsAt = open ? endMs - rng.int(1, 120) * DAY_MS : endMs - years * YEAR_MS + rng.next() * (years * YEAR_MS - 240 * DAY_MS);
  const caseId = `archive-${String(index + 1).padStart(8, '0')}`;
  const familyId = archiveFamilyId(index);
  const streamId = `case-${caseId}`;

  // --- the family ---------------------------------------------------------------------------------
  const form: FormOfViolence = rng.weighted(formWeights);
  const family = familyNameTable.pick(rng);
  const members: HouseholdMember[] = [];
  const member = (role: 'adult' | 'child', givenNames: string, name: { prefix?: string; familyName: string }, dateOfBirth: CalendarDate) =>
    members.push({ memberId: `${familyId}-m${members.length + 1}`, role, name: { givenNames, ...name }, dateOfBirth });
  const elderly = form === 'elder-abuse';
  member('adult', adultNameTable.pick(rng), family, elderly ? birthDate(startsAt, 70, 92, rng) : birthDate(startsAt, 22, 58, rng));
  if (rng.chance(0.6)) {
    const partnerName = rng.chance(0.6) ? family : familyNameTable.pick(rng);
    member('adult', adultNameTable.pick(rng), partnerName, birthDate(startsAt, elderly ? 40 : 22, elderly ? 65 : 58, rng));
  }
  const children = elderly ? 0 : Number(rng.weighted({ '0': 18, '1': 27, '2': 30, '3': 17, '4': 8 }));
  for (let child = 0; child < children; child += 1) {
    const previous = members[members.length - 1];
    // About one birth in 60 is a twin: two children with one date of birth.
    const twin = child > 0 && previous.role === 'child' && rng.chance(0.017);
    member(
      'child',
      childNameTable.pick(rng),
      family,
      twin && previous.dateOfBirth ? previous.dateOfBirth : birthDate(startsAt, 0, 17, rng),
    );
  }
  const place = region.municipalities[Number(rng.weighted(region.municipalityWeights))];
  const postcode = `${rng.pick(place.postcodePrefixes)}${rng.pick(postcodeLetters)}`;
  const houseNumber = String(rng.int(1, 180));
  const household = {
    address: { street: rng.pick(place.streets), houseNumber, postcode, city: place.name, municipality: place.name },
    members,
  };
  const localTeam = place.localTeam;

  // --- the one way a step becomes events ----------------------------------------------------------
  let state: CaseState = decider.initialState();
  let clock = startsAt;
  const events: EventToAppend[] = [];
  let stopped = false;
  // An open case stops after some of its steps; a closed one runs to its closure.
  const openSteps = open ? rng.int(1, 8) : Number.POSITIVE_INFINITY;
  let steps = 0;
  // Feedback draws from a stream of its own: the case's steps are drawn as they would be without it.
  const feedbackRng = createRandom(caseSeed(options.seed ^ 0x5be0cd19, index));
  const feedback = createArchiveFeedback({
    caseId,
    rng: feedbackRng,
    // Staff see an undelivered message on the Terugkoppeling worklist and send it again within days.
    retryAfter: (settledMs) => instantOn(addWorkingDays(dateOf(settledMs), feedbackRng.int(1, 3), calendar), feedbackRng),
  });
  /** Decides one command at `when` on the state so far and stores its events; the feedback context follows. */
  const record = (actor: Actor, commandId: string, when: number, make: (metadata: CommandMetadata) => CaseCommand | undefined): boolean => {
    const metadata: CommandMetadata = { now: new Date(when), actor, correlationId: commandId };
    const command = make(metadata);
    if (!command) return false;
    let decided: CaseEvent[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return false;
    }
    if (decided.length === 0) return false;
    state = decided.reduce(decider.evolve, state);
    const stored = { actor, correlationId: commandId, causationId: commandId, timestamp: metadata.now.toISOString() };
    decided.forEach((event, position) =>
      events.push({
        id: derivedId(commandId, `event-${position}`),
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data as EventToAppend['data'],
        metadata: stored,
      }),
    );
    clock = when;
    feedback.follow(events);
    return true;
  };
  // The director sends a message again with a note, as the case page lets them; the command's own id
  // derives the message's, as the request route does.
  const sendAgain = (retry: FeedbackRetry): void => {
    const when = Math.max(retry.at, clock + 60_000);
    if (!isOpened(state) || when > endMs) return;
    const commandId = `archive:${caseId}:feedback:${retry.reportId}:${retry.milestone}:${retry.at}`;
    record(actorOf(state.director), commandId, when, (metadata) => ({
      type: 'cases.request-feedback',
      data: {
        caseId,
        messageId: derivedId(commandId, 'feedback-message'),
        reportId: retry.reportId,
        milestone: retry.milestone,
        note: retryNote,
        locale: 'nl',
      },
      metadata,
    }));
  };
  /** Sends again, in order, every message that did not arrive before `ms`, also one that failed again meanwhile. */
  const sendAgainBefore = (ms: number): void => {
    for (let due = feedback.retriesBefore(ms); due.length > 0; due = feedback.retriesBefore(ms)) due.forEach(sendAgain);
  };
  const issue = (actor: Actor, make: (metadata: CommandMetadata, current: OpenedCase) => CaseCommand | undefined, at = clock): boolean => {
    if (stopped) return false;
    if (Math.max(at, clock + 60_000) > endMs || steps >= openSteps) {
      stopped = true;
      return false;
    }
    // What did not arrive is sent again before the case goes on.
    sendAgainBefore(Math.max(at, clock + 60_000));
    const when = Math.max(at, clock + 60_000);
    if (when > endMs) {
      stopped = true;
      return false;
    }
    if (!record(actor, `archive:${caseId}:${steps}`, when, (metadata) => make(metadata, state as OpenedCase))) return false;
    steps += 1;
    return true;
  };
  const opened = (): OpenedCase => state as OpenedCase;
  const director = (): Director => opened().director;
  const later = (workingDays: number): number => instantOn(addWorkingDays(dateOf(clock), Math.max(1, workingDays), calendar), rng);

  const referrerFor = (source: SourceCategory) => {
    const name = `${adultNameTable.pick(rng)} ${familyNameTable.pick(rng).familyName}`;
    if (source === 'citizen')
      return { kind: 'citizen' as const, name, relationToFamily: rng.pick(['buurvrouw', 'buurman', 'familielid', 'kennis']), contact: {} };
    const { organisation, role, email } = region.referrers[source];
    return { kind: 'professional' as const, name, organisation, role, contact: { email } };
  };
  const formsFor = (first: FormOfViolence): FormOfViolence[] => {
    const hasChildren = members.some((candidate) => candidate.role === 'child');
    return !hasChildren && (first === 'child-abuse' || first === 'complex-divorce') ? ['partner-violence'] : [first];
  };

  const acknowledgeFlags = (): void => {
    if (!isOpened(state)) return;
    for (const flag of opened().recidivismFlags.filter((candidate) => !candidate.acknowledged)) {
      issue(actorOf(director()), (metadata) => ({
        type: 'cases.acknowledge-recidivism-flag',
        data: { caseId, flagId: flag.flagId },
        metadata,
      }));
    }
  };
  const close = (outcome: ClosureOutcome, notes: string, at: number): void => {
    acknowledgeFlags();
    issue(actorOf(director()), (metadata) => ({ type: 'cases.close-case', data: { caseId, outcome, notes }, metadata }), at);
  };

  const report = (number: number, at: number): void => {
    const receiver = rng.pick(professionals);
    const source = rng.weighted(reportSources);
    const forms = formsFor(form);
    const reportId = `${caseId}-r${number}`;
    const ok = issue(
      actorOf(receiver),
      (metadata) => ({
        type: 'cases.register-report',
        data: {
          caseId,
          familyId,
          reportId,
          referrer: referrerFor(source),
          sourceCategory: source,
          formsOfViolence: forms,
          concern: rng.pick(concerns[forms[0]]),
          household,
          receivedBy: receiver,
        },
        metadata,
      }),
      at,
    );
    if (!ok) return;
    if (number > 1) acknowledgeFlags();
    const assessor = director().organisation.kind === 'veilig-thuis' ? director() : rng.pick(professionals);
    issue(
      actorOf(assessor),
      (metadata) => ({ type: 'cases.start-safety-assessment', data: { caseId, assessmentId: reportId }, metadata }),
      later(1),
    );
    const late = rng.chance(0.12);
    if (late) {
      const assessment = opened().assessments.find((candidate) => candidate.assessmentId === reportId);
      if (assessment) {
        issue(
          systemActor('deadline-scheduler'),
          (metadata) => ({ type: 'cases.mark-assessment-overdue', data: { caseId, assessmentId: reportId }, metadata }),
          instantOn(addWorkingDays(assessment.dueOn, 1, calendar), rng, 4, 5),
        );
      }
    }
    const structural = rng.chance(0.5);
    issue(
      actorOf(assessor),
      (metadata) => ({
        type: 'cases.complete-safety-assessment',
        data: { caseId, assessmentId: reportId, acuteUnsafety: rng.chance(0.06), structuralUnsafety: structural },
        metadata,
      }),
      later(rng.int(1, 5)),
    );
    const route = rng.weighted(structural ? { close: 20, handover: 50, conditions: 30 } : { close: 75, handover: 20, conditions: 5 });
    if (route === 'handover') handover();
    else if (route === 'conditions') conditions();
    close(structural ? 'safety-established' : 'no-unsafety-found', 'Geen verdere bemoeienis van Veilig Thuis nodig.', later(rng.int(1, 5)));
  };

  const handover = (): void => {
    const to = rng.pick(localTeam.professionals);
    const offeredBy = director();
    const handoverId = `${caseId}-h${opened().handoverIds.length + 1}`;
    const offered = issue(
      actorOf(offeredBy),
      (metadata) => ({
        type: 'cases.offer-handover',
        data: { caseId, handoverId, to, reason: 'Directe veiligheid is geborgd; vervolg bij het lokale team.', phase: 'stable-safety' },
        metadata,
      }),
      later(rng.int(0, 3)),
    );
    if (!offered) return;
    const accepted = issue(
      actorOf(to),
      (metadata) => ({ type: 'cases.accept-handover', data: { caseId, handoverId, acceptedBy: to.person }, metadata }),
      later(rng.int(1, 4)),
    );
    if (!accepted) return;
    const scheduleId = `${caseId}-rs${opened().scheduleIds.length + 1}`;
    const owner = offeredBy.organisation.kind === 'veilig-thuis' ? offeredBy : rng.pick(professionals);
    if (
      !issue(
        actorOf(owner),
        (metadata) => ({ type: 'cases.schedule-rappels', data: { caseId, scheduleId, owner }, metadata }),
        later(rng.int(1, 2)),
      )
    )
      return;
    for (const rappel of opened().rappels.filter((candidate) => candidate.status === 'scheduled')) {
      if (rng.chance(0.1)) {
        issue(
          systemActor('deadline-scheduler'),
          (metadata) => ({ type: 'cases.mark-rappel-due', data: { caseId, rappelId: rappel.rappelId }, metadata }),
          instantOn(rappel.dueOn, rng, 4, 5),
        );
      }
      const outcome = rng.weighted({ safe: 80, concerns: 15, unsafe: 5 });
      issue(
        actorOf(rappel.owner),
        (metadata) => ({
          type: 'cases.record-rappel-outcome',
          data: { caseId, rappelId: rappel.rappelId, outcome, notes: 'Gesprek met gezin en lokaal team gevoerd.' },
          metadata,
        }),
        instantOn(addWorkingDays(rappel.dueOn, rng.int(0, 5), calendar), rng),
      );
    }
  };

  const conditions = (): void => {
    if (
      !issue(
        actorOf(director()),
        (metadata) => ({
          type: 'cases.start-conditions-and-follow-up',
          data: { caseId, reason: 'Structurele onveiligheid; het gezin werkt mee aan voorwaarden.' },
          metadata,
        }),
        later(rng.int(0, 3)),
      )
    )
      return;
    const count = rng.int(1, 3);
    for (let number = 1; number <= count; number += 1) {
      const conditionId = `${caseId}-vw${number}`;
      const dueOn = dateOf(clock + rng.int(14, 56) * DAY_MS);
      const owner = { organisation: localTeam.organisation };
      if (
        !issue(actorOf(director()), (metadata) => ({
          type: 'cases.add-safety-condition',
          data: { caseId, conditionId, text: 'Geen fysiek geweld; afspraken worden nagekomen.', owner, dueOn },
          metadata,
        }))
      )
        continue;
      issue(
        actorOf(director()),
        (metadata) => ({
          type: 'cases.record-safety-condition-status',
          data: { caseId, conditionId, status: rng.chance(0.8) ? 'met' : 'not-met', notes: '' },
          metadata,
        }),
        instantOn(addWorkingDays(dueOn, rng.int(0, 3), calendar), rng),
      );
    }
  };

  const advice = (): void => {
    const receiver = rng.pick(professionals);
    const source = rng.weighted(reportSources);
    const forms = formsFor(form);
    const ok = issue(actorOf(receiver), (metadata) => ({
      type: 'cases.register-advice-request',
      data: {
        caseId,
        familyId,
        adviceRequestId: `${caseId}-a1`,
        referrer: referrerFor(source),
        sourceCategory: source,
        formsOfViolence: forms,
        concern: rng.pick(concerns[forms[0]]),
        household,
        receivedBy: receiver,
      },
      metadata,
    }));
    if (ok) close('advice-given', 'Advies gegeven aan de adviesvrager.', later(rng.int(0, 3)));
  };

  // About four in ten intakes are advice requests; some families come back years later.
  if (rng.chance(0.4)) advice();
  else {
    report(1, startsAt);
    if (!open && rng.chance(0.15)) {
      const back = clock + rng.int(60, 2000) * DAY_MS;
      if (back < endMs - 120 * DAY_MS) {
        // What did not arrive was sent again long before the family came back.
        sendAgainBefore(back);
        clock = back;
        report(2, back);
      }
    }
  }

  // What was still undelivered when the case stopped is sent again, if that happened before the archive's end.
  sendAgainBefore(endMs);

  // The later reports a lookup must still recognise: each names one member otherwise.
  const queries: TruthQuery[] = misspellings
    .filter((how) => how !== 'missing-diacritic' || members.some((candidate) => hasDiacritics(candidate.name)))
    .map((how) => {
      const candidates = how === 'missing-diacritic' ? members.filter((candidate) => hasDiacritics(candidate.name)) : members;
      const chosen = rng.pick(candidates);
      return { memberId: chosen.memberId, how, name: misspell(chosen.name, how, rng), dateOfBirth: chosen.dateOfBirth };
    });

  return {
    caseId,
    familyId,
    streamId,
    events,
    feedback: { streamId: feedback.streamId, events: feedback.events },
    deliveries: feedback.deliveries,
    truth: {
      caseId,
      familyId,
      regionId: region.regionId,
      open: isOpened(state) && state.status !== 'closed',
      postcode,
      houseNumber,
      members: members.map(({ memberId, role, name, dateOfBirth }) => ({ memberId, role, name, dateOfBirth })),
      queries,
    },
  };
};
