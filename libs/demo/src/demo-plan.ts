import { createCaseDecider, defaultCasePolicy, isOpened, openAssessment, runningInvestigation } from '@ketenregie/cases-domain';
import type {
  CaseCommand,
  CaseState,
  ClosureOutcome,
  Director,
  FormOfViolence,
  Household,
  HouseholdMember,
  OpenedCase,
  Referrer,
  ReferrerKind,
  ReportClassification,
  SourceCategory,
} from '@ketenregie/cases-domain';
import {
  addDays,
  addWorkingDays,
  isAfter,
  isDomainError,
  isWorkingDay,
  systemActor,
  toAmsterdamDate,
  workingDaysBetween,
} from '@ketenregie/kernel';
import type { Actor, CalendarDate, CommandMetadata } from '@ketenregie/kernel';
import {
  adviceSources,
  chainPartners,
  concerns,
  DEMO_MARK,
  familyNames,
  formWeights,
  givenNamesAdult,
  givenNamesChild,
  localTeams,
  municipalities,
  postcodeLetters,
  referrerOrganisations,
  reportSources,
  sourceReferrers,
  veiligThuisProfessionals,
} from './demo-region';
import type { DemoMunicipality } from './demo-region';
import { createDemoSpellings } from './demo-spellings';
import type { Respelling } from './demo-spellings';
import { createRandom } from './prng';
import type { Random } from './prng';

export type DemoPlanOptions = {
  /** PRNG seed: the same seed, scale and end give the same plan. */
  seed: number;
  /** 1 = the volume of the seeds' region (about 4,600 reports and 3,300 advice requests a year). */
  scale: number;
  /** The simulated year ends here; nothing later is planned. */
  endsAt: Date;
};

export type PlannedCommand = {
  /** Stored as the events' causation id: a resumed load finds what already ran and skips it. */
  commandId: string;
  target: 'open' | 'existing';
  command: CaseCommand;
};

export type PlannedCase = { caseId: string; commands: PlannedCommand[] };

export type DemoPlanStats = {
  /** Reports and advice requests received inside the simulated year. */
  reports: number;
  adviceRequests: number;
  classifications: Record<ReportClassification, number>;
  reportSources: Record<SourceCategory, number>;
  formsOfViolence: Record<FormOfViolence, number>;
  /** Families with one closed involvement before the year, so repeats occur from its first day. */
  priorFamilies: number;
  commands: number;
  events: Record<string, number>;
  /** Steps the decider refused (a trajectory that crossed another one); they are left out. */
  skipped: number;
  /** Members later intakes wrote otherwise, by kind, and babies born into known families. */
  spellings: { respelled: Record<Respelling, number>; babies: number };
  /** Reports taken by phone and typed in a working day or two later, with their receipt moment. */
  typedInLater: number;
  /** Hand-overs offered to a local team as a whole rather than to one of its professionals. */
  offeredToTeam: number;
  /** Who made the reports received inside the year, by kind of referrer. */
  referrers: Record<ReferrerKind, number>;
};

export type DemoPlan = { options: DemoPlanOptions; cases: PlannedCase[]; stats: DemoPlanStats };

/** The seeds' region, 2023: 4,599 reports and 3,305 advice requests. */
const REPORTS_PER_YEAR = 4600;
const ADVICE_REQUESTS_PER_YEAR = 3300;
const PRIOR_FAMILIES = 1100;
const DAY_MS = 86_400_000;

/**
 * CBS 2023 shares (31.9 % first, 28.5 % follow-up, 38.1 % repeat) as the intent of each report.
 * The decider classifies from the family's history, so the intent only chooses which family the
 * report is about; when no family fits (early in the year), the report is about a new family.
 */
const classificationIntent: Record<ReportClassification, number> = { first: 31.9, 'follow-up': 28.5, repeat: 38.1 };

type SimCase = {
  caseId: string;
  familyId: string;
  household: Household;
  municipality: DemoMunicipality;
  state: CaseState;
  commands: PlannedCommand[];
  lastAt: number;
  /** Bumped on every closure and reopening, so steps of an earlier trajectory lapse. */
  epoch: number;
  prior: boolean;
  /** Already in the pool of families with a report. */
  reported: boolean;
};

type Step = { at: number; seq: number; run: () => void };

/** A binary min-heap on (time, insertion order): the simulation's agenda. */
class Agenda {
  private readonly heap: Step[] = [];
  private seq = 0;

  push(at: number, run: () => void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index], heap[parent])) break;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  pop(): Step | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
        index = smallest;
      }
    }
    return top;
  }
}

const before = (a: Step, b: Step): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

const actorOf = (director: Director): Actor => ({
  userId: director.person.personId,
  organisationId: director.organisation.organisationId,
});

// The scheduler's own command ids: when the demo records a deadline mark at its simulated moment,
// the scheduler later finds that command already in the stream instead of marking it again.
const deadlineCommandId = (kind: string, caseId: string, itemId: string): string => `deadline:${kind}:${caseId}:${itemId}`;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * Plans the demo region as a discrete-event simulation over one year: intakes arrive, each family's
 * case moves through assessment, a route, hand-over, rappels and closure, and every step is decided
 * by the real case decider as it is planned. So every planned command is one the command path
 * accepts, in the same per-case order and with the same `metadata.now`, and the shares in the
 * stats are the domain's own classification, not the generator's intent.
 */
function* simulate(options: DemoPlanOptions): Generator<undefined, DemoPlan, undefined> {
  const policy = defaultCasePolicy;
  const decider = createCaseDecider(policy);
  const rng: Random = createRandom(options.seed);
  const spellings = createDemoSpellings(options.seed);
  const endMs = options.endsAt.getTime();
  const startMs = endMs - 365 * DAY_MS;
  const agenda = new Agenda();
  const cases: SimCase[] = [];
  const reported: SimCase[] = [];
  const adviceOnly: SimCase[] = [];
  const usedAddresses = new Set<string>();
  let clock = startMs - 800 * DAY_MS;

  const stats: DemoPlanStats = {
    reports: 0,
    adviceRequests: 0,
    classifications: { first: 0, 'follow-up': 0, repeat: 0 },
    reportSources: { 'education-childcare': 0, police: 0, 'gp-health': 0, 'youth-health-care': 0, housing: 0, citizen: 0, other: 0 },
    formsOfViolence: {
      'child-abuse': 0,
      'partner-violence': 0,
      'elder-abuse': 0,
      'complex-divorce': 0,
      'honour-related': 0,
      'sexual-violence': 0,
    },
    priorFamilies: 0,
    commands: 0,
    events: {},
    skipped: 0,
    spellings: { respelled: { 'diacritics-dropped': 0, typo: 0, swapped: 0, capitals: 0 }, babies: 0 },
    typedInLater: 0,
    offeredToTeam: 0,
    referrers: { 'directory-professional': 0, professional: 0, citizen: 0, informant: 0, anonymous: 0 },
  };

  // --- time -------------------------------------------------------------------------------------
  // Time zone offsets change on whole UTC hours, so one lookup per hour is exact (and saves seconds).
  const datesByHour = new Map<number, CalendarDate>();
  const dateOf = (ms: number): CalendarDate => {
    const hour = Math.floor(ms / 3_600_000);
    let date = datesByHour.get(hour);
    if (date === undefined) {
      date = toAmsterdamDate(new Date(ms));
      datesByHour.set(hour, date);
    }
    return date;
  };
  // UTC hours 0-21 fall on the same Amsterdam date in summer and winter time.
  const instantOn = (date: CalendarDate, fromHourUtc = 7, toHourUtc = 15): number => {
    const [year, month, day] = date.split('-').map(Number);
    return Date.UTC(year, month - 1, day, rng.int(fromHourUtc, toHourUtc), rng.int(0, 59));
  };
  const workingDay = (date: CalendarDate, n: number): CalendarDate =>
    n === 0 && isWorkingDay(date, policy.calendar) ? date : addWorkingDays(date, Math.max(n, 1), policy.calendar);
  const officeAfter = (ms: number, workingDays: number): number => instantOn(workingDay(dateOf(ms), workingDays));

  const schedule = (at: number, run: () => void): void => {
    if (at <= endMs) agenda.push(at, run);
  };
  /** Runs `run` later unless the case closed or reopened meanwhile. */
  const later = (c: SimCase, at: number, run: () => void): void => {
    const epoch = c.epoch;
    schedule(at, () => {
      if (c.epoch === epoch) run();
    });
  };

  // --- the one way a step becomes a command -------------------------------------------------------
  const opened = (c: SimCase): OpenedCase => c.state as OpenedCase;

  const issue = (
    c: SimCase,
    actor: Actor,
    make: (metadata: CommandMetadata, state: OpenedCase) => CaseCommand | undefined,
    commandId?: string,
  ): boolean => {
    // Commands of one case never go back in time, even when two steps fall on the same minute.
    const at = Math.max(clock, c.lastAt + 60_000);
    if (at > endMs) return false;
    const n = c.commands.length;
    const metadata: CommandMetadata = { now: new Date(at), actor, correlationId: `demo-region:${c.caseId}:${n}` };
    const command = make(metadata, c.state as OpenedCase);
    if (!command) return false;
    let events;
    try {
      events = decider.decide(command, c.state);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      stats.skipped += 1;
      return false;
    }
    if (events.length === 0) return false;
    c.state = events.reduce(decider.evolve, c.state);
    c.commands.push({ commandId: commandId ?? `demo-region:${c.caseId}:${n}`, target: n === 0 ? 'open' : 'existing', command });
    c.lastAt = at;
    stats.commands += 1;
    for (const event of events) stats.events[event.type] = (stats.events[event.type] ?? 0) + 1;
    if (events.some((event) => event.type === 'cases.case-closed' || event.type === 'cases.case-reopened')) c.epoch += 1;
    return true;
  };

  const director = (c: SimCase): Director => opened(c).director;
  const vtProfessional = (): Director => rng.pick(veiligThuisProfessionals);
  const localTeamOf = (c: SimCase) =>
    localTeams.find((team) => team.organisation.organisationId === c.municipality.localTeamId) ?? localTeams[0];

  // --- families -----------------------------------------------------------------------------------
  const birthDate = (at: number, minYears: number, maxYears: number): CalendarDate =>
    dateOf(at - (rng.int(minYears, maxYears) * 365 + rng.int(1, 364)) * DAY_MS);

  const newFamily = (at: number, form: FormOfViolence): SimCase => {
    const number = cases.length + 1;
    const caseId = `demo-${pad(number, 5)}`;
    const familyId = `demo-family-${pad(number, 5)}`;
    const roll = rng.next();
    let cumulative = 0;
    const municipality = municipalities.find((candidate) => (cumulative += candidate.share) > roll) ?? municipalities[0];
    let postcode = '';
    let houseNumber = '';
    do {
      postcode = `${rng.pick(municipality.postcodePrefixes)}${rng.pick(postcodeLetters)}`;
      houseNumber = String(rng.int(1, 250));
    } while (usedAddresses.has(`${postcode}-${houseNumber}`));
    usedAddresses.add(`${postcode}-${houseNumber}`);
    const family = rng.pick(familyNames);
    const members: HouseholdMember[] = [];
    const member = (
      role: 'adult' | 'child',
      givenNames: string,
      name: { prefix?: string; familyName: string },
      dateOfBirth: CalendarDate,
    ) => members.push({ memberId: `${familyId}-m${members.length + 1}`, role, name: { givenNames, ...name }, dateOfBirth });
    const elderly = form === 'elder-abuse';
    member('adult', rng.pick(givenNamesAdult), family, elderly ? birthDate(at, 72, 90) : birthDate(at, 24, 55));
    if (rng.chance(elderly ? 0.5 : 0.6)) {
      const partnerName = rng.chance(0.6) ? family : rng.pick(familyNames);
      member('adult', rng.pick(givenNamesAdult), partnerName, elderly ? birthDate(at, 40, 60) : birthDate(at, 24, 55));
    }
    const children = elderly ? 0 : Number(rng.weighted({ '0': 18, '1': 27, '2': 30, '3': 17, '4': 8 }));
    for (let index = 0; index < children; index += 1) member('child', rng.pick(givenNamesChild), family, birthDate(at, 0, 16));
    const simCase: SimCase = {
      caseId,
      familyId,
      household: {
        address: {
          street: rng.pick(municipality.streets),
          houseNumber,
          postcode,
          city: municipality.name,
          municipality: municipality.name,
        },
        members,
      },
      municipality,
      state: decider.initialState(),
      commands: [],
      lastAt: 0,
      epoch: 0,
      prior: false,
      reported: false,
    };
    cases.push(simCase);
    return simCase;
  };

  /** Tries a few random families; a miss means a new family, as happens early in a region's life. */
  const findFamily = (pool: SimCase[], fits: (state: OpenedCase) => boolean): SimCase | undefined => {
    if (pool.length === 0) return undefined;
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const candidate = rng.pick(pool);
      if (fits(opened(candidate))) return candidate;
    }
    return undefined;
  };

  // --- intake -------------------------------------------------------------------------------------
  const hasChildren = (c: SimCase): boolean => c.household.members.some((member) => member.role === 'child');

  const formsFor = (c: SimCase, first: FormOfViolence): FormOfViolence[] => {
    let form = first;
    if (!hasChildren(c) && (form === 'child-abuse' || form === 'complex-divorce')) form = 'partner-violence';
    // Children who witness partner violence are a form of child abuse in the national monitor.
    return form === 'partner-violence' && hasChildren(c) && rng.chance(0.3) ? [form, 'child-abuse'] : [form];
  };

  // Referrers come from a generator of their own, so the mix of who reports can change without
  // changing which families report when.
  const referrerRng = createRandom(options.seed ^ 0x6d656c64);
  const contactSlug = (text: string): string =>
    text
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  const inventedPerson = () => {
    const given = referrerRng.pick(givenNamesAdult);
    const family = referrerRng.pick(familyNames);
    const name = `${given} ${family.prefix ? `${family.prefix} ` : ''}${family.familyName}`;
    return { name: `${name} ${DEMO_MARK}`, slug: `${contactSlug(given)}.${contactSlug(`${family.prefix ?? ''}${family.familyName}`)}` };
  };
  // 06-00 numbers are not issued to subscribers, like the postcodes' letter pairs.
  const demoPhone = (): string => `06-00${pad(referrerRng.int(0, 999_999), 6)}`;
  /** Professionals are seldom endangered by being named; neighbours and relatives often are. */
  const endangers = (professional: boolean): boolean => referrerRng.chance(professional ? 0.12 : 0.7);

  const referrerFor = (source: SourceCategory, advice: boolean): Referrer => {
    if (source === 'citizen') {
      // Citizens often ask advice without giving their name; a neighbour who only tells what they
      // saw is an informant and hears nothing back.
      if (advice) return referrerRng.chance(0.7) ? { kind: 'anonymous' } : citizenReferrer(false);
      return referrerRng.chance(0.2)
        ? {
            kind: 'informant',
            name: inventedPerson().name,
            relationToFamily: referrerRng.pick(['buurvrouw', 'buurman', 'kennis']),
            namingEndangers: referrerRng.chance(0.9),
          }
        : citizenReferrer(true);
    }
    // An advice request is answered in the conversation itself: no feedback is asked for.
    const terms = (channels: Partial<Record<'email' | 'portal' | 'phone' | 'declined', number>>) => {
      if (advice) return { feedbackConsent: { kind: 'declined' as const }, namingEndangers: endangers(true) };
      const choice = referrerRng.weighted(channels as Record<'email' | 'portal' | 'phone' | 'declined', number>);
      return {
        feedbackConsent: choice === 'declined' ? { kind: 'declined' as const } : { kind: 'granted' as const, channel: choice },
        namingEndangers: endangers(true),
      };
    };
    const organisation = referrerOrganisations.find((candidate) => candidate.source === source);
    // Police reports come from one directory organisation; schools and GPs of the demo region are
    // partly in the directory, partly not (another school, a practice elsewhere).
    if (organisation && referrerRng.chance(source === 'police' ? 1 : 0.5)) {
      if (referrerRng.chance(source === 'police' ? 0.1 : 0.45)) {
        const account = referrerRng.pick(organisation.accounts);
        return {
          kind: 'directory-professional',
          organisationId: organisation.organisationId,
          personId: account.personId,
          contact: { email: account.email },
          role: account.role,
          ...terms({ email: 60, portal: 40 }),
        };
      }
      const colleague = inventedPerson();
      return {
        kind: 'directory-professional',
        organisationId: organisation.organisationId,
        contact: { email: `${colleague.slug}@${organisation.emailDomain}` },
        role: organisation.colleagueRole,
        ...terms({ email: 95, declined: 5 }),
      };
    }
    const { organisation: outside, role, email } = sourceReferrers[source];
    const phoneToo = referrerRng.chance(0.3);
    return {
      kind: 'professional',
      name: inventedPerson().name,
      organisation: outside,
      role,
      contact: { email, ...(phoneToo ? { phone: demoPhone() } : {}) },
      ...terms(phoneToo ? { email: 80, phone: 15, declined: 5 } : { email: 92, declined: 8 }),
    };
  };

  const citizenReferrer = (asksFeedback: boolean): Referrer => {
    const person = inventedPerson();
    const reach = referrerRng.weighted({ email: 45, phone: 40, none: 15 });
    const contact = reach === 'email' ? { email: `${person.slug}@mail.demo.example` } : reach === 'phone' ? { phone: demoPhone() } : {};
    return {
      kind: 'citizen',
      name: person.name,
      relationToFamily: referrerRng.pick(['buurvrouw', 'buurman', 'familielid', 'kennis']),
      contact,
      feedbackConsent: asksFeedback && reach !== 'none' ? { kind: 'granted', channel: reach } : { kind: 'declined' },
      namingEndangers: endangers(false),
    };
  };

  /** A known family as a later intake names it (see `createDemoSpellings`); a new one as it is. */
  const householdFor = (c: SimCase): Household => {
    if (!isOpened(c.state)) return c.household;
    c.household = spellings.grow(c.household, c.familyId, dateOf(clock));
    return spellings.asReported(c.household, `${c.caseId}-i${c.commands.length}`);
  };

  const intakeData = (c: SimCase, source: SourceCategory, forms: FormOfViolence[], receivedBy: Director, advice: boolean) => ({
    caseId: c.caseId,
    familyId: c.familyId,
    referrer: referrerFor(source, advice),
    sourceCategory: source,
    formsOfViolence: forms,
    concern: rng.pick(concerns[forms[0]]),
    household: householdFor(c),
    receivedBy,
  });

  /** `receivedAt`: when a report taken by phone is typed in later, the moment it was received. */
  const receiveReport = (c: SimCase, source: SourceCategory, form: FormOfViolence, receivedAt?: number): void => {
    const receiver = vtProfessional();
    const openBefore = isOpened(c.state) ? openAssessment(c.state) : undefined;
    const forms = formsFor(c, form);
    const reportId = `${c.caseId}-r${isOpened(c.state) ? c.state.reports.length + 1 : 1}`;
    const ok = issue(c, actorOf(receiver), (metadata) => ({
      type: 'cases.register-report',
      data: {
        ...intakeData(c, source, forms, receiver, false),
        reportId,
        ...(receivedAt !== undefined ? { receivedAt: new Date(receivedAt).toISOString() } : {}),
      },
      metadata,
    }));
    if (!ok) return;
    if (receivedAt !== undefined && !c.prior) stats.typedInLater += 1;
    if (!c.reported) {
      c.reported = true;
      reported.push(c);
    }
    const classification = opened(c).reports[opened(c).reports.length - 1].classification;
    if (!c.prior) {
      stats.reports += 1;
      stats.classifications[classification] += 1;
      stats.reportSources[source] += 1;
      const registered = c.commands[c.commands.length - 1].command;
      if (registered.type === 'cases.register-report') stats.referrers[registered.data.referrer.kind] += 1;
      for (const each of forms) stats.formsOfViolence[each] += 1;
    }
    if (classification !== 'first' && rng.chance(0.85)) {
      later(c, officeAfter(clock, rng.int(0, 5)), () => acknowledgeFlags(c));
    }
    if (!openBefore) assessmentFlow(c, reportId);
  };

  const receiveAdvice = (c: SimCase, source: SourceCategory, form: FormOfViolence): void => {
    const receiver = vtProfessional();
    const number = isOpened(c.state) ? c.state.adviceRequestIds.length + 1 : 1;
    const ok = issue(c, actorOf(receiver), (metadata) => ({
      type: 'cases.register-advice-request',
      data: { ...intakeData(c, source, formsFor(c, form), receiver, true), adviceRequestId: `${c.caseId}-a${number}` },
      metadata,
    }));
    if (!ok) return;
    stats.adviceRequests += 1;
    if (opened(c).status !== 'advice') return;
    if (opened(c).adviceRequestIds.length === 1 && opened(c).reports.length === 0) adviceOnly.push(c);
    const closeAt = rng.chance(0.88) ? officeAfter(clock, rng.int(0, 3)) : officeAfter(clock, rng.int(10, 25));
    later(c, closeAt, () => {
      if (opened(c).status === 'advice') close(c, 'advice-given', 'Advies gegeven aan de adviesvrager.');
    });
  };

  const acknowledgeFlags = (c: SimCase): void => {
    for (const flag of opened(c).recidivismFlags.filter((candidate) => !candidate.acknowledged)) {
      issue(c, actorOf(director(c)), (metadata) => ({
        type: 'cases.acknowledge-recidivism-flag',
        data: { caseId: c.caseId, flagId: flag.flagId },
        metadata,
      }));
    }
  };

  const close = (c: SimCase, outcome: ClosureOutcome, notes: string): void => {
    // Closing needs every recidivism flag seen by the director: that is the point of the flag.
    acknowledgeFlags(c);
    issue(c, actorOf(director(c)), (metadata) => ({ type: 'cases.close-case', data: { caseId: c.caseId, outcome, notes }, metadata }));
    c.prior = false;
  };

  // --- safety assessment --------------------------------------------------------------------------
  const assessmentFlow = (c: SimCase, assessmentId: string): void => {
    const state = opened(c);
    const assessment = state.assessments.find((candidate) => candidate.assessmentId === assessmentId);
    if (!assessment) return;
    const acute = state.status === 'received' && !c.prior && rng.chance(0.06);
    if (acute) {
      later(c, clock + rng.int(20, 90) * 60_000, () =>
        issue(c, actorOf(director(c)), (metadata) => ({
          type: 'cases.register-acute-unsafety',
          data: { caseId: c.caseId, measures: 'Politie ter plaatse; tijdelijk huisverbod opgelegd.' },
          metadata,
        })),
      );
    }
    const startDay = workingDay(dateOf(clock), c.prior ? 1 : rng.int(0, 2));
    const assessor = opened(c).director.organisation.kind === 'veilig-thuis' ? opened(c).director : vtProfessional();
    later(c, instantOn(startDay), () =>
      issue(c, actorOf(assessor), (metadata) => ({
        type: 'cases.start-safety-assessment',
        data: { caseId: c.caseId, assessmentId },
        metadata,
      })),
    );
    // Most assessments meet the legal 5 working days; some are late, a few stall for weeks.
    const late = !c.prior && rng.chance(0.16);
    const room = workingDaysBetween(startDay, assessment.dueOn, policy.calendar);
    const completeDay = late
      ? addWorkingDays(assessment.dueOn, rng.chance(0.85) ? rng.int(1, 8) : rng.int(9, 30), policy.calendar)
      : addWorkingDays(startDay, rng.int(Math.min(1, room), Math.max(room, 0)), policy.calendar);
    if (late) {
      later(c, instantOn(addDays(assessment.dueOn, 1), 4, 5), () =>
        issue(
          c,
          systemActor('deadline-scheduler'),
          (metadata) => ({ type: 'cases.mark-assessment-overdue', data: { caseId: c.caseId, assessmentId }, metadata }),
          deadlineCommandId('assessment-overdue', c.caseId, assessmentId),
        ),
      );
    }
    later(c, instantOn(completeDay), () => {
      const acuteFinding = acute || rng.chance(0.08);
      const structural = acuteFinding || rng.chance(0.55);
      const ok = issue(c, actorOf(assessor), (metadata) => ({
        type: 'cases.complete-safety-assessment',
        data: { caseId: c.caseId, assessmentId, acuteUnsafety: acuteFinding, structuralUnsafety: structural },
        metadata,
      }));
      if (ok) afterAssessment(c, structural);
    });
  };

  const afterAssessment = (c: SimCase, structural: boolean): void => {
    const state = opened(c);
    if (state.director.organisation.kind === 'veilig-thuis') {
      if (state.status === 'assessed' || state.status === 'escalated') {
        later(c, officeAfter(clock, rng.int(0, 3)), () => route(c, structural));
      }
      return;
    }
    // A new report on a family the local team directs: sometimes Veilig Thuis takes it back.
    if (rng.chance(0.25)) {
      const taker = vtProfessional();
      later(c, officeAfter(clock, rng.int(1, 3)), () => {
        const ok = issue(c, actorOf(taker), (metadata) => ({
          type: 'cases.escalate-case',
          data: {
            caseId: c.caseId,
            handoverId: `${c.caseId}-h${opened(c).handoverIds.length + 1}`,
            to: taker,
            reason: 'Nieuwe melding: de veiligheid is niet voldoende geborgd.',
            phase: 'immediate-safety',
          },
          metadata,
        }));
        if (ok) later(c, officeAfter(clock, rng.int(1, 4)), () => route(c, true));
      });
    }
  };

  // --- routes -------------------------------------------------------------------------------------
  type Route = 'close' | 'handover' | 'conditions' | 'investigation' | 'child-protection';

  const route = (c: SimCase, structural: boolean): void => {
    const state = opened(c);
    if (state.status !== 'assessed' && state.status !== 'escalated') return;
    if (openAssessment(state) || runningInvestigation(state) || state.pendingHandover) return;
    const choice: Route = c.prior
      ? 'close'
      : rng.weighted<Route>(
          structural
            ? { close: 14, handover: 44, conditions: 24, investigation: 13, 'child-protection': 5 }
            : { close: 72, handover: 20, conditions: 5, investigation: 3, 'child-protection': 0 },
        );
    switch (choice) {
      case 'close':
        close(c, structural ? 'safety-established' : 'no-unsafety-found', 'Geen verdere bemoeienis van Veilig Thuis nodig.');
        return;
      case 'handover':
        offerHandover(c, 0);
        return;
      case 'conditions':
        conditionsAndFollowUp(c);
        return;
      case 'investigation':
        investigation(c);
        return;
      case 'child-protection':
        childProtection(c);
        return;
    }
  };

  const offerHandover = (c: SimCase, attempt: number, declinedBy?: string): void => {
    const team = localTeamOf(c);
    const candidates = team.professionals.filter((professional) => professional.person.personId !== declinedBy);
    // Who answers; an offer to the team names nobody, and whichever consultant picks it up answers it.
    const to = rng.pick(candidates);
    const toTeam = rng.chance(0.3);
    const offeredBy = director(c);
    const handoverId = `${c.caseId}-h${opened(c).handoverIds.length + 1}`;
    const ok = issue(c, actorOf(offeredBy), (metadata) => ({
      type: 'cases.offer-handover',
      data: {
        caseId: c.caseId,
        handoverId,
        to: toTeam ? { organisation: team.organisation } : to,
        reason: 'Directe veiligheid is geborgd; vervolg in het vrijwillig kader bij het lokale team.',
        phase: 'stable-safety',
      },
      metadata,
    }));
    if (!ok) return;
    if (toTeam) stats.offeredToTeam += 1;
    const decline = attempt === 0 && rng.chance(0.1);
    later(c, officeAfter(clock, rng.int(1, 4)), () => {
      if (decline) {
        const declined = issue(c, actorOf(to), (metadata) => ({
          type: 'cases.decline-handover',
          data: { caseId: c.caseId, handoverId, reason: 'Geen passende hulp beschikbaar; eerst een veiligheidsplan nodig.' },
          metadata,
        }));
        if (declined) {
          later(c, officeAfter(clock, rng.int(1, 3)), () =>
            rng.chance(0.6) ? offerHandover(c, attempt + 1, to.person.personId) : conditionsAndFollowUp(c),
          );
        }
        return;
      }
      const accepted = issue(c, actorOf(to), (metadata) => ({
        type: 'cases.accept-handover',
        data: { caseId: c.caseId, handoverId, acceptedBy: to.person },
        metadata,
      }));
      if (accepted) afterHandover(c, offeredBy.organisation.kind === 'veilig-thuis' ? offeredBy : vtProfessional());
    });
  };

  const afterHandover = (c: SimCase, rappelOwner: Director): void => {
    later(c, officeAfter(clock, rng.int(0, 2)), () => {
      const scheduleId = `${c.caseId}-rs${opened(c).scheduleIds.length + 1}`;
      const known = new Set(opened(c).rappels.map((rappel) => rappel.rappelId));
      const ok = issue(c, actorOf(rappelOwner), (metadata) => ({
        type: 'cases.schedule-rappels',
        data: { caseId: c.caseId, scheduleId, owner: rappelOwner },
        metadata,
      }));
      if (!ok) return;
      opened(c)
        .rappels.filter((rappel) => !known.has(rappel.rappelId))
        .forEach((rappel, index) => rappelFlow(c, rappel.rappelId, index));
    });
    if (rng.chance(0.4)) {
      later(c, officeAfter(clock, rng.int(5, 15)), () => {
        const lead = director(c);
        if (lead.organisation.kind !== 'local-team') return;
        issue(c, actorOf(lead), (metadata) => ({
          type: 'cases.update-plan-part',
          data: {
            caseId: c.caseId,
            part: 'aid',
            description: 'Gezinscoach twee keer per week; ouders volgen een training opvoedondersteuning.',
            agreements: [
              {
                agreementId: 'aid-1',
                text: 'Wekelijks huisbezoek door de gezinscoach.',
                owner: { organisation: lead.organisation, person: lead.person },
              },
            ],
          },
          metadata,
        }));
      });
    }
  };

  const rappelOpen = (c: SimCase, rappelId: string): boolean => {
    const rappel = opened(c).rappels.find((candidate) => candidate.rappelId === rappelId);
    return rappel !== undefined && (rappel.status === 'scheduled' || rappel.status === 'due');
  };

  const rappelFlow = (c: SimCase, rappelId: string, index: number): void => {
    const rappel = opened(c).rappels.find((candidate) => candidate.rappelId === rappelId);
    if (!rappel) return;
    const owner = rappel.owner;
    const mark = (kind: 'rappel-due' | 'rappel-overdue') => () => {
      if (!rappelOpen(c, rappelId)) return;
      issue(
        c,
        systemActor('deadline-scheduler'),
        (metadata) => ({
          type: kind === 'rappel-due' ? 'cases.mark-rappel-due' : 'cases.mark-rappel-overdue',
          data: { caseId: c.caseId, rappelId },
          metadata,
        }),
        deadlineCommandId(kind, c.caseId, rappelId),
      );
    };
    later(c, instantOn(rappel.dueOn, 4, 5), mark('rappel-due'));
    const onTime = rng.chance(0.85);
    if (!onTime) later(c, instantOn(addDays(rappel.deadlineOn, 1), 4, 5), mark('rappel-overdue'));
    if (!onTime && rng.chance(0.4)) return;
    const outcomeDay = onTime
      ? addWorkingDays(rappel.dueOn, rng.int(0, 7), policy.calendar)
      : addWorkingDays(rappel.deadlineOn, rng.int(1, 10), policy.calendar);
    later(c, instantOn(outcomeDay), () => {
      if (!rappelOpen(c, rappelId)) return;
      const outcome = rng.weighted({ safe: 74, concerns: 18, unsafe: 8 });
      const wasLocal = director(c).organisation.kind === 'local-team';
      const notes =
        outcome === 'safe'
          ? 'Afspraken worden nagekomen; gezin en lokaal team geven aan dat het veilig is.'
          : outcome === 'concerns'
            ? 'Spanningen nemen toe; lokaal team intensiveert de begeleiding.'
            : 'Nieuw geweldsincident; de veiligheid is niet langer geborgd.';
      const ok = issue(c, actorOf(owner), (metadata) => ({
        type: 'cases.record-rappel-outcome',
        data: { caseId: c.caseId, rappelId, outcome, notes },
        metadata,
      }));
      if (!ok) return;
      if (outcome === 'unsafe' && wasLocal) {
        later(c, officeAfter(clock, rng.int(1, 4)), () => route(c, true));
      } else if (outcome === 'safe' && index >= 1 && wasLocal && rng.chance(0.35)) {
        later(c, officeAfter(clock, rng.int(1, 10)), () =>
          close(c, rng.pick(['safety-established', 'continued-in-voluntary-care'] as const), 'Veiligheid duurzaam; monitoring afgerond.'),
        );
      }
    });
  };

  const conditionsAndFollowUp = (c: SimCase): void => {
    const ok = issue(c, actorOf(director(c)), (metadata) => ({
      type: 'cases.start-conditions-and-follow-up',
      data: { caseId: c.caseId, reason: 'Structurele onveiligheid; het gezin werkt mee aan voorwaarden.' },
      metadata,
    }));
    if (!ok) return;
    const count = rng.int(1, 3);
    const texts = [
      'Geen fysiek geweld; bij spanning belt de vader het vaste contact.',
      'Ouders volgen het traject bij de hulpverlener en houden afspraken na.',
      'Kinderen gaan dagelijks naar school en de opvang.',
    ];
    let lastDue = dateOf(clock);
    for (let index = 0; index < count; index += 1) {
      const conditionId = `${c.caseId}-vw${opened(c).plan.safetyConditions.length + 1}`;
      const useTeam = rng.chance(0.4);
      const ownerOrganisation = useTeam ? localTeamOf(c).organisation : rng.pick(chainPartners);
      const dueOn = addDays(dateOf(clock), rng.int(14, 56));
      const added = issue(c, actorOf(director(c)), (metadata) => ({
        type: 'cases.add-safety-condition',
        data: { caseId: c.caseId, conditionId, text: texts[index], owner: { organisation: ownerOrganisation }, dueOn },
        metadata,
      }));
      if (!added) continue;
      if (isAfter(dueOn, lastDue)) lastDue = dueOn;
      later(c, instantOn(workingDay(dueOn, rng.int(0, 3))), () =>
        issue(c, actorOf(director(c)), (metadata) => ({
          type: 'cases.record-safety-condition-status',
          data: { caseId: c.caseId, conditionId, status: rng.chance(0.75) ? 'met' : 'not-met', notes: '' },
          metadata,
        })),
      );
    }
    later(c, instantOn(workingDay(lastDue, rng.int(4, 10))), () => {
      if (opened(c).status !== 'conditions_and_follow_up') return;
      const allMet = opened(c).plan.safetyConditions.every((condition) => condition.status === 'met');
      if (allMet) {
        if (rng.chance(0.6)) close(c, 'safety-established', 'Voorwaarden nagekomen.');
        else offerHandover(c, 1);
      } else if (rng.chance(0.5)) {
        investigation(c);
      } else {
        offerHandover(c, 1);
      }
    });
  };

  const investigation = (c: SimCase): void => {
    const investigationId = `${c.caseId}-o${opened(c).investigations.length + 1}`;
    const ok = issue(c, actorOf(director(c)), (metadata) => ({
      type: 'cases.start-investigation',
      data: { caseId: c.caseId, investigationId },
      metadata,
    }));
    if (!ok) return;
    const started = opened(c).investigations.find((candidate) => candidate.investigationId === investigationId);
    if (!started) return;
    const completeDay = workingDay(addDays(dateOf(clock), rng.int(28, 84)), 0);
    if (isAfter(completeDay, started.dueOn)) {
      later(c, instantOn(addDays(started.dueOn, 1), 4, 5), () =>
        issue(
          c,
          systemActor('deadline-scheduler'),
          (metadata) => ({ type: 'cases.mark-investigation-overdue', data: { caseId: c.caseId, investigationId }, metadata }),
          deadlineCommandId('investigation-overdue', c.caseId, investigationId),
        ),
      );
    }
    later(c, instantOn(completeDay), () => {
      const done = issue(c, actorOf(director(c)), (metadata) => ({
        type: 'cases.complete-investigation',
        data: { caseId: c.caseId, investigationId, conclusion: 'Onderzoek afgerond; conclusies besproken met het gezin.' },
        metadata,
      }));
      if (!done) return;
      later(c, officeAfter(clock, rng.int(1, 5)), () => {
        const next = rng.weighted({ handover: 45, 'child-protection': 20, close: 35 });
        if (next === 'handover') offerHandover(c, 1);
        else if (next === 'child-protection') childProtection(c);
        else close(c, 'safety-established', 'Onderzoek afgerond; geen verdere bemoeienis nodig.');
      });
    });
  };

  const childProtection = (c: SimCase): void => {
    const ok = issue(c, actorOf(director(c)), (metadata) => ({
      type: 'cases.request-child-protection-investigation',
      data: { caseId: c.caseId, reason: 'Vrijwillige hulp biedt onvoldoende veiligheid voor de kinderen.' },
      metadata,
    }));
    if (!ok) return;
    later(c, officeAfter(clock, rng.int(15, 45)), () => {
      if (opened(c).status !== 'referred_to_child_protection') return;
      if (rng.chance(0.6)) close(c, 'child-protection-measure', 'Kinderbeschermingsmaatregel uitgesproken.');
      else offerHandover(c, 1);
    });
  };

  // --- arrivals -----------------------------------------------------------------------------------
  const arrivalAt = (from: number, to: number, source: SourceCategory): number => {
    let date = dateOf(from + rng.next() * (to - from));
    // Police report around the clock; other referrers on working days.
    if (source !== 'police' && !isWorkingDay(date, policy.calendar)) date = workingDay(date, 1);
    return source === 'police' ? instantOn(date, 0, 21) : instantOn(date);
  };

  const priorCount = Math.round(PRIOR_FAMILIES * options.scale);
  for (let index = 0; index < priorCount; index += 1) {
    const source = rng.weighted(reportSources);
    const form = rng.weighted(formWeights);
    schedule(arrivalAt(startMs - 730 * DAY_MS, startMs - 60 * DAY_MS, source), () => {
      const c = newFamily(clock, form);
      c.prior = true;
      stats.priorFamilies += 1;
      receiveReport(c, source, form);
    });
  }

  const reportCount = Math.round(REPORTS_PER_YEAR * options.scale);
  for (let index = 0; index < reportCount; index += 1) {
    const source = rng.weighted(reportSources);
    const form = rng.weighted(formWeights);
    const intent = rng.weighted(classificationIntent);
    const arrival = arrivalAt(startMs, endMs, source);
    // Some reports are taken by phone (evenings, weekends, a busy desk) and typed in a working day
    // or two later: they keep the moment they were received, and their deadlines run from it.
    const typedLater = rng.chance(isWorkingDay(dateOf(arrival), policy.calendar) ? 0.06 : 0.5);
    const typedAt = typedLater ? officeAfter(arrival, rng.int(1, 2)) : arrival;
    schedule(typedAt, () => {
      const known =
        intent === 'follow-up'
          ? findFamily(reported, (state) => state.vtInvolvement === 'active' && state.status !== 'closed')
          : intent === 'repeat'
            ? findFamily(reported, (state) => state.status === 'closed' && state.vtInvolvement === 'ended')
            : rng.chance(0.2)
              ? findFamily(adviceOnly, (state) => state.vtInvolvement === 'none')
              : undefined;
      receiveReport(known ?? newFamily(clock, form), source, form, typedLater ? arrival : undefined);
    });
  }

  const adviceCount = Math.round(ADVICE_REQUESTS_PER_YEAR * options.scale);
  for (let index = 0; index < adviceCount; index += 1) {
    const source = rng.weighted(adviceSources);
    const form = rng.weighted(formWeights);
    schedule(arrivalAt(startMs, endMs, source), () => {
      const known = rng.chance(0.15) ? findFamily(reported, () => true) : undefined;
      receiveAdvice(known ?? newFamily(clock, form), source, form);
    });
  }

  let steps = 0;
  for (let step = agenda.pop(); step; step = agenda.pop()) {
    clock = step.at;
    step.run();
    steps += 1;
    if (steps % 500 === 0) yield;
  }

  stats.spellings = spellings.stats();
  return {
    options,
    cases: cases.filter((c) => c.commands.length > 0).map((c) => ({ caseId: c.caseId, commands: c.commands })),
    stats,
  };
}

export const planDemoRegion = (options: DemoPlanOptions): DemoPlan => {
  const steps = simulate(options);
  for (;;) {
    const result = steps.next();
    if (result.done) return result.value;
  }
};

/**
 * The same plan, computed in slices so a running server keeps answering: the full region takes
 * seconds of CPU. Resolves undefined when `stopped` turns true (shutdown) before the plan is done.
 */
export const planDemoRegionInSlices = async (options: DemoPlanOptions, stopped: () => boolean): Promise<DemoPlan | undefined> => {
  const steps = simulate(options);
  for (;;) {
    if (stopped()) return undefined;
    const result = steps.next();
    if (result.done) return result.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};
