/**
 * How the API must answer a rejected command: `validation` -> 422 (with field path), `rule` -> 422
 * (the case's state or a business rule does not allow it), `forbidden` -> 403 (someone else decides
 * this), `not-found` -> 404. There is deliberately no domain category for 409: the API keeps 409 for
 * concurrent changes and the known-family refusal, so a client can retry on 409 and only on 409.
 */
export type DomainErrorCategory = 'validation' | 'rule' | 'forbidden' | 'not-found';

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
    this.category = options.category ?? (options.path === undefined ? 'rule' : 'validation');
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
