import { findOrganisation, mayDirect } from '@ketenregie/access-domain';
import type { DirectoryPerson, OrganisationDirectory, PeopleDirectory } from '@ketenregie/access-domain';
import { problem } from '@ketenregie/platform-http';
import type { FieldError } from '@ketenregie/platform-http';
import { pathText } from './organisation-refs';
import type { FieldPath } from './organisation-refs';

type PersonInput = { personId: string; name?: string | undefined };

/** A body with every professional named: what the person refs resolve to. */
export type Named<T> = T extends PersonInput
  ? Omit<T, 'name'> & { name: string }
  : T extends readonly (infer Item)[]
    ? Named<Item>[]
    : T extends object
      ? { [Key in keyof T]: Named<T[Key]> }
      : T;

type Pair = { path: FieldPath; organisationId: string; person: PersonInput; target: { name?: string } };

const isPersonInput = (value: unknown): value is PersonInput =>
  typeof value === 'object' && value !== null && typeof (value as { personId?: unknown }).personId === 'string';

const organisationIdOf = (value: unknown): string | undefined => {
  const id = (value as { organisationId?: unknown } | null)?.organisationId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Every professional a command body names beside an organisation (an intake's receiver, a
 * hand-over's or escalation's receiver, a rappel owner, the person owning a condition or an
 * agreement) as the account directory knows them. The display name is always the directory's,
 * never the body's: a case must not record "Anna de Vries" for an account called otherwise. A
 * person must have an enabled account at the organisation named with them, and at a Veilig Thuis
 * or local team a role that can direct there; anything else is a 422 naming each field. A person
 * of an organisation the directory does not know (a school owning a condition) keeps the name as
 * sent, which is then required. Chain partners' contact persons are contact details, not
 * accounts, and are left as they are. Runs after `resolveOrganisationRefs`; answers a copy.
 * `signedIn` is the acting user as their session knows them: an intake names only them, so it
 * costs no lookup.
 */
export const resolvePersonRefs = async <T>(
  body: T,
  directory: OrganisationDirectory,
  people: PeopleDirectory,
  signedIn?: DirectoryPerson,
): Promise<Named<T>> => {
  const pairs: Pair[] = [];
  const copy = (value: unknown, path: FieldPath): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => copy(item, { parent: path, key: String(index) }));
    if (value === null || typeof value !== 'object') return value;
    const result = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item, { parent: path, key })])) as Record<
      string,
      unknown
    >;
    const organisationId = organisationIdOf(result['organisation']);
    const person = result['person'];
    if (organisationId !== undefined && isPersonInput(person)) pairs.push({ path, organisationId, person, target: person });
    return result;
  };
  const resolved = copy(body, undefined) as Named<T>;
  if (pairs.length === 0) return resolved;

  const accounts = new Map<string, DirectoryPerson>(signedIn ? [[signedIn.personId, signedIn]] : []);
  const toLookUp = pairs
    .filter((pair) => findOrganisation(directory, pair.organisationId) !== undefined && !accounts.has(pair.person.personId))
    .map((pair) => pair.person.personId);
  if (toLookUp.length > 0) for (const person of await people.findPeople(toLookUp)) accounts.set(person.personId, person);
  const errors: FieldError[] = [];
  for (const pair of pairs) {
    const organisation = findOrganisation(directory, pair.organisationId);
    if (!organisation) {
      if (!pair.person.name?.trim()) {
        errors.push({
          path: pathText({ parent: { parent: pair.path, key: 'person' }, key: 'name' }),
          message: 'Vul de naam in: deze organisatie staat niet in de organisatielijst, dus de naam komt niet uit de accounts.',
          code: 'name-required',
        });
      }
      continue;
    }
    const account = accounts.get(pair.person.personId);
    const directing = organisation.kind === 'veilig-thuis' || organisation.kind === 'local-team';
    if (!account || account.organisationId !== organisation.organisationId || (directing && !mayDirect(account, directory))) {
      errors.push({
        path: pathText({ parent: { parent: pair.path, key: 'person' }, key: 'personId' }),
        message: `Deze persoon is niet bekend als professional van ${organisation.name}.`,
        code: 'unknown-person',
      });
      continue;
    }
    pair.target.name = account.displayName;
  }
  if (errors.length > 0) {
    throw problem(422, 'Een genoemde persoon is niet bekend bij de genoemde organisatie.', {
      type: 'urn:ketenregie:problem:case.unknown-person',
      errors,
    });
  }
  return resolved;
};
