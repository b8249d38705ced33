import { createCaseDecider } from '@ketenregie/cases-domain';
import type { CaseCommand } from '@ketenregie/cases-domain';
import { WrongExpectedVersion } from '@ketenregie/event-store';
import type { AppendOptions, Checkpoint, EventStore, EventToAppend, RecordedEvent } from '@ketenregie/event-store';
import type { CommandMetadata } from '@ketenregie/kernel';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './case-command-errors';
import { ExecuteCaseCommand } from './execute-case-command';
import type { ExecuteCaseCommandInput } from './execute-case-command';
import { ExecuteCaseCommandHandler } from './execute-case-command.handler';

// A one-stream store in memory, with a hook that lets a "concurrent writer" append first.
const memoryStore = () => {
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
  const hooks = { beforeAppend: [] as (() => void)[], appends: 0 };
  const store = {
    readStream: async () => [...events],
    appendToStream: async (streamId: string, toAppend: EventToAppend[], options?: AppendOptions) => {
      hooks.appends += 1;
      hooks.beforeAppend.shift()?.();
      const actual = events.length === 0 ? 'no_stream' : events.length - 1;
      if (options?.expectedVersion !== actual) throw new WrongExpectedVersion(streamId, options?.expectedVersion ?? 'any', actual);
      append(streamId, toAppend);
      return { nextExpectedVersion: events.length - 1, checkpoint: String(events.length - 1) as Checkpoint };
    },
  } as unknown as EventStore;
  return { store, events, hooks, append };
};

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

const input = (overrides: Partial<ExecuteCaseCommandInput> = {}): ExecuteCaseCommandInput => ({
  caseId: 'c1',
  target: 'existing',
  commandId: 'command-2',
  metadata,
  build: () => ({ type: 'cases.register-acute-unsafety', data: { caseId: 'c1', measures: 'Politie ter plaatse.' }, metadata }),
  access: { kind: 'system' },
  ...overrides,
});

const setUp = async () => {
  const memory = memoryStore();
  const handler = new ExecuteCaseCommandHandler(memory.store, createCaseDecider());
  await handler.execute(new ExecuteCaseCommand(input({ target: 'open', commandId: 'command-1', build: () => report('r1') })));
  return { ...memory, handler };
};

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
    hooks.beforeAppend.push(() => append('case-c1', [{ type: 'cases.phase-changed', data: { phase: 'stable-safety', reason: 'x', changedAt: metadata.now.toISOString() } }]));
    const outcome = await handler.execute(new ExecuteCaseCommand(input()));
    expect(outcome).toMatchObject({ version: 3, events: ['cases.acute-unsafety-registered'], created: false });
    // One append opened the case; this command needed two.
    expect(hooks.appends).toBe(3);
    expect(events).toHaveLength(4);
  });

  it('gives up with a write conflict when the retry loses too', async () => {
    const { handler, hooks, append } = await setUp();
    const interfere = () => append('case-c1', [{ type: 'cases.phase-changed', data: { phase: 'recovery', reason: 'x', changedAt: metadata.now.toISOString() } }]);
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
    hooks.beforeAppend.push(() => append('case-c1', [{ type: 'cases.phase-changed', data: { phase: 'recovery', reason: 'x', changedAt: metadata.now.toISOString() } }]));
    await expect(handler.execute(new ExecuteCaseCommand(input({ expectedVersion: 1 })))).rejects.toBeInstanceOf(CaseVersionMismatch);
    expect(hooks.appends).toBe(2);
  });

  it('answers not found for an unknown case and a write conflict for opening one that exists', async () => {
    const empty = memoryStore();
    const handler = new ExecuteCaseCommandHandler(empty.store, createCaseDecider());
    await expect(handler.execute(new ExecuteCaseCommand(input()))).rejects.toBeInstanceOf(CaseNotFound);
    const { handler: withCase } = await setUp();
    await expect(
      withCase.execute(new ExecuteCaseCommand(input({ target: 'open', commandId: 'other', build: () => report('r2') }))),
    ).rejects.toBeInstanceOf(CaseWriteConflict);
  });

  it('recognises a command that already ran (same causation id) and answers with its events', async () => {
    const { handler, events, hooks } = await setUp();
    const again = await handler.execute(new ExecuteCaseCommand(input({ target: 'open', commandId: 'command-1', build: () => report('r1') })));
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

  describe('need-to-know', () => {
    /** A user check that records which state it saw and when the change was logged. */
    const checked = (refuse?: (version: number) => Error) => {
      const seen: { status: string; version: number; command: string }[] = [];
      const logged: { action: string; appendsBefore: number }[] = [];
      let appends = () => 0;
      const access: ExecuteCaseCommandInput['access'] = {
        kind: 'user',
        authorize: async (state, command) => {
          const version = state.status === 'not_opened' ? -1 : state.reports.length + (state.phase === 'immediate-safety' ? 0 : 100);
          seen.push({ status: state.status, version, command: command.type });
          const refusal = refuse?.(seen.length);
          if (refusal) throw refusal;
          return { logChange: async (action) => void logged.push({ action, appendsBefore: appends() }) };
        },
      };
      return { access, seen, logged, countAppends: (count: () => number) => (appends = count) };
    };

    it('asks on the state the command is decided on, again on the retry, and logs before each append', async () => {
      const { handler, hooks, append } = await setUp();
      const check = checked();
      check.countAppends(() => hooks.appends);
      hooks.beforeAppend.push(() =>
        append('case-c1', [{ type: 'cases.phase-changed', data: { phase: 'stable-safety', reason: 'x', changedAt: metadata.now.toISOString() } }]),
      );
      await handler.execute(new ExecuteCaseCommand(input({ access: check.access })));
      // The first decision saw the case before the concurrent phase change, the retry after it.
      expect(check.seen.map((entry) => entry.version)).toEqual([1, 101]);
      expect(check.seen.every((entry) => entry.command === 'cases.register-acute-unsafety')).toBe(true);
      expect(check.logged).toEqual([
        { action: 'update', appendsBefore: 1 },
        { action: 'update', appendsBefore: 2 },
      ]);
    });

    it('logs a new case as created, decided on the empty state', async () => {
      const memory = memoryStore();
      const handler = new ExecuteCaseCommandHandler(memory.store, createCaseDecider());
      const check = checked();
      await handler.execute(new ExecuteCaseCommand(input({ target: 'open', commandId: 'command-1', build: () => report('r1'), access: check.access })));
      expect(check.seen).toEqual([{ status: 'not_opened', version: -1, command: 'cases.register-report' }]);
      expect(check.logged.map((entry) => entry.action)).toEqual(['create']);
    });

    it('refuses before the pinned version is compared, and before a retry is answered: no version, no events leak', async () => {
      const { handler, hooks } = await setUp();
      const refusal = new Error('not for you');
      const refused = checked(() => refusal);
      await expect(handler.execute(new ExecuteCaseCommand(input({ expectedVersion: 0, access: refused.access })))).rejects.toBe(refusal);
      // A retry of the command that opened the case would answer with its events.
      await expect(handler.execute(new ExecuteCaseCommand(input({ commandId: 'command-1', build: () => report('r1'), access: refused.access })))).rejects.toBe(
        refusal,
      );
      expect(refused.seen.map((entry) => entry.command)).toEqual(['cases.register-acute-unsafety', 'cases.register-report']);
      expect(refused.logged).toEqual([]);
      // Only the set-up's append: a refused command does not even try.
      expect(hooks.appends).toBe(1);
    });

    it('logs nothing for a command that changes nothing', async () => {
      const { handler } = await setUp();
      const check = checked();
      const samePhase = () => ({ type: 'cases.change-phase', data: { caseId: 'c1', phase: 'immediate-safety', reason: 'x' }, metadata }) as CaseCommand;
      const outcome = await handler.execute(new ExecuteCaseCommand(input({ build: samePhase, access: check.access })));
      expect(outcome.events).toEqual([]);
      expect(check.seen).toHaveLength(1);
      expect(check.logged).toEqual([]);
    });
  });
});
