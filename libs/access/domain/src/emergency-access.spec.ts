import type { Principal } from '@ketenregie/kernel';
import type { CaseRelations } from './case-relations';
import type { EmergencyAccessDecision, EmergencyAccessPolicy } from './emergency-access';
import {
  InvalidEmergencyAccessPolicy,
  checkEmergencyReason,
  decideEmergencyAccess,
  emergencyAccessPolicy,
  meaningfulCharacters,
  mayReviewEmergencyGrant,
} from './emergency-access';
import type { EmergencyGrant } from './emergency-grant';
import {
  directory,
  grant,
  now,
  partnerJeugdzorg,
  principal,
  privacyOfficer,
  relations,
  tsDaan,
  vtBram,
  vtUtrecht,
} from './testing/access-fixtures';

const reason = 'Crisisdienst: kind opgenomen op de SEH, veiligheid thuis onbekend';

/** given(case relations, a running grant?) / when(a user asks with a reason) / then(granted | refused). */
const given = (caseRelations: CaseRelations, activeGrant?: EmergencyGrant) => ({
  when: (who: Principal, stated: string, policy?: EmergencyAccessPolicy) => {
    const decision = decideEmergencyAccess({
      principal: who,
      relations: caseRelations,
      directory,
      activeGrant,
      reason: stated,
      now,
      ...(policy ? { policy } : {}),
    });
    return {
      thenGranted: (): Extract<EmergencyAccessDecision, { granted: true }>['grant'] => {
        if (!decision.granted) throw new Error(`expected a grant, got ${decision.refusal}`);
        return decision.grant;
      },
      thenRefused: (refusal: string): void => {
        expect(decision).toMatchObject({ granted: false, refusal });
        if (!decision.granted) expect(decision.detail).toMatch(/\S/);
      },
    };
  },
});

describe('break-the-glass: who may', () => {
  it('grants a Veilig Thuis professional outside the region 8 hours by default', () => {
    const granted = given(relations()).when(vtUtrecht, `  ${reason}  `).thenGranted();
    expect(granted).toEqual({
      userId: 'vt-ugo',
      organisationId: 'vt-utrecht',
      caseId: 'case-1',
      reason,
      grantedAt: now,
      expiresAt: new Date('2026-03-10T20:00:00Z'),
    });
  });

  it("takes the duration from the region's policy", () => {
    const granted = given(relations())
      .when(vtUtrecht, reason, emergencyAccessPolicy({ grantDurationHours: 2 }))
      .thenGranted();
    expect(granted.expiresAt).toEqual(new Date('2026-03-10T14:00:00Z'));
  });

  it.each([
    ['a local-team consultant', tsDaan],
    ['a chain partner', partnerJeugdzorg],
    ['a privacy officer', privacyOfficer],
    ["a Veilig Thuis role on a local team's account", principal('x', 'ts-molenlanden', 'veilig-thuis-professional')],
  ])('refuses %s', (_name, who) => {
    given(relations()).when(who, reason).thenRefused('not-veilig-thuis-professional');
  });

  it('refuses someone who already sees the whole case: there is no glass to break', () => {
    given(relations()).when(vtBram, reason).thenRefused('already-has-access');
  });

  it('refuses a second grant while the first still runs', () => {
    given(relations(), grant()).when(vtUtrecht, reason).thenRefused('already-has-access');
  });

  it('grants again once the earlier grant expired', () => {
    given(relations(), grant({ expiresAt: new Date('2026-03-10T11:00:00Z') }))
      .when(vtUtrecht, reason)
      .thenGranted();
  });
});

describe('break-the-glass: the reason', () => {
  it.each([
    ['empty', ''],
    ['only spaces', '          \n\t          '],
    ['too short', 'spoed, bel mij'],
    ['one letter held down', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['punctuation', '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'],
    ['padding around a few words', 'nood .................... nood .................'],
  ])('refuses a reason that is %s', (_name, stated) => {
    given(relations()).when(vtUtrecht, stated).thenRefused('reason-too-short');
  });

  it('refuses a reason the access log could not hold', () => {
    given(relations())
      .when(vtUtrecht, `${reason} ${'x'.repeat(2_000)}`)
      .thenRefused('reason-too-long');
  });

  it('counts letters and digits, a repeated one once, in any script', () => {
    expect(meaningfulCharacters('Spoed!! 112 gebeld')).toBe(13);
    expect(meaningfulCharacters('aaa bbb')).toBe(2);
    expect(meaningfulCharacters('Çocuk acil servise getirildi')).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['two letters in turn', 'abababababababababababababababab'],
    ['one word', 'testtesttesttesttesttesttest'],
    ['one word with spaces and capitals', 'Test test TEST test test test test'],
    ['digits', '123123123123123123123123123123'],
    ['digits counting up, again and again', '1234567890 1234567890 1234567890'],
    ['a last repetition cut short', 'spoed spoed spoed spoed spoed spoed sp'],
    ['a short phrase over and over', 'kind in gevaar nu!! kind in gevaar nu!! kind in gevaar nu!!'],
  ])('refuses a reason that repeats one piece: %s', (_name, stated) => {
    given(relations()).when(vtUtrecht, stated).thenRefused('reason-repetitive');
  });

  it('counts what the repeated piece says, so the minimum keeps its meaning', () => {
    expect(meaningfulCharacters('abababababababababababab')).toBe(2);
    expect(meaningfulCharacters('testtesttesttest')).toBe(4);
    expect(meaningfulCharacters('Spoed, spoed, spoed!')).toBe(5);
    // A piece of 20 letters and digits repeated is a reason of 20: the minimum, met.
    given(relations()).when(vtUtrecht, 'abcdefghij klmnopqrst abcdefghij klmnopqrst').thenGranted();
    given(relations()).when(vtUtrecht, 'abcdefghij klmnopqrs abcdefghij klmnopqrs').thenRefused('reason-repetitive');
  });

  it('does not take a reason that repeats words for one that repeats itself', () => {
    given(relations()).when(vtUtrecht, 'Kind op de SEH, kind heeft letsel, kind wil niet naar huis').thenGranted();
    given(relations()).when(vtUtrecht, reason).thenGranted();
  });

  it('judges the reason without the case: the same answer whatever case it is for', () => {
    expect(checkEmergencyReason('spoed, bel mij')).toMatchObject({ ok: false, refusal: 'reason-too-short' });
    expect(checkEmergencyReason('abababababababababababababab')).toMatchObject({ ok: false, refusal: 'reason-repetitive' });
    expect(checkEmergencyReason('abababababababababababababab')).toMatchObject({ detail: expect.stringContaining('herhaalt') });
    expect(checkEmergencyReason(`  ${reason} `)).toEqual({ ok: true, reason });
    expect(checkEmergencyReason('abcdefghij', emergencyAccessPolicy({ minimumReasonCharacters: 10 }))).toMatchObject({ ok: true });
  });

  it('accepts exactly the minimum', () => {
    given(relations()).when(vtUtrecht, 'abcdefghij klmnopqrst').thenGranted();
    given(relations()).when(vtUtrecht, 'abcdefghij klmnopqrs').thenRefused('reason-too-short');
  });
});

describe('emergency access policy', () => {
  it.each([0, -1, 25, Number.NaN])('refuses a grant duration of %s hours', (hours) => {
    expect(() => emergencyAccessPolicy({ grantDurationHours: hours })).toThrow(InvalidEmergencyAccessPolicy);
  });

  it('refuses a minimum reason length that is not a positive whole number', () => {
    expect(() => emergencyAccessPolicy({ minimumReasonCharacters: 0 })).toThrow(InvalidEmergencyAccessPolicy);
    expect(() => emergencyAccessPolicy({ minimumReasonCharacters: 2.5 })).toThrow(InvalidEmergencyAccessPolicy);
  });

  it('defaults to 8 hours and 20 characters', () => {
    expect(emergencyAccessPolicy()).toEqual({ grantDurationHours: 8, minimumReasonCharacters: 20 });
  });
});

describe('reviewing a grant', () => {
  it('is for a privacy officer who is not the grantee', () => {
    expect(mayReviewEmergencyGrant(privacyOfficer, grant(), directory)).toBe(true);
    expect(mayReviewEmergencyGrant(privacyOfficer, grant({ userId: privacyOfficer.userId }), directory)).toBe(false);
    expect(mayReviewEmergencyGrant(vtBram, grant(), directory)).toBe(false);
  });
});
