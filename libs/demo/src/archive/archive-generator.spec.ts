import { createCaseDecider, defaultCasePolicy, isOpened } from '@ketenregie/cases-domain';
import type { CaseEvent, CaseState, Household } from '@ketenregie/cases-domain';
import type { MessageQueued, MessageSettled } from '@ketenregie/contracts';
import { feedbackDueOn, milestoneMessageId, outcomeEventId } from '@ketenregie/feedback-domain';
import type { Milestone } from '@ketenregie/feedback-domain';
import { retryNote } from './archive-feedback';
import { generateArchiveCase } from './archive-generator';
import type { ArchiveCase } from './archive-generator';
import { dropDiacritics, familyNameTable } from './dutch-names';

const endsAt = new Date('2026-12-01T00:00:00Z');
const CASES = 3_000;

// Generating runs the real decider for every step: seconds on a busy 2-core machine.
jest.setTimeout(120_000);

const fold = (generated: ArchiveCase): CaseState => {
  const decider = createCaseDecider(defaultCasePolicy);
  return generated.events.map((event) => event as unknown as CaseEvent).reduce(decider.evolve, decider.initialState());
};

describe('national archive generator', () => {
  let archive: ArchiveCase[];

  beforeAll(() => {
    archive = Array.from({ length: CASES }, (_, index) => generateArchiveCase({ seed: 5, endsAt }, index));
  });

  it('writes streams that fold through the decider, opened by an intake and, unless open, closed', () => {
    for (const generated of archive) {
      expect(generated.events[0]?.type).toBe('cases.case-opened');
      const state = fold(generated);
      expect(isOpened(state)).toBe(true);
      if (!isOpened(state)) continue;
      expect(state.status === 'closed').toBe(!generated.truth.open);
      expect(new Set(generated.events.map((event) => event.id)).size).toBe(generated.events.length);
      for (const event of generated.events) expect(Date.parse(String(event.metadata?.timestamp))).toBeLessThanOrEqual(endsAt.getTime());
    }
  });

  it('leaves about 5 % open and spreads the rest over 20 years', () => {
    const open = archive.filter((generated) => generated.truth.open).length / CASES;
    expect(open).toBeGreaterThan(0.035);
    expect(open).toBeLessThan(0.065);
    const opened = archive.map((generated) => Date.parse(String(generated.events[0].metadata?.timestamp)));
    const years = (Math.max(...opened) - Math.min(...opened)) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(19);
    expect(years).toBeLessThanOrEqual(20);
    const kinds = new Set(archive.flatMap((generated) => generated.events.map((event) => event.type)));
    for (const type of ['cases.handover-accepted', 'cases.rappel-completed', 'cases.safety-condition-added', 'cases.case-reopened']) {
      expect(kinds).toContain(type);
    }
  });

  it('draws family names with the real frequency of the common Dutch names', () => {
    const counts = new Map<string, number>();
    for (const generated of archive) {
      const [first] = generated.truth.members;
      const key = [first.name.prefix, first.name.familyName].filter(Boolean).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const share = (key: string) => (counts.get(key) ?? 0) / CASES;
    // De Jong is the most common name, about one bearer in 70 of the table's population.
    expect(share('de Jong')).toBeCloseTo(familyNameTable.share(0), 2);
    expect(share('de Jong')).toBeGreaterThan(share('Huisman'));
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked.slice(0, 5).map(([key]) => key)).toContain('de Jong');
    // A long tail: most names occur a few times only.
    expect(counts.size).toBeGreaterThan(CASES / 4);
  });

  it('shares dates of birth between families as a population does', () => {
    const families = new Map<string, Set<string>>();
    for (const generated of archive) {
      for (const member of generated.truth.members) {
        if (!member.dateOfBirth) continue;
        const set = families.get(member.dateOfBirth) ?? new Set<string>();
        set.add(generated.familyId);
        families.set(member.dateOfBirth, set);
      }
    }
    expect([...families.values()].some((set) => set.size > 1)).toBe(true);
  });

  it('keeps a ground truth that matches the stored household and misspells each later report on purpose', () => {
    for (const generated of archive) {
      const opened = generated.events[0].data as { familyId: string; household: Household };
      expect(opened.familyId).toBe(generated.truth.familyId);
      expect(opened.household.address.postcode).toBe(generated.truth.postcode);
      expect(opened.household.members.map((member) => [member.name, member.dateOfBirth])).toEqual(
        generated.truth.members.map((member) => [member.name, member.dateOfBirth]),
      );
      const kinds = generated.truth.queries.map((query) => query.how);
      expect(kinds).toEqual(expect.arrayContaining(['one-typo', 'swapped-letters', 'swapped-names']));
      for (const query of generated.truth.queries) {
        const member = generated.truth.members.find((candidate) => candidate.memberId === query.memberId);
        expect(member).toBeDefined();
        if (!member) continue;
        expect(query.dateOfBirth).toBe(member.dateOfBirth);
        expect(query.name).not.toEqual(member.name);
        if (query.how === 'missing-diacritic') expect(query.name.familyName).toBe(dropDiacritics(member.name.familyName));
        if (query.how === 'swapped-names') expect(query.name.familyName).toBe(member.name.givenNames);
      }
    }
    expect(archive.some((generated) => generated.truth.queries.some((query) => query.how === 'missing-diacritic'))).toBe(true);
  });

  it("writes at each milestone the message the feedback rules give a referrer, under the milestone processor's ids", () => {
    let reports = 0;
    let told = 0;
    for (const generated of archive) {
      const messages = generated.feedback.events.filter((event) => event.type === 'feedback.message-queued');
      const requests = new Map(
        generated.events
          .filter((event) => event.type === 'cases.feedback-requested')
          .map((event) => [(event.data as { messageId: string }).messageId, event]),
      );
      for (const event of messages) {
        const message = event.data as MessageQueued;
        expect(event.id).toBe(message.messageId);
        expect(message).toMatchObject({ caseId: generated.caseId, familyId: generated.familyId, channel: 'email', locale: 'nl' });
        expect(Date.parse(message.queuedAt)).toBeLessThanOrEqual(endsAt.getTime());
        expect(event.metadata?.timestamp).toBe(message.queuedAt);
        const request = requests.get(message.messageId);
        if (request) {
          // Sent again by staff: the request's id, its moment, its note.
          expect(request.metadata?.timestamp).toBe(message.queuedAt);
          expect(message.personal).toBe(true);
          expect(message.text).toContain(retryNote);
        } else {
          expect(message.messageId).toBe(milestoneMessageId(generated.caseId, message.reportId, message.milestone));
          expect(message.personal).toBe(false);
        }
        // Queued the moment the milestone was reached: feedback after an assessment is on time.
        if (message.milestone === 'safety-assessment-done' && !request) {
          expect(message.dueOn).toBe(feedbackDueOn({ kind: 'safety-assessment-done', endedAt: message.queuedAt } as Milestone));
        }
      }
      // A professional with an address hears that their report was received; a citizen who left none hears nothing.
      for (const event of generated.events.filter((candidate) => candidate.type === 'cases.report-received')) {
        const { reportId, referrer } = event.data as { reportId: string; referrer: { kind: string } };
        const received = messages.some((message) => (message.data as MessageQueued).reportId === reportId);
        reports += 1;
        if (received) told += 1;
        expect(received).toBe(referrer.kind === 'professional');
      }
      const ids = [...generated.events, ...generated.feedback.events].map((event) => event.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(told / reports).toBeGreaterThan(0.85);
  });

  it('records how each mail ended: nearly all delivered at once, a few refused or failed and then sent again', () => {
    const outcomes = new Map<string, number>();
    let undelivered = 0;
    for (const generated of archive) {
      const events = generated.feedback.events;
      const messages = events.filter((event) => event.type === 'feedback.message-queued').map((event) => event.data as MessageQueued);
      // Each mail's outcome follows it, under the id the delivery worker gives it, and is in the ledger.
      const settled = events.filter((event) => event.type !== 'feedback.message-queued');
      expect(settled).toHaveLength(messages.length);
      expect(generated.deliveries).toHaveLength(messages.length);
      for (const event of settled) {
        const outcome = event.data as MessageSettled;
        const index = events.indexOf(event);
        expect((events[index - 1].data as MessageQueued).messageId).toBe(outcome.messageId);
        expect(event.id).toBe(outcomeEventId(outcome.messageId));
        const kind = event.type.replace('feedback.message-', '');
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
        expect(generated.deliveries.find((delivery) => delivery.messageId === outcome.messageId)).toEqual({
          messageId: outcome.messageId,
          outcome: kind,
          attempts: outcome.attempts,
          settledAt: outcome.at,
        });
        if (kind === 'delivered') continue;
        // Staff sent it again within days, unless the archive ended first.
        undelivered += 1;
        const message = messages.find((candidate) => candidate.messageId === outcome.messageId) as MessageQueued;
        const again = messages.find(
          (candidate) =>
            candidate.reportId === message.reportId && candidate.milestone === message.milestone && candidate.queuedAt > message.queuedAt,
        );
        if (!again) expect(endsAt.getTime() - Date.parse(outcome.at)).toBeLessThan(6 * 86_400_000);
        else expect(Date.parse(again.queuedAt) - Date.parse(outcome.at)).toBeLessThan(6 * 86_400_000);
      }
    }
    const total = [...outcomes.values()].reduce((sum, count) => sum + count, 0);
    expect((outcomes.get('delivered') ?? 0) / total).toBeGreaterThan(0.97);
    expect(undelivered / total).toBeGreaterThan(0.005);
    expect(undelivered / total).toBeLessThan(0.03);
  });

  it('is the same archive for the same seed, case for case, and another for another seed', () => {
    expect(JSON.stringify(generateArchiveCase({ seed: 5, endsAt }, 17))).toBe(JSON.stringify(archive[17]));
    expect(JSON.stringify(generateArchiveCase({ seed: 6, endsAt }, 17).truth)).not.toBe(JSON.stringify(archive[17].truth));
  });
});
