import type { PersonName } from '../case.types';

/**
 * Tussenvoegsels are left out of the comparison: registers and referrers disagree on them
 * ("van der Berg", "Berg, van der", "Vd Berg", "Van den Berg"), while the core name is stable.
 */
const tussenvoegsels = new Set([
  'van',
  'der',
  'den',
  'de',
  'het',
  't',
  'ter',
  'ten',
  'te',
  'in',
  'op',
  'aan',
  'bij',
  'uit',
  'vd',
  'v',
  'von',
  'zu',
  'le',
  'la',
  'du',
  'des',
  'di',
  'da',
  'del',
  'dos',
  'el',
  'al',
  'l',
  'd',
]);

// Letters that Unicode does not decompose into a base letter plus a diacritic.
const letterFolds: Record<string, string> = { ı: 'i', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ß: 'ss' };

/** Lower case, no diacritics, hyphens and punctuation as spaces, "ij" as "y", single spaces. */
export const normaliseText = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ıøæœłđðþß]/g, (letter) => letterFolds[letter] ?? letter)
    .replace(/[-‐‑–—_.,'’`"/]/g, ' ')
    .replace(/[^a-z0-9 ]/g, '')
    // Dutch spelling variation seen in registrations: Dijk/Dyk, Rijn/Ryn.
    .replace(/ij/g, 'y')
    .replace(/\s+/g, ' ')
    .trim();

/** The family name without its tussenvoegsels, wherever the referrer wrote them. */
export const normaliseFamilyName = (familyName: string, prefix?: string): string => {
  const tokens = normaliseText(`${prefix ?? ''} ${familyName}`)
    .split(' ')
    .filter(Boolean);
  const core = tokens.filter((token) => !tussenvoegsels.has(token));
  // A name that is nothing but particles (rare, e.g. "De") keeps them rather than vanishing.
  return (core.length ? core : tokens).join(' ');
};

export type NormalisedName = {
  given: string;
  /** The first given name: "Anna Maria" and "Anna" are the same person for matching. */
  firstGiven: string;
  family: string;
  /** The given names read as a family name (particles dropped), for names written the other way round. */
  givenAsFamily: string;
};

export const normalisePersonName = (name: PersonName): NormalisedName => {
  const given = normaliseText(name.givenNames);
  return {
    given,
    firstGiven: given.split(' ')[0] ?? '',
    family: normaliseFamilyName(name.familyName, name.prefix),
    givenAsFamily: normaliseFamilyName(name.givenNames),
  };
};

const POSTCODE = /^([1-9][0-9]{3})\s?([A-Za-z]{2})$/;

/** Dutch postcodes are written `1234 AB`, `1234ab`, `1234AB`; matching needs one form. */
export const normalisePostcode = (postcode: string): string | undefined => {
  const match = POSTCODE.exec(postcode.trim());
  return match ? `${match[1]}${match[2].toUpperCase()}` : undefined;
};
