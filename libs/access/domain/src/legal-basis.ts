/**
 * The legal ground a professional relies on for an access to a family's data. The access policy
 * names it with every decision and the access log records it; the family sees it in its export,
 * hence the Dutch descriptions. New values go at the end: stored log lines keep theirs.
 */
export const legalBases = ['wmo-2015-4.1.1', 'jeugdwet', 'meldcode', 'avg-art-15', 'avg-art-17', 'wmo-2015', 'avg-art-32'] as const;
export type LegalBasis = (typeof legalBases)[number];

export const legalBasisDescriptions: Record<LegalBasis, string> = {
  'wmo-2015-4.1.1': 'Wet maatschappelijke ondersteuning 2015, artikel 4.1.1 (taken van Veilig Thuis)',
  jeugdwet: 'Jeugdwet (jeugdhulp en jeugdbescherming)',
  meldcode: 'Wet verplichte meldcode huiselijk geweld en kindermishandeling',
  'avg-art-15': 'AVG artikel 15 (inzageverzoek van de betrokkene)',
  'avg-art-17': 'AVG artikel 17 (verzoek om gegevens te wissen)',
  'wmo-2015': 'Wet maatschappelijke ondersteuning 2015 (ondersteuning en hulp door de gemeente en haar lokale team)',
  'avg-art-32': 'AVG artikel 32 (beveiliging: controle van de toegangslogging door de privacyfunctionaris, NEN 7513)',
};

/**
 * The privacy officer reads the access log and the break-the-glass grants to check that access
 * was lawful: a security duty of the organisation (AVG art. 32, with NEN 7513 as the standard),
 * not a professional's task with the family.
 */
export const accessReviewLegalBasis: LegalBasis = 'avg-art-32';

export const isLegalBasis = (value: unknown): value is LegalBasis =>
  typeof value === 'string' && (legalBases as readonly string[]).includes(value);
