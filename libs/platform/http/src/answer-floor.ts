import { performance } from 'node:perf_hooks';

/**
 * A lower bound on the time of an answer, so that the time of a refusal says nothing about what
 * was looked up to reach it (whether a username or a case exists). Started when the handler
 * starts, before any of that work, so its end is fixed before the work can move it.
 */
export type AnswerFloor = {
  /** Resolves once `floorMs` have passed since the start (at once when they have). */
  reached(): Promise<void>;
  /** The answer goes out without waiting: the timer is dropped. */
  release(): void;
};

/**
 * How much of the floor is left to the last step. A timer ends on the event loop's millisecond
 * clock, from a start that clock saw up to a millisecond late or early: where in that millisecond
 * the floor ends then depends on where in its millisecond the request began. Sequential requests
 * fall into step with that clock, and a refusal that did more work fell into a different step:
 * measured 0.27 ms later at the median for an existing case, behind a 50 ms floor, z 9.9 with one
 * core busy elsewhere. So the timer ends a little early, and the last stretch is waited out turn
 * by turn of the event loop against `performance.now()`, which ends the floor within one turn of
 * its deadline, wherever the request began. Those turns keep serving other requests' I/O.
 */
const lastStepMs = 2;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const startAnswerFloor = (floorMs: number): AnswerFloor => {
  const deadline = performance.now() + floorMs;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    // Unreferenced: a floor never keeps a stopping process alive.
    timer = setTimeout(resolve, Math.max(0, floorMs - lastStepMs)).unref();
  });
  return {
    async reached() {
      // Past the floor no timer at all, not even one of 0 ms: the answer goes out as it comes.
      if (performance.now() >= deadline) {
        clearTimeout(timer);
        return;
      }
      await elapsed;
      while (performance.now() < deadline) await nextTurn();
    },
    release() {
      clearTimeout(timer);
    },
  };
};

/**
 * Runs `run` under a floor of `floorMs`: an error `holdsBack` picks out (the refusal to hide) is
 * thrown no sooner than `floorMs` after the start; anything else, a result included, at once.
 */
export const withAnswerFloor = async <T>(run: () => Promise<T>, floorMs: number, holdsBack: (error: unknown) => boolean): Promise<T> => {
  const floor = startAnswerFloor(floorMs);
  try {
    const result = await run();
    floor.release();
    return result;
  } catch (error) {
    if (holdsBack(error)) await floor.reached();
    else floor.release();
    throw error;
  }
};
