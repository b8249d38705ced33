import { exactIdentityKeyOf, matchMembers, normalisePerson } from '../family-identity/match-families';
import { normalisePersonName } from '../family-identity/normalise-name';
import type { NormalisedName } from '../family-identity/normalise-name';
import type { Household, HouseholdMember, PersonName } from '../case.types';

// A history whose personal data was erased holds markers where names were: such a member is only
// ever themselves, never matched or respelled by name.
const readableName = (name: PersonName | undefined): name is PersonName =>
  name !== undefined &&
  typeof name.givenNames === 'string' &&
  typeof name.familyName === 'string' &&
  (name.prefix === undefined || typeof name.prefix === 'string');

const readable = (member: HouseholdMember): boolean =>
  readableName(member.name) && (member.dateOfBirth === null || typeof member.dateOfBirth === 'string');

// Letters in both parts: names that normalise to nothing ("?", "-") are nobody's spelling.
const sameWholeName = (a: NormalisedName, b: NormalisedName): boolean =>
  a.given !== '' && a.family !== '' && a.given === b.given && a.family === b.family;

/** The same spelling for matching: case, diacritics, punctuation and tussenvoegsels aside. */
const sameSpelling = (a: PersonName, b: PersonName): boolean => sameWholeName(normalisePersonName(a), normalisePersonName(b));

const spellingsOf = (member: HouseholdMember): PersonName[] => [member.name, ...(member.otherNames ?? [])];

/** Written the same, letter for letter: a spelling that differs in anything is kept. */
const sameWritten = (a: PersonName, b: PersonName): boolean =>
  a.givenNames.trim() === b.givenNames.trim() &&
  a.familyName.trim() === b.familyName.trim() &&
  (a.prefix ?? '').trim() === (b.prefix ?? '').trim();

/**
 * Which known member each member a later report names is, by the rule family search uses
 * (`matchMembers`: diacritics, one typo, swapped first and last name, with the date of birth;
 * one to one, strongest first, so twins each keep their own). First by member id; then:
 * - with a date of birth on both sides, whatever `matchMembers` pairs is the same person;
 * - with a date missing on either side the search still shows an equal name, but that is not
 *   enough to merge two people: only the same whole name (every given name and the family name)
 *   in the same role counts, and only when no other member of the household, known or reported,
 *   has that name in that role. A typo or a swap without dates is a new member; the director can
 *   merge the two (`cases.merge-members`).
 * Answers the reported members, each under the id of the known member they are (a new id for a
 * new member), so the event records the decision and replaying it never depends on names.
 */
export const identifyMembers = (known: readonly HouseholdMember[], reported: readonly HouseholdMember[]): HouseholdMember[] => {
  const knownIds = new Set(known.map((member) => member.memberId));
  const namedById = new Set(reported.filter((member) => knownIds.has(member.memberId)).map((member) => member.memberId));
  const open = known.filter((member) => !namedById.has(member.memberId) && readable(member));
  const unnamed = reported.filter((member) => !knownIds.has(member.memberId) && readable(member));
  const identified = new Map<HouseholdMember, string>();
  for (const pair of matchMembers(unnamed.map(normalisePerson), open.map(normalisePerson))) {
    const candidate = unnamed[pair.candidateIndex];
    const member = open[pair.knownIndex];
    const dated = candidate.dateOfBirth !== null && member.dateOfBirth !== null;
    if (!dated) {
      const sameRole = (other: HouseholdMember) => other.role === candidate.role;
      const holders = (members: readonly HouseholdMember[]) =>
        members.filter((other) => sameRole(other) && spellingsOf(other).some((each) => sameSpelling(each, candidate.name)));
      const unique =
        candidate.role === member.role &&
        spellingsOf(member).some((each) => sameSpelling(each, candidate.name)) &&
        holders(open).length === 1 &&
        holders(unnamed).length === 1;
      if (!unique) continue;
    }
    identified.set(candidate, member.memberId);
  }
  return reported.map((member) => {
    const memberId = identified.get(member);
    return memberId === undefined ? member : { ...member, memberId };
  });
};

/** The household as a later report names it, each member it recognises under the known member's id. */
export const identifyHousehold = (current: Household, reported: Household): Household => ({
  address: reported.address,
  members: identifyMembers(current.members, reported.members),
});

/** Adds the spellings the member is not yet recorded under, as written. */
export const withSpellings = (member: HouseholdMember, spellings: readonly PersonName[]): HouseholdMember => {
  if (!readableName(member.name)) return member;
  const otherNames = [...(member.otherNames ?? [])];
  for (const spelling of spellings) {
    if (!readableName(spelling)) continue;
    if ([member.name, ...otherNames].some((known) => sameWritten(known, spelling))) continue;
    otherNames.push(spelling);
  }
  return otherNames.length === 0 ? member : { ...member, otherNames };
};

/**
 * A member named again: the report is the newer word on role, date of birth (when it gives one)
 * and address. The name the member was first recorded under stays; every other way a report
 * writes it is kept beside it, so a typo (or a referrer's capitals) never renames the person and
 * search finds them under each spelling.
 */
const namedAgain = (known: HouseholdMember, reported: HouseholdMember): HouseholdMember => {
  const { otherNames: _ignored, ...update } = reported;
  return withSpellings(
    {
      ...update,
      memberId: known.memberId,
      name: known.name,
      dateOfBirth: reported.dateOfBirth ?? known.dateOfBirth,
      ...(known.otherNames ? { otherNames: known.otherNames } : {}),
    },
    [reported.name],
  );
};

/**
 * The household after a later report or advice request about the same family. A report names the
 * members its referrer knows of: a school reports the child, the police the parents. So nobody
 * disappears because a report does not mention them; a member it names again keeps their member
 * id, a member it names for the first time joins. The household's address is the latest reported.
 *
 * Who is who was decided when the report was registered (`identifyHousehold`) and is in the event
 * as the member id. Reports recorded before that decision existed name a known member under a new
 * id; for those the same date of birth and exact name (`exactIdentityKeyOf`) still tell. Nothing
 * here compares names of members without a date of birth, so a history replayed after its names
 * were erased folds into the same household.
 */
export const mergeHousehold = (current: Household, reported: Household): Household => {
  const members = [...current.members];
  // By name only a member known before this report, not named in it by id, and each at most once:
  // twins the report adds together ("Maria Elena" and "Maria Sofia", one date of birth) share the
  // key, and the second would otherwise fold into the first it had just added.
  const namedById = new Set(reported.members.map((member) => member.memberId));
  const nameable = new Set(current.members.filter((known) => !namedById.has(known.memberId)).map((known) => known.memberId));
  for (const member of reported.members) {
    const key = readable(member) ? exactIdentityKeyOf(member) : undefined;
    // The id first: a twin the report names by id is never taken for the other, listed before them.
    const byId = members.findIndex((known) => known.memberId === member.memberId);
    const index =
      byId !== -1 || key === undefined
        ? byId
        : members.findIndex((known) => nameable.has(known.memberId) && readable(known) && exactIdentityKeyOf(known) === key);
    if (index === -1) {
      members.push(member);
      continue;
    }
    nameable.delete(members[index].memberId);
    members[index] = namedAgain(members[index], member);
  }
  return { address: reported.address, members };
};
