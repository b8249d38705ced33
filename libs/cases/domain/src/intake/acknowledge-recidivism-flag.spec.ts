import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, registerReport, vtAnna, vtBram } from '../testing/case-fixtures';
import { given, history } from '../testing/case-spec';
import { handedOverCommands, reportedCommands } from '../testing/case-scenarios';

const withFollowUp = () => history([...reportedCommands(), registerReport('r2', '2026-03-04T09:00:00Z')]);

describe('cases.acknowledge-recidivism-flag', () => {
  it('lets the current director acknowledge the flag', () => {
    const state = given(withFollowUp())
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-03-04T10:00:00Z'))
      .then([
        {
          type: 'cases.recidivism-flag-acknowledged',
          schemaVersion: 1,
          data: { flagId: 'r2', acknowledgedBy: vtAnna.person, acknowledgedAt: '2026-03-04T10:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.recidivismFlags).toEqual([
      {
        flagId: 'r2',
        reportId: 'r2',
        classification: 'follow-up',
        earlierInvolvement: { kind: 'ongoing', status: 'received' },
        earlierDirector: vtAnna,
        earlierReportCount: 1,
        acknowledged: true,
      },
    ]);
  });

  it('refuses anyone but the director in person, even a colleague', () => {
    given(withFollowUp())
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-03-04T10:00:00Z', actorOf(vtBram)))
      .thenError('case.not-director', { category: 'forbidden' });
  });

  it('asks the local-team director to acknowledge a report that arrives after hand-over', () => {
    const events = history([...handedOverCommands(), registerReport('r2', '2026-04-01T09:00:00Z')]);
    given(events)
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-04-01T10:00:00Z', actorOf(vtAnna)))
      .thenError('case.not-director');
    given(events)
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-04-01T10:00:00Z', actorOf(ltCarla)))
      .thenTypes(['cases.recidivism-flag-acknowledged']);
  });

  it('rejects an unknown flag and a second acknowledgement', () => {
    given(withFollowUp())
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'nope' }, '2026-03-04T10:00:00Z'))
      .thenError('case.recidivism-flag-not-found', { category: 'not-found' });
    const acknowledged = history([
      ...reportedCommands(),
      registerReport('r2', '2026-03-04T09:00:00Z'),
      command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-03-04T10:00:00Z'),
    ]);
    given(acknowledged)
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-03-04T11:00:00Z'))
      .thenError('case.recidivism-flag-already-acknowledged');
  });

  it('blocks closing the case until every flag is acknowledged', () => {
    const reassessed = [
      ...handedOverCommands(),
      registerReport('r2', '2026-04-01T09:00:00Z'),
      command('cases.start-safety-assessment', { assessmentId: 'r2' }, '2026-04-02T09:00:00Z'),
      command(
        'cases.complete-safety-assessment',
        { assessmentId: 'r2', acuteUnsafety: false, structuralUnsafety: false },
        '2026-04-03T09:00:00Z',
      ),
    ];
    const close = command('cases.close-case', { outcome: 'safety-established', notes: '' }, '2026-04-04T09:00:00Z', actorOf(ltCarla));
    given(history(reassessed)).when(close).thenError('case.recidivism-flag-unacknowledged');
    const acknowledged = history([
      ...reassessed,
      command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-04-03T10:00:00Z', actorOf(ltCarla)),
    ]);
    given(acknowledged).when(close).thenTypes(['cases.case-closed']);
  });
});
