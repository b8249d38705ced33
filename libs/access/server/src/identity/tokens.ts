import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: a session id or CSRF token nobody can guess. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export const looksLikeToken = (value: string): boolean => tokenPattern.test(value);

/**
 * Only this digest is stored, so a copy of the sessions table (a backup, a read replica) holds no
 * session anyone could use. The ids are random, so an unsalted fast hash is enough.
 */
export const tokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
