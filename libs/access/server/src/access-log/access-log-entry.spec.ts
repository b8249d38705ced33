import type { AccessLogEntryInput } from './access-log-entry';
import { InvalidAccessLogEntry, normaliseEntry } from './access-log-entry';
import { canonicalJson } from './canonical-json';

const valid: AccessLogEntryInput = {
  subjectType: 'case',
  subjectId: 'case-1',
  familyId: 'family-1',
  actor: { userId: 'user-1', organisationId: 'org-1' },
  action: 'read',
  legalBasis: 'jeugdwet',
  requestId: 'request-1',
  route: 'GET /api/cases/:caseId',
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
      route: 'GET /api/cases/:caseId',
    });
  });

  it.each([
    ['route', { route: 'GET /api/families?name=Jansen' }],
    ['route', { route: '/api/cases/:caseId' }],
    ['action', { action: 'delete' }],
    ['legalBasis', { legalBasis: 'curiosity' }],
    ['subjectId', { subjectId: ' ' }],
    ['actor.organisationId', { actor: { userId: 'user-1', organisationId: '' } }],
    ['emergency.reason', { emergency: { reason: '' } }],
    ['familyId', { subjectType: 'family', subjectId: 'family-1', familyId: 'family-2' }],
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
