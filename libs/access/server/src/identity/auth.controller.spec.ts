import { performance } from 'node:perf_hooks';
import type { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { IdentitySettings } from './identity-settings';
import type { OidcSignIn } from './oidc-sign-in';
import { AuthController, sessionBody, signInRefusalFloorMs } from './auth.controller';
import { PublishedDemoAccounts } from './published-demo-accounts';
import type { Session } from './session-store';
import type { SignInService } from './sign-in.service';

// Invented people and organisations only.
const directory = {
  organisations: new Map([['ts-merwestad', { name: 'Team Sociaal Merwestad' }]]),
} as unknown as Parameters<typeof sessionBody>[1];

const sessionAt = (organisationId: string): Session => ({
  idHash: 'hash',
  principal: {
    userId: 'ts-iris',
    displayName: 'Iris Bakker',
    organisationId,
    roles: ['team-sociaal-consultant'],
    authenticatedBy: 'local',
  },
  csrfToken: 'csrf',
  createdAt: 0,
  lastSeenAt: 0,
  expiresAt: 1,
});

const controller = (options: { oidc: boolean; demo: boolean }): AuthController => {
  const demo = new PublishedDemoAccounts();
  if (options.demo) demo.publish([]);
  const oidc = options.oidc ? ({} as OidcSignIn) : null;
  const unused = {} as never;
  return new AuthController(unused, unused, unused, unused, oidc, demo, directory);
};

describe('the session answer', () => {
  it("names the user's organisation as the directory does, so the header shows a name rather than an id", () => {
    expect(sessionBody(sessionAt('ts-merwestad'), directory, { idleTimeoutMs: 1_800_000 }).user).toEqual({
      userId: 'ts-iris',
      displayName: 'Iris Bakker',
      organisationId: 'ts-merwestad',
      organisationName: 'Team Sociaal Merwestad',
      roles: ['team-sociaal-consultant'],
    });
  });

  it('falls back to the id of an organisation the directory no longer knows', () => {
    expect(sessionBody(sessionAt('ts-opgeheven'), directory, { idleTimeoutMs: 1_800_000 }).user.organisationName).toBe('ts-opgeheven');
  });
});

describe('the sign-in options', () => {
  it.each([
    [
      { oidc: false, demo: false },
      { oidc: false, demoAccounts: false },
    ],
    [
      { oidc: true, demo: false },
      { oidc: true, demoAccounts: false },
    ],
    [
      { oidc: false, demo: true },
      { oidc: false, demoAccounts: true },
    ],
  ])('with %j answer %j', (setup, expected) => {
    expect(controller(setup).signInOptions()).toEqual(expected);
  });
});

describe('a refused sign-in', () => {
  const refusing = (): AuthController => {
    const signIn = { signIn: async () => ({ ok: false }) } as unknown as SignInService;
    const settings = { maxFailedAttempts: 5, lockoutMs: 900_000 } as IdentitySettings;
    const unused = {} as never;
    return new AuthController(unused, unused, signIn, settings, null, new PublishedDemoAccounts(), directory);
  };
  const request = (body: unknown) => ({ is: () => 'application/json', headers: {}, body }) as unknown as Request;
  const statusOf = (error: unknown): number => (error as HttpException).getStatus();

  it('answers no sooner than the floor, however quickly the refusal was known', async () => {
    const started = performance.now();
    const error = await refusing()
      .signIn(request({ username: 'iris', password: 'not her password' }), {} as Response)
      .catch((caught: unknown) => caught);
    expect(statusOf(error)).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(signInRefusalFloorMs);
  });

  it('answers input it cannot read at once: its time depends on no account', async () => {
    const started = performance.now();
    const error = await refusing()
      .signIn(request({ username: 'iris' }), {} as Response)
      .catch((caught: unknown) => caught);
    expect(statusOf(error)).toBe(400);
    expect(performance.now() - started).toBeLessThan(signInRefusalFloorMs);
  });
});
