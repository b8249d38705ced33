import type { OidcSignIn } from './oidc-sign-in';
import { AuthController, sessionBody } from './auth.controller';
import { PublishedDemoAccounts } from './published-demo-accounts';
import type { Session } from './session-store';

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
