import type { Director, FormOfViolence, OrganisationRef, SourceCategory } from '@ketenregie/cases-domain';

// Everything here is invented. Every organisation, municipality and professional carries the DEMO
// marker, so a screen or an export of demo data can never be mistaken for a real region. Postcodes
// end in SA, SD or SS: PostNL never issues those letter pairs, so no demo address exists.

export const DEMO_MARK = '(DEMO)';

export type DemoMunicipality = {
  name: string;
  /** Share of the region's intakes. */
  share: number;
  /** First four digits of its postcodes. */
  postcodePrefixes: readonly number[];
  streets: readonly string[];
  localTeamId: string;
};

export type DemoLocalTeam = { organisation: OrganisationRef; professionals: readonly Director[] };

const directors = (organisation: OrganisationRef, people: readonly [string, string][]): Director[] =>
  people.map(([personId, name]) => ({ person: { personId, name: `${name} ${DEMO_MARK}` }, organisation }));

export const veiligThuis: OrganisationRef = {
  organisationId: 'demo-vt',
  name: `Veilig Thuis Demoregio ${DEMO_MARK}`,
  kind: 'veilig-thuis',
};

export const veiligThuisProfessionals: readonly Director[] = directors(veiligThuis, [
  ['demo-vt-anouk', 'Anouk Verbeek'],
  ['demo-vt-bas', 'Bas Hoekstra'],
  ['demo-vt-chantal', 'Chantal Meijer'],
  ['demo-vt-dirk', 'Dirk Kuipers'],
  ['demo-vt-esra', 'Esra Yilmaz'],
  ['demo-vt-floor', 'Floor Vermeulen'],
  ['demo-vt-gijs', 'Gijs Postma'],
  ['demo-vt-hanna', 'Hanna de Graaf'],
]);

const teamMerwestad: OrganisationRef = {
  organisationId: 'demo-ts-merwestad',
  name: `Team Sociaal Merwestad ${DEMO_MARK}`,
  kind: 'local-team',
};

const teamLingedal: OrganisationRef = {
  organisationId: 'demo-ts-lingedal',
  name: `Team Sociaal Lingedal-Giessenwaard ${DEMO_MARK}`,
  kind: 'local-team',
};

export const localTeams: readonly DemoLocalTeam[] = [
  {
    organisation: teamMerwestad,
    professionals: directors(teamMerwestad, [
      ['demo-ts-iris', 'Iris Brouwer'],
      ['demo-ts-jeroen', 'Jeroen Dekker'],
      ['demo-ts-karim', 'Karim Bouzid'],
      ['demo-ts-lotte', 'Lotte van Dam'],
      ['demo-ts-maarten', 'Maarten Wolters'],
    ]),
  },
  {
    organisation: teamLingedal,
    professionals: directors(teamLingedal, [
      ['demo-ts-nadia', 'Nadia Haddou'],
      ['demo-ts-olaf', 'Olaf Timmer'],
      ['demo-ts-petra', 'Petra Schouten'],
      ['demo-ts-ruben', 'Ruben Koster'],
    ]),
  },
];

export const municipalities: readonly DemoMunicipality[] = [
  {
    name: `Merwestad ${DEMO_MARK}`,
    share: 0.5,
    postcodePrefixes: [4901, 4902, 4903, 4904, 4905],
    streets: ['Havendijk', 'Lindelaan', 'Merwekade', 'Molenstraat', 'Stationsweg', 'Vlietplein', 'Zuiderhof'],
    localTeamId: teamMerwestad.organisationId,
  },
  {
    name: `Lingedal ${DEMO_MARK}`,
    share: 0.3,
    postcodePrefixes: [4911, 4912, 4913],
    streets: ['Dorpsstraat', 'Kerkpad', 'Lingeweg', 'Populierenlaan', 'Schoolstraat'],
    localTeamId: teamLingedal.organisationId,
  },
  {
    name: `Giessenwaard ${DEMO_MARK}`,
    share: 0.2,
    postcodePrefixes: [4921, 4922],
    streets: ['Beatrixstraat', 'Giessendijk', 'Kastanjelaan', 'Weidepad'],
    localTeamId: teamLingedal.organisationId,
  },
];

export const postcodeLetters = ['SA', 'SD', 'SS'] as const;

/** Chain partners that own safety conditions in the demo. */
export const chainPartners: readonly OrganisationRef[] = [
  { organisationId: 'demo-jeugdzorg', name: `Jeugdzorg Demoregio ${DEMO_MARK}`, kind: 'other' },
  { organisationId: 'demo-ggz', name: `GGZ Demoregio ${DEMO_MARK}`, kind: 'other' },
  { organisationId: 'demo-reclassering', name: `Reclassering Demoregio ${DEMO_MARK}`, kind: 'other' },
];

export const givenNamesAdult = [
  'Ahmed',
  'Anna',
  'Bart',
  'Bianca',
  'Daan',
  'Eva',
  'Fatma',
  'Hans',
  'Ilse',
  'Jan',
  'Kees',
  'Laura',
  'Marco',
  'Mohamed',
  'Nicole',
  'Peter',
  'Priya',
  'Sandra',
  'Sanne',
  'Tom',
  'Wendy',
  'Yusuf',
] as const;

export const givenNamesChild = [
  'Adam',
  'Bo',
  'Emma',
  'Finn',
  'Julia',
  'Liam',
  'Lina',
  'Milan',
  'Noah',
  'Nora',
  'Sem',
  'Sophie',
  'Tess',
  'Yara',
  'Zoë',
] as const;

export const familyNames: readonly { prefix?: string; familyName: string }[] = [
  { familyName: 'Jansen' },
  { prefix: 'de', familyName: 'Vries' },
  { prefix: 'van den', familyName: 'Berg' },
  { familyName: 'Bakker' },
  { familyName: 'Visser' },
  { familyName: 'Smit' },
  { familyName: 'Meijer' },
  { prefix: 'de', familyName: 'Boer' },
  { familyName: 'Mulder' },
  { prefix: 'de', familyName: 'Groot' },
  { familyName: 'Bos' },
  { familyName: 'Vos' },
  { familyName: 'Peters' },
  { familyName: 'Hendriks' },
  { prefix: 'van', familyName: 'Leeuwen' },
  { familyName: 'Dekker' },
  { familyName: 'Brouwer' },
  { prefix: 'de', familyName: 'Wit' },
  { familyName: 'Dijkstra' },
  { familyName: 'Smits' },
  { prefix: 'van der', familyName: 'Linden' },
  { familyName: 'Kaya' },
  { familyName: 'El Idrissi' },
  { familyName: 'Öztürk' },
  { familyName: 'Ramdin' },
  { familyName: 'Wijaya' },
  { familyName: 'Kowalski' },
];

/** CBS 2023: about 67 % of reports come from police and justice. */
export const reportSources: Readonly<Record<SourceCategory, number>> = {
  police: 67,
  'education-childcare': 7,
  'gp-health': 6,
  'youth-health-care': 4,
  housing: 2,
  citizen: 8,
  other: 6,
};

/** Advice is asked mostly by citizens and by professionals who doubt whether to report. */
export const adviceSources: Readonly<Record<SourceCategory, number>> = {
  citizen: 38,
  'education-childcare': 18,
  'gp-health': 12,
  'youth-health-care': 10,
  police: 5,
  housing: 4,
  other: 13,
};

export const formWeights: Readonly<Record<FormOfViolence, number>> = {
  'partner-violence': 44,
  'child-abuse': 40,
  'elder-abuse': 6,
  'complex-divorce': 5,
  'sexual-violence': 4,
  'honour-related': 1,
};

export const concerns: Readonly<Record<FormOfViolence, readonly string[]>> = {
  'partner-violence': [
    'Politie ter plaatse na melding van buren over geschreeuw en geweld tussen partners.',
    'Partner heeft letsel; vermoeden van herhaald huiselijk geweld.',
    'Ruzie tussen ex-partners liep uit de hand; kinderen waren getuige.',
  ],
  'child-abuse': [
    'Kind vertelt op school over klappen thuis en heeft blauwe plekken.',
    'Zorgen over verwaarlozing: kind komt vaak zonder eten en in vuile kleren naar de opvang.',
    'Kind is bang om naar huis te gaan; ouders reageren niet op uitnodigingen.',
  ],
  'elder-abuse': [
    'Oudere bewoner lijkt financieel uitgebuit door een familielid.',
    'Mantelzorger is overbelast; zorgen over ruw handelen bij de verzorging.',
  ],
  'complex-divorce': [
    'Vechtscheiding: kinderen worden bij conflicten tussen ouders betrokken.',
    'Ouders blijven strijden over de omgang; kind toont spanningsklachten.',
  ],
  'sexual-violence': ['Vermoeden van seksueel grensoverschrijdend gedrag binnen het gezin.'],
  'honour-related': ['Zorgen over dreiging en controle vanwege de eer van de familie.'],
};

export const sourceReferrers: Readonly<Record<Exclude<SourceCategory, 'citizen'>, { organisation: string; role: string; email: string }>> =
  {
    police: { organisation: `Politie eenheid Demoregio ${DEMO_MARK}`, role: 'wijkagent', email: 'zorgmeldingen@politie.demo.example' },
    'education-childcare': {
      organisation: `Basisschool De Regenboog ${DEMO_MARK}`,
      role: 'intern begeleider',
      email: 'zorg@regenboog.demo.example',
    },
    'gp-health': { organisation: `Huisartsenpraktijk Centrum ${DEMO_MARK}`, role: 'huisarts', email: 'praktijk@huisarts.demo.example' },
    'youth-health-care': {
      organisation: `Jeugdgezondheidszorg Demoregio ${DEMO_MARK}`,
      role: 'jeugdverpleegkundige',
      email: 'jgz@jgz.demo.example',
    },
    housing: { organisation: `Woningstichting Demoregio ${DEMO_MARK}`, role: 'wijkconsulent', email: 'wijkbeheer@wonen.demo.example' },
    other: { organisation: `Maatschappelijk werk Demoregio ${DEMO_MARK}`, role: 'maatschappelijk werker', email: 'mw@mw.demo.example' },
  };

/** A professional of a referring organisation with an account of role `referrer`, and the address feedback is mailed to. */
export type DemoReferrerAccount = { personId: string; name: string; role: string; email: string };

/**
 * Organisations that report and are in the directory, so their professionals are parties the
 * portal knows: a few have an account of role `referrer` (the demo accounts a visitor can sign in
 * as), the others are invited by the address given at intake.
 */
export type DemoReferrerOrganisation = {
  organisationId: string;
  name: string;
  source: Exclude<SourceCategory, 'citizen'>;
  accounts: readonly DemoReferrerAccount[];
  /** Colleagues without an account: role and the domain their addresses are at. */
  colleagueRole: string;
  emailDomain: string;
};

export const referrerOrganisations: readonly DemoReferrerOrganisation[] = [
  {
    organisationId: 'demo-obs-de-merwe',
    name: `OBS De Merwe ${DEMO_MARK}`,
    source: 'education-childcare',
    accounts: [
      { personId: 'demo-obs-els', name: `Els Verhoef ${DEMO_MARK}`, role: 'leerkracht', email: 'e.verhoef@obsdemerwe.demo.example' },
    ],
    colleagueRole: 'intern begeleider',
    emailDomain: 'obsdemerwe.demo.example',
  },
  {
    organisationId: 'demo-hap-lingedal',
    name: `Huisartsenpraktijk Lingedal ${DEMO_MARK}`,
    source: 'gp-health',
    accounts: [{ personId: 'demo-hap-sara', name: `Sara Pinto ${DEMO_MARK}`, role: 'huisarts', email: 's.pinto@haplingedal.demo.example' }],
    colleagueRole: 'praktijkondersteuner',
    emailDomain: 'haplingedal.demo.example',
  },
  {
    organisationId: 'demo-politie',
    name: `Politie basisteam Merwe-Linge ${DEMO_MARK}`,
    source: 'police',
    accounts: [
      { personId: 'demo-politie-ruud', name: `Ruud Kramer ${DEMO_MARK}`, role: 'wijkagent', email: 'r.kramer@politie.demo.example' },
    ],
    colleagueRole: 'agent',
    emailDomain: 'politie.demo.example',
  },
];
