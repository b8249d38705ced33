import { requestIdFrom } from './request-context';

describe('request context', () => {
  it('accepts a plain X-Request-Id and replaces anything else with a fresh id', () => {
    expect(requestIdFrom('web-1f3a.42:retry-2')).toBe('web-1f3a.42:retry-2');
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
    for (const unusable of [undefined, '', 'has spaces', 'line\nbreak', 'x'.repeat(129)]) {
      expect(requestIdFrom(unusable)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
