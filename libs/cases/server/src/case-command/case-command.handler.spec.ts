import { createCaseDecider } from '@ketenregie/cases-domain';
import type { CaseCommand, CaseState, Household } from '@ketenregie/cases-domain';
import { WrongExpectedVersion } from '@ketenregie/event-store';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventStore,
  EventToAppend,
  RecordedEvent,
  SqlTransaction,
  WithinAppend,
} from '@ketenregie/event-store';
import type { CommandMetadata, Principal } from '@ketenregie/kernel';
import type { AccessLogRecord } from '@ketenregie/access-contracts';
import type { CaseAccess } from '../access/case-access.service';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from '../http/idempotency';
import type { KnownFamilyCheck } from '../intake/intake';
import { CaseAccessRefused, ExecuteCaseCommand } from './case-command';
import type { CaseCommandMessage } from './case-command';
import type { CaseCommandAccessPort, CommandGrant } from './case-command-access.port';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './case-command-errors';
import { ExecuteCaseCommandHandler } from './case-command.handler';

/**
 * A one-stream store in memory, with a hook that lets a "concurrent writer" append first. With
 * `transactional`, it also offers `appendWithin` the way the PostgreSQL adapter does: the caller's
 * work runs after the insert, and when it throws, the events are gone again (rolled back).
 */
const memoryStore = (options: { transactional?: boolean; journal?: string[] } = {}) => {
  const events: RecordedEvent[] = [];
  const append = (streamId: string, toAppend: EventToAppend[]): void => {
    for (const event of toAppend) {
      events.push({
        id: event.id ?? String(events.length),
        streamId,
        revision: events.length,
        checkpoint: String(events.length) as Checkpoint,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: event.data,
        metadata: event.metadata ?? {},
        recordedAt: new Date(),
      });
    }
  };
  const hooks = { beforeAppend: [] as (() => void)[], appends: 0, failNextAppend: undefined as Error | undefined };
  const appendToStream = async (streamId: string, toAppend: EventToAppend[], appendOptions?: AppendOptions): Promise<AppendResult> => {
    hooks.appends += 1;
    hooks.beforeAppend.shift()?.();
    const failure = hooks.failNextAppend;
    hooks.failNextAppend = undefined;
    if (failure) throw failure;
    const actual = events.length === 0 ? 'no_stream' : events.length - 1;
    if (appendOptions?.expectedVersion !== actual)
      throw new WrongExpectedVersion(streamId, appendOptions?.expectedVersion ?? 'any', actual);
    append(streamId, toAppend);
    options.journal?.push('append');
    return { nextExpectedVersion: events.length - 1, checkpoint: String(events.length - 1) as Checkpoint };
  };
  const transaction: SqlTransaction = { query: () => Promise.resolve({ rows: [], rowCount: 0 }) };
  const appendWithin = async (
    streamId: string,
    toAppend: EventToAppend[],
    appendOptions: AppendOptions,
    work: WithinAppend,
  ): Promise<AppendResult> => {
    const before = events.length;
    const result = await appendToStream(streamId, toAppend, appendOptions);
    try {
      await work(transaction, result);
    } catch (error) {
      events.splice(before);
      options.journal?.push('rollback');
      throw error;
    }
    options.journal?.push('commit');
    return result;
  };
  const store = {
    readStream: async () => [...events],
    appendToStream,
    ...(options.transactional ? { appendWithin } : {}),
  } as unknown as EventStore;
  return { store, events, hooks, append, transaction };
};

/** The ports around the handler, recording what they were asked, in order. */
const ports = (journal: string[] = []) => {
  const seen: { status: string; version: number; command: string }[] = [];
  const entries: (AccessLogRecord & { within?: boolean })[] = [];
  const completions: string[] = [];
  const stored: StoredResponse[] = [];
  const control = {
    refuse: undefined as ((attempt: number) => CaseAccessRefused | undefined) | undefined,
    failEntryWithin: undefined as Error | undefined,
  };
  const granted = { actingRole: 'veilig-thuis-professional', legalBasis: 'wmo-2015-4.1.1' } as CommandGrant['granted'];
  const grant = (state: CaseState): CommandGrant => ({
    granted,
    subject: { caseId: 'c1', familyId: 'f1' },
    caseExists: state.status !== 'not_opened',
  });
  const access = {
    requireOpen: () => granted,
    authorize: async (_principal: Principal, state: CaseState, command: CaseCommand) => {
      const version = state.status === 'not_opened' ? -1 : state.reports.length + (state.phase === 'immediate-safety' ? 0 : 100);
      seen.push({ status: state.status, version, command: command.type });
      journal.push('access');
      const refusal = control.refuse?.(seen.length);
      if (refusal) throw refusal;
      return grant(state);
    },
  } as unknown as CaseCommandAccessPort;
  const log = {
    record: async (entry: AccessLogRecord) => {
      entries.push(entry);
      journal.push(`entry ${entry.outcome ?? ''}`);
    },
    recordPending: async (entry: AccessLogRecord) => {
      entries.push({ ...entry, outcome: 'pending' });
      journal.push('entry pending');
      return {
        complete: async (outcome: string) => {
          completions.push(outcome);
          journal.push(`completion ${outcome}`);
        },
      };
    },
    recordWithin: async (_transaction: SqlTransaction, entry: AccessLogRecord) => {
      if (control.failEntryWithin) throw control.failEntryWithin;
      entries.push({ ...entry, within: true });
      journal.push(`entry ${entry.outcome ?? ''} (in transaction)`);
    },
  } as unknown as CaseAccess;
  const claims: { claim: () => IdempotencyClaim; released: string[] } = { claim: () => ({ kind: 'execute' }), released: [] };
  const idempotency = {
    claim: async (key: string) => {
      journal.push(`claim ${key}`);
      return claims.claim();
    },
    release: async (key: string) => {
      claims.released.push(key);
      journal.push(`release ${key}`);
    },
    complete: async (_key: string, response: StoredResponse) => {
      stored.push(response);
      journal.push('idempotency');
    },
    completeWithin: async (_transaction: SqlTransaction, _key: string, response: StoredResponse) => {
      stored.push(response);
      journal.push('idempotency (in transaction)');
    },
  } as unknown as IdempotencyStore;
  const knownFamily = { refuse: async () => undefined } as unknown as KnownFamilyCheck;
  return { access, log, idempotency, knownFamily, seen, entries, completions, stored, control, journal, claims };
};

const handlerFor = (store: EventStore, around = ports()) =>
  new ExecuteCaseCommandHandler(store, createCaseDecider(), around.access, around.log, around.idempotency, around.knownFamily);

const vt = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};
const metadata: CommandMetadata = {
  now: new Date('2026-03-02T09:00:00Z'),
  actor: { userId: 'vt-anna', organisationId: 'vt-zhz' },
  correlationId: 'request-1',
};

const report = (reportId: string): CaseCommand => ({
  type: 'cases.register-report',
  data: {
    caseId: 'c1',
    familyId: 'f1',
    reportId,
    referrer: { kind: 'citizen', name: 'Buurvrouw', contact: {} },
    sourceCategory: 'citizen',
    formsOfViolence: ['partner-violence'],
    concern: 'Geschreeuw en gebonk.',
    household: {
      address: { houseNumber: '3', postcode: '4201AB', municipality: 'Gorinchem' },
      members: [{ memberId: 'm1', role: 'adult', name: { givenNames: 'Piet', familyName: 'Jansen' }, dateOfBirth: null }],
    },
    receivedBy: vt,
  },
  metadata,
});

const principal: Principal = {
  userId: 'vt-anna',
  displayName: 'Anna de Vries',
  organisationId: 'vt-zhz',
  roles: ['veilig-thuis-professional'],
  authenticatedBy: 'local',
};
const user: CaseCommandMessage['caller'] = {
  kind: 'user',
  principal,
  idempotencyKey: 'key-1',
  request: { requestId: 'request-1', route: 'POST /api/v1/cases/:caseId/acute-unsafety' },
  ids: {},
};

const input = (overrides: Partial<CaseCommandMessage> = {}): CaseCommandMessage => ({
  caseId: 'c1',
  target: 'existing',
  commandId: 'command-2',
  command: { type: 'cases.register-acute-unsafety', data: { caseId: 'c1', measures: 'Politie ter plaatse.' }, metadata },
  caller: { kind: 'system' },
  ...overrides,
});

const opening = { target: 'open' as const, commandId: 'command-1', command: report('r1') };

const setUp = async (options: { transactional?: boolean } = {}) => {
  const journal: string[] = [];
  const memory = memoryStore({ ...options, journal });
  const around = ports(journal);
  const handler = handlerFor(memory.store, around);
  await handler.execute(new ExecuteCaseCommand(input(opening)));
  journal.length = 0;
  return { ...memory, ...around, handler };
};

describe('ExecuteCaseCommandHandler claiming the Idempotency-Key', () => {
  const claiming: CaseCommandMessage['caller'] = { ...user, fingerprint: 'fingerprint-1' } as CaseCommandMessage['caller'];

  it('claims before anything is read, decided or logged, and answers a stored answer as it is', async () => {
    const { handler, journal, claims, entries } = await setUp();
    const response: StoredResponse = { status: 200, body: { caseId: 'c1', version: 2 }, headers: { ETag: '"2"' } };
    claims.claim = () => ({ kind: 'replay', response });
    const outcome = await handler.execute(new ExecuteCaseCommand(input({ caller: claiming })));
    expect(outcome).toMatchObject({ storedAnswer: true, response });
    expect(journal).toEqual(['claim key-1']);
    expect(entries).toEqual([]);
  });

  it('frees the key it claimed when the command fails, and only then', async () => {
    const { handler, claims, control } = await setUp();
    control.refuse = () => new CaseAccessRefused('forbidden');
    await expect(handler.execute(new ExecuteCaseCommand(input({ caller: claiming })))).rejects.toBeInstanceOf(CaseAccessRefused);
    expect(claims.released).toEqual(['key-1']);
    control.refuse = undefined;
    await handler.execute(new ExecuteCaseCommand(input({ caller: claiming })));
    expect(claims.released).toEqual(['key-1']);
  });

  describe('for a new family', () => {
    const household = (report('r1').data as { household: Household }).household;
    const newFamilyCaller = { ...claiming, newFamily: { household } } as CaseCommandMessage['caller'];
    const withProbe = (claimed: boolean) => {
      const journal: string[] = [];
      const memory = memoryStore({ journal });
      const around = ports(journal);
      const probes: { household: Household; companion: unknown }[] = [];
      const refusals: { hits?: readonly string[] }[] = [];
      const companion = { ctes: 'idempotency_claim as (…)', values: ['key-1'], result: 'idempotency_claimed' };
      Object.assign(around.idempotency, { claimCompanion: () => companion });
      Object.assign(around.knownFamily, {
        probeWith: async (probed: Household, used: unknown) => {
          probes.push({ household: probed, companion: used });
          journal.push('probe');
          return { hits: ['c9'], companion: { claimed } };
        },
        refuse: async (request: { hits?: readonly string[] }) => {
          refusals.push({ hits: request.hits });
          return undefined;
        },
      });
      return { ...memory, ...around, handler: handlerFor(memory.store, around), probes, refusals, companion, journal };
    };

    it('claims the key in the statement of its look at the family index, and the check decides on those hits', async () => {
      const { handler, probes, refusals, companion, journal, events } = withProbe(true);
      await handler.execute(new ExecuteCaseCommand(input({ ...opening, caller: newFamilyCaller })));
      expect(probes).toEqual([{ household, companion }]);
      expect(refusals).toEqual([{ hits: ['c9'] }]);
      // The probe claimed it: no second claim.
      expect(journal[0]).toBe('probe');
      expect(journal).not.toContain('claim key-1');
      expect(events.map((event) => event.type)).toEqual(['cases.case-opened', 'cases.report-received']);
    });

    it('leaves a key claimed before to the full claim: a replay answers the stored answer, looks no further', async () => {
      const { handler, claims, refusals, journal } = withProbe(false);
      const response: StoredResponse = { status: 201, body: { caseId: 'c1', version: 1 }, headers: { ETag: '"1"' } };
      claims.claim = () => ({ kind: 'replay', response });
      const outcome = await handler.execute(new ExecuteCaseCommand(input({ ...opening, caller: newFamilyCaller })));
      expect(outcome).toMatchObject({ storedAnswer: true, response });
      expect(journal).toEqual(['probe', 'claim key-1']);
      expect(refusals).toEqual([]);
    });
  });

  it('does not free a key another request holds', async () => {
    const { handler, claims } = await setUp();
    claims.claim = () => {
      throw new Error('409: still running');
    };
    await expect(handler.execute(new ExecuteCaseCommand(input({ caller: claiming })))).rejects.toThrow('409');
    expect(claims.released).toEqual([]);
  });
});

describe('ExecuteCaseCommandHandler', () => {
  it('opens a case and stamps every event with actor, correlation, causation and time', async () => {
    const { events } = await setUp();
    expect(events.map((event) => event.type)).toEqual(['cases.case-opened', 'cases.report-received']);
    expect(events[1].metadata).toEqual({
      actor: metadata.actor,
      correlationId: 'request-1',
      causationId: 'command-1',
      timestamp: '2026-03-02T09:00:00.000Z',
    });
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
  });

  it('decides again on fresh state once when another writer got in first', async () => {
    const { handler, hooks, append, events } = await setUp();
    hooks.beforeAppend.push(() =>
      append('case-c1', [
        { type: 'cases.phase-changed', data: { phase: 'stable-safety', reason: 'x', changedAt: metadata.now.toISOString() } },
      ]),
    );
    const outcome = await handler.execute(new ExecuteCaseCommand(input()));
    expect(outcome).toMatchObject({ version: 3, events: ['cases.acute-unsafety-registered'], created: false });
    // One append opened the case; this command needed two.
    expect(hooks.appends).toBe(3);
    expect(events).toHaveLength(4);
  });

  it('gives up with a write conflict when the retry loses too', async () => {
    const { handler, hooks, append } = await setUp();
    const interfere = () =>
      append('case-c1', [{ type: 'cases.phase-changed', data: { phase: 'recovery', reason: 'x', changedAt: metadata.now.toISOString() } }]);
    hooks.beforeAppend.push(interfere, interfere);
    await expect(handler.execute(new ExecuteCaseCommand(input()))).rejects.toBeInstanceOf(CaseWriteConflict);
    expect(hooks.appends).toBe(3);
  });

  it('does not retry a pinned version: a mismatch before or during the append is a version mismatch', async () => {
    const { handler, hooks, append } = await setUp();
    await expect(handler.execute(new ExecuteCaseCommand(input({ expectedVersion: 0 })))).rejects.toEqual(
      expect.objectContaining({ name: 'CaseVersionMismatch', actualVersion: 1 }),
    );
    expect(hooks.appends).toBe(1);
    hooks.beforeAppend.push(() =>
      append('case-c1', [{ type: 'cases.phase-changed', data: { phase: 'recovery', reason: 'x', changedAt: metadata.now.toISOString() } }]),
    );
    await expect(handler.execute(new ExecuteCaseCommand(input({ expectedVersion: 1 })))).rejects.toBeInstanceOf(CaseVersionMismatch);
    expect(hooks.appends).toBe(2);
  });

  it('answers not found for an unknown case and a write conflict for opening one that exists', async () => {
    const empty = memoryStore();
    await expect(handlerFor(empty.store).execute(new ExecuteCaseCommand(input()))).rejects.toBeInstanceOf(CaseNotFound);
    const { handler: withCase } = await setUp();
    await expect(
      withCase.execute(new ExecuteCaseCommand(input({ target: 'open', commandId: 'other', command: report('r2') }))),
    ).rejects.toBeInstanceOf(CaseWriteConflict);
  });

  it('recognises a command that already ran (same causation id) and answers with its events', async () => {
    const { handler, events, hooks } = await setUp();
    const again = await handler.execute(new ExecuteCaseCommand(input(opening)));
    expect(again).toEqual({
      caseId: 'c1',
      version: 1,
      checkpoint: '1',
      events: ['cases.case-opened', 'cases.report-received'],
      created: true,
      replayed: true,
    });
    expect(events).toHaveLength(2);
    // The new-case path tried to append first; the store refused it (the stream exists), and
    // nothing was written the second time.
    expect(hooks.appends).toBe(2);
  });

  it('takes the family of the case an intake joins, decided on the state it reads', async () => {
    const { handler, events } = await setUp();
    const joining = report('r2');
    // The route gave it a new family's id; the decider refuses a report for another family than the case's.
    const outcome = await handler.execute(
      new ExecuteCaseCommand(
        input({ commandId: 'command-3', command: { ...joining, data: { ...joining.data, familyId: 'new-family' } } as CaseCommand }),
      ),
    );
    expect(outcome.events).toContain('cases.report-received');
    expect(events.filter((event) => event.type === 'cases.report-received')).toHaveLength(2);
  });

  describe('need-to-know and the access log', () => {
    it('asks on the state the command is decided on, again on the retry', async () => {
      const { handler, hooks, append, seen } = await setUp();
      hooks.beforeAppend.push(() =>
        append('case-c1', [
          { type: 'cases.phase-changed', data: { phase: 'stable-safety', reason: 'x', changedAt: metadata.now.toISOString() } },
        ]),
      );
      await handler.execute(new ExecuteCaseCommand(input({ caller: user })));
      // The first decision saw the case before the concurrent phase change, the retry after it.
      expect(seen.slice(-2).map((entry) => entry.version)).toEqual([1, 101]);
      expect(seen.every((entry) => entry.command === 'cases.register-report' || entry.command === 'cases.register-acute-unsafety')).toBe(
        true,
      );
    });

    it('logs a new case as created, decided on the empty state', async () => {
      const memory = memoryStore();
      const around = ports();
      await handlerFor(memory.store, around).execute(new ExecuteCaseCommand(input({ ...opening, caller: user })));
      expect(around.seen).toEqual([{ status: 'not_opened', version: -1, command: 'cases.register-report' }]);
      expect(around.entries.map((entry) => [entry.action, entry.outcome])).toEqual([['create', 'pending']]);
      expect(around.completions).toEqual(['changed']);
    });

    it('refuses before the pinned version is compared, and before a retry is answered: no version, no events, no entry', async () => {
      const { handler, hooks, control, seen, entries } = await setUp();
      control.refuse = () => new CaseAccessRefused('not-found');
      await expect(handler.execute(new ExecuteCaseCommand(input({ expectedVersion: 0, caller: user })))).rejects.toBeInstanceOf(
        CaseAccessRefused,
      );
      // A retry of the command that opened the case would answer with its events.
      await expect(handler.execute(new ExecuteCaseCommand(input({ ...opening, target: 'existing', caller: user })))).rejects.toBeInstanceOf(
        CaseAccessRefused,
      );
      expect(seen.map((entry) => entry.command)).toEqual(['cases.register-acute-unsafety', 'cases.register-report']);
      expect(entries).toEqual([]);
      // Only the set-up's append: a refused command does not even try.
      expect(hooks.appends).toBe(1);
    });

    it('logs a command that changes nothing once, with its outcome, before the answer is stored', async () => {
      const { handler, journal, entries } = await setUp();
      const samePhase = {
        type: 'cases.change-phase',
        data: { caseId: 'c1', phase: 'immediate-safety', reason: 'x' },
        metadata,
      } as CaseCommand;
      const outcome = await handler.execute(new ExecuteCaseCommand(input({ command: samePhase, caller: user })));
      expect(outcome.events).toEqual([]);
      expect(entries.map((entry) => [entry.action, entry.outcome])).toEqual([['update', 'unchanged']]);
      expect(journal).toEqual(['access', 'entry unchanged', 'idempotency']);
    });

    it('logs a retry refused on fresh state as refused, under the access it was first granted', async () => {
      const { handler, hooks, append, control, entries } = await setUp({ transactional: true });
      hooks.beforeAppend.push(() =>
        append('case-c1', [
          { type: 'cases.phase-changed', data: { phase: 'stable-safety', reason: 'x', changedAt: metadata.now.toISOString() } },
        ]),
      );
      control.refuse = (attempt) => (attempt === 2 ? new CaseAccessRefused('forbidden') : undefined);
      await expect(handler.execute(new ExecuteCaseCommand(input({ caller: user })))).rejects.toBeInstanceOf(CaseAccessRefused);
      expect(entries.map((entry) => [entry.action, entry.outcome])).toEqual([['update', 'refused']]);
    });
  });

  describe('one commit per command (PostgreSQL: appendWithin)', () => {
    it('commits the stored answer and the access-log entry with the events, the entry last', async () => {
      const { handler, journal, stored, entries } = await setUp({ transactional: true });
      const outcome = await handler.execute(new ExecuteCaseCommand(input({ caller: user })));
      expect(journal).toEqual(['access', 'append', 'idempotency (in transaction)', 'entry changed (in transaction)', 'commit']);
      expect(entries).toEqual([expect.objectContaining({ action: 'update', outcome: 'changed', within: true })]);
      expect(stored).toEqual([
        { status: 200, body: expect.objectContaining({ caseId: 'c1', version: 2 }) as unknown, headers: { ETag: '"2"' } },
      ]);
      expect(outcome.response).toEqual(stored[0]);
    });

    it('stores no change when its entry cannot be written: the transaction rolls back and the answer is an error', async () => {
      const { handler, events, control, entries } = await setUp({ transactional: true });
      control.failEntryWithin = new Error('access log down');
      await expect(handler.execute(new ExecuteCaseCommand(input({ caller: user })))).rejects.toThrow('access log down');
      expect(events).toHaveLength(2);
      // The failure is logged as what it is (the access decision stands), outside the rolled-back transaction.
      expect(entries.map((entry) => entry.outcome)).toEqual(['failed']);
    });
  });

  describe('without a shared transaction (EventStoreDB): entry, append, answer, in that order', () => {
    it('writes the entry before the append, the stored answer after it, then completes the entry', async () => {
      const { handler, journal } = await setUp();
      await handler.execute(new ExecuteCaseCommand(input({ caller: user })));
      expect(journal).toEqual(['access', 'entry pending', 'append', 'idempotency', 'completion changed']);
    });

    it('keeps one entry across the retry of a lost race', async () => {
      const { handler, hooks, append, journal } = await setUp();
      hooks.beforeAppend.push(() =>
        append('case-c1', [
          { type: 'cases.phase-changed', data: { phase: 'stable-safety', reason: 'x', changedAt: metadata.now.toISOString() } },
        ]),
      );
      await handler.execute(new ExecuteCaseCommand(input({ caller: user })));
      expect(journal).toEqual(['access', 'entry pending', 'access', 'append', 'idempotency', 'completion changed']);
    });

    it('leaves no stored answer when the append fails after the entry: the entry says it failed, a retry runs again', async () => {
      const { handler, hooks, journal, stored } = await setUp();
      hooks.failNextAppend = new Error('connection lost');
      await expect(handler.execute(new ExecuteCaseCommand(input({ caller: user })))).rejects.toThrow('connection lost');
      expect(journal).toEqual(['access', 'entry pending', 'completion failed']);
      expect(stored).toEqual([]);
      // The retry (same command id) is decided again and appended once.
      await handler.execute(new ExecuteCaseCommand(input({ caller: user })));
      expect(stored).toHaveLength(1);
    });

    it('answers a retry after a crash between append and answer from the stream, without appending again', async () => {
      const { handler, hooks, events, stored, entries } = await setUp();
      // The first try appended, then the process died before the answer was stored.
      await handler.execute(new ExecuteCaseCommand(input()));
      const appends = hooks.appends;
      const again = await handler.execute(new ExecuteCaseCommand(input({ caller: user })));
      expect(again).toMatchObject({ replayed: true, version: 2 });
      expect(hooks.appends).toBe(appends);
      expect(events).toHaveLength(3);
      expect(stored).toHaveLength(1);
      expect(entries.map((entry) => entry.outcome)).toEqual(['replayed']);
    });
  });
});
