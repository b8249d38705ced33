import type { PeopleDirectory } from '@ketenregie/access-contracts';

export type NameOf = (userId: string) => string | null;

/**
 * The names of the professionals on one page of the log or the grants, read in one lookup. The
 * log keeps account ids only (a name changes, a log line must not); the officer reads names, so
 * they are added at reading time. Without a people directory (a context tested on its own) or for
 * an account that is gone, the id is all there is.
 */
export const namesOf = async (people: PeopleDirectory | undefined, userIds: readonly (string | undefined)[]): Promise<NameOf> => {
  const ids = [...new Set(userIds.filter((id): id is string => id !== undefined))];
  const found = people && ids.length > 0 ? await people.findPeople(ids) : [];
  const names = new Map(found.map((person) => [person.personId, person.displayName]));
  return (userId) => names.get(userId) ?? null;
};
