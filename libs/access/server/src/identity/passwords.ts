import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Algorithm, Options } from '@node-rs/argon2';

export const minimumPasswordLength = 12;
export const maximumPasswordLength = 1_000;

// OWASP Password Storage Cheat Sheet, first argon2id option: 19 MiB, 2 passes, 1 lane. The
// library's `Algorithm` is a const enum, which isolated modules cannot read; 2 is its Argon2id.
const argon2id = 2 as Algorithm.Argon2id;
export const argon2Options: Options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export class PasswordPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordPolicyError';
  }
}

/** Length is what makes a password strong (NIST SP 800-63B); no composition rules. */
export const checkNewPassword = (password: string): void => {
  const length = [...password].length;
  if (length < minimumPasswordLength) {
    throw new PasswordPolicyError(`Het wachtwoord moet minstens ${minimumPasswordLength} tekens lang zijn.`);
  }
  if (length > maximumPasswordLength) {
    throw new PasswordPolicyError(`Het wachtwoord mag hoogstens ${maximumPasswordLength} tekens lang zijn.`);
  }
};

export const hashPassword = async (password: string): Promise<string> => {
  checkNewPassword(password);
  return hash(password, argon2Options);
};

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A damaged hash in the table must read as a wrong password, not as a server error.
    return false;
  }
};

let dummy: Promise<string> | undefined;

/**
 * A hash of a password nobody knows, with the same parameters as the real ones. Unknown usernames
 * (and accounts without a password) are verified against it, so a wrong username costs exactly as
 * long as a wrong password and the response time does not tell which usernames exist.
 */
export const dummyPasswordHash = (): Promise<string> => (dummy ??= hash(randomBytes(32).toString('base64url'), argon2Options));
