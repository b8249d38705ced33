import { createOrganisationDirectory } from '@ketenregie/access-domain';
import { resolveOrganisationRefs } from './organisation-refs';

const directory = createOrganisationDirectory([
  { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis', municipalities: ['Gorinchem'] },
  { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team', municipalities: ['Gorinchem'] },
  { organisationId: 'lev', name: 'Lev Groep', kind: 'chain-partner', municipalities: [] },
]);

const problemOf = (run: () => unknown): { status: number; errors: { path: string }[] } => {
  try {
    run();
  } catch (error) {
    const response = (error as { getResponse(): { status: number; errors: { path: string }[] } }).getResponse();
    return response;
  }
  throw new Error('expected a problem');
};

describe('organisations named in a command body', () => {
  it('take name and kind from the directory, wherever they are in the body', () => {
    const body = {
      to: {
        person: { personId: 'lt-carla', name: 'Carla' },
        organisation: { organisationId: 'ts-gorinchem', name: 'Wat dan ook', kind: 'veilig-thuis' },
      },
      agreements: [{ text: 'x', owner: { organisation: { organisationId: 'lev', name: 'Lev', kind: 'other' } } }],
      reason: 'Hulp via Team Sociaal.',
    };
    expect(resolveOrganisationRefs(body, directory)).toEqual({
      to: {
        person: { personId: 'lt-carla', name: 'Carla' },
        organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
      },
      agreements: [{ text: 'x', owner: { organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' } } }],
      reason: 'Hulp via Team Sociaal.',
    });
    expect(body.to.organisation.kind).toBe('veilig-thuis');
  });

  it('keep an unknown organisation that calls itself other, and refuse an unknown Veilig Thuis or local team, naming each field', () => {
    const school = { organisationId: 'obs-elders', name: 'OBS Elders', kind: 'other' };
    expect(resolveOrganisationRefs({ owner: { organisation: school } }, directory)).toEqual({ owner: { organisation: school } });

    const refused = problemOf(() =>
      resolveOrganisationRefs(
        {
          to: { organisation: { organisationId: 'vt-nergens', name: 'VT Nergens', kind: 'veilig-thuis' } },
          conditions: [
            { owner: { organisation: school } },
            { owner: { organisation: { organisationId: 'ts-x', name: 'X', kind: 'local-team' } } },
          ],
        },
        directory,
      ),
    );
    expect(refused.status).toBe(422);
    expect(refused.errors.map((error) => error.path)).toEqual([
      'to.organisation.organisationId',
      'conditions.1.owner.organisation.organisationId',
    ]);
  });
});
