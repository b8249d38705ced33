import { z } from 'zod';

/** RFC 9457 problem details, with field paths for validation errors and a Dutch message. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
});

export type Problem = z.infer<typeof problemSchema>;
