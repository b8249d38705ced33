import { performance } from 'node:perf_hooks';
import { firstValueFrom, of, throwError, timer } from 'rxjs';
import { mergeMap } from 'rxjs';
import { refusalFloored, withRefusalFloor } from './refusal-floor';
import { problem } from '@ketenregie/platform-http';

const settle = async (source: Parameters<typeof firstValueFrom>[0]): Promise<{ ms: number; status: number | 'ok' }> => {
  const started = performance.now();
  try {
    await firstValueFrom(withRefusalFloor(source, started, 40));
    return { ms: performance.now() - started, status: 'ok' };
  } catch (error) {
    return { ms: performance.now() - started, status: (error as { getStatus: () => number }).getStatus() };
  }
};

describe('refusal floor', () => {
  it('holds a quick 404 back until the floor, and a slower one not at all', async () => {
    const quick = await settle(throwError(() => problem(404, 'Deze casus bestaat niet.')));
    expect(quick.status).toBe(404);
    expect(quick.ms).toBeGreaterThanOrEqual(39);
    const slow = await settle(timer(60).pipe(mergeMap(() => throwError(() => problem(404, 'Deze casus bestaat niet.')))));
    expect(slow.ms).toBeGreaterThanOrEqual(59);
    expect(slow.ms).toBeLessThan(100);
  });

  it('passes every other answer on at once', async () => {
    expect((await settle(of('ok'))).ms).toBeLessThan(20);
    const forbidden = await settle(throwError(() => problem(403, 'Nee.')));
    expect(forbidden).toMatchObject({ status: 403 });
    expect(forbidden.ms).toBeLessThan(20);
  });
});

describe('refusal floor for an async handler', () => {
  const timed = async (run: () => Promise<unknown>): Promise<{ ms: number; status: number | 'ok' }> => {
    const started = performance.now();
    try {
      await refusalFloored(run, 40);
      return { ms: performance.now() - started, status: 'ok' };
    } catch (error) {
      return { ms: performance.now() - started, status: (error as { getStatus: () => number }).getStatus() };
    }
  };

  it('holds a quick 404 back until the floor, and a slower one not at all', async () => {
    const quick = await timed(() => Promise.reject(problem(404, 'Deze casus bestaat niet.')));
    expect(quick.status).toBe(404);
    expect(quick.ms).toBeGreaterThanOrEqual(39);
    const slow = await timed(async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      throw problem(404, 'Deze casus bestaat niet.');
    });
    expect(slow.ms).toBeGreaterThanOrEqual(59);
    expect(slow.ms).toBeLessThan(100);
  });

  it('passes every other answer on at once', async () => {
    expect((await timed(async () => 'ok')).ms).toBeLessThan(20);
    const forbidden = await timed(() => Promise.reject(problem(403, 'Nee.')));
    expect(forbidden).toMatchObject({ status: 403 });
    expect(forbidden.ms).toBeLessThan(20);
  });
});
