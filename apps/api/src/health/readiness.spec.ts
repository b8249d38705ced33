import { assessProjection } from './readiness';
import type { LagBaseline } from './readiness';

const policy = { maxProjectionLag: 100, lagGrowthWindowMs: 5_000 };
const running = { leaseOwner: 'host:1:abc', parkedEvents: 0, heldEvents: 0 };

/** Feeds lag samples (time in ms, lag) through the assessment, as successive probes would. */
const probe = (samples: [number, number][], status: Partial<typeof running> = {}) => {
  let baseline: LagBaseline | undefined;
  return samples.map(([at, lag]) => {
    const assessed = assessProjection({ ...running, ...status, lag }, baseline, at, policy);
    baseline = assessed.baseline;
    return assessed.state;
  });
};

describe('readiness of a projection', () => {
  it('is ok within the lag bound, however the lag moves', () => {
    expect(
      probe([
        [0, 0],
        [10_000, 100],
        [20_000, 50],
      ]),
    ).toEqual(['ok', 'ok', 'ok']);
  });

  it('stays ready while a lag above the bound shrinks (catching up after a deploy)', () => {
    expect(
      probe([
        [0, 90_000],
        [6_000, 60_000],
        [12_000, 30_000],
        [18_000, 150],
        [24_000, 0],
      ]),
    ).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('falls behind when a lag above the bound has not shrunk for the window', () => {
    expect(
      probe([
        [0, 500],
        [4_999, 800],
        [5_000, 900],
        [9_000, 400],
        [13_000, 450],
        [14_000, 460],
      ]),
    ).toEqual([
      'ok',
      'ok',
      'falling-behind',
      // It shrank below the lowest seen: the window starts again from there.
      'ok',
      'ok',
      'falling-behind',
    ]);
    // Stuck with no new writes is just as unready.
    expect(
      probe([
        [0, 500],
        [6_000, 500],
      ]),
    ).toEqual(['ok', 'falling-behind']);
  });

  it('is stopped when no process holds its lease, and degraded with parked or held events', () => {
    expect(probe([[0, 0]], { leaseOwner: null as unknown as string })).toEqual(['stopped']);
    expect(probe([[0, 0]], { parkedEvents: 1 })).toEqual(['degraded']);
    expect(probe([[0, 0]], { heldEvents: 2 })).toEqual(['degraded']);
    expect(
      probe(
        [
          [0, 500],
          [6_000, 600],
        ],
        { parkedEvents: 1 },
      ),
    ).toEqual(['degraded', 'falling-behind']);
  });
});
