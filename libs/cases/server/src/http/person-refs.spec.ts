import { createOrganisationDirectory } from '@ketenregie/access-domain';
import type { DirectoryPerson, PeopleDirectory } from '@ketenregie/access-domain';
import { HttpException } from '@nestjs/common';
import { resolvePersonRefs } from './person-refs';

// Invented organisations and professionals only.
const directory = createOrganisationDirectory([
  { organisationId: 'vt', name: 'Veilig Thuis Regio', kind: 'veilig-thuis', municipalities: ['Stad'] },
  { organisationId: 'lt', name: 'Team Sociaal Stad', kind: 'local-team', municipalities: ['Stad'] },
  { organisationId: 'jz', name: 'Jeugdzorg', kind: 'chain-partner', municipalities: [] },
]);

const accounts: DirectoryPerson[] = [
  { personId: 'anna', displayName: 'Anna de Vries', organisationId: 'vt', roles: ['veilig-thuis-professional'] },
  { personId: 'carla', displayName: 'Carla Bakker', organisationId: 'lt', roles: ['team-sociaal-consultant'] },
  { personId: 'jet', displayName: 'Jet Jansen', organisationId: 'jz', roles: ['chain-partner'] },
  { personId: 'ana', displayName: 'Ana Arslan', organisationId: 'lt', roles: ['policy-analyst'] },
];

/** The account directory over a fixed list, counting its look-ups. */
const people = () => {
  const lookups: string[][] = [];
  const directoryOfPeople: PeopleDirectory = {
    findPeople: (ids) => {
      lookups.push([...ids]);
      return Promise.resolve(accounts.filter((account) => ids.includes(account.personId)));
    },
    peopleOf: (organisationId) => Promise.resolve(accounts.filter((account) => account.organisationId === organisationId)),
  };
  return { directoryOfPeople, lookups };
};

const org = (organisationId: 'vt' | 'lt' | 'jz' | 'school') =>
  ({
    vt: { organisationId: 'vt', name: 'Veilig Thuis Regio', kind: 'veilig-thuis' },
    lt: { organisationId: 'lt', name: 'Team Sociaal Stad', kind: 'local-team' },
    jz: { organisationId: 'jz', name: 'Jeugdzorg', kind: 'other' },
    school: { organisationId: 'school', name: 'OBS De Linge', kind: 'other' },
  })[organisationId];

const refusal = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException) return error.getResponse();
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('professionals named in a command body', () => {
  it('takes every name from the account directory, in nested objects and lists alike', async () => {
    const { directoryOfPeople } = people();
    const body = {
      to: { person: { personId: 'carla', name: 'Iemand Anders' }, organisation: org('lt') },
      agreements: [{ agreementId: 'a1', owner: { person: { personId: 'jet' }, organisation: org('jz') } }],
    };
    expect(await resolvePersonRefs(body, directory, directoryOfPeople)).toEqual({
      to: { person: { personId: 'carla', name: 'Carla Bakker' }, organisation: org('lt') },
      agreements: [{ agreementId: 'a1', owner: { person: { personId: 'jet', name: 'Jet Jansen' }, organisation: org('jz') } }],
    });
    expect(body.to.person.name).toBe('Iemand Anders');
  });

  it('needs no look-up for the signed-in user, and none for a body without professionals', async () => {
    const { directoryOfPeople, lookups } = people();
    const signedIn = {
      personId: 'anna',
      displayName: 'Anna de Vries',
      organisationId: 'vt',
      roles: ['veilig-thuis-professional' as const],
    };
    expect(
      await resolvePersonRefs(
        { receivedBy: { person: { personId: 'anna' }, organisation: org('vt') } },
        directory,
        directoryOfPeople,
        signedIn,
      ),
    ).toEqual({
      receivedBy: { person: { personId: 'anna', name: 'Anna de Vries' }, organisation: org('vt') },
    });
    await resolvePersonRefs({ reason: 'x', organisation: org('lt') }, directory, directoryOfPeople, signedIn);
    expect(lookups).toEqual([]);
  });

  it('refuses (422, each field named) an unknown person, one of another organisation, and one who cannot direct for a Veilig Thuis or local team', async () => {
    const { directoryOfPeople } = people();
    const body = {
      to: { person: { personId: 'nobody' }, organisation: org('lt') },
      owner: { person: { personId: 'carla' }, organisation: org('vt') },
      other: { person: { personId: 'ana' }, organisation: org('lt') },
    };
    expect(await refusal(resolvePersonRefs(body, directory, directoryOfPeople))).toMatchObject({
      status: 422,
      type: 'urn:ketenregie:problem:case.unknown-person',
      errors: [
        {
          path: 'to.person.personId',
          code: 'unknown-person',
          message: 'Deze persoon is niet bekend als professional van Team Sociaal Stad.',
        },
        { path: 'owner.person.personId', code: 'unknown-person' },
        { path: 'other.person.personId', code: 'unknown-person' },
      ],
    });
  });

  it('keeps the sent name of a person at an organisation the directory does not know, and requires it there', async () => {
    const { directoryOfPeople, lookups } = people();
    const school = { owner: { person: { personId: 'juf-els', name: 'Els Verhoef' }, organisation: org('school') } };
    expect(await resolvePersonRefs(school, directory, directoryOfPeople)).toEqual(school);
    expect(lookups).toEqual([]);
    expect(
      await refusal(
        resolvePersonRefs({ owner: { person: { personId: 'juf-els' }, organisation: org('school') } }, directory, directoryOfPeople),
      ),
    ).toMatchObject({
      status: 422,
      errors: [{ path: 'owner.person.name', code: 'name-required' }],
    });
  });

  it("leaves a chain partner's contact details as they are: a contact, not an account", async () => {
    const { directoryOfPeople, lookups } = people();
    const body = { organisation: org('jz'), contact: { personId: 'jz-contact', name: 'Gert Groen', phone: '0183 000000' } };
    expect(await resolvePersonRefs(body, directory, directoryOfPeople)).toEqual(body);
    expect(lookups).toEqual([]);
  });
});
