import type { CaseEvent, CaseEventType, Director, Household, Owner } from '@ketenregie/cases-domain';

// Test data only: an invented family. Every personal value holds a marker no plain field holds, so
// a test can tell whether any of it survived.
const tag = 'Qzx';
const personal = (text: string): string => `${text} ${tag}`;

/** The personal values in `samplePersonalEvents`; none may be readable after sealing or erasure. */
export const samplePersonalTag = tag;

const director: Director = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
};
const localTeam: Director = {
  person: { personId: 'lt-carla', name: 'Carla Bakker' },
  organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
};
const owner: Owner = { organisation: localTeam.organisation, person: localTeam.person };

export const sampleHousehold: Household = {
  address: {
    street: personal('Lingewal'),
    houseNumber: `12${tag}`,
    houseNumberAddition: `b${tag}`,
    postcode: `4201${tag}`,
    city: personal('Gorinchem-stad'),
    municipality: 'Gorinchem',
  },
  members: [
    {
      memberId: 'm1',
      role: 'adult',
      name: { givenNames: personal('Jan'), prefix: personal('van der'), familyName: personal('Berg') },
      dateOfBirth: `1985-03-12${tag}`,
    },
    {
      memberId: 'm2',
      role: 'child',
      name: { givenNames: personal('Sara'), familyName: personal('Berg') },
      dateOfBirth: `2016-05-20${tag}`,
      address: { houseNumber: `3${tag}`, postcode: `4202${tag}`, municipality: personal('Molenlanden') },
    },
  ],
};

const professionalReferrer = {
  kind: 'professional' as const,
  name: personal('Els Jansen'),
  organisation: personal('OBS De Linge'),
  role: personal('intern begeleider'),
  contact: { email: `e.jansen.${tag}@example.org`, phone: `06${tag}` },
};

const at = '2026-03-02T09:00:00.000Z';

/** One event of every type of the cases context, personal data wherever the type carries any. */
export const samplePersonalEvents: { [T in CaseEventType]: Extract<CaseEvent, { type: T }> } = {
  'cases.case-opened': {
    type: 'cases.case-opened',
    schemaVersion: 1,
    data: { caseId: 'c1', familyId: 'f1', household: sampleHousehold, director, openedWith: 'report', openedAt: at },
  },
  'cases.advice-request-received': {
    type: 'cases.advice-request-received',
    schemaVersion: 1,
    data: {
      adviceRequestId: 'a1',
      referrer: {
        kind: 'citizen',
        name: personal('Buurvrouw Kees'),
        relationToFamily: personal('buurvrouw'),
        contact: { phone: `06${tag}` },
      },
      sourceCategory: 'citizen',
      formsOfViolence: ['child-abuse'],
      concern: personal('Hoort vaak geschreeuw'),
      household: sampleHousehold,
      receivedAt: at,
    },
  },
  'cases.report-received': {
    type: 'cases.report-received',
    schemaVersion: 1,
    data: {
      reportId: 'r1',
      referrer: professionalReferrer,
      sourceCategory: 'education-childcare',
      formsOfViolence: ['child-abuse', 'partner-violence'],
      concern: personal('Sara vertelt over klappen'),
      household: sampleHousehold,
      classification: 'first',
      receivedAt: at,
      receivedOn: '2026-03-02',
      assessmentId: 'r1',
      assessmentDueOn: '2026-03-09',
    },
  },
  'cases.case-reopened': {
    type: 'cases.case-reopened',
    schemaVersion: 1,
    data: { reportId: 'r2', previousOutcome: 'safety-established', previousDirector: director, director, reopenedAt: at },
  },
  'cases.recidivism-flag-raised': {
    type: 'cases.recidivism-flag-raised',
    schemaVersion: 1,
    data: {
      flagId: 'fl1',
      reportId: 'r2',
      classification: 'repeat',
      earlierInvolvement: { kind: 'ended', outcome: 'safety-established', closedOn: '2025-01-01' },
      earlierDirector: director,
      earlierReportCount: 1,
      director,
      raisedAt: at,
    },
  },
  'cases.recidivism-flag-acknowledged': {
    type: 'cases.recidivism-flag-acknowledged',
    schemaVersion: 1,
    data: { flagId: 'fl1', acknowledgedBy: director.person, acknowledgedAt: at },
  },
  'cases.family-kept-separate': {
    type: 'cases.family-kept-separate',
    schemaVersion: 1,
    data: { separateFromCaseIds: ['c0'], reason: personal('Andere Jan, woont al jaren in Breda'), keptSeparateAt: at },
  },
  'cases.members-merged': {
    type: 'cases.members-merged',
    schemaVersion: 1,
    data: {
      survivingMemberId: 'm1',
      mergedMemberId: 'm3',
      survivingName: sampleHousehold.members[0].name,
      mergedName: { givenNames: personal('Jna'), familyName: personal('Berg') },
      reason: personal('Jna is een typefout voor Jan'),
      mergedAt: at,
    },
  },
  'cases.member-removed': {
    type: 'cases.member-removed',
    schemaVersion: 1,
    data: {
      memberId: 'm2',
      role: 'child',
      name: sampleHousehold.members[1].name,
      reason: personal('Geen kind van dit gezin'),
      removedAt: at,
    },
  },
  'cases.handover-offered': {
    type: 'cases.handover-offered',
    schemaVersion: 1,
    data: {
      handoverId: 'h1',
      kind: 'de-escalation',
      from: director,
      to: localTeam,
      reason: personal('Jan werkt mee'),
      phase: 'stable-safety',
      offeredAt: at,
    },
  },
  'cases.handover-accepted': {
    type: 'cases.handover-accepted',
    schemaVersion: 1,
    data: {
      handoverId: 'h1',
      kind: 'de-escalation',
      from: director,
      to: localTeam,
      phase: 'stable-safety',
      acceptedAt: at,
      acceptedOn: '2026-03-02',
    },
  },
  'cases.handover-declined': {
    type: 'cases.handover-declined',
    schemaVersion: 1,
    data: { handoverId: 'h2', reason: personal('Sara nog niet veilig'), declinedAt: at },
  },
  'cases.handover-withdrawn': {
    type: 'cases.handover-withdrawn',
    schemaVersion: 1,
    data: { handoverId: 'h3', reason: personal('Vader opgenomen'), withdrawnAt: at },
  },
  'cases.case-escalated': {
    type: 'cases.case-escalated',
    schemaVersion: 1,
    data: {
      reason: personal('Nieuwe klappen'),
      phase: 'immediate-safety',
      from: localTeam,
      to: director,
      trigger: 'taken-over',
      escalatedAt: at,
    },
  },
  'cases.phase-changed': {
    type: 'cases.phase-changed',
    schemaVersion: 1,
    data: { phase: 'recovery', reason: personal('Sara slaapt weer'), changedAt: at },
  },
  'cases.chain-partner-registered': {
    type: 'cases.chain-partner-registered',
    schemaVersion: 1,
    data: {
      partnerId: 'p1',
      organisation: { organisationId: 'jb', name: 'Jeugdbescherming West', kind: 'other' },
      contact: { personId: 'jb-1', name: personal('Piet Hulp'), email: `piet.${tag}@example.org` },
      role: 'youth-protection',
      task: personal('Gesprekken met Sara'),
      registeredAt: at,
    },
  },
  'cases.chain-partner-involvement-ended': {
    type: 'cases.chain-partner-involvement-ended',
    schemaVersion: 1,
    data: { partnerId: 'p1', reason: personal('Jan verhuisd'), endedAt: at },
  },
  'cases.acute-unsafety-registered': {
    type: 'cases.acute-unsafety-registered',
    schemaVersion: 1,
    data: { assessmentId: 'r1', measures: personal('Sara bij oma'), registeredAt: at },
  },
  'cases.safety-assessment-started': {
    type: 'cases.safety-assessment-started',
    schemaVersion: 1,
    data: { assessmentId: 'r1', startedAt: at },
  },
  'cases.safety-assessment-completed': {
    type: 'cases.safety-assessment-completed',
    schemaVersion: 1,
    data: {
      assessmentId: 'r1',
      acuteUnsafety: true,
      structuralUnsafety: false,
      completedAt: at,
      completedOn: '2026-03-04',
      dueOn: '2026-03-09',
      onTime: true,
    },
  },
  'cases.safety-assessment-overdue': {
    type: 'cases.safety-assessment-overdue',
    schemaVersion: 1,
    data: { assessmentId: 'r1', dueOn: '2026-03-09', markedOn: '2026-03-10' },
  },
  'cases.conditions-and-follow-up-started': {
    type: 'cases.conditions-and-follow-up-started',
    schemaVersion: 1,
    data: { reason: personal('Jan drinkt'), startedAt: at },
  },
  'cases.investigation-started': {
    type: 'cases.investigation-started',
    schemaVersion: 1,
    data: { investigationId: 'i1', startedAt: at, startedOn: '2026-03-02', dueOn: '2026-05-11' },
  },
  'cases.investigation-completed': {
    type: 'cases.investigation-completed',
    schemaVersion: 1,
    data: {
      investigationId: 'i1',
      conclusion: personal('Sara onveilig bij Jan'),
      completedAt: at,
      completedOn: '2026-04-01',
      onTime: true,
    },
  },
  'cases.investigation-overdue': {
    type: 'cases.investigation-overdue',
    schemaVersion: 1,
    data: { investigationId: 'i1', dueOn: '2026-05-11', markedOn: '2026-05-12' },
  },
  'cases.child-protection-investigation-requested': {
    type: 'cases.child-protection-investigation-requested',
    schemaVersion: 1,
    data: { reason: personal('Ouders weigeren hulp'), requestedAt: at },
  },
  'cases.case-closed': {
    type: 'cases.case-closed',
    schemaVersion: 1,
    data: { outcome: 'safety-established', notes: personal('Sara woont bij oma'), director, closedAt: at, closedOn: '2026-06-01' },
  },
  'cases.safety-condition-added': {
    type: 'cases.safety-condition-added',
    schemaVersion: 1,
    data: { conditionId: 'sc1', text: personal('Jan drinkt niet'), owner, dueOn: '2026-04-01', addedAt: at },
  },
  'cases.safety-condition-revised': {
    type: 'cases.safety-condition-revised',
    schemaVersion: 1,
    data: {
      conditionId: 'sc1',
      text: personal('Jan volgt therapie'),
      owner,
      dueOn: '2026-05-01',
      reason: personal('Jan viel terug'),
      revisedAt: at,
    },
  },
  'cases.safety-condition-status-recorded': {
    type: 'cases.safety-condition-status-recorded',
    schemaVersion: 1,
    data: { conditionId: 'sc1', status: 'met', notes: personal('Jan nuchter gezien'), recordedAt: at },
  },
  'cases.plan-part-updated': {
    type: 'cases.plan-part-updated',
    schemaVersion: 1,
    data: {
      part: 'aid',
      description: personal('Hulp voor Sara'),
      agreements: [{ agreementId: 'ag1', text: personal('Sara naar speltherapie'), owner, dueOn: '2026-04-15' }],
      updatedAt: at,
    },
  },
  'cases.rappels-scheduled': {
    type: 'cases.rappels-scheduled',
    schemaVersion: 1,
    data: {
      scheduleId: 's1',
      owner: director,
      scheduledFrom: '2026-03-02',
      rappels: [{ rappelId: 'rp1', dueOn: '2026-06-02', deadlineOn: '2026-06-16' }],
      scheduledAt: at,
    },
  },
  'cases.rappel-became-due': {
    type: 'cases.rappel-became-due',
    schemaVersion: 1,
    data: { rappelId: 'rp1', dueOn: '2026-06-02' },
  },
  'cases.rappel-became-overdue': {
    type: 'cases.rappel-became-overdue',
    schemaVersion: 1,
    data: { rappelId: 'rp1', dueOn: '2026-06-02', deadlineOn: '2026-06-16', markedOn: '2026-06-17' },
  },
  'cases.rappel-rescheduled': {
    type: 'cases.rappel-rescheduled',
    schemaVersion: 1,
    data: {
      rappelId: 'rp1',
      previousDueOn: '2026-06-02',
      dueOn: '2026-06-09',
      deadlineOn: '2026-06-23',
      reason: personal('Sara logeert die week bij oma'),
      rescheduledAt: at,
    },
  },
  'cases.rappel-completed': {
    type: 'cases.rappel-completed',
    schemaVersion: 1,
    data: {
      rappelId: 'rp1',
      outcome: 'safe',
      notes: personal('Sara lacht weer'),
      completedBy: 'lt-carla',
      completedAt: at,
      completedOn: '2026-06-03',
    },
  },
  'cases.signal-raised': {
    type: 'cases.signal-raised',
    schemaVersion: 1,
    data: {
      signalId: 'sg1',
      source: { kind: 'referrer', reportId: 'r1' },
      kind: 'aid-stalls',
      reason: personal('Sara zegt dat niemand meer langskomt'),
      raisedAt: at,
    },
  },
  'cases.signal-acknowledged': {
    type: 'cases.signal-acknowledged',
    schemaVersion: 1,
    data: { signalId: 'sg1', note: personal('Gebeld met Fatima'), acknowledgedBy: director.person, acknowledgedAt: at },
  },
  'cases.feedback-requested': {
    type: 'cases.feedback-requested',
    schemaVersion: 1,
    data: {
      messageId: 'm1',
      reportId: 'r1',
      milestone: 'safety-assessment-done',
      note: personal('Sara is blij met de hulp'),
      locale: 'nl',
      requestedBy: 'vt-anna',
      requestedAt: at,
    },
  },
};
