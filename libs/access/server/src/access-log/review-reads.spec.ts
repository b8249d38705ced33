import type { AccessLogEntry } from './access-log-entry';
import { readsOfGrantPage, readsOfLogPage } from './review-reads';

const request = {
  actor: { userId: 'pim', organisationId: 'operator', role: 'privacy-officer' },
  requestId: 'request-1',
  route: 'GET /api/v1/access-log',
};

const line = (subjectType: 'family' | 'case', subjectId: string, familyId: string | null): AccessLogEntry => ({
  sequence: 1,
  recordedAt: new Date('2026-03-10T12:00:00Z'),
  subjectType,
  subjectId,
  familyId,
  actor: { userId: 'anna', organisationId: 'vt-zhz', role: null },
  onBehalfOf: null,
  action: 'read',
  legalBasis: 'wmo-2015-4.1.1',
  emergency: false,
  emergencyReason: null,
  requestId: 'r',
  route: 'GET /api/v1/cases/:caseId',
  outcome: null,
  completes: null,
  previousHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

const subjects = (records: ReturnType<typeof readsOfLogPage>) =>
  records.map((record) => [record.subjectType, record.subjectId, record.familyId]);

describe('readsOfLogPage', () => {
  it('logs one read per family on the page and per case without a known family, for the officer under AVG art. 32', () => {
    const records = readsOfLogPage(
      [
        line('case', 'case-1', 'family-1'),
        line('family', 'family-2', 'family-2'),
        line('case', 'case-3', 'family-1'),
        line('case', 'case-9', null),
        line('case', 'case-9', null),
      ],
      {},
      request,
    );
    expect(subjects(records)).toEqual([
      ['family', 'family-1', 'family-1'],
      ['family', 'family-2', 'family-2'],
      ['case', 'case-9', undefined],
    ]);
    expect(records[0]).toEqual({
      subjectType: 'family',
      subjectId: 'family-1',
      familyId: 'family-1',
      actor: request.actor,
      action: 'read',
      legalBasis: 'avg-art-32',
      requestId: 'request-1',
      route: 'GET /api/v1/access-log',
    });
  });

  it('logs the family or case searched for even when the page is empty', () => {
    expect(subjects(readsOfLogPage([], { familyId: 'family-7' }, request))).toEqual([['family', 'family-7', 'family-7']]);
    expect(subjects(readsOfLogPage([], { caseId: 'case-7' }, request))).toEqual([['case', 'case-7', undefined]]);
    expect(subjects(readsOfLogPage([line('case', 'case-7', 'family-7')], { caseId: 'case-7' }, request))).toEqual([
      ['family', 'family-7', 'family-7'],
    ]);
  });

  it('logs nothing when a search reveals no family or case', () => {
    expect(readsOfLogPage([], { userId: 'anna', emergency: true }, request)).toEqual([]);
  });
});

describe('readsOfGrantPage', () => {
  it('logs each case once', () => {
    expect(subjects(readsOfGrantPage(['case-2', 'case-1', 'case-2'], request))).toEqual([
      ['case', 'case-2', undefined],
      ['case', 'case-1', undefined],
    ]);
  });
});
