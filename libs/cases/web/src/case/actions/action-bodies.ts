import { reasonBodySchema, startInvestigationBodySchema } from '@ketenregie/contracts';
import type { z } from 'zod';
import type { RouteAction } from './action-rules';

// What the dialogs send, kept apart from the components so it can be checked without a browser.

export type RouteForm = { route?: RouteAction; reason: string };

/** Each route is its own command: its path under the case, its body and the contract schema of that body. */
export const routeBody = (values: RouteForm): { schema: z.ZodType; body: unknown; path: string } => {
  if (values.route === 'start-investigation') return { schema: startInvestigationBodySchema, body: {}, path: 'investigations' };
  if (values.route === 'request-child-protection-investigation')
    return { schema: reasonBodySchema, body: { reason: values.reason }, path: 'child-protection-requests' };
  return { schema: reasonBodySchema, body: { reason: values.reason }, path: 'conditions-and-follow-up' };
};

/** "3, 6, 12" to [3, 6, 12]; empty is the region's schedule; anything else fails the contract's number check. */
export const parseOffsets = (text: string): number[] | undefined => {
  const parts = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.length === 0 ? undefined : parts.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
};
