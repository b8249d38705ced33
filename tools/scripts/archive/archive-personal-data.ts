import type { PersonalDataRegistry } from '@ketenregie/access-contracts';
import { casesPersonalDataRegistry } from '@ketenregie/cases-server';
import { feedbackPersonalDataRegistry } from '@ketenregie/feedback-server';

/** The archive's personal fields as the API seals them: the case events' and the feedback messages'. */
export const archivePersonalDataRegistry: PersonalDataRegistry = { ...casesPersonalDataRegistry, ...feedbackPersonalDataRegistry };
