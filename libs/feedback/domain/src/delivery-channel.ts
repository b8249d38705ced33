import type { NoFeedbackReason, WithheldItem } from './feedback-rules';
import type { FeedbackChannel, Referrer } from './referrer';

/** The address a referrer's e-mail goes to: an invitation's, their own, or their account's (which the account store keeps). */
export const recipientEmailOf = (referrer: Referrer, accountEmail: string | undefined): string | undefined => {
  switch (referrer.kind) {
    case 'directory-professional':
      return referrer.account.kind === 'invite' ? referrer.account.email : accountEmail;
    case 'outside-professional':
    case 'citizen':
      return referrer.email;
    case 'informant':
      return undefined;
  }
};

/** How a message goes out: by e-mail only when the referrer chose it and there is an address; else in the portal (or by a call). */
export const deliveryChannelOf = (chosen: FeedbackChannel, email: string | undefined): FeedbackChannel =>
  chosen === 'email' && email !== undefined ? 'email' : chosen === 'phone' ? 'phone' : 'portal';

/** What the rules left out, in words for staff who preview a message. */
export const withheldInDutch: Record<WithheldItem, string> = {
  'assessment-content': 'de inhoud van de veiligheidsbeoordeling of het onderzoek',
  'other-reports': 'dat er andere meldingen over dit gezin zijn',
  'other-referrers': 'wie er nog meer gemeld hebben',
  'report-reference': 'het kenmerk van de melding',
  'handed-over-to': 'aan wie de zorg is overgedragen',
  'safety-conditions': 'de veiligheidsvoorwaarden',
  'monitoring-agreements': 'de afspraken over het volgen van de situatie',
};

/** Why a referrer gets no message, in words for staff. */
export const noFeedbackInDutch: Record<NoFeedbackReason, string> = {
  informant: 'Deze melder gaf alleen informatie. Een informant krijgt geen terugkoppeling.',
  'no-consent': 'Deze melder wil geen terugkoppeling. Er gaat geen bericht naar de melder.',
  'not-for-citizens': 'Een burger hoort alleen of er vervolg komt. Over dit moment krijgt de melder geen bericht.',
};
