import { exactIdentityKeyOf } from '../family-identity/match-families';
import { normalisePersonName } from '../family-identity/normalise-name';
import type { Household, HouseholdMember } from '../case.types';

/**
 * Who a member is across reports: the same person when the same id was given, or the same date of
 * birth and name as `exactIdentityKeys` compares them (family name and first given name). Without
 * a date of birth only the whole name and role can tell; two such members are kept apart unless
 * both agree.
 */
const identityOf = (member: HouseholdMember): string => {
  // A history whose personal data was erased holds markers where names were: such a member is
  // only ever themselves.
  const parts: unknown[] = [member.name?.givenNames, member.name?.familyName, member.name?.prefix ?? '', member.dateOfBirth ?? ''];
  if (parts.some((part) => typeof part !== 'string')) return JSON.stringify(['member', member.memberId]);
  const name = normalisePersonName(member.name);
  return exactIdentityKeyOf(member) ?? JSON.stringify([member.role, name.family, name.given]);
};

/**
 * The household after a later report or advice request about the same family. A report names the
 * members its referrer knows of: a school reports the child, the police the parents. So nobody
 * disappears because a report does not mention them; a member it names again is updated (the
 * report is the newer word on name, date of birth and address) and keeps their member id, a
 * member it names for the first time joins. The household's address is the latest reported.
 */
export const mergeHousehold = (current: Household, reported: Household): Household => {
  const members = [...current.members];
  for (const member of reported.members) {
    const index = members.findIndex((known) => known.memberId === member.memberId || identityOf(known) === identityOf(member));
    if (index === -1) members.push(member);
    else members[index] = { ...member, memberId: members[index].memberId };
  }
  return { address: reported.address, members };
};
