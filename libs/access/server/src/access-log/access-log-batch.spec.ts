import { appendBatchParameters, chainBatch } from './access-log-batch';
import type { UnchainedEntry } from './access-log-batch';
import { normaliseEntry } from './access-log-entry';
import { GENESIS_HASH, entryHash } from './access-log-hash';

const entry = (requestId: string, overrides: Partial<Parameters<typeof normaliseEntry>[0]> = {}): UnchainedEntry =>
  normaliseEntry({
    subjectType: 'case',
    subjectId: 'case-1',
    familyId: 'family-1',
    actor: { userId: 'user-1', organisationId: 'vt-zhz', role: 'veilig-thuis-professional' },
    action: 'read',
    legalBasis: 'wmo-2015-4.1.1',
    requestId,
    route: 'GET /api/v1/cases/:caseId',
    ...overrides,
  });

const at = new Date('2026-03-10T12:00:00.123Z');

describe('chainBatch', () => {
  it('continues the chain from the head, in the order given, each entry hashed over its predecessor', () => {
    const head = { sequence: 41, hash: 'a'.repeat(64) };
    const chained = chainBatch(head, at, [entry('r-1'), entry('r-2'), entry('r-3', { action: 'update' })]);

    expect(chained.map((line) => [line.sequence, line.fields.requestId])).toEqual([
      [42, 'r-1'],
      [43, 'r-2'],
      [44, 'r-3'],
    ]);
    expect(chained[0].previousHash).toBe(head.hash);
    expect(chained[1].previousHash).toBe(chained[0].hash);
    expect(chained[2].previousHash).toBe(chained[1].hash);
    // The same hash a single append would have given each entry, so verify walks a batch unchanged.
    for (const line of chained) {
      expect(line.hash).toBe(entryHash(line.previousHash, { ...line.fields, sequence: line.sequence, recordedAt: line.recordedAt }));
    }
    expect(chained.every((line) => line.recordedAt === at)).toBe(true);
  });

  it('chains the first entry of a log to the genesis hash and gives an empty batch nothing', () => {
    expect(chainBatch({ sequence: 0, hash: GENESIS_HASH }, at, [entry('r-1')])[0]).toMatchObject({
      sequence: 1,
      previousHash: GENESIS_HASH,
    });
    expect(chainBatch({ sequence: 0, hash: GENESIS_HASH }, at, [])).toEqual([]);
  });

  it('gives the same entries a different hash at another place in the chain', () => {
    const [first] = chainBatch({ sequence: 0, hash: GENESIS_HASH }, at, [entry('r-1')]);
    const [moved] = chainBatch({ sequence: 1, hash: GENESIS_HASH }, at, [entry('r-1')]);
    expect(moved.hash).not.toBe(first.hash);
  });
});

describe('appendBatchParameters', () => {
  it('passes one array per column, row-aligned, and the new head with the entry count', () => {
    const chained = chainBatch({ sequence: 9, hash: GENESIS_HASH }, at, [
      entry('r-1'),
      entry('r-2', {
        subjectType: 'family',
        subjectId: 'family-2',
        familyId: undefined,
        actor: { userId: 'user-1', organisationId: 'vt-zhz' },
        emergency: { reason: 'Acute melding buiten kantooruren' },
        onBehalfOf: { userId: 'user-2', organisationId: 'ts-gorinchem' },
        action: 'update',
        outcome: 'changed',
        completes: 3,
      }),
    ]);
    const parameters = appendBatchParameters(chained);

    expect(parameters).toHaveLength(24);
    expect(parameters[0]).toBe(at);
    expect(parameters[1]).toEqual([10, 11]);
    expect(parameters[2]).toEqual(['case', 'family']);
    expect(parameters[4]).toEqual(['family-1', 'family-2']);
    expect(parameters[7]).toEqual(['veilig-thuis-professional', null]);
    expect(parameters[8]).toEqual([null, 'user-2']);
    expect(parameters[10]).toEqual([null, null]);
    expect(parameters[13]).toEqual([false, true]);
    expect(parameters[14]).toEqual([null, 'Acute melding buiten kantooruren']);
    expect(parameters[17]).toEqual([null, 'changed']);
    expect(parameters[18]).toEqual([null, 3]);
    expect(parameters[19]).toEqual([GENESIS_HASH, chained[0].hash]);
    expect(parameters.slice(21)).toEqual([11, chained[1].hash, 2]);
  });

  it('refuses an empty batch', () => {
    expect(() => appendBatchParameters([])).toThrow('empty batch');
  });
});
