import type { Problem } from '@ketenregie/contracts';
import { asProblem } from './problem';
import { forgetSessionTimes, recordSessionActivity } from './session-expiry';

/**
 * What validates an answer: a zod schema from `@ketenregie/contracts`, or any object that parses
 * the same way. Only the shape is asked for, so the shell's own calls need not load zod.
 */
export type AnswerParser<T> = { parse: (value: unknown) => T };

/** A failed API call: the HTTP status and, when the server sent one, its RFC 9457 problem. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  /** The `ETag` of the current state when the server sent one (412, 409), to redo an action knowingly. */
  readonly etag: string | undefined;

  constructor(status: number, problem: Problem | undefined, etag?: string) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.etag = etag;
  }

  /** The field errors of a 400/422, keyed by dotted path (`household.members.0.name`). */
  get fieldErrors(): ReadonlyArray<{ path: string; message: string }> {
    return this.problem?.errors ?? [];
  }
}

type UnauthorizedListener = () => void;

// The CSRF token comes with the session and goes with every state-changing request; it lives in
// memory only, never in storage a script of another page could read.
let csrfToken: string | undefined;
const unauthorizedListeners = new Set<UnauthorizedListener>();

export const setCsrfToken = (token: string | undefined): void => {
  csrfToken = token;
};

// Set while the user signs out: the session ends under whatever the page still asks for.
let signOutEnded: Promise<void> | undefined;

/**
 * Marks the client as signing out until the returned function is called. Meanwhile a read is not
 * sent (without a session it could only answer 401) but waits, and then fails as "no session";
 * the pages that asked are gone by then. A 401 in between is the sign-out, not an expiry.
 */
export const beginSignOut = (): (() => void) => {
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  signOutEnded = ended;
  return () => {
    if (signOutEnded === ended) signOutEnded = undefined;
    end();
  };
};

const notWhileSigningOut = async (): Promise<void> => {
  if (!signOutEnded) return;
  await signOutEnded;
  throw new ApiError(401, undefined);
};

/**
 * Called when an API call answers 401 while the client believed it had a session: the shell shows
 * the sign-in dialog over the page, so nothing typed is lost.
 */
export const onUnauthorized = (listener: UnauthorizedListener): (() => void) => {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
};

/** Tells the listeners of `onUnauthorized` that the session has ended, e.g. when its idle time ran out. */
export const notifySessionEnded = (): void => {
  forgetSessionTimes();
  for (const listener of unauthorizedListeners) listener();
};

const readProblem = async (response: Response): Promise<Problem | undefined> => {
  try {
    return asProblem(await response.json());
  } catch {
    return undefined;
  }
};

/**
 * Every answer other than 401 came with a live session (if there was one) and so moved its idle
 * timeout on: the idle warning counts from the last one.
 */
const noteAnswer = (response: Response): void => {
  if (response.status !== 401) recordSessionActivity();
};

const failure = async (response: Response, path: string): Promise<ApiError> => {
  // The session endpoint answers 401 for "not signed in": that is the sign-in page's business, not an expiry.
  if (response.status === 401 && !signOutEnded && !path.endsWith('/auth/session') && !path.endsWith('/auth/sign-in')) {
    notifySessionEnded();
  } else if (response.status === 401) {
    forgetSessionTimes();
  }
  return new ApiError(response.status, await readProblem(response), response.headers.get('ETag') ?? undefined);
};

export type QueryParams = Record<string, string | number | boolean | undefined>;

export const withQuery = (path: string, query?: QueryParams): string => {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
};

/**
 * GET a JSON resource and validate it against its contract, so a server/client drift fails loudly
 * here instead of rendering `undefined` somewhere deep in a page.
 */
export const getJson = async <T>(
  path: string,
  schema: AnswerParser<T>,
  options: { signal?: AbortSignal; query?: QueryParams } = {},
): Promise<T> => {
  await notWhileSigningOut();
  const url = withQuery(path, options.query);
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: options.signal, credentials: 'same-origin' });
  noteAnswer(response);
  if (!response.ok) throw await failure(response, path);
  return schema.parse(await response.json());
};

/** A GET that also answers the resource's `ETag`, for a later `If-Match`. */
export const getJsonWithEtag = async <T>(
  path: string,
  schema: AnswerParser<T>,
  options: { signal?: AbortSignal; query?: QueryParams } = {},
): Promise<{ data: T; etag: string | undefined }> => {
  await notWhileSigningOut();
  const url = withQuery(path, options.query);
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: options.signal, credentials: 'same-origin' });
  noteAnswer(response);
  if (!response.ok) throw await failure(response, path);
  return { data: schema.parse(await response.json()), etag: response.headers.get('ETag') ?? undefined };
};

export type SendOptions<T> = {
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  schema: AnswerParser<T>;
  /** The same key for every retry of one action, so the server runs it at most once. */
  idempotencyKey?: string;
  /** `"<version>"` of the state the user decided on; a change in between answers 412. */
  ifMatch?: string;
  signal?: AbortSignal;
};

/** Sends a state-changing request with the CSRF token, and validates the answer against its contract. */
export const sendJson = async <T>({ method = 'POST', path, body, schema, idempotencyKey, ifMatch, signal }: SendOptions<T>): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    credentials: 'same-origin',
  });
  noteAnswer(response);
  if (!response.ok) throw await failure(response, path);
  if (response.status === 204) return schema.parse(undefined);
  return schema.parse(await response.json());
};

/** The API's base path (Dutch API Design Rules: the major version in the path). */
export const api = (path: string): string => `/api/v1${path}`;
