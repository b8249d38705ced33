import { performance } from 'node:perf_hooks';
import { firstValueFrom, mergeMap, of, throwError, timer } from 'rxjs';
import { refusalFloored, withRefusalFloor } from './refusal-floor';
import { problem } from '@ketenregie/platform-http';

type Settled = {
  ms: number;
  status: number | 'ok';
  /** No timer stood between the source's own answer and the caller getting it. */
  passedOnAtOnce: boolean;
};

/**
 * Times `answer` and tells whether it was passed on at once. `answered` is called when the source
 * answers; it schedules a check that runs only after every promise job of that moment, so the
 * check still being unset when the caller has the answer says that nothing waited in between,
 * however busy the machine is. A measured duration could not say that without a margin for load.
 */
const timing = async (answer: (answered: () => void) => Promise<unknown>, started = performance.now()): Promise<Settled> => {
  let checked = false;
  const answered = () => void setImmediate(() => (checked = true));
  let status: Settled['status'] = 'ok';
  try {
    await answer(answered);
  } catch (error) {
    status = (error as { getStatus: () => number }).getStatus();
  }
  return { ms: performance.now() - started, status, passedOnAtOnce: !checked };
};

const refused = (status: number) => problem(status, status === 404 ? 'Deze casus bestaat niet.' : 'Nee.');

describe('refusal floor', () => {
  const settle = (after: number, outcome: 'ok' | number) =>
    timing((answered) => {
      const source = timer(after).pipe(
        mergeMap(() => {
          answered();
          return outcome === 'ok' ? of('ok') : throwError(() => refused(outcome));
        }),
      );
      return firstValueFrom(withRefusalFloor(source, 40));
    });

  it('holds a quick 404 back until the floor, and a slower one not at all', async () => {
    const quick = await settle(0, 404);
    expect(quick).toMatchObject({ status: 404, passedOnAtOnce: false });
    expect(quick.ms).toBeGreaterThanOrEqual(40);
    const slow = await settle(60, 404);
    expect(slow).toMatchObject({ status: 404, passedOnAtOnce: true });
  });

  it('passes every other answer on at once', async () => {
    expect(await settle(0, 'ok')).toMatchObject({ status: 'ok', passedOnAtOnce: true });
    expect(await settle(0, 403)).toMatchObject({ status: 403, passedOnAtOnce: true });
  });
});

describe('refusal floor for an async handler', () => {
  const settle = (after: number, outcome: 'ok' | number) =>
    timing((answered) =>
      refusalFloored(async () => {
        if (after > 0) await new Promise((resolve) => setTimeout(resolve, after));
        answered();
        if (outcome !== 'ok') throw refused(outcome);
        return 'ok';
      }, 40),
    );

  it('holds a quick 404 back until the floor, and a slower one not at all', async () => {
    const quick = await settle(0, 404);
    expect(quick).toMatchObject({ status: 404, passedOnAtOnce: false });
    expect(quick.ms).toBeGreaterThanOrEqual(40);
    const slow = await settle(60, 404);
    expect(slow).toMatchObject({ status: 404, passedOnAtOnce: true });
  });

  it('passes every other answer on at once', async () => {
    expect(await settle(0, 'ok')).toMatchObject({ status: 'ok', passedOnAtOnce: true });
    expect(await settle(0, 403)).toMatchObject({ status: 403, passedOnAtOnce: true });
  });
});
