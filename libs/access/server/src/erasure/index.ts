export { isEncrypted, parseMasterKey, MasterKeyMismatch, PersonalDataIntegrityError } from './crypto';
export type { EncryptedValue } from './crypto';
export * from './family-key-store';
export * from './personal-data-cipher';
export * from './encrypting-event-store';
export * from './erasure-notifications';
export * from './family-erasure.service';
export * from './erasure-cli';
