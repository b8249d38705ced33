import { z } from 'zod';

export const projectionStatusSchema = z.object({
  name: z.string(),
  /** Events committed but not yet applied to this read model. */
  lag: z.number().int().nonnegative(),
  generation: z.number().int().nonnegative(),
  updatedAt: z.string().nullable(),
});

export const systemStatusSchema = z.object({
  application: z.literal('Ketenregie'),
  version: z.string(),
  eventStore: z.object({ kind: z.enum(['postgresql', 'eventstoredb']) }),
  database: z.object({ kind: z.enum(['embedded', 'external']) }),
  events: z.object({
    total: z.number().int().nonnegative(),
    byType: z.array(z.object({ type: z.string(), count: z.number().int().nonnegative() })),
  }),
  projections: z.array(projectionStatusSchema),
  time: z.string(),
});

export type SystemStatus = z.infer<typeof systemStatusSchema>;
export type ProjectionStatusDto = z.infer<typeof projectionStatusSchema>;
