import { authSessionSchema } from '@ketenregie/contracts';
import { parseAuthSession } from './session';

const valid = {
  user: {
    userId: 'vt-anna',
    displayName: 'Anna de Vries',
    organisationId: 'vt-zhz',
    organisationName: 'Veilig Thuis Zuid-Holland Zuid',
    roles: ['veilig-thuis-professional'],
  },
  csrfToken: 'token',
  expiresAt: '2026-03-12T13:35:00.000Z',
  endsAt: '2026-03-13T01:05:00.000Z',
  idleTimeoutSeconds: 1800,
};

const fromSchema = (value: unknown) => {
  const parsed = authSessionSchema.safeParse(value);
  return parsed.success ? parsed.data : 'refused';
};
const byHand = (value: unknown) => {
  try {
    return parseAuthSession(value);
  } catch {
    return 'refused';
  }
};

const samples: unknown[] = [
  valid,
  { ...valid, extra: true },
  { ...valid, user: { ...valid.user, roles: [] } },
  { ...valid, user: { ...valid.user, roles: ['team-sociaal-consultant', 'privacy-officer'] } },
  { ...valid, user: { ...valid.user, roles: ['superuser'] } },
  { ...valid, user: { ...valid.user, roles: 'chain-partner' } },
  { ...valid, user: { ...valid.user, displayName: undefined } },
  { ...valid, user: null },
  { ...valid, csrfToken: 1 },
  { ...valid, expiresAt: undefined },
  { ...valid, endsAt: null },
  { ...valid, idleTimeoutSeconds: 0 },
  { ...valid, idleTimeoutSeconds: 1.5 },
  { ...valid, idleTimeoutSeconds: '1800' },
  { user: valid.user, csrfToken: 'token' },
  null,
  [],
];

describe('reading the session answer without the schema library', () => {
  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))('answers as authSessionSchema does for %s', (_label, sample) => {
    expect(byHand(sample)).toEqual(fromSchema(sample));
  });
});
