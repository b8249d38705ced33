import fc from 'fast-check';
import type { AccessLogEntryInput } from './access-log-entry';
import { InvalidAccessLogEntry, normaliseEntry } from './access-log-entry';
import { canonicalEntryText, entryHash, hashedContent } from './access-log-hash';
import { canonicalJson } from './canonical-json';

const valid: AccessLogEntryInput = {
  subjectType: 'case',
  subjectId: 'case-1',
  familyId: 'family-1',
  actor: { userId: 'user-1', organisationId: 'org-1' },
  action: 'read',
  legalBasis: 'jeugdwet',
  requestId: 'request-1',
  route: 'GET /api/v1/cases/:caseId',
};

describe('normaliseEntry', () => {
  it('fills the absent optional fields with null and the family id of a family subject', () => {
    expect(normaliseEntry({ ...valid, subjectType: 'family', subjectId: 'family-9', familyId: undefined })).toEqual({
      subjectType: 'family',
      subjectId: 'family-9',
      familyId: 'family-9',
      actor: { userId: 'user-1', organisationId: 'org-1', role: null },
      onBehalfOf: null,
      action: 'read',
      legalBasis: 'jeugdwet',
      emergency: false,
      emergencyReason: null,
      requestId: 'request-1',
      route: 'GET /api/v1/cases/:caseId',
      outcome: null,
      completes: null,
    });
  });

  it('takes an outcome, and a completion only with the outcome it records', () => {
    expect(normaliseEntry({ ...valid, action: 'update', outcome: 'pending' })).toMatchObject({ outcome: 'pending', completes: null });
    expect(normaliseEntry({ ...valid, action: 'update', outcome: 'changed', completes: 7 })).toMatchObject({
      outcome: 'changed',
      completes: 7,
    });
  });

  it.each([
    ['route', { route: 'GET /api/v1/families?name=Jansen' }],
    ['route', { route: '/api/v1/cases/:caseId' }],
    ['action', { action: 'delete' }],
    ['legalBasis', { legalBasis: 'curiosity' }],
    ['subjectId', { subjectId: ' ' }],
    ['actor.organisationId', { actor: { userId: 'user-1', organisationId: '' } }],
    ['emergency.reason', { emergency: { reason: '' } }],
    ['familyId', { subjectType: 'family', subjectId: 'family-1', familyId: 'family-2' }],
    ['outcome', { outcome: 'maybe' }],
    ['outcome', { outcome: 'pending', completes: 3 }],
    ['outcome', { completes: 3 }],
    ['completes', { outcome: 'changed', completes: 0 }],
  ])('refuses a bad %s', (field, change) => {
    const attempt = () => normaliseEntry({ ...valid, ...(change as Partial<AccessLogEntryInput>) });
    expect(attempt).toThrow(InvalidAccessLogEntry);
    expect(attempt).toThrow(`Invalid access log entry: ${field} `);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 'é"' } })).toBe('{"a":{"c":"é\\"","d":[true,null,"x"]},"b":1}');
  });

  it('refuses values that JSON would silently change', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('finite');
    expect(() => canonicalJson({ a: undefined } as never)).toThrow('undefined');
  });
});

describe('the hashed content', () => {
  const fields = { ...normaliseEntry(valid), sequence: 12, recordedAt: new Date('2026-03-10T12:00:00.000Z') };

  it('is what it was before outcomes existed for an entry without one, so older entries keep verifying', () => {
    // The format as first released: these fields and no others.
    expect(Object.keys(hashedContent(fields) as object).sort()).toEqual([
      'action',
      'actor',
      'emergency',
      'emergencyReason',
      'familyId',
      'legalBasis',
      'onBehalfOf',
      'recordedAt',
      'requestId',
      'route',
      'sequence',
      'subjectId',
      'subjectType',
    ]);
  });

  it('covers the outcome and the completed entry when they are set', () => {
    const completion = { ...fields, outcome: 'changed' as const, completes: 11 };
    const hash = entryHash('0'.repeat(64), completion);
    expect(entryHash('0'.repeat(64), { ...completion, outcome: 'conflict' })).not.toBe(hash);
    expect(entryHash('0'.repeat(64), { ...completion, completes: 10 })).not.toBe(hash);
    expect(entryHash('0'.repeat(64), { ...completion, outcome: null, completes: null })).not.toBe(hash);
  });
});

describe('the canonical text of an entry', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 40 });
  const actor = fc.record({ userId: anyText, organisationId: anyText, role: fc.option(anyText, { nil: null }) });
  const entries = fc.record({
    sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    recordedAt: fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true }),
    subjectType: anyText,
    subjectId: anyText,
    familyId: fc.option(anyText, { nil: null }),
    actor,
    onBehalfOf: fc.option(actor, { nil: null }),
    action: anyText,
    legalBasis: anyText,
    emergency: fc.boolean(),
    emergencyReason: fc.option(anyText, { nil: null }),
    requestId: anyText,
    route: anyText,
    outcome: fc.option(anyText, { nil: null }),
    completes: fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
  }) as fc.Arbitrary<Parameters<typeof hashedContent>[0]>;

  it('is the canonical JSON of the hashed content, character for character, for any entry', () => {
    fc.assert(
      fc.property(entries, (entry) => {
        expect(canonicalEntryText(entry, entry.sequence, entry.recordedAt)).toBe(canonicalJson(hashedContent(entry)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives a known entry the hash it had when the format was released', () => {
    const released = { ...normaliseEntry(valid), sequence: 12, recordedAt: new Date('2026-03-10T12:00:00.000Z') };
    expect(entryHash('0'.repeat(64), released)).toBe('82897147d4f794602aa7253245062d8742063af115a119a9a0b8bcdcc46cc421');
  });
});
