import { planDemoRegion } from './demo-plan';

// The largest region planned in the unit tier: past DEMO_SCALE ≈ 1.25 the municipalities' usual
// addresses are all taken, which is where planning used to stop making progress.
jest.setTimeout(120_000);

describe('demo region plan at a large scale', () => {
  it('plans a region with more families than the demo streets have numbers, each at its own address', () => {
    const plan = planDemoRegion({ seed: 11, scale: 1.6, endsAt: new Date('2026-03-16T11:00:00Z') });
    const addresses = new Map<string, string>();
    for (const planned of plan.cases) {
      const first = planned.commands[0]?.command;
      if (!first || (first.type !== 'cases.register-report' && first.type !== 'cases.register-advice-request')) continue;
      const { postcode, houseNumber } = first.data.household.address;
      const key = `${postcode}-${houseNumber}`;
      expect(addresses.get(key) ?? planned.caseId).toBe(planned.caseId);
      addresses.set(key, planned.caseId);
    }
    // About 6,000 families at scale 1; the demo streets hold 7,500 addresses.
    expect(addresses.size).toBeGreaterThan(7_500);
    expect([...addresses.keys()].some((key) => Number(key.split('-')[1]) > 250)).toBe(true);
  });
});
