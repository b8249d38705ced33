import type { ProjectionStatus } from '@ketenregie/event-store';

export type ProjectionState = 'ok' | 'degraded' | 'stopped' | 'falling-behind';

export type ReadinessPolicy = {
  /** Lag (events) a projection may have without counting as falling behind. */
  maxProjectionLag: number;
  /** How long a lag above the bound must go without shrinking before it counts. */
  lagGrowthWindowMs: number;
};

/** The lowest lag seen since a projection went above the bound, and when. */
export type LagBaseline = { lag: number; at: number };

export type ProjectionAssessment = {
  state: ProjectionState;
  /** What the next assessment compares with; absent while the lag is within the bound. */
  baseline: LagBaseline | undefined;
};

/**
 * A projection is `stopped` when no process holds its lease, and `falling-behind` when its lag has
 * been above the bound for the whole window without dropping below the lowest value seen: a
 * projection catching up after a deploy shrinks its lag and stays ready; one that is stuck or
 * slower than the writers does not. Parked events alone leave it serving, `degraded`.
 */
export const assessProjection = (
  status: Pick<ProjectionStatus, 'lag' | 'leaseOwner' | 'parkedEvents' | 'heldEvents'>,
  previous: LagBaseline | undefined,
  now: number,
  policy: ReadinessPolicy,
): ProjectionAssessment => {
  let baseline: LagBaseline | undefined;
  if (status.lag > policy.maxProjectionLag) baseline = previous && previous.lag <= status.lag ? previous : { lag: status.lag, at: now };
  const fallingBehind = baseline !== undefined && now - baseline.at >= policy.lagGrowthWindowMs;
  const state: ProjectionState =
    status.leaseOwner === null
      ? 'stopped'
      : fallingBehind
        ? 'falling-behind'
        : status.parkedEvents + status.heldEvents > 0
          ? 'degraded'
          : 'ok';
  return { state, baseline };
};
