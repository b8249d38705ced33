import type { FeedbackDecision, FeedbackItemName, WithheldItem } from './feedback-rules';
import { decideFeedback } from './feedback-rules';
import type { Milestone, MilestoneKind } from './milestone';
import { composeFeedback } from './personal-note';
import type { Referrer, ReferrerKind } from './referrer';
import { context, milestone, referrer, secretAssessment } from './testing/feedback-fixtures';

/** given(referrer, plan role) / when(milestone) / then(included, withheld) */
const given = (who: Referrer, options: { hasPlanRole?: boolean } = {}) => ({
  when: (what: Milestone) => {
    const decision = decideFeedback({ referrer: who, milestone: what, hasPlanRole: options.hasPlanRole ?? false });
    return {
      decision,
      then: (expected: { includes: FeedbackItemName[]; withholds: WithheldItem[] }): FeedbackDecision => {
        expect(decision.kind).toBe('send');
        if (decision.kind !== 'send') return decision;
        expect(decision.items.map((item) => item.item)).toEqual(expected.includes);
        expect([...decision.withheld].sort()).toEqual([...expected.withholds].sort());
        return decision;
      },
      thenNothing: (reason: 'informant' | 'no-consent' | 'not-for-citizens'): void => {
        expect(decision).toMatchObject({ kind: 'none', reason });
      },
    };
  },
});

const professionals: ReferrerKind[] = ['directory-professional', 'outside-professional'];
const neverTold: WithheldItem[] = ['other-reports', 'other-referrers'];

describe('feedback rules: milestone x referrer kind', () => {
  describe.each(professionals)('a professional referrer (%s) without a role in the plan', (kind) => {
    it('report received: the reference; nothing about other reports or referrers', () => {
      given(referrer(kind))
        .when(milestone('report-received'))
        .then({ includes: ['report-reference'], withholds: neverTold });
    });

    it('safety assessment done: whether follow-up started; never the assessment, conditions or monitoring', () => {
      given(referrer(kind))
        .when(milestone('safety-assessment-done'))
        .then({
          includes: ['report-reference', 'follow-up-decision'],
          withholds: [...neverTold, 'assessment-content', 'safety-conditions', 'monitoring-agreements'],
        });
    });

    it('handed over: to which organisations; no conditions or monitoring', () => {
      given(referrer(kind))
        .when(milestone('handed-over'))
        .then({
          includes: ['report-reference', 'handed-over-to'],
          withholds: [...neverTold, 'safety-conditions', 'monitoring-agreements'],
        });
    });

    it('investigation finished: that it finished and the follow-up decision; never its content', () => {
      given(referrer(kind))
        .when(milestone('investigation-finished'))
        .then({
          includes: ['report-reference', 'investigation-finished', 'follow-up-decision'],
          withholds: [...neverTold, 'assessment-content', 'safety-conditions', 'monitoring-agreements'],
        });
    });

    it('case closed: that it closed', () => {
      given(referrer(kind))
        .when(milestone('case-closed'))
        .then({ includes: ['report-reference', 'case-closed'], withholds: neverTold });
    });
  });

  describe.each(professionals)('a professional referrer (%s) with a role in the plan', (kind) => {
    it('safety assessment done: also the conditions and monitoring agreements that concern them, still not the assessment', () => {
      given(referrer(kind), { hasPlanRole: true })
        .when(milestone('safety-assessment-done'))
        .then({
          includes: ['report-reference', 'follow-up-decision', 'safety-conditions', 'monitoring-agreements'],
          withholds: [...neverTold, 'assessment-content'],
        });
    });

    it('handed over: the organisations and their conditions and agreements', () => {
      given(referrer(kind), { hasPlanRole: true })
        .when(milestone('handed-over'))
        .then({ includes: ['report-reference', 'handed-over-to', 'safety-conditions', 'monitoring-agreements'], withholds: neverTold });
    });

    it('investigation finished: conditions and agreements, not the investigation content', () => {
      given(referrer(kind), { hasPlanRole: true })
        .when(milestone('investigation-finished'))
        .then({
          includes: ['report-reference', 'investigation-finished', 'follow-up-decision', 'safety-conditions', 'monitoring-agreements'],
          withholds: [...neverTold, 'assessment-content'],
        });
    });

    it('report received and case closed carry no plan parts even with a role', () => {
      given(referrer(kind), { hasPlanRole: true })
        .when(milestone('report-received'))
        .then({ includes: ['report-reference'], withholds: neverTold });
      given(referrer(kind), { hasPlanRole: true })
        .when(milestone('case-closed'))
        .then({ includes: ['report-reference', 'case-closed'], withholds: neverTold });
    });
  });

  describe('a citizen', () => {
    it.each<MilestoneKind>(['report-received', 'handed-over', 'case-closed'])('%s: nothing', (kind) => {
      given(referrer('citizen')).when(milestone(kind)).thenNothing('not-for-citizens');
    });

    it('safety assessment done: only the follow-up decision, not even the reference or a plan role', () => {
      given(referrer('citizen'), { hasPlanRole: true })
        .when(milestone('safety-assessment-done'))
        .then({
          includes: ['follow-up-decision'],
          withholds: [...neverTold, 'assessment-content', 'report-reference', 'safety-conditions', 'monitoring-agreements'],
        });
    });

    it('investigation finished: only the follow-up decision', () => {
      given(referrer('citizen'))
        .when(milestone('investigation-finished'))
        .then({
          includes: ['follow-up-decision'],
          withholds: [...neverTold, 'assessment-content', 'report-reference', 'safety-conditions', 'monitoring-agreements'],
        });
    });
  });

  describe('an informant', () => {
    it.each<MilestoneKind>(['report-received', 'safety-assessment-done', 'handed-over', 'investigation-finished', 'case-closed'])(
      '%s: nothing, even with consent and a plan role',
      (kind) => {
        given(referrer('informant'), { hasPlanRole: true }).when(milestone(kind)).thenNothing('informant');
      },
    );
  });

  describe('consent and endangerment', () => {
    it('a referrer who declined feedback gets nothing', () => {
      given(referrer('outside-professional', { feedback: { kind: 'declined' } }))
        .when(milestone('safety-assessment-done'))
        .thenNothing('no-consent');
    });

    it('a referrer whose naming would endanger them is told the family will not hear their name', () => {
      given(referrer('directory-professional', { namingEndangers: true }))
        .when(milestone('report-received'))
        .then({ includes: ['report-reference', 'not-named-to-family'], withholds: neverTold });
    });

    it('the chosen channel travels with the decision', () => {
      const { decision } = given(referrer('outside-professional', { feedback: { kind: 'granted', channel: 'phone' } })).when(
        milestone('case-closed'),
      );
      expect(decision).toMatchObject({ kind: 'send', channel: 'phone' });
    });
  });

  describe('the rendered message never carries what was withheld', () => {
    const forbidden = [secretAssessment.conclusion, ...secretAssessment.findings, ...context.otherReferrers, 'meldingen: 2'];
    it.each(
      (['directory-professional', 'outside-professional', 'citizen'] as const).flatMap((kind) =>
        (['report-received', 'safety-assessment-done', 'handed-over', 'investigation-finished', 'case-closed'] as const).flatMap((step) =>
          [false, true].map((hasPlanRole) => [kind, step, hasPlanRole] as const),
        ),
      ),
    )('%s at %s (plan role: %s)', (kind, step, hasPlanRole) => {
      const decision = decideFeedback({ referrer: referrer(kind), milestone: milestone(step), hasPlanRole });
      if (decision.kind !== 'send') return;
      for (const locale of ['nl', 'en'] as const) {
        const { subject, text } = composeFeedback({ decision, locale });
        for (const secret of forbidden) expect(`${subject}\n${text}`).not.toContain(secret);
        const conditionShown = text.includes('School meldt afwezigheid');
        expect(conditionShown).toBe(hasPlanRole && kind !== 'citizen' && step !== 'report-received' && step !== 'case-closed');
      }
    });
  });
});
