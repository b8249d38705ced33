import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonValue } from '@ketenregie/event-store';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Personal data sealed with a family's key. Base64 fields; `f` is the family it belongs to. */
export type EncryptedValue = { $pd: 1; f: string; iv: string; tag: string; ct: string };

/** Raised when a ciphertext or wrapped key fails authentication: tampering or a wrong key, never erasure. */
export class PersonalDataIntegrityError extends Error {
  override readonly name = 'PersonalDataIntegrityError';
}

/** The master key does not open a stored family key: the configuration carries a different key. */
export class MasterKeyMismatch extends Error {
  override readonly name = 'MasterKeyMismatch';
  constructor(readonly familyId: string) {
    super(`The master key cannot unwrap the data key of family ${familyId}: MASTER_KEY differs from the key that wrapped it`);
  }
}

export const isEncrypted = (value: unknown): value is EncryptedValue => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.$pd === 1 &&
    typeof candidate.f === 'string' &&
    typeof candidate.iv === 'string' &&
    typeof candidate.tag === 'string' &&
    typeof candidate.ct === 'string'
  );
};

/** Accepts the configured master key as base64 (e.g. `MASTER_KEY`); it must decode to 32 bytes. */
export const parseMasterKey = (base64: string | undefined): Buffer => {
  if (!base64) throw new Error('No master key configured (MASTER_KEY, 32 bytes as base64)');
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64').replace(/=+$/, '') !== base64.trim().replace(/=+$/, '')) {
    throw new Error('The master key must be 32 bytes encoded as base64');
  }
  return key;
};

export const assertKey = (key: Buffer, what: string): void => {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new Error(`${what} must be ${KEY_BYTES} bytes`);
};

// IVs are cut from one larger random buffer: an intake seals some twenty values, and asking the
// generator for each 12 bytes apart cost more than the encryption. Every IV is still fresh random
// bytes, used once.
const IV_POOL_BYTES = IV_BYTES * 512;
let ivPool = Buffer.alloc(0);
let ivPoolOffset = 0;

const nextIv = (): Buffer => {
  if (ivPoolOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivPoolOffset = 0;
  }
  const iv = ivPool.subarray(ivPoolOffset, ivPoolOffset + IV_BYTES);
  ivPoolOffset += IV_BYTES;
  return iv;
};

const seal = (key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; tag: Buffer; ct: Buffer } => {
  // A random 96-bit IV per message; the per-family key sees far fewer than the 2^32 messages at
  // which random GCM nonces start to risk a collision.
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ct = cipher.update(plaintext);
  // GCM is a stream cipher: `final` only computes the tag and adds no bytes to join.
  cipher.final();
  return { iv, tag: cipher.getAuthTag(), ct };
};

const open = (key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer, aad: Buffer): Buffer | undefined => {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    return undefined;
  }
};

// Domain-separated AAD: a wrapped key cannot pass as personal data and neither can move to
// another family, because the family id is authenticated with it.
const keyAad = (familyId: string) => Buffer.from(`ketenregie.family-key.v1\u0000${familyId}`, 'utf8');
const valueAads = new Map<string, Buffer>();
// Built once per family while it is in use: a household's values all carry the same one.
const valueAad = (familyId: string): Buffer => {
  let aad = valueAads.get(familyId);
  if (aad === undefined) {
    if (valueAads.size >= 1_000) valueAads.clear();
    aad = Buffer.from(`ketenregie.personal-data.v1\u0000${familyId}`, 'utf8');
    valueAads.set(familyId, aad);
  }
  return aad;
};

/** Layout: iv (12) | tag (16) | ciphertext (32). */
export const wrapKey = (masterKey: Buffer, familyId: string, dataKey: Buffer): Buffer => {
  const { iv, tag, ct } = seal(masterKey, dataKey, keyAad(familyId));
  return Buffer.concat([iv, tag, ct]);
};

export const unwrapKey = (masterKey: Buffer, familyId: string, wrapped: Buffer): Buffer => {
  const key = open(
    masterKey,
    wrapped.subarray(0, IV_BYTES),
    wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    wrapped.subarray(IV_BYTES + TAG_BYTES),
    keyAad(familyId),
  );
  if (!key || key.length !== KEY_BYTES) throw new MasterKeyMismatch(familyId);
  return key;
};

export const encryptValue = (dataKey: Buffer, familyId: string, value: JsonValue): EncryptedValue =>
  encryptJson(dataKey, familyId, JSON.stringify(value));

/** As `encryptValue`, for a value already written as JSON text (`decryptJson` gives it back). */
export const encryptJson = (dataKey: Buffer, familyId: string, json: string): EncryptedValue => {
  const { iv, tag, ct } = seal(dataKey, Buffer.from(json, 'utf8'), valueAad(familyId));
  return { $pd: 1, f: familyId, iv: iv.toString('base64'), tag: tag.toString('base64'), ct: ct.toString('base64') };
};

/** Opens a value with the key of `familyId`; `encrypted.f` must name that same family. */
export const decryptValue = (dataKey: Buffer, familyId: string, encrypted: EncryptedValue): JsonValue =>
  JSON.parse(decryptJson(dataKey, familyId, encrypted)) as JsonValue;

/** As `decryptValue`, but the JSON text, unparsed. */
export const decryptJson = (dataKey: Buffer, familyId: string, encrypted: EncryptedValue): string => {
  if (encrypted.f !== familyId) {
    throw new PersonalDataIntegrityError(`Personal data of family ${encrypted.f} found in an event of family ${familyId}`);
  }
  const plaintext = open(
    dataKey,
    Buffer.from(encrypted.iv, 'base64'),
    Buffer.from(encrypted.tag, 'base64'),
    Buffer.from(encrypted.ct, 'base64'),
    valueAad(familyId),
  );
  if (!plaintext) throw new PersonalDataIntegrityError(`Personal data of family ${familyId} failed authentication`);
  return plaintext.toString('utf8');
};
