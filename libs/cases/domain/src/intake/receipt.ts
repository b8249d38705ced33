import { toAmsterdamDate } from '@ketenregie/kernel';
import type { CalendarDate } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';

/** Client and server clocks differ a little; a receipt moment up to this far ahead counts as now. */
export const receiptClockSkewMs = 2 * 60_000;

/**
 * How far back a receipt moment may lie. Further back every deadline would have passed before the
 * intake was typed in; such an intake is registered as received today, its real date in the text.
 */
export const receiptMaxAgeDays = 30;

const DAY_MS = 86_400_000;

/** RFC 3339 date-time with an explicit offset (`Z` or `+01:00`): a bare local time is ambiguous. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const parseInstant = (value: string): Date | undefined => {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return undefined;
  // Date() rolls 31 April over into 1 May; a calendar that does not have the day is a typing error.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  return instant;
};

/** When an intake was received (deadlines run from it) and when it was typed in. */
export type Receipt = { receivedAt: string; receivedOn: CalendarDate; registeredAt: string };

/**
 * Invariant 8: a report taken by phone on Friday and typed in on Monday was received on Friday.
 * Without a receipt moment the intake was received when it is registered (`now`).
 */
export const receiptOf = (receivedAt: string | undefined, now: Date): Receipt => {
  const registeredAt = now.toISOString();
  if (receivedAt === undefined) return { receivedAt: registeredAt, receivedOn: toAmsterdamDate(now), registeredAt };
  const instant = typeof receivedAt === 'string' ? parseInstant(receivedAt) : undefined;
  if (!instant) throw caseErrors.invalidReceivedAt();
  if (instant.getTime() > now.getTime() + receiptClockSkewMs) throw caseErrors.receivedAtInFuture();
  if (instant.getTime() < now.getTime() - receiptMaxAgeDays * DAY_MS) throw caseErrors.receivedAtTooOld(receiptMaxAgeDays);
  const received = instant.getTime() > now.getTime() ? now : instant;
  return { receivedAt: received.toISOString(), receivedOn: toAmsterdamDate(received), registeredAt };
};
