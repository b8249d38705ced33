import { createHash } from 'node:crypto';
import type { MilestoneKind } from './milestone';

/** A version-5-shaped UUID (name-based) from a SHA-256 of `name`, so the id fits the store's uuid column. */
const nameBasedUuid = (name: string): string => {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The message id of a report's feedback at a milestone, the same in every process and on every
 * replay: the store appends an event id once, so a milestone is queued once per report however
 * often its case events are read again, and a history written elsewhere (the national archive)
 * under these ids is never queued a second time. `occurrence` tells a second hand-over (or
 * investigation) from the first, which keeps the id it always had.
 */
export const milestoneMessageId = (caseId: string, reportId: string, milestone: MilestoneKind, occurrence = 1): string =>
  nameBasedUuid(`ketenregie:feedback-milestone:${caseId}:${reportId}:${milestone}${occurrence > 1 ? `:${occurrence}` : ''}`);

/**
 * The id of a message's outcome event, the same from every process: two processes that both
 * record an outcome append the same event once (the store's idempotent append).
 */
export const outcomeEventId = (messageId: string): string => nameBasedUuid(`ketenregie:feedback-outcome:${messageId}`);
