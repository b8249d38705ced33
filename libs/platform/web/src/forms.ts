import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from './api-client';

/**
 * Puts the API's field errors (problem+json `errors[].path`, dotted) on the form's own fields, so a
 * rule only the server knows lands where the user typed. Answers the errors that fit no field, for
 * the form's summary.
 */
export const applyProblemToForm = <T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  knownFields: ReadonlySet<string> | ((path: string) => boolean),
): string[] => {
  if (!(error instanceof ApiError)) return [];
  const isKnown = typeof knownFields === 'function' ? knownFields : (path: string) => knownFields.has(path);
  const unplaced: string[] = [];
  for (const { path, message } of error.fieldErrors) {
    if (path && isKnown(path)) setError(path as Path<T>, { type: 'server', message });
    else unplaced.push(message);
  }
  return unplaced;
};
