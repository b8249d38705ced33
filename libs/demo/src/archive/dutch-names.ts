import type { PersonName } from '@ketenregie/cases-domain';
import type { Random } from '../prng';

/**
 * Bearers of the most common family names in the Netherlands (Meertens Instituut, Nederlandse
 * Familienamenbank, 2007), prefix written apart as the intake stores it. The head of the real
 * distribution matters most for a family lookup: one name in a hundred is De Jong.
 */
const commonFamilyNames: readonly (readonly [prefix: string, familyName: string, bearers: number])[] = [
  ['de', 'Jong', 86_534],
  ['', 'Jansen', 75_698],
  ['de', 'Vries', 72_287],
  ['van den', 'Berg', 60_135],
  ['van', 'Dijk', 55_858],
  ['', 'Bakker', 55_002],
  ['', 'Janssen', 53_311],
  ['', 'Visser', 50_042],
  ['', 'Smit', 45_128],
  ['', 'Meijer', 41_120],
  ['de', 'Boer', 39_628],
  ['', 'Mulder', 36_500],
  ['de', 'Groot', 36_026],
  ['', 'Bos', 35_233],
  ['', 'Vos', 31_129],
  ['', 'Peters', 30_861],
  ['', 'Hendriks', 30_097],
  ['van', 'Leeuwen', 29_303],
  ['', 'Dekker', 28_947],
  ['', 'Brouwer', 27_857],
  ['de', 'Wit', 27_538],
  ['', 'Dijkstra', 27_152],
  ['', 'Smits', 26_687],
  ['de', 'Graaf', 26_381],
  ['van der', 'Meer', 26_006],
  ['van der', 'Linden', 24_800],
  ['', 'Kok', 24_578],
  ['', 'Jacobs', 24_472],
  ['de', 'Haan', 24_138],
  ['', 'Vermeulen', 23_879],
  ['van den', 'Heuvel', 23_624],
  ['van der', 'Veen', 22_900],
  ['van den', 'Broek', 22_745],
  ['de', 'Bruijn', 22_468],
  ['de', 'Bruin', 21_939],
  ['van der', 'Heijden', 21_751],
  ['', 'Schouten', 21_471],
  ['van', 'Beek', 21_185],
  ['', 'Willems', 21_016],
  ['van', 'Vliet', 20_797],
  ['van de', 'Ven', 20_484],
  ['', 'Hoekstra', 20_314],
  ['', 'Maas', 20_210],
  ['', 'Verhoeven', 20_186],
  ['', 'Koster', 19_782],
  ['van', 'Dam', 19_693],
  ['van der', 'Wal', 19_441],
  ['', 'Prins', 19_352],
  ['', 'Blom', 19_183],
  ['', 'Huisman', 19_089],
  // Common names of Dutch citizens of Turkish, Moroccan, Surinamese and Indonesian descent; several
  // carry the diacritics a hurried intake drops.
  ['', 'Yılmaz', 12_000],
  ['', 'Kaya', 9_000],
  ['', 'Öztürk', 7_000],
  ['', 'Şahin', 6_500],
  ['', 'Çelik', 6_000],
  ['', 'Doğan', 5_500],
  ['', 'El Idrissi', 5_000],
  ['', 'Bouzid', 4_000],
  ['', 'Ramdin', 3_000],
  ['', 'Wijaya', 2_000],
];

// A family name beyond the list is built from parts Dutch names are made of; its bearers follow
// the list's Zipf curve (frequency ∝ 1 / rank), so most names are rare and a few are very common.
const heads = [
  'Ver',
  'Hoog',
  'Wester',
  'Ooster',
  'Zuider',
  'Noord',
  'Kool',
  'Rood',
  'Groen',
  'Klein',
  'Groot',
  'Berg',
  'Brink',
  'Dijk',
  'Haver',
  'Kamp',
  'Lin',
  'Meer',
  'Molen',
  'Schip',
  'Steen',
  'Veld',
  'Wouter',
  'Zand',
  'Eik',
  'Roos',
  'Blok',
  'Sloot',
  'Beuk',
  'Hof',
];
const tails = [
  'hagen',
  'man',
  'mans',
  'ink',
  'inga',
  'stra',
  'sma',
  'veld',
  'dijk',
  'berg',
  'horst',
  'kamp',
  'broek',
  'beek',
  'hout',
  'land',
  'hof',
  'huis',
  'meijer',
  'boom',
  'sen',
  'ink',
  'ers',
  'kes',
  'werf',
  'laar',
  'weg',
  'mate',
  'gaard',
  'loo',
];
const tailPrefixes = ['', '', '', 'van', 'van de', 'ter', 'van der', 'de'];

export type FamilyNameEntry = { prefix?: string; familyName: string };

export type NameTable<T> = { entries: readonly T[]; pick: (rng: Random) => T; share: (index: number) => number };

const table = <T>(entries: readonly T[], weights: readonly number[]): NameTable<T> => {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  return {
    entries,
    share: (index) => weights[index] / total,
    pick: (rng) => {
      const roll = rng.next() * total;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (cumulative[middle] > roll) high = middle;
        else low = middle + 1;
      }
      return entries[low];
    },
  };
};

const buildFamilyNames = (): NameTable<FamilyNameEntry> => {
  const entries: FamilyNameEntry[] = commonFamilyNames.map(([prefix, familyName]) => (prefix ? { prefix, familyName } : { familyName }));
  const weights: number[] = commonFamilyNames.map(([, , bearers]) => bearers);
  // Rank 50 has ~19,000 bearers: the tail continues that curve.
  const atRankFifty = 19_089 * 50;
  const seen = new Set(entries.map((entry) => `${entry.prefix ?? ''} ${entry.familyName}`));
  let rank = 51;
  for (const tail of tails) {
    for (const head of heads) {
      for (const prefix of tailPrefixes) {
        const familyName = `${head}${tail}`;
        const key = `${prefix} ${familyName}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push(prefix ? { prefix, familyName } : { familyName });
        weights.push(atRankFifty / rank);
        rank += 1;
      }
    }
  }
  return table(entries, weights);
};

export const familyNameTable: NameTable<FamilyNameEntry> = buildFamilyNames();

/** Given names by how often they occur among adults and among children (Zipf-like, SVB top lists). */
const adultNames = [
  'Maria',
  'Johannes',
  'Anna',
  'Jan',
  'Cornelis',
  'Hendrik',
  'Sandra',
  'Peter',
  'Linda',
  'Mark',
  'Monique',
  'Patrick',
  'Esther',
  'Dennis',
  'Marieke',
  'Martijn',
  'Wendy',
  'Jeroen',
  'Kim',
  'Bas',
  'Mohamed',
  'Fatima',
  'Ahmed',
  'Ayşe',
  'Mehmet',
  'Priya',
  'Sanne',
  'Tom',
  'Lotte',
  'Thijs',
  'Iris',
  'Ruben',
  'Eva',
  'Joost',
  'Anouk',
  'Niels',
  'Fleur',
  'Stefan',
  'Inge',
  'René',
];
const childNames = [
  'Noah',
  'Emma',
  'Liam',
  'Julia',
  'Luuk',
  'Mila',
  'Lucas',
  'Tess',
  'Sem',
  'Sophie',
  'Finn',
  'Zoë',
  'Daan',
  'Nora',
  'Levi',
  'Yara',
  'Milan',
  'Saar',
  'Bram',
  'Lotte',
  'Adam',
  'Eva',
  'Mohamed',
  'Noor',
  'Jesse',
  'Fenna',
  'Thomas',
  'Anna',
  'Sam',
  'Lina',
  'Gijs',
  'Sara',
  'Mees',
  'Evi',
  'Ryan',
  'Ilse',
  'Jayden',
  'Maud',
  'Ömer',
  'Elif',
];

const zipf = (count: number): number[] => Array.from({ length: count }, (_, index) => 1 / (index + 1) ** 0.9);

export const adultNameTable: NameTable<string> = table(adultNames, zipf(adultNames.length));
export const childNameTable: NameTable<string> = table(childNames, zipf(childNames.length));

const diacritics: Record<string, string> = {
  ë: 'e',
  é: 'e',
  è: 'e',
  ï: 'i',
  ö: 'o',
  ü: 'u',
  ç: 'c',
  ş: 's',
  ı: 'i',
  ğ: 'g',
  á: 'a',
  Ö: 'O',
  Ş: 'S',
  Ç: 'C',
};

export const dropDiacritics = (value: string): string => value.replace(/[ëéèïöüçşığáÖŞÇ]/g, (letter) => diacritics[letter] ?? letter);

export const hasDiacritics = (name: PersonName): boolean =>
  dropDiacritics(`${name.givenNames}${name.familyName}`) !== `${name.givenNames}${name.familyName}`;

/** How a later report misspells a person: the spellings a family lookup must still find. */
export type Misspelling = 'one-typo' | 'swapped-letters' | 'missing-diacritic' | 'swapped-names';

/** One edit: a letter changed, dropped or doubled. Never the first letter, as people rarely miss it. */
const oneTypo = (value: string, rng: Random): string => {
  if (value.length < 3) return `${value}${value.at(-1) ?? ''}`;
  const at = rng.int(1, value.length - 1);
  switch (rng.int(0, 2)) {
    case 0: {
      const letter = value[at].toLowerCase();
      const vowels = 'aeiou';
      const replacement = vowels.includes(letter) ? vowels[(vowels.indexOf(letter) + 1) % vowels.length] : letter === 's' ? 'z' : 's';
      return value === `${value.slice(0, at)}${replacement}${value.slice(at + 1)}`
        ? `${value}e`
        : `${value.slice(0, at)}${replacement}${value.slice(at + 1)}`;
    }
    case 1:
      return `${value.slice(0, at)}${value.slice(at + 1)}`;
    default:
      return `${value.slice(0, at + 1)}${value[at]}${value.slice(at + 1)}`;
  }
};

/** Two neighbouring, different letters swapped; a name without such a pair gets one typo. */
const swapLetters = (value: string, rng: Random): string => {
  const pairs: number[] = [];
  for (let index = 1; index < value.length - 1; index += 1)
    if (value[index] !== value[index + 1] && value[index + 1] !== ' ') pairs.push(index);
  if (pairs.length === 0) return oneTypo(value, rng);
  const at = rng.pick(pairs);
  return `${value.slice(0, at)}${value[at + 1]}${value[at]}${value.slice(at + 2)}`;
};

export const misspell = (name: PersonName, how: Misspelling, rng: Random): PersonName => {
  switch (how) {
    case 'one-typo':
      return { ...name, familyName: oneTypo(name.familyName, rng) };
    case 'swapped-letters':
      return { ...name, familyName: swapLetters(name.familyName, rng) };
    case 'missing-diacritic':
      return { ...name, givenNames: dropDiacritics(name.givenNames), familyName: dropDiacritics(name.familyName) };
    case 'swapped-names':
      // "van den Berg Anna": the whole family name where the given name belongs.
      return { givenNames: [name.prefix, name.familyName].filter(Boolean).join(' '), familyName: name.givenNames };
  }
};
