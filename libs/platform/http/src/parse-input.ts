import type { z, ZodType } from 'zod';
import { dutchErrorMap, issueCode } from '@ketenregie/contracts';
import type { FieldError } from './problems';
import { problem } from './problems';

const pathOf = (segments: readonly PropertyKey[]): string => segments.map(String).join('.');

const fieldErrors = (error: z.ZodError, prefix: string | undefined): FieldError[] =>
  error.issues.flatMap((issue): FieldError[] => {
    const base = prefix === undefined ? issue.path : [prefix, ...issue.path];
    // One error per unknown field, at the field itself, so a form can point at it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...base, key]), message: 'Dit veld is onbekend.', code: issue.code }));
    }
    return [{ path: pathOf(base), message: issue.message, code: issueCode(issue) }];
  });

/**
 * Parses request input of every context; failures are 400 problems with a field path per error.
 * `prefix` names where the input came from when that is not the body (`query`, `params`).
 */
export const parseInput = <Schema extends ZodType>(schema: Schema, input: unknown, prefix?: string): z.output<Schema> => {
  const result = schema.safeParse(input, { error: dutchErrorMap });
  if (result.success) return result.data;
  throw problem(400, 'Niet alle velden zijn goed ingevuld.', { errors: fieldErrors(result.error, prefix) });
};
