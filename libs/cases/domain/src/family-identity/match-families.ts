import type { CalendarDate } from '@ketenregie/kernel';
import type { Household, PersonName } from '../case.types';
import { normalisePersonName, normalisePostcode, normaliseText } from './normalise-name';
import type { NormalisedName } from './normalise-name';
import { damerauLevenshtein, nameSimilarity } from './string-similarity';

export type PersonMatchReason = 'same-name-and-birth-date' | 'swapped-names' | 'similar-name-and-birth-date' | 'same-name';

export type MatchReason = PersonMatchReason | 'same-postcode-house-number';

export type AddressKey = { postcode: string; houseNumber: string; houseNumberAddition?: string };

/** `otherNames`: further spellings the person is known under (see `HouseholdMember.otherNames`). */
export type IdentityPerson = { name: PersonName; dateOfBirth: CalendarDate | null; otherNames?: readonly PersonName[] };

export type KnownFamily = {
  familyId: string;
  caseId?: string;
  members: IdentityPerson[];
  addresses: AddressKey[];
};

export type MemberMatch = {
  /** Index in the candidate household's members. */
  candidateIndex: number;
  /** Index in the known family's members. */
  knownIndex: number;
  reason: PersonMatchReason;
  score: number;
};

export type FamilyMatch = {
  familyId: string;
  caseId?: string;
  /** 0..1; for ordering and display, not a probability. */
  score: number;
  /**
   * Someone in the household is already known under the same name and date of birth: the service
   * must link to this family instead of creating a new one (search-before-create).
   */
  exact: boolean;
  reasons: MatchReason[];
  memberMatches: MemberMatch[];
};

export type MatchOptions = {
  /** Families scoring below this are left out. Defaults to 0 (anything with a reason). */
  minScore?: number;
};

// Thresholds chosen on Dutch name pairs in the spec: one typo in a 5+ letter name stays above
// 0.85, different names that share a few letters (Jansen/Janssens is 0.88 though) mostly fall below.
const SIMILAR_PART = 0.85;
const SIMILAR_AVERAGE = 0.9;

const reasonOrder: readonly MatchReason[] = [
  'same-name-and-birth-date',
  'swapped-names',
  'similar-name-and-birth-date',
  'same-name',
  'same-postcode-house-number',
];

/**
 * A name with letters in both parts. "?" or "-" for an unknown given name normalises to nothing;
 * two such names are not the same person's, nor similar, however equal the empty strings are.
 */
const identifying = (name: NormalisedName): boolean => name.family !== '' && name.given !== '';

const givenSimilarity = (a: NormalisedName, b: NormalisedName): number =>
  Math.max(nameSimilarity(a.given, b.given), nameSimilarity(a.firstGiven, b.firstGiven));

const sameName = (a: NormalisedName, b: NormalisedName): boolean =>
  a.family === b.family && (a.given === b.given || a.firstGiven === b.firstGiven);

/** How alike two names are part for part: the lesser of the two parts, and their mean. */
type PairSimilarity = { least: number; mean: number };

const pairSimilarity = (one: number, other: number): PairSimilarity => ({ least: Math.min(one, other), mean: (one + other) / 2 });

const swappedOneWay = (a: NormalisedName, b: NormalisedName): PairSimilarity[] => [
  pairSimilarity(nameSimilarity(a.firstGiven, b.family), nameSimilarity(a.family, b.firstGiven)),
  // Whole names: "El Amrani Fatima" for "Fatima El Amrani", "Berg Jan Pieter" for "Jan Pieter Berg".
  pairSimilarity(nameSimilarity(a.givenAsFamily, b.family), nameSimilarity(a.family, b.given)),
];

/**
 * First and last name written the other way round ("Jansen Piet" for "Piet Jansen"), on either
 * side, with every part at least `threshold` alike: how alike the best such reading is (its mean),
 * or undefined. The exact names swapped are 1, so they outrank a swap of merely similar names
 * (Steenman for Steeninga) of someone else born the same day.
 */
const swapped = (a: NormalisedName, b: NormalisedName, threshold: number): number | undefined => {
  const readings = [...swappedOneWay(a, b), ...swappedOneWay(b, a)].filter((reading) => reading.least >= threshold);
  return readings.length === 0 ? undefined : Math.max(...readings.map((reading) => reading.mean));
};

/**
 * One typo in the whole name (a letter added, dropped, changed, or two swapped): the relative
 * similarity punishes short names ("Jna" for "Jan" is 0.67), the edit distance does not.
 */
const oneTypoApart = (a: NormalisedName, b: NormalisedName): boolean => {
  const family = damerauLevenshtein(a.family, b.family);
  return family + Math.min(damerauLevenshtein(a.given, b.given), damerauLevenshtein(a.firstGiven, b.firstGiven)) <= 1;
};

/** Every spelling of one person, the first being the name the person is recorded under. */
export type NormalisedPerson = { names: NormalisedName[]; dateOfBirth: CalendarDate | null };

export const normalisePerson = (person: IdentityPerson): NormalisedPerson => ({
  names: [person.name, ...(person.otherNames ?? [])].map(normalisePersonName),
  dateOfBirth: person.dateOfBirth,
});

type PersonMatch = { reason: PersonMatchReason; score: number };

const matchNames = (candidate: NormalisedName, known: NormalisedName, bothDates: boolean): PersonMatch | undefined => {
  if (!identifying(candidate) || !identifying(known)) return undefined;
  // The same name counts whether all given names or only the first agree ("Anna" for "Anna Maria"),
  // but all of them score higher: twins "Jan Pieter" and "Jan Willem", one birthday, named again in
  // another order, are then each paired with themselves rather than with each other.
  const allGiven = candidate.given === known.given;
  if (bothDates) {
    if (sameName(candidate, known)) return { reason: 'same-name-and-birth-date', score: allGiven ? 1 : 0.95 };
    const swap = swapped(candidate, known, SIMILAR_PART);
    if (swap !== undefined) return { reason: 'swapped-names', score: Math.round((0.8 + 0.1 * swap) * 1000) / 1000 };
    const given = givenSimilarity(candidate, known);
    const family = nameSimilarity(candidate.family, known.family);
    if (given >= SIMILAR_PART && family >= SIMILAR_PART && (given + family) / 2 >= SIMILAR_AVERAGE) {
      return { reason: 'similar-name-and-birth-date', score: 0.6 + 0.3 * ((given + family) / 2) };
    }
    if (oneTypoApart(candidate, known)) return { reason: 'similar-name-and-birth-date', score: 0.85 };
    return undefined;
  }
  // Without two dates only an exact (or exactly swapped) name counts: too many people share a similar one.
  if (sameName(candidate, known)) return { reason: 'same-name', score: allGiven ? 0.5 : 0.48 };
  if (swapped(candidate, known, 1) !== undefined) return { reason: 'swapped-names', score: 0.45 };
  return undefined;
};

/**
 * Scores two people; a differing date of birth means a different person, whatever the name. A
 * person known under several spellings matches on the best of them.
 */
export const matchPerson = (candidate: NormalisedPerson, known: NormalisedPerson): PersonMatch | undefined => {
  const bothDates = candidate.dateOfBirth !== null && known.dateOfBirth !== null;
  if (bothDates && candidate.dateOfBirth !== known.dateOfBirth) return undefined;
  let best: PersonMatch | undefined;
  for (const candidateName of candidate.names) {
    for (const knownName of known.names) {
      const match = matchNames(candidateName, knownName, bothDates);
      if (match && (!best || match.score > best.score)) best = match;
    }
  }
  return best;
};

/**
 * Who is who between two lists of people: every pair `matchPerson` accepts, assigned one to one,
 * strongest first, so one known person never absorbs two candidates (twins with one date of birth
 * each keep their own match). Search scores families with it; a later report's household is
 * merged with it (`identifyMembers`).
 */
export const matchMembers = (candidates: readonly NormalisedPerson[], known: readonly NormalisedPerson[]): MemberMatch[] => {
  const pairs: MemberMatch[] = [];
  candidates.forEach((candidate, candidateIndex) => {
    known.forEach((person, knownIndex) => {
      const match = matchPerson(candidate, person);
      if (match) pairs.push({ candidateIndex, knownIndex, ...match });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.candidateIndex - b.candidateIndex || a.knownIndex - b.knownIndex);
  const usedCandidates = new Set<number>();
  const usedKnown = new Set<number>();
  const memberMatches: MemberMatch[] = [];
  for (const pair of pairs) {
    if (usedCandidates.has(pair.candidateIndex) || usedKnown.has(pair.knownIndex)) continue;
    usedCandidates.add(pair.candidateIndex);
    usedKnown.add(pair.knownIndex);
    memberMatches.push(pair);
  }
  return memberMatches;
};

/**
 * "12A", "12 A", "12-A" and "12" with addition "A" are one address: the number is the leading
 * digits of the house number as written, the addition whatever follows them and the addition field.
 * The digits are taken before separators go: "12-2" and "12" with addition "2" (a floor, as
 * Amsterdam writes it) are number 12, never the house at number 122.
 */
export const houseNumberKey = (houseNumber: string, houseNumberAddition?: string): { number: string; addition: string } => {
  const written = normaliseText(houseNumber);
  const digits = /^[0-9]+/.exec(written)?.[0];
  const rest = normaliseText(`${digits === undefined ? written : written.slice(digits.length)} ${houseNumberAddition ?? ''}`).replace(
    / /g,
    '',
  );
  return digits === undefined ? { number: rest, addition: '' } : { number: digits, addition: rest };
};

const addressKeyOf = (address: AddressKey): { key: string; addition: string } => {
  const { number, addition } = houseNumberKey(address.houseNumber, address.houseNumberAddition);
  return {
    key: `${normalisePostcode(address.postcode) ?? normaliseText(address.postcode).replace(/ /g, '').toUpperCase()}|${number}`,
    addition,
  };
};

/** Same postcode and house number; additions (12A vs 12B) only separate when both are given. */
const sameAddress = (a: AddressKey, b: AddressKey): boolean => {
  const left = addressKeyOf(a);
  const right = addressKeyOf(b);
  return left.key === right.key && (left.addition === '' || right.addition === '' || left.addition === right.addition);
};

export const householdAddresses = (household: Household): AddressKey[] => [
  household.address,
  ...household.members.flatMap((member) => (member.address ? [member.address] : [])),
];

export const knownFamilyFromHousehold = (familyId: string, household: Household, caseId?: string): KnownFamily => ({
  familyId,
  ...(caseId ? { caseId } : {}),
  members: household.members.map(({ name, dateOfBirth, otherNames }) => ({ name, dateOfBirth, ...(otherNames ? { otherNames } : {}) })),
  addresses: householdAddresses(household),
});

const matchFamily = (candidates: NormalisedPerson[], candidateAddresses: AddressKey[], family: KnownFamily): FamilyMatch | undefined => {
  const memberMatches = matchMembers(candidates, family.members.map(normalisePerson));
  const addressMatch = candidateAddresses.some((address) => family.addresses.some((other) => sameAddress(address, other)));
  if (memberMatches.length === 0 && !addressMatch) return undefined;
  const best = memberMatches[0]?.score ?? 0;
  const others = Math.min(memberMatches.length - 1, 3);
  const score = Math.min(1, 0.7 * best + 0.1 * Math.max(others, 0) + (addressMatch ? 0.3 : 0));
  const reasons = new Set<MatchReason>(memberMatches.map((match) => match.reason));
  if (addressMatch) reasons.add('same-postcode-house-number');
  return {
    familyId: family.familyId,
    ...(family.caseId ? { caseId: family.caseId } : {}),
    score: Math.round(score * 1000) / 1000,
    exact: memberMatches.some((match) => match.reason === 'same-name-and-birth-date'),
    reasons: reasonOrder.filter((reason) => reasons.has(reason)),
    memberMatches,
  };
};

/**
 * Search-before-create: which known families could this household be? Returns candidates sorted
 * by score (best first) with the reasons, so the professional sees why and decides to link or create.
 */
export const matchFamilies = (
  household: Pick<Household, 'members'> & { address?: Household['address'] },
  knownFamilies: readonly KnownFamily[],
  options: MatchOptions = {},
): FamilyMatch[] => {
  const candidates = household.members.map(normalisePerson);
  const addresses: AddressKey[] = [
    ...(household.address ? [household.address] : []),
    ...household.members.flatMap((member) => (member.address ? [member.address] : [])),
  ];
  const minScore = options.minScore ?? 0;
  return knownFamilies
    .map((family) => matchFamily(candidates, addresses, family))
    .filter((match): match is FamilyMatch => match !== undefined && match.score >= minScore)
    .sort((a, b) => b.score - a.score || a.familyId.localeCompare(b.familyId));
};

/**
 * Blocking keys for the read model: a family whose stored keys share none with the household's
 * can never match, so the service only needs to score families found by these keys. Similar
 * (typo) names are caught through the date of birth and address keys.
 */
export const familyIdentityKeys = (household: Pick<Household, 'members'> & { address?: Household['address'] }): string[] => {
  const keys = new Set<string>();
  for (const member of household.members) {
    if (member.dateOfBirth) keys.add(`dob:${member.dateOfBirth}`);
    for (const name of [member.name, ...(member.otherNames ?? [])].map(normalisePersonName).filter(identifying)) {
      keys.add(`name:${name.family}|${name.firstGiven}`);
      keys.add(`name:${name.firstGiven}|${name.family}`);
    }
    if (member.address) keys.add(`address:${addressKeyOf(member.address).key}`);
  }
  if (household.address) keys.add(`address:${addressKeyOf(household.address).key}`);
  return [...keys].sort();
};

/**
 * The keys the duplicate check looks families up by: one per spelling of each member with a date
 * of birth (`exactIdentityKeyOf` for the recorded name and for every other known spelling). Two
 * households share one exactly when `matchFamilies` calls them an exact match, because the matcher
 * compares every spelling of one person with every spelling of the other. Empty when no member has
 * a date of birth: then no family can match exactly.
 */
export const exactLookupKeys = (household: { members: readonly IdentityPerson[] }): string[] =>
  [
    ...new Set(
      household.members.flatMap((member) =>
        [member.name, ...(member.otherNames ?? [])].flatMap((name) => exactIdentityKeyOf({ name, dateOfBirth: member.dateOfBirth }) ?? []),
      ),
    ),
  ].sort();

/**
 * The spellings fuzzy search compares by trigram similarity, one text per spelling ("family
 * given"), so a typo in either part, or both parts swapped, still scores high against the other.
 */
export const searchNameTexts = (person: Pick<IdentityPerson, 'name' | 'otherNames'>): string[] => [
  ...new Set(
    [person.name, ...(person.otherNames ?? [])]
      .map(normalisePersonName)
      .filter(identifying)
      .map((name) => `${name.family} ${name.given}`),
  ),
];

/**
 * What a searched name is compared with: as written, and read the other way round ("Berg Anna"
 * for "Anna van den Berg"), the order `swapped` accepts.
 */
export const searchQueryTexts = (person: Pick<IdentityPerson, 'name' | 'otherNames'>): string[] => [
  ...new Set(
    [person.name, ...(person.otherNames ?? [])]
      .map(normalisePersonName)
      .filter(identifying)
      .flatMap((name) => [`${name.family} ${name.given}`, `${name.givenAsFamily} ${name.family}`.trim()]),
  ),
];

/**
 * One key per member with a date of birth, such that two households share a key exactly when
 * `matchFamilies` would call them an exact match: the same date of birth and `sameName` (same
 * family name and first given name; equal full given names imply equal first ones). Lets a store
 * enforce "no duplicate families for exact matches" with a unique constraint.
 */
export const exactIdentityKeys = (household: Pick<Household, 'members'>): string[] =>
  [...new Set(household.members.flatMap((member) => exactIdentityKeyOf(member) ?? []))].sort();

/** One member's key of `exactIdentityKeys`; undefined without a date of birth or a name with letters in both parts. */
export const exactIdentityKeyOf = (member: Pick<IdentityPerson, 'name' | 'dateOfBirth'>): string | undefined => {
  if (!member.dateOfBirth) return undefined;
  const name = normalisePersonName(member.name);
  if (!identifying(name)) return undefined;
  return JSON.stringify([member.dateOfBirth, name.family, name.firstGiven]);
};
