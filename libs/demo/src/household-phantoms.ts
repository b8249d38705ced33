import { exactIdentityKeyOf, isOpened, matchPerson, normalisePerson, normalisePersonName } from '@ketenregie/cases-domain';
import type { CaseState, Household, HouseholdMember } from '@ketenregie/cases-domain';
import type { DemoPlan } from './demo-plan';

/**
 * Members who are a recognisable respelling of an earlier member of the same household: the same
 * date of birth and a name the family search's rule (`matchPerson`: diacritics, one typo, swapped
 * names) takes for the same person. Such a member is a phantom: one person counted twice. Members
 * without a date of birth are left out: without it a name alone does not tell.
 */
export const phantomMembers = (household: Household): HouseholdMember[] => {
  const people = household.members.map(normalisePerson);
  return household.members.filter(
    (member, index) =>
      member.dateOfBirth !== null &&
      household.members
        .slice(0, index)
        .some((earlier, other) => earlier.dateOfBirth !== null && matchPerson(people[index], people[other]) !== undefined),
  );
};

/**
 * How the household was merged before intake identified members (member ids, else the same date of
 * birth and exact name, else the whole name and role): kept only to measure what that rule made of
 * the same reports.
 */
export const mergeByIdsAndExactKeys = (current: Household, reported: Household): Household => {
  const identityOf = (member: HouseholdMember): string => {
    const name = normalisePersonName(member.name);
    return exactIdentityKeyOf(member) ?? JSON.stringify([member.role, name.family, name.given]);
  };
  const members = [...current.members];
  for (const member of reported.members) {
    const index = members.findIndex((known) => known.memberId === member.memberId || identityOf(known) === identityOf(member));
    if (index === -1) members.push(member);
    else members[index] = { ...member, memberId: members[index].memberId };
  }
  return { address: reported.address, members };
};

export type PhantomCount = { households: number; members: number; phantoms: number; householdsWithPhantoms: number };

export const countPhantoms = (households: readonly Household[]): PhantomCount => {
  const phantoms = households.map((household) => phantomMembers(household).length);
  return {
    households: households.length,
    members: households.reduce((sum, household) => sum + household.members.length, 0),
    phantoms: phantoms.reduce((sum, count) => sum + count, 0),
    householdsWithPhantoms: phantoms.filter((count) => count > 0).length,
  };
};

/** Each planned case's household as the merge before identification would have folded its intakes. */
export const householdsByIdsAndExactKeys = (plan: DemoPlan): Household[] =>
  plan.cases.flatMap((planned) => {
    let household: Household | undefined;
    for (const { command } of planned.commands) {
      if (command.type !== 'cases.register-report' && command.type !== 'cases.register-advice-request') continue;
      household = household ? mergeByIdsAndExactKeys(household, command.data.household) : command.data.household;
    }
    return household ? [household] : [];
  });

/** The household a fold of the case holds, when it was opened. */
export const householdOf = (state: CaseState): Household | undefined => (isOpened(state) ? state.household : undefined);
