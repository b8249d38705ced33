import { portalSignalBodySchema, referrerSignalKinds, signalReasonMaxLength } from '@ketenregie/contracts';
import { z } from 'zod';
import { t } from './i18n/t';

export const signalKinds = referrerSignalKinds;

// The API's body schema with the page's own words, in the UI's language, instead of code values.
export const signalFormSchema = portalSignalBodySchema.extend({
  kind: z.enum(signalKinds, { error: () => t('signal.chooseKind') }),
  reason: z
    .string({ error: () => t('signal.reasonRequired') })
    .trim()
    .min(1, { error: () => t('signal.reasonRequired') })
    .max(signalReasonMaxLength, { error: () => t('signal.reasonTooLong', { max: signalReasonMaxLength }) }),
});

export type SignalForm = z.infer<typeof signalFormSchema>;

/** The counter under "Toelichting": what is left, or how much is too much, counted as the API counts (after trimming). */
export const reasonCounter = (reason: string): { text: string; over: boolean } => {
  const used = reason.trim().length;
  if (used > signalReasonMaxLength) return { text: t('signal.over', { count: used - signalReasonMaxLength }), over: true };
  return { text: t('signal.remaining', { count: signalReasonMaxLength - used, max: signalReasonMaxLength }), over: false };
};
