import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CASE_REGISTER_PROJECTION, CASE_SUMMARIES_TABLE } from '../projections/case-register.projection';

const undefinedColumn = '42703';

/**
 * A case register built before the need-to-know columns existed cannot answer a list without
 * leaking or failing, so the app refuses to start on it and says how to rebuild it. A register not
 * created yet (a fresh database) is fine: the projection creates it with the columns.
 */
@Injectable()
export class CaseRegisterShape implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.dataSource.query(
        `select municipality_key, pending_handover_to_organisation_id, task_organisation_ids from ${CASE_SUMMARIES_TABLE} limit 0`,
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== undefinedColumn) return;
      throw new Error(
        `The case register was built by an older version and lacks its access columns: run npm run projections:rebuild -- ${CASE_REGISTER_PROJECTION}, then start again.`,
      );
    }
  }
}
