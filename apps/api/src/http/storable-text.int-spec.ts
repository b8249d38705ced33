import fc from 'fast-check';
import { Client } from 'pg';
import { isStorableText } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';

// The shared input rule (`isStorableText`) against the real server: a string is accepted exactly
// when PostgreSQL stores it unchanged both in a `text` column and inside `jsonb`, the two ways the
// event store and the read models keep text. Read models store decrypted personal data as text
// and whole records as jsonb, so text that fails either would stop a projection.

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
// Biased towards what matters: NUL, surrogates of either half, noncharacters, emoji pairs.
const interesting = fc.constantFrom(
  '\u0000',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uD83D\uDE00',
  '\uFFFE',
  '\uFFFF',
  '\u200F',
  '\u202E',
  'a',
);
const candidate = fc.string({
  unit: fc.oneof(codeUnit, interesting, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  maxLength: 12,
});

describe('what PostgreSQL can store is what the input rule accepts', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('storable_text');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('create table probe (plain text, document jsonb)');
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** Whether the value round-trips unchanged through a text parameter and through jsonb. */
  const storedUnchanged = async (value: string): Promise<boolean> => {
    await client.query('savepoint probe');
    try {
      const { rows } = await client.query<{ plain: string; document: { value: string } }>(
        'insert into probe (plain, document) values ($1, $2) returning plain, document',
        [value, JSON.stringify({ value })],
      );
      await client.query('release savepoint probe');
      return rows[0].plain === value && rows[0].document.value === value;
    } catch (error) {
      await client.query('rollback to savepoint probe');
      // Only the refusals of the encoding may count as "cannot store"; anything else is a broken probe.
      expect(['22021', '22P02', '22P05']).toContain((error as { code?: string }).code);
      return false;
    }
  };

  it('runs on a UTF-8 database, the encoding the rule is measured for', async () => {
    const { rows } = await client.query<{ encoding: string }>("select current_setting('server_encoding') as encoding");
    expect(rows[0].encoding).toBe('UTF8');
  });

  it.each([
    { name: 'U+0000', value: '\u0000', storable: false },
    { name: 'a lone high surrogate', value: 'a\uD800b', storable: false },
    { name: 'a lone low surrogate', value: 'a\uDC00b', storable: false },
    { name: 'a pair in the wrong order', value: '\uDC00\uD800', storable: false },
    { name: 'a 4-byte emoji', value: '😀', storable: true },
    { name: 'right-to-left marks', value: '\u200F\u202E', storable: true },
    { name: 'combining marks', value: 'e\u0301\u0308', storable: true },
    { name: 'noncharacters U+FFFE, U+FFFF, U+FDD0', value: '\uFFFE\uFFFF\uFDD0', storable: true },
    { name: 'the last code point', value: '\u{10FFFF}', storable: true },
    { name: 'control characters', value: '\u0001\u001F\u007F\u0085', storable: true },
  ])('$name: stored unchanged is $storable', async ({ value, storable }) => {
    await client.query('begin');
    try {
      expect(await storedUnchanged(value)).toBe(storable);
    } finally {
      await client.query('rollback');
    }
    expect(isStorableText(value)).toBe(storable);
  });

  it('agrees on arbitrary UTF-16 strings', async () => {
    await client.query('begin');
    try {
      await fc.assert(
        fc.asyncProperty(candidate, async (value) => {
          expect(isStorableText(value)).toBe(await storedUnchanged(value));
        }),
        { numRuns: 1_000 },
      );
    } finally {
      await client.query('rollback');
    }
  });
});
