import type { CaseDetail, WorklistItem } from '@ketenregie/contracts';
import { t } from '../i18n/t';

type Status = WorklistItem['status'];
type Phase = WorklistItem['phase'];
type Director = WorklistItem['director'];
type Receiver = NonNullable<WorklistItem['pendingHandoverTo']>;

export const statusLabel = (status: Status): string => t(`status.${status}`);
export const phaseLabel = (phase: Phase): string => t(`phase.${phase}`);
export const classificationLabel = (classification: 'first' | 'follow-up' | 'repeat'): string => t(`classification.${classification}`);
export const openDeadlineKindLabel = (kind: CaseDetail['openDeadlines'][number]['kind']): string => t(`deadline.kind.${kind}`);

/** "Anna Jansen (Veilig Thuis Demoregio)": a person is always named with the organisation they act for. */
export const directorLabel = (director: Director): string =>
  t('person.atOrganisation', { person: director.person.name, organisation: director.organisation.name });

/** A hand-over's receiver: the named professional, or the receiving organisation's team. */
export const receiverLabel = (receiver: Receiver): string =>
  receiver.person
    ? t('person.atOrganisation', { person: receiver.person.name, organisation: receiver.organisation.name })
    : t('person.team', { organisation: receiver.organisation.name });
