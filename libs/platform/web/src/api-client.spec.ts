import { ApiError, beginSignOut, getJson, onUnauthorized } from './api-client';

const anything = { parse: (value: unknown) => value };
const answer401 = () => Promise.resolve(new Response(JSON.stringify({ title: 'Niet aangemeld' }), { status: 401 }));

describe('signing out', () => {
  const realFetch = globalThis.fetch;
  let fetchMock: jest.Mock;
  let expired: number;
  let stopListening: () => void;

  beforeEach(() => {
    fetchMock = jest.fn(answer401);
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    expired = 0;
    stopListening = onUnauthorized(() => {
      expired += 1;
    });
  });

  afterEach(() => {
    stopListening();
    globalThis.fetch = realFetch;
  });

  it('treats a 401 of a signed-in read as an expired session', async () => {
    await expect(getJson('/api/v1/worklists/counts', anything)).rejects.toBeInstanceOf(ApiError);
    expect(expired).toBe(1);
  });

  it('sends no read while signing out, and fails it as "no session" afterwards without calling it an expiry', async () => {
    const endSignOut = beginSignOut();
    let settled = false;
    const read = getJson('/api/v1/worklists/counts', anything).finally(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    endSignOut();
    await expect(read).rejects.toMatchObject({ status: 401 });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(expired).toBe(0);

    // Signed out: the next read goes out again, and its 401 counts as usual.
    await expect(getJson('/api/v1/worklists/counts', anything)).rejects.toBeInstanceOf(ApiError);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(expired).toBe(1);
  });

  it('does not call a 401 an expiry when it answers a read sent just before the sign-out', async () => {
    let answer: (response: Response) => void = () => undefined;
    fetchMock.mockImplementationOnce(() => new Promise<Response>((resolve) => (answer = resolve)));
    const read = getJson('/api/v1/worklists/counts', anything);
    await Promise.resolve();
    const endSignOut = beginSignOut();
    answer(await answer401());
    await expect(read).rejects.toMatchObject({ status: 401 });
    endSignOut();
    expect(expired).toBe(0);
  });
});
