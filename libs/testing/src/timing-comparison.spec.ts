import { compareTimings, mannWhitneyZ, measureInterleaved } from './timing-comparison';

describe('Mann-Whitney z', () => {
  it('is the textbook value for fully separated groups, negative when the first is faster', () => {
    // U = 0, mean 4.5, variance 3 * 3 / 12 * 7 = 5.25.
    expect(mannWhitneyZ([1, 2, 3], [4, 5, 6])).toBeCloseTo(-4.5 / Math.sqrt(5.25), 10);
    expect(mannWhitneyZ([4, 5, 6], [1, 2, 3])).toBeCloseTo(4.5 / Math.sqrt(5.25), 10);
  });

  it('corrects for ties and is 0 for identical groups', () => {
    expect(mannWhitneyZ([1, 1, 2, 2], [1, 1, 2, 2])).toBe(0);
    // Ranks of [1,1,1,2] in [1,1,1,1,2,2,2,2]: ties of four at 2.5 and at 6.5.
    const u = 3 * 2.5 + 6.5 - 10;
    const variance = (16 / 12) * (9 - (60 + 60) / 56);
    expect(mannWhitneyZ([1, 1, 1, 2], [1, 2, 2, 2])).toBeCloseTo((u - 8) / Math.sqrt(variance), 10);
  });

  it('finds a shift of a third of the spread in 200 tries, and none in a group against itself', () => {
    let seed = 7;
    const noise = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = Array.from({ length: 200 }, () => 10 + 3 * noise());
    const shifted = Array.from({ length: 200 }, () => 11 + 3 * noise());
    expect(mannWhitneyZ(shifted, base)).toBeGreaterThan(3);
    const same = Array.from({ length: 200 }, () => 10 + 3 * noise());
    expect(Math.abs(mannWhitneyZ(same, base))).toBeLessThan(3);
  });
});

describe('comparing timings', () => {
  it('gives medians, means and their differences', () => {
    const comparison = compareTimings({ name: 'a', durationsMs: [1, 2, 3, 100] }, { name: 'b', durationsMs: [1, 1, 2, 2] });
    expect(comparison.groups[0]).toMatchObject({ name: 'a', tries: 4, medianMs: 2.5, meanMs: 26.5 });
    expect(comparison.medianDifferenceMs).toBe(1);
    expect(comparison.meanDifferenceMs).toBe(25);
  });

  it('alternates the groups, flipping the order every other pair', async () => {
    const order: string[] = [];
    await measureInterleaved(
      { name: 'a', run: async (index) => void (index >= 0 && order.push('a')) },
      { name: 'b', run: async (index) => void (index >= 0 && order.push('b')) },
      4,
      { warmUp: 1 },
    );
    expect(order.join('')).toBe('abbaabba');
  });
});
