/**
 * How the API must answer a rejected command: `validation` -> 422 (with field path),
 * `conflict` -> 409 (the state does not allow it now), `forbidden` -> 403 (wrong actor),
 * `not-found` -> 404.
 */
export type DomainErrorCategory = 'validation' | 'conflict' | 'forbidden' | 'not-found';

export type DomainErrorOptions = {
  /** Path of the offending field in the command payload, e.g. `household.members.0.dateOfBirth`. */
  path?: string;
  category?: DomainErrorCategory;
};

/**
 * A rule of the domain said no. `code` is a stable machine key (clients and tests match on it,
 * so never rename one); `message` is Dutch and shown to the professional as is.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly category: DomainErrorCategory;

  constructor(code: string, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.path = options.path;
    this.category = options.category ?? (options.path === undefined ? 'conflict' : 'validation');
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
