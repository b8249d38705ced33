import { createCaseDecider, referrerTermsOf } from '@ketenregie/cases-domain';
import type { CaseCommand, CaseState } from '@ketenregie/cases-domain';
import { planDemoRegion, planDemoRegionInSlices } from './demo-plan';
import type { DemoPlan } from './demo-plan';
import { countPhantoms, householdOf, householdsByIdsAndExactKeys } from './household-phantoms';
import { createRandom } from './prng';
import { referrerOrganisations } from './demo-region';

const endsAt = new Date('2026-03-16T11:00:00Z');
const DAY_MS = 86_400_000;

const commandsOf = (plan: DemoPlan): CaseCommand[] => plan.cases.flatMap((planned) => planned.commands.map(({ command }) => command));

// Planning runs the real decider for every step: a few seconds on a busy 2-core machine.
jest.setTimeout(60_000);

describe('demo region plan', () => {
  let plan: DemoPlan;

  beforeAll(() => {
    plan = planDemoRegion({ seed: 7, scale: 0.1, endsAt });
  });

  it('is the same plan for the same seed, scale and end, and another for another seed', async () => {
    const again = planDemoRegion({ seed: 7, scale: 0.1, endsAt });
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
    const sliced = await planDemoRegionInSlices({ seed: 7, scale: 0.1, endsAt }, () => false);
    expect(JSON.stringify(sliced)).toBe(JSON.stringify(plan));
    const other = planDemoRegion({ seed: 8, scale: 0.1, endsAt });
    expect(JSON.stringify(other.cases)).not.toBe(JSON.stringify(plan.cases));
  });

  it('stops planning when asked to', async () => {
    await expect(planDemoRegionInSlices({ seed: 7, scale: 0.1, endsAt }, () => true)).resolves.toBeUndefined();
  });

  it('has the volume of the seeds region, scaled', () => {
    // 4,600 reports and 3,300 advice requests a year; a few arrive after the end and are dropped.
    expect(plan.stats.reports).toBeGreaterThanOrEqual(450);
    expect(plan.stats.reports).toBeLessThanOrEqual(460);
    expect(plan.stats.adviceRequests).toBeGreaterThanOrEqual(322);
    expect(plan.stats.adviceRequests).toBeLessThanOrEqual(330);
  });

  it('approximates the CBS shares of first, follow-up and repeat reports, as the decider classified them', () => {
    const { first, 'follow-up': followUp, repeat } = plan.stats.classifications;
    const total = first + followUp + repeat;
    expect(total).toBe(plan.stats.reports);
    // CBS 2023 normalised to the three categories: 32.4 %, 28.9 %, 38.7 %.
    expect(Math.abs(first / total - 0.324)).toBeLessThan(0.06);
    expect(Math.abs(followUp / total - 0.289)).toBeLessThan(0.06);
    expect(Math.abs(repeat / total - 0.387)).toBeLessThan(0.06);
    expect(plan.stats.events['cases.recidivism-flag-raised']).toBe(followUp + repeat);
  });

  it('takes about two thirds of the reports from the police', () => {
    expect(plan.stats.reportSources.police / plan.stats.reports).toBeGreaterThan(0.62);
    expect(plan.stats.reportSources.police / plan.stats.reports).toBeLessThan(0.72);
  });

  it('contains every route, late work, rappels with unsafe outcomes and declined hand-overs', () => {
    const events = plan.stats.events;
    for (const type of [
      'cases.safety-assessment-overdue',
      'cases.handover-accepted',
      'cases.handover-declined',
      'cases.rappels-scheduled',
      'cases.rappel-became-due',
      'cases.rappel-became-overdue',
      'cases.rappel-completed',
      'cases.case-escalated',
      'cases.conditions-and-follow-up-started',
      'cases.safety-condition-added',
      'cases.investigation-started',
      'cases.child-protection-investigation-requested',
      'cases.case-closed',
      'cases.case-reopened',
      'cases.acute-unsafety-registered',
    ]) {
      expect({ type, present: (events[type] ?? 0) > 0 }).toEqual({ type, present: true });
    }
    const unsafe = commandsOf(plan).filter(
      (command) => command.type === 'cases.record-rappel-outcome' && command.data.outcome === 'unsafe',
    );
    expect(unsafe.length).toBeGreaterThan(0);
    // Most assessments are on time; the late ones are a minority, as in the region.
    expect(events['cases.safety-assessment-overdue'] / events['cases.safety-assessment-completed']).toBeLessThan(0.25);
    expect(plan.stats.skipped / plan.stats.commands).toBeLessThan(0.01);
  });

  it('types some phone reports in a working day or two after they were received, and offers some hand-overs to a team', () => {
    const late = commandsOf(plan).flatMap((command) =>
      command.type === 'cases.register-report' && command.data.receivedAt !== undefined
        ? [{ receivedAt: command.data.receivedAt, now: command.metadata.now }]
        : [],
    );
    expect(plan.stats.typedInLater).toBeGreaterThan(plan.stats.reports * 0.03);
    expect(late.length).toBeGreaterThanOrEqual(plan.stats.typedInLater);
    for (const { receivedAt, now } of late) {
      const lag = now.getTime() - Date.parse(receivedAt);
      // Two working days across a weekend and a holiday (Liberation Day on a Monday) stay within a week.
      expect({ receivedAt, positive: lag > 0, withinDays: lag < 7 * DAY_MS }).toEqual({ receivedAt, positive: true, withinDays: true });
    }
    const teamOffers = commandsOf(plan).filter(
      (command) => command.type === 'cases.offer-handover' && command.data.to.person === undefined,
    );
    expect(teamOffers).toHaveLength(plan.stats.offeredToTeam);
    expect(plan.stats.offeredToTeam).toBeGreaterThan(0);
  });

  it('replays case by case through a fresh decider without a refusal, in time order, never after the end', () => {
    const decider = createCaseDecider();
    const problems: string[] = [];
    for (const planned of plan.cases) {
      let state: CaseState = decider.initialState();
      let last = 0;
      planned.commands.forEach(({ command, target, commandId }, index) => {
        const where = `${planned.caseId} #${index} ${command.type}`;
        if (target !== (index === 0 ? 'open' : 'existing')) problems.push(`${where}: target ${target}`);
        const at = command.metadata.now.getTime();
        if (at < last || at > endsAt.getTime()) problems.push(`${where}: out of order or after the end`);
        last = at;
        const events = decider.decide(command, state);
        if (events.length === 0) problems.push(`${where}: records nothing`);
        state = events.reduce(decider.evolve, state);
        if (!commandId) problems.push(`${where}: no command id`);
      });
      if (new Set(planned.commands.map((command) => command.commandId)).size !== planned.commands.length) {
        problems.push(`${planned.caseId}: command ids repeat`);
      }
    }
    expect(problems).toEqual([]);
    // Arrivals on the first day of the year may fall a few hours before its exact start.
    const yearStart = endsAt.getTime() - 366 * DAY_MS;
    const inYear = commandsOf(plan).filter(
      (command) => command.type === 'cases.register-report' && command.metadata.now.getTime() >= yearStart,
    );
    expect(inYear).toHaveLength(plan.stats.reports);
  });

  it('writes known families in later intakes as referrers do, and the case holds each person once', () => {
    const { respelled, babies } = plan.stats.spellings;
    expect(Object.values(respelled).every((count) => count > 0)).toBe(true);
    expect(babies).toBeGreaterThan(0);
    const decider = createCaseDecider();
    const households = plan.cases.flatMap((planned) => {
      const state = planned.commands.reduce<CaseState>(
        (folded, { command }) => decider.decide(command, folded).reduce(decider.evolve, folded),
        decider.initialState(),
      );
      return householdOf(state) ?? [];
    });
    expect(countPhantoms(households).phantoms).toBe(0);
    // The same intakes merged by member ids and exact keys alone leave respellings as extra people.
    expect(countPhantoms(householdsByIdsAndExactKeys(plan)).phantoms).toBeGreaterThan(0);
  });

  it('names a referrer of a realistic kind on every report, as parties the feedback can reach', () => {
    const reports = commandsOf(plan).flatMap((command) => (command.type === 'cases.register-report' ? [command.data] : []));
    const counted = Object.values(plan.stats.referrers).reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(plan.stats.reports);
    const share = (kind: keyof typeof plan.stats.referrers) => plan.stats.referrers[kind] / plan.stats.reports;
    // Police reports come from a directory organisation; schools and GPs partly; citizens rarely.
    expect(share('directory-professional')).toBeGreaterThan(0.62);
    expect(share('directory-professional')).toBeLessThan(0.82);
    expect(share('professional')).toBeGreaterThan(0.1);
    expect(share('professional')).toBeLessThan(0.27);
    expect(share('citizen')).toBeGreaterThan(0.02);
    expect(share('citizen')).toBeLessThan(0.11);
    expect(plan.stats.referrers.informant).toBeGreaterThan(0);
    expect(share('informant')).toBeLessThan(0.05);
    // Only advice may be asked anonymously.
    expect(plan.stats.referrers.anonymous).toBe(0);
    expect(reports.every((report) => report.referrer.kind !== 'anonymous')).toBe(true);

    const problems: string[] = [];
    for (const { reportId, referrer } of reports) {
      const terms = referrerTermsOf(referrer);
      if (referrer.kind === 'informant') {
        if (terms.feedbackConsent.kind !== 'declined') problems.push(`${reportId}: an informant is told something`);
        continue;
      }
      if (referrer.kind === 'anonymous') continue;
      // Every report records both terms, and a granted channel reaches the referrer.
      if (referrer.feedbackConsent === undefined || referrer.namingEndangers === undefined) problems.push(`${reportId}: terms absent`);
      const consent = terms.feedbackConsent;
      if (consent.kind !== 'granted') continue;
      const reachable =
        consent.channel === 'email'
          ? !!referrer.contact.email
          : consent.channel === 'phone'
            ? !!referrer.contact.phone
            : referrer.kind === 'directory-professional' && !!referrer.personId;
      if (!reachable) problems.push(`${reportId}: ${consent.channel} does not reach the referrer`);
    }
    expect(problems).toEqual([]);

    // The published referrer accounts made reports of their own, so their portal is not empty.
    for (const organisation of referrerOrganisations) {
      for (const account of organisation.accounts) {
        const own = reports.filter(
          (report) => report.referrer.kind === 'directory-professional' && report.referrer.personId === account.personId,
        );
        expect({ account: account.personId, reports: own.length > 0 }).toEqual({ account: account.personId, reports: true });
      }
    }
    const granted = reports.filter((report) => referrerTermsOf(report.referrer).feedbackConsent.kind === 'granted');
    expect(granted.length / reports.length).toBeGreaterThan(0.8);
    const endangered = reports.filter((report) => referrerTermsOf(report.referrer).namingEndangers);
    expect(endangered.length).toBeGreaterThan(0);
    expect(endangered.length).toBeLessThan(reports.length * 0.4);

    // Citizens mostly ask advice anonymously; professionals asking advice want no feedback.
    const advice = commandsOf(plan).flatMap((command) => (command.type === 'cases.register-advice-request' ? [command.data] : []));
    const byCitizens = advice.filter((request) => request.sourceCategory === 'citizen');
    expect(byCitizens.filter((request) => request.referrer.kind === 'anonymous').length / byCitizens.length).toBeGreaterThan(0.5);
    for (const request of advice) {
      if (request.sourceCategory !== 'citizen') expect(referrerTermsOf(request.referrer).feedbackConsent).toEqual({ kind: 'declined' });
    }
  });

  it('marks every organisation, municipality and professional as DEMO', () => {
    for (const command of commandsOf(plan)) {
      if (command.type !== 'cases.register-report' && command.type !== 'cases.register-advice-request') continue;
      const { receivedBy, household, referrer } = command.data;
      expect(receivedBy.person.name).toContain('(DEMO)');
      expect(receivedBy.organisation.name).toContain('(DEMO)');
      expect(household.address.municipality).toContain('(DEMO)');
      // Letter pairs PostNL never issues: no demo address exists.
      expect(household.address.postcode).toMatch(/^\d{4}(SA|SD|SS)$/);
      if (referrer.kind === 'professional') expect(referrer.organisation).toContain('(DEMO)');
      if (referrer.kind === 'professional' || referrer.kind === 'citizen') expect(referrer.name).toContain('(DEMO)');
      if (referrer.kind === 'directory-professional') {
        expect(referrerOrganisations.map((organisation) => organisation.organisationId)).toContain(referrer.organisationId);
      }
      // Addresses at domains under .example, which never deliver anywhere.
      if ('contact' in referrer && referrer.contact.email) expect(referrer.contact.email).toMatch(/^[a-z.]+@[a-z.]+\.demo\.example$/);
    }
    const municipalities = new Set(
      commandsOf(plan).flatMap((command) => ('household' in command.data ? [command.data.household.address.municipality] : [])),
    );
    expect(municipalities.size).toBe(3);
  });
});

describe('createRandom (mulberry32)', () => {
  it('repeats its sequence for a seed and stays within bounds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    const rng = createRandom(1);
    for (let index = 0; index < 1000; index += 1) {
      const value = rng.int(3, 5);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(5);
    }
    const counts = { a: 0, b: 0 };
    for (let index = 0; index < 10_000; index += 1) counts[rng.weighted({ a: 3, b: 1 })] += 1;
    expect(counts.a / 10_000).toBeCloseTo(0.75, 1);
  });
});
