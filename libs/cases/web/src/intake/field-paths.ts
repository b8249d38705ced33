import type { IntakeMessageKey } from './i18n/nl';
import { t } from './i18n/t';

/** The element id of a form path (`household.members.0.role` -> `intake-household-members-0-role`). */
export const fieldId = (path: string): string => `intake-${path.replace(/\./g, '-')}`;

const labels: Record<string, IntakeMessageKey> = {
  kind: 'kind',
  receivedAt: 'receivedAt',
  sourceCategory: 'source',
  formsOfViolence: 'forms',
  'referrer.kind': 'referrerKind',
  'referrer.name': 'referrerName',
  'referrer.organisation': 'referrerOrganisation',
  'referrer.role': 'referrerRole',
  'referrer.relationToFamily': 'referrerRelation',
  'referrer.contact.email': 'referrerEmail',
  'referrer.contact.phone': 'referrerPhone',
  'referrer.feedbackConsent': 'referrerFeedback',
  'referrer.feedbackConsent.channel': 'referrerFeedback',
  'referrer.namingEndangers': 'referrerNamingEndangers',
  concern: 'concern',
  'household.address.postcode': 'postcode',
  'household.address.houseNumber': 'houseNumber',
  'household.address.houseNumberAddition': 'houseNumberAddition',
  'household.address.street': 'street',
  'household.address.city': 'city',
  'household.address.municipality': 'municipality',
  'household.members': 'household',
  'separateFrom.reason': 'separateReason',
};

const memberLabels: Record<string, IntakeMessageKey> = {
  role: 'role',
  'name.givenNames': 'givenNames',
  'name.prefix': 'prefix',
  'name.familyName': 'familyName',
  dateOfBirth: 'dateOfBirth',
};

/** The label a user saw at the field of a path, for the error summary ("Gezinslid 2: Voornamen"). */
export const labelFor = (path: string): string | undefined => {
  const member = /^household\.members\.(\d+)\.(.+)$/.exec(path);
  if (member) {
    const key = memberLabels[member[2]];
    const who = t('member', { number: Number(member[1]) + 1 });
    return key ? `${who}: ${t(key)}` : who;
  }
  const key = labels[path];
  return key ? t(key) : undefined;
};
