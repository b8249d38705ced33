import type { Problem } from '@ketenregie/contracts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * An RFC 9457 problem as `problemSchema` of the contracts reads it, checked by hand: every page
 * needs it (any call can fail), and the schema library would otherwise be part of the first load.
 * The spec holds the two to the same answers. Unknown members are dropped, as the schema does.
 */
export const asProblem = (value: unknown): Problem | undefined => {
  if (!isObject(value)) return undefined;
  const { type, title, status, detail, instance, errors } = value;
  if (!isString(type) || !isString(title) || !isString(detail) || typeof status !== 'number' || !Number.isInteger(status)) return undefined;
  if (instance !== undefined && !isString(instance)) return undefined;
  let fieldErrors: Problem['errors'];
  if (errors !== undefined) {
    if (!Array.isArray(errors)) return undefined;
    fieldErrors = [];
    for (const error of errors as unknown[]) {
      if (!isObject(error) || !isString(error.path) || !isString(error.message)) return undefined;
      if (error.code !== undefined && !isString(error.code)) return undefined;
      fieldErrors.push({ path: error.path, message: error.message, ...(error.code === undefined ? {} : { code: error.code }) });
    }
  }
  return {
    type,
    title,
    status,
    detail,
    ...(instance === undefined ? {} : { instance }),
    ...(fieldErrors === undefined ? {} : { errors: fieldErrors }),
  };
};
