import type { portalStatusValues } from '@ketenregie/contracts';
import type { Referrer } from '@ketenregie/feedback-domain';

export type PortalStatus = (typeof portalStatusValues)[number];

/**
 * Who the portal shows a report to, and so which milestones its status line may follow: a
 * professional hears every milestone, a citizen only the decision on follow-up. An informant, an
 * anonymous referrer and a referrer who declined feedback have no place in the portal at all.
 */
export type PortalAudience = 'professional' | 'citizen';

export const portalAudienceOf = (referrer: Referrer | undefined): PortalAudience | undefined => {
  if (referrer === undefined || referrer.kind === 'informant') return undefined;
  if (referrer.feedback.kind === 'declined') return undefined;
  return referrer.kind === 'citizen' ? 'citizen' : 'professional';
};

/** The moments of a case that move a report's status line, as the portal reads them from the case's events. */
export type PortalMilestone =
  | { kind: 'assessment-started' }
  | { kind: 'assessment-completed'; followUpStarted: boolean }
  | { kind: 'handed-over' }
  | { kind: 'investigation-completed' }
  | { kind: 'closed' };

/**
 * The status line after a milestone that concerns the report. The latest milestone the referrer may
 * know of stands; what they may not know of leaves the line as it was.
 */
export const portalStatusAfter = (audience: PortalAudience, current: PortalStatus, milestone: PortalMilestone): PortalStatus => {
  switch (milestone.kind) {
    case 'assessment-completed':
      return milestone.followUpStarted ? 'follow-up-started' : 'no-follow-up';
    // An investigation ends in a hand-over or a referral: follow-up goes on, which a citizen may know.
    case 'investigation-completed':
      return 'follow-up-started';
    case 'assessment-started':
      return audience === 'professional' && current === 'received' ? 'assessing' : current;
    case 'handed-over':
      return audience === 'professional' ? 'handed-over' : current;
    case 'closed':
      return audience === 'professional' ? 'closed' : current;
    default: {
      const unknown: never = milestone;
      throw new Error(`unknown portal milestone ${JSON.stringify(unknown)}`);
    }
  }
};

const statusTexts: Record<PortalStatus, string> = {
  received: 'Veilig Thuis heeft uw melding ontvangen.',
  assessing: 'Veilig Thuis onderzoekt de veiligheid.',
  'follow-up-started': 'Veilig Thuis heeft besloten dat er vervolg komt. Er wordt hulp voor het gezin geregeld.',
  'no-follow-up': 'Veilig Thuis heeft besloten dat er geen vervolg van Veilig Thuis nodig is.',
  'handed-over': 'De zorg voor het gezin is overgedragen aan een andere organisatie.',
  closed: 'Veilig Thuis heeft het dossier gesloten.',
};

export const portalStatusText = (status: PortalStatus): string => statusTexts[status];
