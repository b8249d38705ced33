import type { CaseEventType } from '@ketenregie/cases-domain';
import { ERASED_TEXT } from '@ketenregie/access-contracts';
import type { PersonalDataRegistry } from '@ketenregie/access-contracts';

/**
 * What stands in a read model where an erased value stood, chosen so the value keeps its type:
 * `text` a Dutch placeholder, `name` a person name of placeholders, `null` for a nullable date,
 * `omit` for an optional field, `contact` for contact details without any.
 */
export type ErasedAs = 'text' | 'name' | 'null' | 'omit' | 'contact';

/** A path into the event's payload (see `PersonalDataRule.personalFields`) and its placeholder. */
export type PersonalPath = readonly [path: string, erasedAs: ErasedAs];

// The address keeps its municipality and the members their id and role: the monitor counts reports
// per municipality and children per report, after erasure too.
const household: readonly PersonalPath[] = [
  ['household.address.street', 'omit'],
  ['household.address.houseNumber', 'text'],
  ['household.address.houseNumberAddition', 'omit'],
  ['household.address.postcode', 'text'],
  ['household.address.city', 'omit'],
  ['household.members.*.name', 'name'],
  ['household.members.*.dateOfBirth', 'null'],
  ['household.members.*.address', 'omit'],
];

// Everything that could tell the family who reported them; `kind` stays, the source category too.
const referrer: readonly PersonalPath[] = [
  ['referrer.name', 'text'],
  ['referrer.organisation', 'text'],
  ['referrer.role', 'text'],
  ['referrer.relationToFamily', 'omit'],
  ['referrer.contact', 'contact'],
];

const text = (field: string): PersonalPath => [field, 'text'];

/**
 * The decision for every event type of the cases context: the paths that hold personal data, or
 * none. Names of professionals acting in their role (directors, owners of conditions), ids,
 * municipality, source category, forms of violence, classifications and the dates of the process
 * stay plain: access rules, worklists, deadlines and the monitor need them after erasure too.
 * Free text is personal whatever it is meant for: a reason or a note can always name someone.
 */
export const casesPersonalPaths: Record<CaseEventType, readonly PersonalPath[]> = {
  'cases.case-opened': household,
  'cases.advice-request-received': [...referrer, text('concern'), ...household],
  'cases.report-received': [...referrer, text('concern'), ...household],
  'cases.case-reopened': [],
  'cases.recidivism-flag-raised': [],
  'cases.recidivism-flag-acknowledged': [],
  // Which known cases it was judged apart from are ids; why is free text.
  'cases.family-kept-separate': [text('reason')],
  // The role stays, as on every member: the monitor counts children.
  'cases.members-merged': [['survivingName', 'name'], ['mergedName', 'name'], text('reason')],
  'cases.member-removed': [['name', 'name'], text('reason')],
  'cases.handover-offered': [text('reason')],
  'cases.handover-accepted': [],
  'cases.handover-declined': [text('reason')],
  'cases.handover-withdrawn': [text('reason')],
  'cases.case-escalated': [text('reason')],
  'cases.phase-changed': [text('reason')],
  // The partner's contact is a professional, but which one works with this family is the family's data.
  'cases.chain-partner-registered': [text('task'), ['contact', 'omit']],
  'cases.chain-partner-involvement-ended': [text('reason')],
  'cases.acute-unsafety-registered': [text('measures')],
  'cases.safety-assessment-started': [],
  'cases.safety-assessment-completed': [],
  'cases.safety-assessment-overdue': [],
  'cases.conditions-and-follow-up-started': [text('reason')],
  'cases.investigation-started': [],
  'cases.investigation-completed': [text('conclusion')],
  'cases.investigation-overdue': [],
  'cases.child-protection-investigation-requested': [text('reason')],
  'cases.case-closed': [text('notes')],
  'cases.safety-condition-added': [text('text')],
  'cases.safety-condition-revised': [text('text'), text('reason')],
  'cases.safety-condition-status-recorded': [text('notes')],
  // Agreements keep owner and due date, so plan statistics and deadlines survive erasure.
  'cases.plan-part-updated': [text('description'), text('agreements.*.text')],
  'cases.rappels-scheduled': [],
  'cases.rappel-became-due': [],
  'cases.rappel-became-overdue': [],
  'cases.rappel-rescheduled': [text('reason')],
  'cases.rappel-completed': [text('notes')],
  // Where a signal came from (a report id, an organisation) stays; what it says can name anyone.
  'cases.signal-raised': [text('reason')],
  'cases.signal-acknowledged': [text('note')],
  // The note to the referrer is free text; the message itself is sealed by the feedback context.
  'cases.feedback-requested': [text('note')],
};

const familyIdOf = (data: { [key: string]: unknown }): string | undefined =>
  typeof data['familyId'] === 'string' && data['familyId'] !== '' ? data['familyId'] : undefined;

/**
 * For the encrypting event store: a case's opening event names the family; every later event of
 * the case belongs to the family of its stream (one stream per case, one family per case).
 */
export const casesPersonalDataRegistry: PersonalDataRegistry = Object.fromEntries(
  Object.entries(casesPersonalPaths)
    .filter(([, paths]) => paths.length > 0)
    .map(([type, paths]) => [
      type,
      { familyId: type === 'cases.case-opened' ? familyIdOf : 'stream', personalFields: paths.map(([path]) => path) },
    ]),
);

/** The value a read model keeps for an erased value of this kind; `undefined` removes the field. */
export const erasedValue = (erasedAs: ErasedAs): unknown => {
  switch (erasedAs) {
    case 'text':
      return ERASED_TEXT;
    case 'name':
      return { givenNames: ERASED_TEXT, familyName: ERASED_TEXT };
    case 'null':
      return null;
    case 'omit':
      return undefined;
    case 'contact':
      return {};
    default: {
      const _exhaustive: never = erasedAs;
      return _exhaustive;
    }
  }
};
