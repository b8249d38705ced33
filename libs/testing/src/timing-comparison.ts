import { performance } from 'node:perf_hooks';

export type GroupFigures = {
  name: string;
  tries: number;
  medianMs: number;
  meanMs: number;
  p90Ms: number;
};

export type TimingComparison = {
  groups: [GroupFigures, GroupFigures];
  /** Median of the first group minus median of the second. */
  medianDifferenceMs: number;
  meanDifferenceMs: number;
  /**
   * Mann–Whitney U as a normal score (tie-corrected): positive when the first group tends to be
   * slower. Ranks, not means, so a few stalls of a shared machine cannot decide it.
   */
  z: number;
};

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

const quantile = (ascending: readonly number[], q: number): number => {
  if (ascending.length === 0) return Number.NaN;
  const position = (ascending.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return ascending[below] + (ascending[above] - ascending[below]) * (position - below);
};

const figuresOf = (name: string, values: readonly number[]): GroupFigures => {
  const ascending = sorted(values);
  return {
    name,
    tries: values.length,
    medianMs: quantile(ascending, 0.5),
    meanMs: values.reduce((sum, value) => sum + value, 0) / values.length,
    p90Ms: quantile(ascending, 0.9),
  };
};

/** Mann–Whitney U of `first` against `second`, as a z score with the correction for ties. */
export const mannWhitneyZ = (first: readonly number[], second: readonly number[]): number => {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return Number.NaN;
  const all = [...first.map((value) => ({ value, first: true })), ...second.map((value) => ({ value, first: false }))].sort(
    (a, b) => a.value - b.value,
  );
  const n = all.length;
  let rankSumFirst = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && all[end + 1].value === all[start].value) end += 1;
    const averageRank = (start + end) / 2 + 1;
    const tied = end - start + 1;
    tieTerm += tied ** 3 - tied;
    for (let index = start; index <= end; index += 1) if (all[index].first) rankSumFirst += averageRank;
    start = end + 1;
  }
  const u = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  return variance === 0 ? 0 : (u - mean) / Math.sqrt(variance);
};

export const compareTimings = (
  first: { name: string; durationsMs: readonly number[] },
  second: { name: string; durationsMs: readonly number[] },
): TimingComparison => {
  const a = figuresOf(first.name, first.durationsMs);
  const b = figuresOf(second.name, second.durationsMs);
  return {
    groups: [a, b],
    medianDifferenceMs: a.medianMs - b.medianMs,
    meanDifferenceMs: a.meanMs - b.meanMs,
    z: mannWhitneyZ(first.durationsMs, second.durationsMs),
  };
};

export type TimedGroup = {
  name: string;
  /** One try; resolves when the answer is complete (its body read). */
  run: (index: number) => Promise<void>;
};

/**
 * Times two groups of requests one at a time, alternating (A B B A A B …, the order of each pair
 * flipped every other pair), so a machine that gets slower or faster during the run moves both
 * groups alike and a request never profits from always following the other group's.
 */
export const measureInterleaved = async (
  first: TimedGroup,
  second: TimedGroup,
  tries: number,
  options: { warmUp?: number } = {},
): Promise<TimingComparison> => {
  for (let index = 0; index < (options.warmUp ?? 10); index += 1) {
    await first.run(-1 - index);
    await second.run(-1 - index);
  }
  const durations: [number[], number[]] = [[], []];
  const time = async (group: TimedGroup, index: number, into: number[]): Promise<void> => {
    const started = performance.now();
    await group.run(index);
    into.push(performance.now() - started);
  };
  for (let index = 0; index < tries; index += 1) {
    if (index % 2 === 0) {
      await time(first, index, durations[0]);
      await time(second, index, durations[1]);
    } else {
      await time(second, index, durations[1]);
      await time(first, index, durations[0]);
    }
  }
  return compareTimings({ name: first.name, durationsMs: durations[0] }, { name: second.name, durationsMs: durations[1] });
};

const ms = (value: number): string => value.toFixed(2);

/** One line per group and one for the difference, for a test's message or a benchmark's report. */
export const describeComparison = (title: string, comparison: TimingComparison): string => {
  const [a, b] = comparison.groups;
  return [
    `${title}`,
    ...[a, b].map(
      (group) =>
        `  ${group.name}: n=${group.tries} median ${ms(group.medianMs)} ms, mean ${ms(group.meanMs)} ms, p90 ${ms(group.p90Ms)} ms`,
    ),
    `  difference (${a.name} - ${b.name}): median ${ms(comparison.medianDifferenceMs)} ms, mean ${ms(comparison.meanDifferenceMs)} ms, Mann-Whitney z = ${comparison.z.toFixed(2)}`,
  ].join('\n');
};
