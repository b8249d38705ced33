import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, ltDaan, outsider } from '../testing/case-fixtures';
import { given, history } from '../testing/case-spec';
import { handedOver, handedOverCommands } from '../testing/case-scenarios';

const partner = {
  partnerId: 'p1',
  organisation: { organisationId: 'org-lev', name: 'Lev Groep', kind: 'other' as const },
  contact: { personId: 'lev-eva', name: 'Eva Peters', phone: '0183 000000' },
  role: 'aid-provider' as const,
  task: 'Ambulante gezinsbegeleiding',
};

describe('cases.change-phase', () => {
  it('records a phase change by the director', () => {
    given(handedOver())
      .when(command('cases.change-phase', { phase: 'recovery', reason: 'Veiligheid stabiel' }, '2026-05-01T09:00:00Z', actorOf(ltCarla)))
      .then([
        {
          type: 'cases.phase-changed',
          schemaVersion: 1,
          data: { phase: 'recovery', reason: 'Veiligheid stabiel', changedAt: '2026-05-01T09:00:00.000Z' },
        },
      ]);
  });

  it('records nothing when the case is already in that phase, and refuses non-directors', () => {
    given(handedOver())
      .when(command('cases.change-phase', { phase: 'stable-safety', reason: 'x' }, '2026-05-01T09:00:00Z', actorOf(ltCarla)))
      .thenNothing();
    given(handedOver())
      .when(command('cases.change-phase', { phase: 'recovery', reason: 'x' }, '2026-05-01T09:00:00Z', outsider))
      .thenError('case.not-director');
  });
});

describe('chain partners', () => {
  it('registers a chain partner with its role', () => {
    const state = given(handedOver())
      .when(command('cases.register-chain-partner', partner, '2026-03-10T09:00:00Z', actorOf(ltCarla)))
      .then([
        {
          type: 'cases.chain-partner-registered',
          schemaVersion: 1,
          data: { ...partner, registeredAt: '2026-03-10T09:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.chainPartners).toEqual([{ partnerId: 'p1', organisation: partner.organisation, role: 'aid-provider', active: true }]);
  });

  it('rejects a duplicate partner id and an unknown role', () => {
    const registered = history([
      ...handedOverCommands(),
      command('cases.register-chain-partner', partner, '2026-03-10T09:00:00Z', actorOf(ltCarla)),
    ]);
    given(registered)
      .when(
        command(
          'cases.register-chain-partner',
          { ...partner, organisation: ltDaan.organisation },
          '2026-03-11T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .thenError('case.chain-partner-exists', { path: 'partnerId' });
    given(handedOver())
      .when(command('cases.register-chain-partner', { ...partner, role: 'wizard' as never }, '2026-03-11T09:00:00Z', actorOf(ltCarla)))
      .thenError('case.required', { path: 'role' });
  });

  it("refuses a contact's e-mail field that holds more than one address", () => {
    const contact = { ...partner.contact, email: 'eva@lev.example; iemand@elders.example' };
    given(handedOver())
      .when(command('cases.register-chain-partner', { ...partner, contact }, '2026-03-11T09:00:00Z', actorOf(ltCarla)))
      .thenError('case.invalid-email', { path: 'contact.email', category: 'validation' });
  });

  it("ends a partner's involvement once", () => {
    const registered = history([
      ...handedOverCommands(),
      command('cases.register-chain-partner', partner, '2026-03-10T09:00:00Z', actorOf(ltCarla)),
    ]);
    const end = command(
      'cases.end-chain-partner-involvement',
      { partnerId: 'p1', reason: 'Traject afgerond' },
      '2026-06-10T09:00:00Z',
      actorOf(ltCarla),
    );
    const { state } = given(registered).when(end).thenTypes(['cases.chain-partner-involvement-ended']);
    expect((state as OpenedCase).chainPartners[0].active).toBe(false);
    given(
      history([...handedOverCommands(), command('cases.register-chain-partner', partner, '2026-03-10T09:00:00Z', actorOf(ltCarla)), end]),
    )
      .when(end)
      .thenError('case.chain-partner-ended');
    given(handedOver()).when(end).thenError('case.chain-partner-not-found', { category: 'not-found' });
  });
});
