import { randomBytes } from 'node:crypto';
import {
  MasterKeyMismatch,
  PersonalDataIntegrityError,
  decryptValue,
  encryptValue,
  isEncrypted,
  parseMasterKey,
  unwrapKey,
  wrapKey,
} from './crypto';
import { erasedMarker, isErasedMarker, openWithKey } from './personal-data-cipher';

const key = randomBytes(32);

const flipFirstByte = (base64: string): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
};

describe('personal data encryption', () => {
  it('round-trips any JSON value and hides the plaintext', () => {
    const value = { firstName: 'Fatima', lastName: 'El Amrani', children: [{ name: 'Noor', born: 2017 }], note: null };
    const encrypted = encryptValue(key, 'family-1', value);
    expect(isEncrypted(encrypted)).toBe(true);
    expect(JSON.stringify(encrypted)).not.toContain('Amrani');
    expect(decryptValue(key, 'family-1', encrypted)).toEqual(value);
    expect(decryptValue(key, 'family-1', encryptValue(key, 'family-1', 'Noor'))).toBe('Noor');
  });

  it('uses a fresh IV per value, so equal names do not produce equal ciphertexts', () => {
    expect(encryptValue(key, 'family-1', 'Noor').ct).not.toBe(encryptValue(key, 'family-1', 'Noor').ct);
  });

  it('never hands out an IV twice, also where one batch of random bytes runs out and the next begins', () => {
    const ivs = Array.from({ length: 1_500 }, () => encryptValue(key, 'family-1', 'Noor').iv);
    expect(new Set(ivs).size).toBe(ivs.length);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64').length === 12)).toBe(true);
  });

  it('rejects a tampered ciphertext, tag or IV with an integrity error', () => {
    const encrypted = encryptValue(key, 'family-1', 'Fatima El Amrani');
    for (const field of ['ct', 'tag', 'iv'] as const) {
      expect(() => decryptValue(key, 'family-1', { ...encrypted, [field]: flipFirstByte(encrypted[field]) })).toThrow(
        PersonalDataIntegrityError,
      );
    }
  });

  it('binds the family: relabelling or opening as another family fails', () => {
    const encrypted = encryptValue(key, 'family-1', 'Fatima');
    expect(() => decryptValue(key, 'family-2', encrypted)).toThrow(PersonalDataIntegrityError);
    // Same key on purpose: only the authenticated family id differs.
    expect(() => decryptValue(key, 'family-2', { ...encrypted, f: 'family-2' })).toThrow(PersonalDataIntegrityError);
  });

  it('wraps a data key so only the same master key and family unwrap it', () => {
    const master = randomBytes(32);
    const dataKey = randomBytes(32);
    const wrapped = wrapKey(master, 'family-1', dataKey);
    expect(wrapped).toHaveLength(60);
    expect(unwrapKey(master, 'family-1', wrapped).equals(dataKey)).toBe(true);
    expect(() => unwrapKey(randomBytes(32), 'family-1', wrapped)).toThrow(MasterKeyMismatch);
    expect(() => unwrapKey(master, 'family-2', wrapped)).toThrow(MasterKeyMismatch);
  });

  it('accepts only a 32-byte base64 master key', () => {
    const master = randomBytes(32);
    expect(parseMasterKey(master.toString('base64')).equals(master)).toBe(true);
    expect(() => parseMasterKey(undefined)).toThrow(/No master key/);
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseMasterKey('not base64 at all!')).toThrow(/32 bytes/);
  });

  it('recognises envelopes and markers, not look-alikes', () => {
    expect(isEncrypted({ $pd: 1, f: 'x', iv: '', tag: '', ct: '' })).toBe(true);
    expect(isEncrypted({ $pd: 2, f: 'x', iv: '', tag: '', ct: '' })).toBe(false);
    expect(isEncrypted('Fatima')).toBe(false);
    expect(isEncrypted(null)).toBe(false);
    expect(isErasedMarker(erasedMarker({ erasedAt: new Date('2026-01-02T03:04:05Z'), reason: 'request' }))).toBe(true);
    expect(erasedMarker({ erasedAt: new Date('2026-01-02T03:04:05Z'), reason: 'request' })).toEqual({
      $erased: true,
      erasedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('treats a ciphertext without key or tombstone as an integrity failure, not as erased', () => {
    const encrypted = encryptValue(key, 'family-1', 'Fatima');
    expect(() => openWithKey({ status: 'missing' }, 'family-1', encrypted)).toThrow(PersonalDataIntegrityError);
    expect(openWithKey({ status: 'erased', erasedAt: new Date(0), reason: 'retention-expired' }, 'family-1', encrypted)).toEqual({
      ok: false,
      erased: { erasedAt: new Date(0), reason: 'retention-expired' },
    });
    expect(openWithKey({ status: 'active', key, keyVersion: 1 }, 'family-1', encrypted)).toEqual({ ok: true, value: 'Fatima' });
  });
});
