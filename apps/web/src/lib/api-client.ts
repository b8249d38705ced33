import type { Problem } from '@ketenregie/contracts';
import { problemSchema } from '@ketenregie/contracts';
import type { ZodType } from 'zod';

/** A failed API call: the HTTP status and, when the server sent one, its RFC 9457 problem. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const readProblem = async (response: Response): Promise<Problem | undefined> => {
  try {
    const parsed = problemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * GET a JSON resource and validate it against its contract, so a server/client drift fails loudly
 * here instead of rendering `undefined` somewhere deep in a page.
 */
export const getJson = async <T>(path: string, schema: ZodType<T>, signal?: AbortSignal): Promise<T> => {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return schema.parse(await response.json());
};
