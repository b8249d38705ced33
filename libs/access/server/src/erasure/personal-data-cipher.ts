import type { JsonValue } from '@ketenregie/event-store';
import type { ErasedMarker } from '@ketenregie/access-contracts';
import { PersonalDataIntegrityError, decryptValue, encryptValue } from './crypto';
import type { EncryptedValue } from './crypto';
import { FamilyDataErased } from './family-key-store';
import type { Erasure, FamilyKeyStore, FoundFamilyKey } from './family-key-store';

export type DecryptResult = { ok: true; value: JsonValue } | { ok: false; erased: Erasure };

export { isErasedMarker } from '@ketenregie/access-contracts';
export type { ErasedMarker } from '@ketenregie/access-contracts';

export const erasedMarker = (erasure: Erasure): ErasedMarker => ({ $erased: true, erasedAt: erasure.erasedAt.toISOString() });

/**
 * Opens values with keys looked up beforehand. A key that is neither present nor erased means the
 * ciphertext was not written by us (or its key row was removed without a tombstone): an integrity
 * failure, never silently treated as erased.
 */
export const openWithKey = (found: FoundFamilyKey | undefined, familyId: string, encrypted: EncryptedValue): DecryptResult => {
  if (!found || found.status === 'missing') {
    throw new PersonalDataIntegrityError(`No key and no erasure recorded for family ${familyId}`);
  }
  if (found.status === 'erased') return { ok: false, erased: { erasedAt: found.erasedAt, reason: found.reason } };
  return { ok: true, value: decryptValue(found.key, familyId, encrypted) };
};

export class PersonalDataCipher {
  constructor(private readonly keys: FamilyKeyStore) {}

  /** Throws `FamilyDataErased` for an erased family: personal data is never written for it again. */
  async encrypt(familyId: string, value: JsonValue): Promise<EncryptedValue> {
    const key = await this.keys.getKey(familyId);
    if (key.status === 'erased') throw new FamilyDataErased(familyId, key);
    return encryptValue(key.key, familyId, value);
  }

  /**
   * `expectedFamilyId` is the family of the record holding the value; a value sealed for another
   * family then fails, so a ciphertext cannot be moved between families.
   */
  async decrypt(encrypted: EncryptedValue, expectedFamilyId: string = encrypted.f): Promise<DecryptResult> {
    return openWithKey(await this.keys.findKey(expectedFamilyId), expectedFamilyId, encrypted);
  }
}
