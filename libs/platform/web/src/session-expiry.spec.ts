import { forgetSessionTimes, noteSessionTimes, recordSessionActivity, sessionExpiry, subscribeSessionExpiry } from './session-expiry';

const minute = 60_000;
const serverNow = Date.parse('2026-03-12T13:05:00.000Z');
const answer = (now: number, endsAt: number) => ({
  expiresAt: new Date(Math.min(now + 30 * minute, endsAt)).toISOString(),
  endsAt: new Date(endsAt).toISOString(),
  idleTimeoutSeconds: 30 * 60,
});

describe('when the session ends, on the browser clock', () => {
  afterEach(() => forgetSessionTimes());

  it('ends the idle time after the last answer of the API, and every answer moves it on', () => {
    const clientNow = 5_000_000;
    noteSessionTimes(answer(serverNow, serverNow + 12 * 60 * minute), clientNow);
    expect(sessionExpiry()).toEqual({ at: clientNow + 30 * minute, extendable: true });
    recordSessionActivity(clientNow + 10 * minute);
    expect(sessionExpiry()?.at).toBe(clientNow + 40 * minute);
  });

  it('reads the absolute end relative to the answer, so a browser clock that is off does not matter', () => {
    // This browser's clock is an hour behind the server's; the session ends for good in 40 minutes.
    const clientNow = serverNow - 60 * minute;
    noteSessionTimes(answer(serverNow, serverNow + 40 * minute), clientNow);
    expect(sessionExpiry()).toEqual({ at: clientNow + 30 * minute, extendable: true });
    recordSessionActivity(clientNow + 15 * minute);
    expect(sessionExpiry()).toEqual({ at: clientNow + 40 * minute, extendable: false });
  });

  it('tells its listeners when the end moves, and knows no end without a session', () => {
    const seen: number[] = [];
    const unsubscribe = subscribeSessionExpiry(() => seen.push(sessionExpiry()?.at ?? 0));
    noteSessionTimes(answer(serverNow, serverNow + 12 * 60 * minute), 1_000);
    recordSessionActivity(2_000);
    forgetSessionTimes();
    unsubscribe();
    expect(seen.at(-1)).toBe(0);
    expect(seen).toContain(2_000 + 30 * minute);
    expect(sessionExpiry()).toBeUndefined();
  });
});
