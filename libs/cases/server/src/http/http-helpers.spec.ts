import { HttpException } from '@nestjs/common';
import { attachPrincipal } from '@ketenregie/access-contracts';
import { actorFromRequest, actorNameFromRequest } from './actor';
import { matchesWeakly, pinnedVersion, unmatchableVersion } from './etag';
import { derivedUuid, idempotencyKeyFrom, requestFingerprint } from './idempotency';

const statusOf = (run: () => unknown): number | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof HttpException ? error.getStatus() : -1;
  }
};

describe('actorFromRequest', () => {
  it('reads user and organisation from the signed-in principal', () => {
    const request = { headers: {} };
    attachPrincipal(request, {
      userId: 'u1',
      displayName: 'Anna',
      organisationId: 'o1',
      roles: ['veilig-thuis-professional'],
      authenticatedBy: 'local',
    });
    expect(actorFromRequest(request)).toEqual({ userId: 'u1', organisationId: 'o1' });
    expect(actorNameFromRequest(request)).toBe('Anna');
  });

  it('is 401 without a principal, whatever identity headers the client sends', () => {
    const request = { headers: { 'x-user-id': 'u1', 'x-organisation-id': 'o1', 'x-user-name': 'Anna' } };
    expect(statusOf(() => actorFromRequest(request))).toBe(401);
    expect(statusOf(() => actorNameFromRequest(request))).toBe(401);
  });
});

describe('pinnedVersion', () => {
  it('reads strong version ETags, lets a weak one match nothing (strong comparison) and rejects anything else', () => {
    expect(pinnedVersion(undefined)).toBeUndefined();
    expect(pinnedVersion('"7"')).toBe(7);
    expect(pinnedVersion('"0"')).toBe(0);
    expect(pinnedVersion('W/"7"')).toBe(unmatchableVersion);
    expect(statusOf(() => pinnedVersion('*'))).toBe(400);
    expect(statusOf(() => pinnedVersion('W/"1", W/"2"'))).toBe(400);
  });
});

describe('matchesWeakly', () => {
  it('compares If-None-Match weakly: W/"7" and "7" both name version 7, a list and * too', () => {
    expect(matchesWeakly('W/"7"', '"7"')).toBe(true);
    expect(matchesWeakly('"7"', '"7"')).toBe(true);
    expect(matchesWeakly('"6", W/"7"', '"7"')).toBe(true);
    expect(matchesWeakly('*', '"7"')).toBe(true);
    expect(matchesWeakly('"6"', '"7"')).toBe(false);
    expect(matchesWeakly(undefined, '"7"')).toBe(false);
  });
});

describe('idempotency helpers', () => {
  it('requires a key (428) of visible ASCII (400)', () => {
    expect(idempotencyKeyFrom({ 'idempotency-key': 'abc-1' })).toBe('abc-1');
    expect(statusOf(() => idempotencyKeyFrom({}))).toBe(428);
    expect(statusOf(() => idempotencyKeyFrom({ 'idempotency-key': 'a b' }))).toBe(400);
  });

  it('fingerprints method, path, body (whatever its key order) and actor', () => {
    const base = {
      method: 'POST',
      path: '/api/v1/cases/reports',
      body: { a: 1, b: [1, { c: 2, d: 3 }] },
      actor: { userId: 'u1', organisationId: 'o1' },
    };
    const same = requestFingerprint(base);
    expect(requestFingerprint({ ...base, body: { b: [1, { d: 3, c: 2 }], a: 1 } })).toBe(same);
    expect(requestFingerprint({ ...base, body: { a: 2, b: [1, { c: 2, d: 3 }] } })).not.toBe(same);
    expect(requestFingerprint({ ...base, path: '/api/v1/cases/advice-requests' })).not.toBe(same);
    expect(requestFingerprint({ ...base, actor: { userId: 'u2', organisationId: 'o1' } })).not.toBe(same);
  });

  it('derives stable, distinct UUIDs per key and name', () => {
    const id = derivedUuid('key-1', 'report');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid('key-1', 'report')).toBe(id);
    expect(derivedUuid('key-1', 'case')).not.toBe(id);
    expect(derivedUuid('key-2', 'report')).not.toBe(id);
  });

  it('derives the same UUIDs as every earlier release, so a retry after an upgrade finds its own events', () => {
    expect(derivedUuid('user:abc', 'command')).toBe('9caa497f-f238-8b22-a867-2cfc7b2f6eba');
    expect(derivedUuid('user:abc', 'event-0')).toBe('6bd3e4b8-2346-82c4-bb81-b50c2ad2ef01');
    expect(derivedUuid('k', 'family')).toBe('8c5736a3-ce9f-8a97-a035-b172fc279c61');
  });
});
