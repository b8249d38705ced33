import { z } from 'zod';
import { instantOutput } from './dates';

export const projectionStatusSchema = z.object({
  name: z.string(),
  /** Events committed but not yet applied to this read model. */
  lag: z.number().int().nonnegative(),
  generation: z.number().int().nonnegative(),
  updatedAt: instantOutput().nullable(),
  /** Events that fail to apply on their own and were set aside, retried later (docs/adr/0010). */
  parkedEvents: z.number().int().nonnegative(),
  /** Later events of the same streams, waiting until the parked ones apply. */
  heldEvents: z.number().int().nonnegative(),
});

/** What anyone may know without signing in: the service answers. */
export const publicSystemStatusSchema = z.object({
  scope: z.literal('public'),
  application: z.literal('Ketenregie'),
  status: z.literal('up'),
  time: instantOutput(),
});

/** For a signed-in user: versions, stores, activity counts and the read models' state. */
export const fullSystemStatusSchema = z.object({
  scope: z.literal('full'),
  application: z.literal('Ketenregie'),
  status: z.literal('up'),
  version: z.string(),
  eventStore: z.object({ kind: z.enum(['postgresql', 'eventstoredb']) }),
  database: z.object({ kind: z.enum(['embedded', 'external']) }),
  events: z.object({
    total: z.number().int().nonnegative(),
    byType: z.array(z.object({ type: z.string(), count: z.number().int().nonnegative() })),
  }),
  projections: z.array(projectionStatusSchema),
  time: instantOutput(),
});

export const systemStatusSchema = z.discriminatedUnion('scope', [publicSystemStatusSchema, fullSystemStatusSchema]);

export type SystemStatus = z.infer<typeof systemStatusSchema>;
export type PublicSystemStatus = z.infer<typeof publicSystemStatusSchema>;
export type FullSystemStatus = z.infer<typeof fullSystemStatusSchema>;
export type ProjectionStatusDto = z.infer<typeof projectionStatusSchema>;
