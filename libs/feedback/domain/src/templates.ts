import type { FeedbackDecision, FeedbackItem } from './feedback-rules';
import type { MilestoneKind } from './milestone';

export type FeedbackLocale = 'nl' | 'en';

/**
 * The reviewed wording of every feedback message, in plain Dutch (B1, "u") with English beside it.
 * A message is only ever these sentences filled with the decided items, plus a personal note staff
 * saw before sending: no free text reaches a referrer otherwise.
 */
type TemplateSet = {
  milestoneTitle: Record<MilestoneKind, string>;
  subject: (title: string, reference: string | undefined) => string;
  greeting: string;
  item: { [K in FeedbackItem['item']]: (item: Extract<FeedbackItem, { item: K }>) => string };
  limits: string;
  portal: (link: string) => string;
  noteHeading: string;
  closing: string;
};

const list = (lines: readonly string[]): string => lines.map((line) => `- ${line}`).join('\n');

export const feedbackTemplates: Record<FeedbackLocale, TemplateSet> = {
  nl: {
    milestoneTitle: {
      'report-received': 'melding ontvangen',
      'safety-assessment-done': 'veiligheidsbeoordeling klaar',
      'handed-over': 'zorg overgedragen',
      'investigation-finished': 'onderzoek klaar',
      'case-closed': 'dossier gesloten',
    },
    subject: (title, reference) => (reference ? `Uw melding ${reference}: ${title}` : `Uw melding bij Veilig Thuis: ${title}`),
    greeting: 'Geachte melder,',
    item: {
      'report-reference': ({ reference }) =>
        `Dit bericht gaat over uw melding met kenmerk ${reference}. Noem dit kenmerk als u contact met ons opneemt.`,
      'follow-up-decision': ({ started }) =>
        started
          ? 'Wij hebben besloten dat er vervolg komt. Er wordt hulp voor het gezin geregeld.'
          : 'Wij hebben besloten dat er geen vervolg van Veilig Thuis nodig is.',
      'handed-over-to': ({ organisations }) => `De zorg voor het gezin is overgedragen aan:\n${list(organisations)}`,
      'investigation-finished': () => 'Ons onderzoek is klaar.',
      'case-closed': () => 'Veilig Thuis heeft het dossier gesloten. U krijgt hierover geen berichten meer.',
      'safety-conditions': ({ conditions }) =>
        `U heeft een taak in het plan. Deze veiligheidsvoorwaarden gaan over u:\n${list(conditions)}`,
      'monitoring-agreements': ({ agreements }) => `Deze afspraken over het volgen van de situatie gaan over u:\n${list(agreements)}`,
      'not-named-to-family': () => 'Wij vertellen het gezin niet dat u de melding heeft gedaan.',
    },
    limits: 'Over de inhoud van ons onderzoek en over andere meldingen mogen wij u niets vertellen. Dat staat in de wet.',
    portal: (link) =>
      `U kunt uw melding ook bekijken in het meldersportaal. Daar kunt u ons ook een bericht sturen:\n${link}\nDeze link werkt één keer en is 14 dagen geldig.`,
    noteHeading: 'Persoonlijke toelichting van uw contactpersoon:',
    closing: 'Met vriendelijke groet,\nVeilig Thuis',
  },
  en: {
    milestoneTitle: {
      'report-received': 'report received',
      'safety-assessment-done': 'safety assessment completed',
      'handed-over': 'care handed over',
      'investigation-finished': 'investigation completed',
      'case-closed': 'case closed',
    },
    subject: (title, reference) => (reference ? `Your report ${reference}: ${title}` : `Your report to Veilig Thuis: ${title}`),
    greeting: 'Dear referrer,',
    item: {
      'report-reference': ({ reference }) =>
        `This message is about your report with reference ${reference}. Please mention this reference when you contact us.`,
      'follow-up-decision': ({ started }) =>
        started
          ? 'We have decided that there will be follow-up. Help for the family is being arranged.'
          : 'We have decided that no follow-up by Veilig Thuis is needed.',
      'handed-over-to': ({ organisations }) => `The care for the family has been handed over to:\n${list(organisations)}`,
      'investigation-finished': () => 'Our investigation is complete.',
      'case-closed': () => 'Veilig Thuis has closed the case. You will not receive further messages about it.',
      'safety-conditions': ({ conditions }) => `You have a task in the plan. These safety conditions concern you:\n${list(conditions)}`,
      'monitoring-agreements': ({ agreements }) => `These agreements on following the situation concern you:\n${list(agreements)}`,
      'not-named-to-family': () => 'We do not tell the family that you made the report.',
    },
    limits: 'We are not allowed to tell you about the content of our assessment or about other reports. This is set by law.',
    portal: (link) =>
      `You can also view your report in the referrer portal, and send us a message there:\n${link}\nThis link works once and is valid for 14 days.`,
    noteHeading: 'Personal note from your contact person:',
    closing: 'Kind regards,\nVeilig Thuis',
  },
};

const renderItem = (locale: FeedbackLocale, item: FeedbackItem): string => {
  const render = feedbackTemplates[locale].item[item.item] as (value: FeedbackItem) => string;
  return render(item);
};

export type RenderedFeedback = { subject: string; text: string };

export type RenderInput = {
  decision: Extract<FeedbackDecision, { kind: 'send' }>;
  locale: FeedbackLocale;
  /** The link into the referrer portal, or the slot the sender fills per message. */
  portalLink: string;
  /** A personal note, already checked with `checkPersonalNote`. */
  note?: string;
};

/** The message exactly as the referrer reads it. */
export const renderFeedback = ({ decision, locale, portalLink, note }: RenderInput): RenderedFeedback => {
  const templates = feedbackTemplates[locale];
  const reference = decision.items.find((item) => item.item === 'report-reference');
  const subject = templates.subject(templates.milestoneTitle[decision.milestone], reference?.reference);
  const parts = [
    templates.greeting,
    ...decision.items.map((item) => renderItem(locale, item)),
    templates.limits,
    templates.portal(portalLink),
    ...(note ? [`${templates.noteHeading}\n${note}`] : []),
    templates.closing,
  ];
  return { subject, text: `${parts.join('\n\n')}\n` };
};
