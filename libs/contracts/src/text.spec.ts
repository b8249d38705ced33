import fc from 'fast-check';
import { z } from 'zod';
import {
  isStorableText,
  issueCode,
  optionalId,
  optionalText,
  storableString,
  text,
  unstorableCodeUnit,
  unstorableTextCheck,
  unstorableTextCode,
  tooDeepCode,
  unstorableTextErrors,
} from './text';
import { isolateDirection } from './text-direction';

// Strings as a client can send them in JSON: any UTF-16 code units, lone surrogates included.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyUnits = fc.string({ unit: codeUnit, maxLength: 40 });

// Well-formed text without NUL: every code point from U+0001 to U+10FFFF.
const storable = fc.string({ unit: 'binary', maxLength: 40 }).map((value) => value.split('\u0000').join(''));

const forbidden = fc.oneof(
  fc.constant('\u0000'),
  fc.integer({ min: 0xd800, max: 0xdbff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0xdc00, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
);

const insert = (value: string, at: number, inserted: string): string => {
  const index = at % (value.length + 1);
  return value.slice(0, index) + inserted + value.slice(index);
};

// What a client may legitimately type: scripts, joiners, direction marks, emoji, noncharacters.
const legitimate = [
  'Dorpsstraat',
  'Çağlar Öztürk-Łukasiewicz',
  'محمد\u200F',
  '\u202Eevil\u202C',
  '\u200E\u200F\u2066\u2069',
  '😀',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\u{1F600}\u{1F1F3}\u{1F1F1}',
  'e\u0301\u0308',
  'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334',
  '\uFEFF',
  '\uFFFE\uFFFF\uFDD0',
  '\u{10FFFF}',
  '\u0001\u001F\u007F\u0085',
  ' ',
];

describe('text PostgreSQL can store', () => {
  it('accepts every string without U+0000 and without a lone surrogate', () => {
    fc.assert(
      fc.property(storable, (value) => {
        expect(isStorableText(value)).toBe(true);
        expect(unstorableCodeUnit(value)).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses every string with a NUL or a lone surrogate inserted anywhere, naming that code unit', () => {
    fc.assert(
      fc.property(storable, fc.nat(), forbidden, (value, at, inserted) => {
        const candidate = insert(value, at, inserted);
        expect(isStorableText(candidate)).toBe(false);
        // Inserting a surrogate can split a pair; then the unit named is one of the two halves left alone.
        const named = unstorableCodeUnit(candidate);
        expect(named === 0 || (named !== undefined && named >= 0xd800 && named <= 0xdfff)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with well-formedness plus "no NUL" on arbitrary code units', () => {
    // An independent judge of well-formed UTF-16: encodeURIComponent refuses a lone surrogate.
    const wellFormed = (value: string): boolean => {
      try {
        encodeURIComponent(value);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(anyUnits, (value) => {
        expect(isStorableText(value)).toBe(wellFormed(value) && !value.includes('\u0000'));
      }),
      { numRuns: 5_000 },
    );
  });

  it.each(legitimate)('accepts %j: emoji, right-to-left marks, combining marks, noncharacters', (value) => {
    expect(isStorableText(value)).toBe(true);
    expect(text(200).safeParse(value).success).toBe(true);
    expect(optionalText(200).safeParse(value).success).toBe(true);
  });
});

describe('the schema builders', () => {
  const body = z.strictObject({ street: optionalText(200), name: text(200), id: optionalId, raw: storableString().trim().optional() });

  it('refuse such text at the field, with a Dutch message that names the code point and not the value', () => {
    const result = body.safeParse({ street: 'Dorpsstraat\u0000', name: 'An\uD83Dna', id: 'id\u0000', raw: ' \uDC00 ' });
    const refusals = (result.error?.issues ?? [])
      .filter((issue) => issueCode(issue) === unstorableTextCode)
      .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    expect(refusals).toEqual([
      { path: 'street', message: 'Bevat een teken dat niet kan worden opgeslagen (U+0000).' },
      { path: 'name', message: 'Bevat een teken dat niet kan worden opgeslagen (U+D83D).' },
      { path: 'id', message: 'Bevat een teken dat niet kan worden opgeslagen (U+0000).' },
      { path: 'raw', message: 'Bevat een teken dat niet kan worden opgeslagen (U+DC00).' },
    ]);
    expect(JSON.stringify(result.error?.issues.map((issue) => issue.message))).not.toContain('Dorpsstraat');
  });

  it('apply to a string format through the check', () => {
    const instant = z.iso.datetime({ offset: true }).check(unstorableTextCheck);
    expect(instant.safeParse('2026-03-10T09:30:00+01:00').success).toBe(true);
    expect(instant.safeParse('2026-03-10T09:30:00+01:00\u0000').error?.issues.map(issueCode)).toContain(unstorableTextCode);
  });

  it('keep their other checks', () => {
    expect(text(5).safeParse('').success).toBe(false);
    expect(text(5).safeParse('123456').success).toBe(false);
    expect(optionalId.safeParse('a b').success).toBe(false);
    expect(optionalId.safeParse(undefined).success).toBe(true);
    expect(body.parse({ name: '😀', raw: '  x  ' })).toEqual({ name: '😀', raw: 'x' });
  });
});

describe('unstorableTextErrors', () => {
  it('names every field of a parsed body, keys included, without repeating a key that cannot be stored', () => {
    expect(
      unstorableTextErrors({
        household: { address: { street: 'Dorpsstraat\u0000' }, members: [{ name: 'ok' }, { name: '\uDFFF' }] },
        ['bad\u0000key']: 'value',
        fine: ['😀', 1, null, true],
      }),
    ).toEqual([
      { path: 'household.address.street', message: 'Bevat een teken dat niet kan worden opgeslagen (U+0000).', code: unstorableTextCode },
      { path: 'household.members.1.name', message: 'Bevat een teken dat niet kan worden opgeslagen (U+DFFF).', code: unstorableTextCode },
      { path: '', message: 'Een veldnaam bevat een teken dat niet kan worden opgeslagen (U+0000).', code: unstorableTextCode },
    ]);
  });

  it('prefixes where the input came from, and reports at most 20', () => {
    expect(unstorableTextErrors({ caseId: '\u0000' }, 'params')).toEqual([expect.objectContaining({ path: 'params.caseId' })]);
    expect(unstorableTextErrors('W/"1"\u0000', 'headers.if-match')).toEqual([expect.objectContaining({ path: 'headers.if-match' })]);
    expect(unstorableTextErrors(Array.from({ length: 500 }, () => '\u0000'))).toHaveLength(20);
    expect(unstorableTextErrors({ a: 'b', c: ['d', { e: 'f' }] }, 'query')).toEqual([]);
  });

  it('reports a value nested deeper than 32 levels once, where it goes too deep, without walking further down', () => {
    let deep: unknown = '\u0000';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(unstorableTextErrors(deep)).toEqual([
      { path: Array(33).fill('0').join('.'), message: 'Te diep genest: hoogstens 32 niveaus.', code: tooDeepCode },
    ]);
    let allowed: unknown = 'ok';
    for (let level = 0; level < 32; level++) allowed = { a: allowed };
    expect(unstorableTextErrors(allowed, 'query')).toEqual([]);
  });
});

describe('text set between other text', () => {
  // Code points of left-to-right and neutral scripts: Latin, digits, punctuation, Greek, CJK, emoji.
  const neutralUnit = fc.oneof(
    fc.integer({ min: 0x20, max: 0x24f }),
    fc.integer({ min: 0x370, max: 0x3ff }),
    fc.integer({ min: 0x4e00, max: 0x4fff }),
    fc.integer({ min: 0x1f300, max: 0x1f64f }),
  );
  const neutral = fc.array(neutralUnit, { maxLength: 30 }).map((points) => String.fromCodePoint(...points));
  const directional = fc.oneof(
    fc.constantFrom('\u202E', '\u202B', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200F', '\u200E', '\u061C'),
    fc.integer({ min: 0x5d0, max: 0x5ea }).map((point) => String.fromCodePoint(point)),
    fc.integer({ min: 0x627, max: 0x64a }).map((point) => String.fromCodePoint(point)),
    fc.integer({ min: 0xfe70, max: 0xfefc }).map((point) => String.fromCodePoint(point)),
    fc.integer({ min: 0x10800, max: 0x10fff }).map((point) => String.fromCodePoint(point)),
    fc.integer({ min: 0x1e900, max: 0x1e95f }).map((point) => String.fromCodePoint(point)),
  );

  it('leaves text without right-to-left letters or direction controls exactly as it is', () => {
    fc.assert(
      fc.property(neutral, (value) => {
        expect(isolateDirection(value)).toBe(value);
      }),
      { numRuns: 2_000 },
    );
    for (const value of ['Jansen', 'de Vries-Çağlar', '4201', '山田', '👨‍👩‍👧', '\uFEFFJansen', ''])
      expect(isolateDirection(value)).toBe(value);
  });

  it('isolates text with a right-to-left letter or a direction control anywhere, keeping the text itself', () => {
    fc.assert(
      fc.property(neutral, fc.nat(), directional, (value, at, inserted) => {
        const candidate = insert(value, at, inserted);
        expect(isolateDirection(candidate)).toBe(`\u2068${candidate}\u2069`);
      }),
      { numRuns: 2_000 },
    );
    expect(isolateDirection('محمد')).toBe('\u2068محمد\u2069');
    expect(isolateDirection('\u202EBakker')).toBe('\u2068\u202EBakker\u2069');
  });
});
