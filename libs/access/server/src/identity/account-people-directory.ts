import type { DataSource } from 'typeorm';
import type { DirectoryPerson, PeopleDirectory } from '@ketenregie/access-contracts';
import { trimOldest } from '../erasure/bounded-cache';
import type { Account } from './account-store';
import { AccountStore } from './account-store';
import { sessionCacheTtlMs } from './session-timeouts';

const personOf = (account: Account): DirectoryPerson => ({
  personId: account.id,
  displayName: account.displayName,
  organisationId: account.organisationId,
  roles: account.roles,
});

export type AccountPeopleDirectoryOptions = {
  /** How long a person read from the accounts is trusted (default: as long as a session). */
  ttlMs?: number;
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
};

/**
 * The people directory over the enabled accounts. Nearly every command that names a professional
 * (a hand-over's recipient, a report's referrer, a plan part's owner) looked them up, one round
 * trip per command for data that changes a few times a year. A person found is trusted for as long
 * as a session is (`sessionCacheTtlMs`): an account disabled in another process stops being named
 * within that window, as its sessions stop working. Not found is never remembered, so a new
 * account can be named at once. `peopleOf` (a list for a picker) always reads the accounts.
 */
export const accountPeopleDirectory = (dataSource: DataSource, options: AccountPeopleDirectoryOptions = {}): PeopleDirectory => {
  const accounts = new AccountStore(dataSource);
  const ttlMs = options.ttlMs ?? sessionCacheTtlMs;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { person: DirectoryPerson; expiresAt: number }>();

  return {
    findPeople: async (personIds) => {
      const at = now();
      const found: DirectoryPerson[] = [];
      const misses: string[] = [];
      for (const personId of new Set(personIds)) {
        const entry = cache.get(personId);
        if (entry && entry.expiresAt > at) found.push(entry.person);
        else misses.push(personId);
      }
      if (misses.length === 0) return found;
      for (const account of await accounts.findEnabledByIds(misses)) {
        const person = personOf(account);
        cache.delete(person.personId);
        cache.set(person.personId, { person, expiresAt: at + ttlMs });
        found.push(person);
      }
      trimOldest(cache, maxEntries);
      return found;
    },
    peopleOf: async (organisationId) => (await accounts.listEnabledByOrganisation(organisationId)).map(personOf),
  };
};
