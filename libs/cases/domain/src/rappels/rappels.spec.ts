import { createCaseDecider } from '../case.decider';
import { defaultCasePolicy } from '../case.policy';
import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, ltDaan, outsider, vtAnna, vtBram } from '../testing/case-fixtures';
import { given, history } from '../testing/case-spec';
import { assessed, handedOver, handedOverCommands, monitoring, monitoringCommands } from '../testing/case-scenarios';

const schedule = (offsetsInMonths?: number[], owner = vtAnna, scheduleId = 's1') =>
  command('cases.schedule-rappels', { scheduleId, owner, ...(offsetsInMonths ? { offsetsInMonths } : {}) }, '2026-03-09T10:00:00Z');
const record = (outcome: 'safe' | 'concerns' | 'unsafe', notes: string, actor = actorOf(vtAnna), rappelId = 's1-1') =>
  command('cases.record-rappel-outcome', { rappelId, outcome, notes }, '2026-06-10T09:00:00Z', actor);

describe('rappels after hand-over', () => {
  it('schedules the default 3, 6, 12 and 18 months from the accepted hand-over, with deadlines in working days', () => {
    const state = given(handedOver())
      .when(schedule())
      .then([
        {
          type: 'cases.rappels-scheduled',
          schemaVersion: 1,
          data: {
            scheduleId: 's1',
            owner: vtAnna,
            scheduledFrom: '2026-03-09',
            rappels: [
              { rappelId: 's1-1', dueOn: '2026-06-09', deadlineOn: '2026-06-23' },
              { rappelId: 's1-2', dueOn: '2026-09-09', deadlineOn: '2026-09-23' },
              { rappelId: 's1-3', dueOn: '2027-03-09', deadlineOn: '2027-03-23' },
              { rappelId: 's1-4', dueOn: '2027-09-09', deadlineOn: '2027-09-23' },
            ],
            scheduledAt: '2026-03-09T10:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('monitoring');
    expect(state.director).toEqual(ltCarla);
  });

  it('takes the schedule from the region policy, or from the case when given', () => {
    const region = createCaseDecider({ ...defaultCasePolicy, rappelOffsetsInMonths: [1, 2] });
    const { events } = given(handedOver(), region).when(schedule()).thenTypes(['cases.rappels-scheduled']);
    expect(events[0].data).toMatchObject({ rappels: [{ dueOn: '2026-04-09' }, { dueOn: '2026-05-09' }] });
    const { events: perCase } = given(handedOver())
      .when(schedule([6]))
      .thenTypes(['cases.rappels-scheduled']);
    expect(perCase[0].data).toMatchObject({ rappels: [{ rappelId: 's1-1', dueOn: '2026-09-09' }] });
  });

  it("takes a region's own default by the Veilig Thuis that owns the rappels; other regions keep the general one", () => {
    const policy = { ...defaultCasePolicy, rappelOffsetsByRegion: new Map([[vtAnna.organisation.organisationId, [1, 4]]]) };
    const regional = createCaseDecider(policy);
    const { events } = given(handedOver(), regional).when(schedule()).thenTypes(['cases.rappels-scheduled']);
    expect(events[0].data).toMatchObject({
      rappels: [
        { rappelId: 's1-1', dueOn: '2026-04-09' },
        { rappelId: 's1-2', dueOn: '2026-07-09' },
      ],
    });

    const { events: perCase } = given(handedOver(), regional)
      .when(schedule([12]))
      .thenTypes(['cases.rappels-scheduled']);
    expect(perCase[0].data).toMatchObject({ rappels: [{ rappelId: 's1-1', dueOn: '2027-03-09' }] });

    const elsewhere = { ...vtAnna, organisation: { ...vtAnna.organisation, organisationId: 'vt-elders', name: 'Veilig Thuis Elders' } };
    const { events: general } = given(handedOver(), regional).when(schedule(undefined, elsewhere)).thenTypes(['cases.rappels-scheduled']);
    expect((general[0].data as { rappels: unknown[] }).rappels).toHaveLength(4);
  });

  it('rejects invalid offsets, an owner outside Veilig Thuis, a reused schedule id and a case not handed over', () => {
    for (const offsets of [[], [3, 3], [6, 3], [0], [1.5]]) {
      given(handedOver()).when(schedule(offsets)).thenError('case.invalid-rappel-offsets', { path: 'offsetsInMonths' });
    }
    given(handedOver()).when(schedule(undefined, ltCarla)).thenError('case.rappel-owner-not-veilig-thuis');
    given(monitoring())
      .when(schedule([24]))
      .thenError('case.rappel-schedule-exists', { path: 'scheduleId' });
    given(monitoring())
      .when(schedule([24], vtAnna, 's2'))
      .thenTypes(['cases.rappels-scheduled']);
    given(assessed()).when(schedule()).thenError('case.invalid-transition');
  });

  it('records a safe outcome and keeps monitoring', () => {
    const state = given(monitoring())
      .when(record('safe', ''))
      .then([
        {
          type: 'cases.rappel-completed',
          schemaVersion: 1,
          data: {
            rappelId: 's1-1',
            outcome: 'safe',
            notes: '',
            completedBy: 'vt-anna',
            completedAt: '2026-06-10T09:00:00.000Z',
            completedOn: '2026-06-10',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('monitoring');
    expect(state.rappels[0]).toMatchObject({ status: 'completed', outcome: 'safe' });
  });

  it('requires notes for concerns and keeps direction with the local team', () => {
    given(monitoring()).when(record('concerns', '')).thenError('case.required', { path: 'notes' });
    const { state } = given(monitoring()).when(record('concerns', 'Schoolverzuim')).thenTypes(['cases.rappel-completed']);
    expect((state as OpenedCase).director).toEqual(ltCarla);
  });

  it('escalates in the same decision when the outcome is unsafe (both events)', () => {
    const state = given(monitoring())
      .when(record('unsafe', 'Nieuw incident; politie ter plaatse geweest.', actorOf(vtBram)))
      .then([
        {
          type: 'cases.rappel-completed',
          schemaVersion: 1,
          data: {
            rappelId: 's1-1',
            outcome: 'unsafe',
            notes: 'Nieuw incident; politie ter plaatse geweest.',
            completedBy: 'vt-bram',
            completedAt: '2026-06-10T09:00:00.000Z',
            completedOn: '2026-06-10',
          },
        },
        {
          type: 'cases.case-escalated',
          schemaVersion: 1,
          data: {
            reason: 'Nieuw incident; politie ter plaatse geweest.',
            phase: 'immediate-safety',
            from: ltCarla,
            to: vtAnna,
            trigger: 'rappel-unsafe',
            rappelId: 's1-1',
            escalatedAt: '2026-06-10T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('escalated');
    expect(state.director).toEqual(vtAnna);
  });

  it('withdraws a pending local hand-over before escalating on an unsafe rappel', () => {
    const pending = history([
      ...monitoringCommands(),
      command(
        'cases.offer-handover',
        { handoverId: 'h2', to: ltDaan, reason: 'Verhuizing', phase: 'stable-safety' },
        '2026-06-01T09:00:00Z',
        actorOf(ltCarla),
      ),
    ]);
    const { state } = given(pending)
      .when(record('unsafe', 'Onveilig'))
      .thenTypes(['cases.rappel-completed', 'cases.handover-withdrawn', 'cases.case-escalated']);
    const opened = state as OpenedCase;
    expect(opened.pendingHandover).toBeNull();
    expect(opened.director).toEqual(vtAnna);
  });

  it('lets only Veilig Thuis record the outcome, once, and not after the case closed', () => {
    given(monitoring())
      .when(record('safe', '', actorOf(ltCarla)))
      .thenError('case.not-rappel-owner', { category: 'forbidden' });
    given(monitoring())
      .when(record('safe', '', outsider))
      .thenError('case.not-rappel-owner');
    const done = history([...monitoringCommands(), record('safe', '')]);
    given(done).when(record('safe', '')).thenError('case.rappel-already-completed');
    given(monitoring())
      .when(record('safe', '', actorOf(vtAnna), 's9-1'))
      .thenError('case.rappel-not-found', { category: 'not-found' });
    const closed = history([
      ...monitoringCommands(),
      command('cases.close-case', { outcome: 'safety-established', notes: '' }, '2026-05-01T09:00:00Z', actorOf(ltCarla)),
    ]);
    given(closed).when(record('safe', '')).thenError('case.closed');
  });

  it('schedules rappels again after a de-escalation', () => {
    const events = history([
      ...handedOverCommands(),
      command(
        'cases.escalate-case',
        { handoverId: 'x', to: vtAnna, reason: 'Onveilig', phase: 'immediate-safety' },
        '2026-04-01T09:00:00Z',
      ),
      command('cases.offer-handover', { handoverId: 'h3', to: ltCarla, reason: 'Stabiel', phase: 'recovery' }, '2026-05-01T09:00:00Z'),
      command('cases.accept-handover', { handoverId: 'h3' }, '2026-05-04T09:00:00Z', actorOf(ltCarla)),
    ]);
    const { events: produced } = given(events)
      .when(schedule([3], vtAnna, 's2'))
      .thenTypes(['cases.rappels-scheduled']);
    expect(produced[0].data).toMatchObject({ scheduledFrom: '2026-05-04', rappels: [{ dueOn: '2026-08-04' }] });
  });
});

describe('moving a rappel', () => {
  const move = (dueOn: string, actor = actorOf(vtAnna), rappelId = 's1-1', reason = 'Gezin is die week op vakantie.') =>
    command('cases.reschedule-rappel', { rappelId, dueOn, reason }, '2026-06-01T09:00:00Z', actor);

  it('moves an open rappel and its last day by the working days of the region, and plans it again', () => {
    const state = given(monitoring())
      .when(move('2026-06-16'))
      .then([
        {
          type: 'cases.rappel-rescheduled',
          schemaVersion: 1,
          data: {
            rappelId: 's1-1',
            previousDueOn: '2026-06-09',
            dueOn: '2026-06-16',
            deadlineOn: '2026-06-30',
            reason: 'Gezin is die week op vakantie.',
            rescheduledAt: '2026-06-01T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.rappels[0]).toMatchObject({ dueOn: '2026-06-16', deadlineOn: '2026-06-30', status: 'scheduled', overdue: false });
    expect(state.rappels[1]).toMatchObject({ dueOn: '2026-09-09' });
  });

  it('plans an overdue rappel again, so it leaves the overdue list until its new last day', () => {
    const overdue = history([
      ...monitoringCommands(),
      command('cases.mark-rappel-due', { rappelId: 's1-1' }, '2026-06-09T06:00:00Z', { userId: 'system', organisationId: 'system' }),
      command('cases.mark-rappel-overdue', { rappelId: 's1-1' }, '2026-06-24T06:00:00Z', { userId: 'system', organisationId: 'system' }),
    ]);
    const { state } = given(overdue)
      .when(
        command(
          'cases.reschedule-rappel',
          { rappelId: 's1-1', dueOn: '2026-06-26', reason: 'Huisbezoek gepland.' },
          '2026-06-25T09:00:00Z',
        ),
      )
      .thenTypes(['cases.rappel-rescheduled']);
    expect((state as OpenedCase).rappels[0]).toMatchObject({ status: 'scheduled', overdue: false, dueOn: '2026-06-26' });
  });

  it('is steered as scheduling is: the Veilig Thuis team that handed over or the director’s team, nobody else', () => {
    given(monitoring())
      .when(move('2026-06-16', actorOf(vtBram)))
      .thenTypes(['cases.rappel-rescheduled']);
    given(monitoring())
      .when(move('2026-06-16', actorOf(ltCarla)))
      .thenTypes(['cases.rappel-rescheduled']);
    given(monitoring()).when(move('2026-06-16', outsider)).thenError('case.not-rappel-scheduler');
  });

  it('refuses a past day, a missing reason, a done or unknown rappel, and changes nothing on a retry', () => {
    given(monitoring()).when(move('2026-05-31')).thenError('case.date-in-past', { path: 'dueOn' });
    given(monitoring()).when(move('2026-13-01')).thenError('case.invalid-date', { path: 'dueOn' });
    given(monitoring())
      .when(move('2026-06-16', actorOf(vtAnna), 's1-1', ' '))
      .thenError('case.required', { path: 'reason' });
    given(monitoring())
      .when(move('2026-06-16', actorOf(vtAnna), 's9-1'))
      .thenError('case.rappel-not-found');
    const done = history([...monitoringCommands(), record('safe', '')]);
    given(done).when(move('2026-06-16')).thenError('case.rappel-already-completed');
    const moved = history([...monitoringCommands(), move('2026-06-16')]);
    given(moved).when(move('2026-06-16')).then([]);
  });
});
