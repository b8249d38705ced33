import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { PROJECTION_STATE_TABLE, physicalTableName, quoteIdent } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import { ensureSchema } from '@ketenregie/platform-persistence';
import type { FamilyDataEraser, FamilyErasure } from '@ketenregie/access-contracts';
import { FAMILY_CLAIMS_SCHEMA, FAMILY_CLAIMS_TABLE, familyClaimsDdl } from '../intake/family-claims';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { CASE_SUMMARIES_TABLE, caseRecordOfRow, caseSummaries, caseSummaryRow, retainedClosedCase } from '../projections/case-summaries';
import { FAMILY_INDEX_TABLE } from '../projections/family-index-rows';
import { eraseCaseRecord } from './erased-case';
import { ERASED_FAMILIES_SCHEMA, ERASED_FAMILIES_TABLE, erasedFamiliesDdl } from './erased-families';

const exists = async (manager: EntityManager, table: string): Promise<boolean> => {
  const [row] = (await manager.query('select to_regclass($1) is not null as found', [table])) as { found: boolean }[];
  return row?.found ?? false;
};

/**
 * Clears a family's personal data in the cases read models. Of the three, only the case register
 * holds any (the timeline's lines and the deadline rows carry ids, dates and professionals only);
 * the intake's family claims hold hashes of it.
 */
@Injectable()
export class CasesFamilyDataEraser implements FamilyDataEraser {
  readonly context = 'cases';

  constructor(private readonly dataSource: DataSource) {}

  async ensureSchema(): Promise<void> {
    await ensureSchema(this.dataSource, ERASED_FAMILIES_SCHEMA, erasedFamiliesDdl);
    await ensureSchema(this.dataSource, FAMILY_CLAIMS_SCHEMA, familyClaimsDdl);
  }

  /**
   * Holds the register's state row while it works, as every batch of the live runner and of a
   * rebuild does: a batch decrypted just before the erasure either committed before (and is
   * cleared here) or commits after and then finds the family in `cases_erased_families`. Both
   * the live generation and one being rebuilt are cleared.
   */
  async eraseFamily({ familyId, erasedAt, reason }: FamilyErasure): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const generations: number[] = [];
      if (await exists(manager, PROJECTION_STATE_TABLE)) {
        const [state] = (await manager.query(
          `select generation, rebuild_generation from ${PROJECTION_STATE_TABLE} where name = $1 for update`,
          [CASE_REGISTER_PROJECTION],
        )) as { generation: number; rebuild_generation: number | null }[];
        if (state)
          generations.push(Number(state.generation), ...(state.rebuild_generation === null ? [] : [Number(state.rebuild_generation)]));
      }
      await manager.query(
        `insert into ${ERASED_FAMILIES_TABLE} (family_id, erased_at, reason) values ($1, $2, $3) on conflict (family_id) do nothing`,
        [familyId, erasedAt, reason],
      );
      // Hashes of the members' names and dates of birth: a guessable input, so they go too.
      await manager.query(`delete from ${FAMILY_CLAIMS_TABLE} where family_id = $1`, [familyId]);
      for (const generation of new Set(generations)) {
        const summaries = physicalTableName(CASE_SUMMARIES_TABLE, generation);
        const familyIndex = physicalTableName(FAMILY_INDEX_TABLE, generation);
        if (await exists(manager, summaries)) {
          const rows = (await manager.query(`select ${caseSummaries.selectList()} from ${quoteIdent(summaries)} where family_id = $1`, [
            familyId,
          ])) as Record<string, unknown>[];
          // Every column is written again from the erased record, so none keeps what the erasure removed.
          const erased = rows.map((raw) => caseSummaryRow(eraseCaseRecord(caseRecordOfRow(caseSummaries.read(raw))), true));
          await caseSummaries.upsert(manager, summaries, erased);
        }
        if (await exists(manager, familyIndex)) {
          await manager.query(`delete from ${quoteIdent(familyIndex)} where family_id = $1`, [familyId]);
        }
      }
    });
  }

  async knowsFamily(familyId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(`select exists (select 1 from ${CASE_SUMMARIES_TABLE} where family_id = $1) as known`, [
      familyId,
    ])) as { known: boolean }[];
    return row?.known ?? false;
  }

  /**
   * Families whose every case is closed, the last before `closedBefore`, not erased yet. Found from
   * the closed cases past that date (an index holds only the closed cases whose family's data is
   * still held), each family then checked for a case that is open or closed since. Grouping every
   * case by family instead reads the whole register: seconds at a million cases, at every start
   * and every hour.
   */
  async familiesPastRetention(closedBefore: CalendarDate, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `select distinct s.family_id
         from ${CASE_SUMMARIES_TABLE} s
        where ${retainedClosedCase} and s.last_closed_on < $1::date
          -- Probed per candidate: scalar subqueries are not turned into joins. The candidates are
          -- few, but statistics cannot tell (old closures are mostly erased ones), and a join
          -- planned for many would read every erased family.
          and (select 1 from ${CASE_SUMMARIES_TABLE} o
                where o.family_id = s.family_id and (o.status <> 'closed' or o.last_closed_on >= $1::date) limit 1) is null
          and (select 1 from ${ERASED_FAMILIES_TABLE} e where e.family_id = s.family_id) is null
        order by s.family_id
        limit $2`,
      [closedBefore, limit],
    )) as { family_id: string }[];
    return rows.map((row) => row.family_id);
  }
}
