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

// Letters that Unicode does not decompose into a base letter plus a diacritic, and letters written
// interchangeably: final and medial sigma; Persian and Arabic yeh, alef maksura and kaf.
const letterFolds: Record<string, string> = {
  ı: 'i',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  ς: 'σ',
  ی: 'ي',
  ى: 'ي',
  ک: 'ك',
};

/**
 * Lower case, no diacritics (nor Arabic or Hebrew vowel marks), hyphens and punctuation as
 * spaces, "ij" as "y", single spaces. Letters and digits of every script stay: a name written in
 * Arabic or Cyrillic is compared as written. (Keeping Latin letters only turned every such name
 * into the empty string, so two children of different families, born the same day, read as one.)
 */
export const normaliseText = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ıøæœłđðþßςیىک]/g, (letter) => letterFolds[letter] ?? letter)
    .replace(/[-‐‑–—_.,'’`"/]/g, ' ')
    // Tatweel only stretches Arabic script; anything else that is not a letter or digit goes.
    .replace(/\u0640|[^\p{L}\p{N} ]/gu, '')
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
