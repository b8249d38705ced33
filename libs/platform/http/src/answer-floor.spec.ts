import { performance } from 'node:perf_hooks';
import { withAnswerFloor } from './answer-floor';

class Refusal extends Error {}

const refusesOnly = (error: unknown): boolean => error instanceof Refusal;

/** Keeps the event loop busy, as a refusal's own work does in the turn that decides it. */
const busyFor = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
};

type Settled = { ms: number; outcome: 'result' | 'refusal' | 'other'; passedOnAtOnce: boolean };

/**
 * Runs `work` under a floor of 40 ms and says when the caller had its answer, and whether a timer
 * stood between the work's own end and the caller: `answered` schedules a check that runs only
 * after every promise job of that moment, so a check still unset when the caller has the answer
 * says that nothing waited in between, however busy the machine is.
 */
const settle = async (work: (answered: () => void) => Promise<string>): Promise<Settled> => {
  const started = performance.now();
  let checked = false;
  const answered = () => void setImmediate(() => (checked = true));
  let outcome: Settled['outcome'] = 'result';
  try {
    await withAnswerFloor(() => work(answered), 40, refusesOnly);
  } catch (error) {
    outcome = error instanceof Refusal ? 'refusal' : 'other';
  }
  return { ms: performance.now() - started, outcome, passedOnAtOnce: !checked };
};

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('answer floor', () => {
  it('holds a quick refusal back until the floor, and a slower one not at all', async () => {
    const quick = await settle(async (answered) => {
      answered();
      throw new Refusal();
    });
    expect(quick).toMatchObject({ outcome: 'refusal', passedOnAtOnce: false });
    expect(quick.ms).toBeGreaterThanOrEqual(40);

    const slow = await settle(async (answered) => {
      await after(60);
      answered();
      throw new Refusal();
    });
    expect(slow).toMatchObject({ outcome: 'refusal', passedOnAtOnce: true });
  });

  it('passes results and other errors on at once', async () => {
    const result = await settle(async (answered) => {
      answered();
      return 'ok';
    });
    expect(result).toMatchObject({ outcome: 'result', passedOnAtOnce: true });
    const other = await settle(async (answered) => {
      answered();
      throw new Error('database down');
    });
    expect(other).toMatchObject({ outcome: 'other', passedOnAtOnce: true });
  });

  it('arms its timer before the work starts, so the work cannot move the end of the floor', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    try {
      let floorTimersBeforeWork = -1;
      const refused = await settle(async (answered) => {
        floorTimersBeforeWork = setTimeoutSpy.mock.calls.length;
        await after(1);
        // The turn that decides the refusal is a long one, as for a case that exists.
        busyFor(15);
        answered();
        throw new Refusal();
      });
      expect(floorTimersBeforeWork).toBe(1);
      expect(refused).toMatchObject({ outcome: 'refusal', passedOnAtOnce: false });
      expect(refused.ms).toBeGreaterThanOrEqual(40);
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });

  it('drops its timer when the answer goes out without waiting', async () => {
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
    try {
      await settle(async () => 'ok');
      expect(clearTimeoutSpy).toHaveBeenCalledTimes(1);
    } finally {
      clearTimeoutSpy.mockRestore();
    }
  });
});
