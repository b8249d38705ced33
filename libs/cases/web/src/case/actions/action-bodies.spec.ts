import { scheduleRappelsBodySchema } from '@ketenregie/contracts';
import { parseOffsets, routeBody } from './action-bodies';

describe('what the dialogs send', () => {
  it('reads the rappel months as typed, and leaves them out when empty (the region decides)', () => {
    expect(parseOffsets('3, 6, 12')).toEqual([3, 6, 12]);
    expect(parseOffsets(' 3 6 ')).toEqual([3, 6]);
    expect(parseOffsets('')).toBeUndefined();
    const owner = { person: { personId: 'p' }, organisation: { organisationId: 'vt', name: 'VT', kind: 'veilig-thuis' as const } };
    // A typo is not silently dropped: the contract refuses it.
    expect(scheduleRappelsBodySchema.safeParse({ owner, offsetsInMonths: parseOffsets('3, zes') }).success).toBe(false);
    expect(scheduleRappelsBodySchema.safeParse({ owner, offsetsInMonths: parseOffsets('3, 6') }).success).toBe(true);
  });

  it('sends each route to its own command, with the reason only where the command takes one', () => {
    expect(routeBody({ route: 'start-investigation', reason: 'x' })).toMatchObject({ path: 'investigations', body: {} });
    expect(routeBody({ route: 'start-conditions-and-follow-up', reason: 'Afspraken' })).toMatchObject({
      path: 'conditions-and-follow-up',
      body: { reason: 'Afspraken' },
    });
    expect(routeBody({ route: 'request-child-protection-investigation', reason: 'Zorgen' })).toMatchObject({
      path: 'child-protection-requests',
      body: { reason: 'Zorgen' },
    });
    // Without a reason the contract refuses the two routes that need one.
    const { schema, body } = routeBody({ route: 'start-conditions-and-follow-up', reason: '' });
    expect(schema.safeParse(body).success).toBe(false);
  });
});
