import { commandMetadata, requestIdFrom, runWithRequestContext } from './request-context';

describe('request context', () => {
  it('accepts a plain X-Request-Id and replaces anything else with a fresh id', () => {
    expect(requestIdFrom('web-1f3a.42:retry-2')).toBe('web-1f3a.42:retry-2');
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
    for (const unusable of [undefined, '', 'has spaces', 'line\nbreak', 'x'.repeat(129)]) {
      expect(requestIdFrom(unusable)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('uses the request id as correlation id of commands sent while handling the request', async () => {
    const actor = { userId: 'user-7' };
    const now = new Date('2026-03-02T09:00:00Z');
    const metadata = await runWithRequestContext({ requestId: 'req-99' }, async () => {
      await Promise.resolve();
      return commandMetadata(actor, now);
    });
    expect(metadata).toEqual({ now, actor, correlationId: 'req-99' });
    expect(commandMetadata(actor, now).correlationId).not.toBe('req-99');
  });
});
