import type { Household, HouseholdMember, PersonName } from '@ketenregie/cases-domain';
import { addDays } from '@ketenregie/kernel';
import type { CalendarDate } from '@ketenregie/kernel';
import { givenNamesChild } from './demo-region';
import { createRandom } from './prng';
import type { Random } from './prng';

/** How a respelled name was written, for the phantom count's report. */
export type Respelling = 'diacritics-dropped' | 'typo' | 'swapped' | 'capitals';

// Shares per later report, chosen to look like the region-year's intakes: about one member in
// seven comes back written otherwise, and now and then a baby was born since the last report.
const NAMED_SHARE = 0.8;
const RESPELLED_SHARE = 0.15;
const NEW_BABY_SHARE = 0.03;

const diacritics: Record<string, string> = { ë: 'e', é: 'e', è: 'e', ï: 'i', ö: 'o', ü: 'u', ç: 'c', ş: 's', ı: 'i', ğ: 'g', á: 'a' };

const dropDiacritics = (value: string): string => value.replace(/[ëéèïöüçşığá]/g, (letter) => diacritics[letter] ?? letter);

/** One typo a person at a keyboard makes: two letters swapped, one dropped, one doubled or one changed. */
const typo = (value: string, rng: Random): string => {
  if (value.length < 2) return `${value}${value}`;
  const at = rng.int(0, value.length - 2);
  switch (rng.weighted({ swap: 3, drop: 2, double: 2, change: 2 })) {
    case 'swap':
      return value[at] === value[at + 1]
        ? `${value.slice(0, at + 1)}${value.slice(at + 2)}`
        : `${value.slice(0, at)}${value[at + 1]}${value[at]}${value.slice(at + 2)}`;
    case 'drop':
      return value.length > 2 ? `${value.slice(0, at + 1)}${value.slice(at + 2)}` : `${value}${value.at(-1) ?? ''}`;
    case 'double':
      return `${value.slice(0, at + 1)}${value[at]}${value.slice(at + 1)}`;
    default: {
      const letter = value[at + 1];
      const vowels = 'aeiou';
      const replacement = vowels.includes(letter) ? vowels[(vowels.indexOf(letter) + 1) % vowels.length] : letter === 's' ? 'z' : 's';
      return `${value.slice(0, at + 1)}${replacement}${value.slice(at + 2)}`;
    }
  }
};

const respell = (name: PersonName, rng: Random): { name: PersonName; how: Respelling } => {
  const accented = dropDiacritics(`${name.givenNames}${name.familyName}`) !== `${name.givenNames}${name.familyName}`;
  const how: Respelling = accented && rng.chance(0.6) ? 'diacritics-dropped' : rng.weighted({ typo: 5, swapped: 3, capitals: 1 });
  switch (how) {
    case 'diacritics-dropped':
      return { how, name: { ...name, givenNames: dropDiacritics(name.givenNames), familyName: dropDiacritics(name.familyName) } };
    case 'typo':
      return rng.chance(0.5)
        ? { how, name: { ...name, givenNames: typo(name.givenNames, rng) } }
        : { how, name: { ...name, familyName: typo(name.familyName, rng) } };
    case 'swapped':
      // "van den Berg Anna": the whole family name where the given name belongs.
      return { how, name: { givenNames: [name.prefix, name.familyName].filter(Boolean).join(' '), familyName: name.givenNames } };
    case 'capitals':
      return { how, name: { ...name, familyName: name.familyName.toUpperCase() } };
  }
};

/**
 * Later reports about a known family as referrers write them: each names the members its referrer
 * knows of (under the referrer's own ids, never the case's), some of them spelt otherwise (a
 * dropped diacritic, one typo, first and last name swapped), and some households have a baby since
 * the last report. Its own random stream, so the rest of the plan (and its CBS shares) stays what
 * the main seed makes it.
 */
export const createDemoSpellings = (seed: number) => {
  const rng = createRandom((seed ^ 0x5bd1e995) >>> 0);
  const respelled: Record<Respelling, number> = { 'diacritics-dropped': 0, typo: 0, swapped: 0, capitals: 0 };
  let babies = 0;
  return {
    /** Counts per kind of respelling and of new babies, for the phantom count to report. */
    stats: () => ({ respelled: { ...respelled }, babies }),
    /**
     * A baby born since the last report joins the family itself (so later reports name it too).
     * Only in households with children already: that keeps which forms of violence apply, and so
     * the main random stream, unchanged.
     */
    grow: (household: Household, familyId: string, today: CalendarDate): Household => {
      if (!household.members.some((member) => member.role === 'child') || !rng.chance(NEW_BABY_SHARE)) return household;
      babies += 1;
      const parent = household.members.find((member) => member.role === 'adult') ?? household.members[0];
      const baby: HouseholdMember = {
        memberId: `${familyId}-m${household.members.length + 1}`,
        role: 'child',
        name: {
          givenNames: rng.pick(givenNamesChild),
          ...(parent.name.prefix ? { prefix: parent.name.prefix } : {}),
          familyName: parent.name.familyName,
        },
        dateOfBirth: addDays(today, -rng.int(7, 300)),
      };
      return { ...household, members: [...household.members, baby] };
    },
    /** The household as one later report writes it; `key` makes the report's member ids its own. */
    asReported: (household: Household, key: string): Household => {
      const named = household.members.filter(() => rng.chance(NAMED_SHARE));
      const members = (named.length > 0 ? named : [household.members[0]]).map((member, index) => {
        const written = rng.chance(RESPELLED_SHARE) ? respell(member.name, rng) : undefined;
        if (written) respelled[written.how] += 1;
        return { ...member, memberId: `${key}-m${index + 1}`, ...(written ? { name: written.name } : {}) };
      });
      return { ...household, members };
    },
  };
};

export type DemoSpellings = ReturnType<typeof createDemoSpellings>;
