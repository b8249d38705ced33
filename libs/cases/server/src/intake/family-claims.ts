import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Household } from '@ketenregie/cases-domain';
import { exactIdentityKeys } from '@ketenregie/cases-domain';
import { EVENT_STORE, PROJECTION_RUNNER, defaultOwnerId, isDeadLocalOwner } from '@ketenregie/event-store';
import type { EventStore, ProjectionRunner } from '@ketenregie/event-store';
import { awaitCheckpoint } from '@ketenregie/platform-http';
import { ensureSchema, preparedQuery } from '@ketenregie/platform-persistence';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { caseStreamId } from '../case-command/case-stream';
import { problem } from '@ketenregie/platform-http';

/**
 * Which case opened a family under each exact-match identity (`exactIdentityKeys`), so that two
 * intakes of one new family cannot both open a case while the family index still lags behind the
 * event store. Not a projection: the intake writes it before its append, and it survives rebuilds.
 * Keys are hashed and the rows carry no personal data beyond that; erasing a family deletes its
 * rows with the rest of its read-model data (`CasesFamilyDataEraser`).
 */
export const FAMILY_CLAIMS_TABLE = 'cases_family_claims';

export const FAMILY_CLAIMS_SCHEMA = 'cases-family-claims';

export const familyClaimsDdl = [
  `create table if not exists ${FAMILY_CLAIMS_TABLE} (
    identity_hash text primary key,
    case_id text not null,
    family_id text not null,
    claimed_at timestamptz not null default now()
  )`,
  `create index if not exists ${FAMILY_CLAIMS_TABLE}_case_idx on ${FAMILY_CLAIMS_TABLE} (case_id)`,
  `create index if not exists ${FAMILY_CLAIMS_TABLE}_family_idx on ${FAMILY_CLAIMS_TABLE} (family_id)`,
  // The process that holds the claim (`host:pid:random`): a dead one's claim is taken over at once.
  `alter table ${FAMILY_CLAIMS_TABLE} add column if not exists owner text`,
];

/** The claim's rows, for one request, from its claim until the request has finished. */
export type FamilyClaim = {
  /** The case was not opened after all: frees the family for the next intake. */
  release: () => Promise<void>;
};

export type ClaimOutcome =
  | { kind: 'claimed'; claim: FamilyClaim }
  /** Another case holds the family, and the family index has caught up with it: search again. */
  | { kind: 'known' };

// A claim whose case never appeared (process killed between claim and append) may be taken over
// after this; well above any intake's duration, as for an abandoned Idempotency-Key. One held by a
// process on this host that no longer runs is taken over at once.
const abandonedAfterSeconds = 60;
// How long an intake waits for another intake of the same family to open its case or give up.
const waitForHolderMs = 10_000;
const pollMs = 25;

const hashOf = (key: string): string => createHash('sha256').update(`ketenregie:cases:exact-family:v1\u0000${key}`).digest('hex');

type ClaimRow = { identity_hash: string; case_id: string; abandoned: boolean; owner: string | null };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
export class FamilyClaims implements OnModuleInit {
  private readonly owner = defaultOwnerId();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureSchema(this.dataSource, FAMILY_CLAIMS_SCHEMA, familyClaimsDdl);
  }

  /**
   * Claims the household's exact-match identities for the case about to be opened. One statement
   * when nobody else holds them. Committed before the append so that a second intake sees it at
   * once, from any process; the unique key decides which of two simultaneous intakes wins. The
   * loser waits until the winner's case exists and the family index has it (then its search
   * answers exactly as it will later), or until the winner gave up and released the family.
   * Identities held by a case in `separateFrom` (a known family the intake was judged apart from,
   * checked against the family index by the caller) do not block: they stay that case's, and the
   * new case claims the rest.
   */
  async claim(
    household: Household,
    caseId: string,
    familyId: string,
    separateFrom: readonly string[] = [],
  ): Promise<ClaimOutcome | undefined> {
    const hashes = exactIdentityKeys(household).map(hashOf).sort();
    if (hashes.length === 0) return undefined;
    const claim: FamilyClaim = { release: () => this.release(caseId) };
    const deadline = Date.now() + waitForHolderMs;
    for (;;) {
      // Sorted inserts: two intakes sharing several members cannot deadlock on each other's keys.
      // Committed without waiting for the WAL flush (other sessions see it at once). With the
      // PostgreSQL event store the append's durable commit flushes past it; otherwise a claim lost
      // in a crash only leaves its family to the search until the index has the case.
      const inserted = await preparedQuery(
        this.dataSource,
        `insert into ${FAMILY_CLAIMS_TABLE} (identity_hash, case_id, family_id, owner)
         select hash, $2, $3, $4 from unnest($1::text[]) as hash, (select set_config('synchronous_commit', 'off', true)) as async_commit
          order by hash
         on conflict (identity_hash) do nothing returning identity_hash`,
        [hashes, caseId, familyId, this.owner],
      );
      if (inserted.rows.length === hashes.length) return { kind: 'claimed', claim };

      const rows = (await this.dataSource.query(
        `select identity_hash, case_id, claimed_at < now() - make_interval(secs => $2) as abandoned, owner
           from ${FAMILY_CLAIMS_TABLE} where identity_hash = any($1::text[])`,
        [hashes, abandonedAfterSeconds],
      )) as ClaimRow[];
      const holders = [
        ...new Set(rows.filter((row) => row.case_id !== caseId && !separateFrom.includes(row.case_id)).map((row) => row.case_id)),
      ];
      // All ours (a retry of this request) or kept apart, or a holder released in between: claim what is left.
      if (holders.length === 0) {
        if (rows.length === hashes.length) return { kind: 'claimed', claim };
        continue;
      }
      // Ours were claimed in the same breath as theirs: this intake will not open the case.
      await this.release(caseId);
      for (const holder of holders) {
        const [last] = await this.store.readStream(caseStreamId(holder), { direction: 'backwards', maxCount: 1 });
        if (last) {
          await awaitCheckpoint(this.store, this.runner, [CASE_REGISTER_PROJECTION], last.checkpoint);
          return { kind: 'known' };
        }
      }
      const deadOwners = [...new Set(rows.flatMap((row) => (row.owner !== null && isDeadLocalOwner(row.owner) ? [row.owner] : [])))];
      const abandoned = [
        ...new Set(
          rows
            .filter((row) => row.case_id !== caseId && (row.abandoned || (row.owner !== null && deadOwners.includes(row.owner))))
            .map((row) => row.case_id),
        ),
      ];
      if (abandoned.length > 0) {
        // Only rows still held by the dead claimant: two intakes taking over cannot both win.
        await this.dataSource.query(
          `delete from ${FAMILY_CLAIMS_TABLE}
            where identity_hash = any($1::text[]) and case_id = any($2::text[])
              and (claimed_at < now() - make_interval(secs => $3) or owner = any($4::text[]))`,
          [hashes, abandoned, abandonedAfterSeconds, deadOwners],
        );
        continue;
      }
      if (Date.now() > deadline) {
        throw problem(409, 'Dit gezin wordt op dit moment al door iemand anders aangemeld. Probeer het over enkele ogenblikken opnieuw.', {
          type: 'urn:ketenregie:problem:case.family-intake-in-progress',
        });
      }
      await sleep(pollMs);
    }
  }

  /**
   * Frees the case's claims unless the case was opened after all (an append whose answer was lost
   * still counts): its claims then keep guarding the family until the index has it.
   */
  private async release(caseId: string): Promise<void> {
    if ((await this.store.streamVersion(caseStreamId(caseId))) !== 'no_stream') return;
    await this.dataSource.query(`delete from ${FAMILY_CLAIMS_TABLE} where case_id = $1`, [caseId]);
  }
}
