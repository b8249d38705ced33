import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@ketenregie/event-store';
import { PORTAL_REPORTS_PROJECTION, portalReports, portalSignals } from './portal-reports.projection';

/** The primary key of the table a read model's view reads, or undefined when there is no such view yet. */
const keyBehindView = async (db: Queryable, view: string): Promise<string[] | undefined> => {
  const rows = (await db.query(
    `select array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum)) as key
       from (select distinct d.refobjid as table_oid
               from pg_rewrite r join pg_depend d on d.objid = r.oid
              where r.ev_class = to_regclass($1) and d.refclassid = 'pg_class'::regclass and d.refobjid <> r.ev_class) base
       join pg_index i on i.indrelid = base.table_oid and i.indisprimary
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      group by i.indexrelid`,
    [view],
  )) as { key: string[] }[];
  return rows[0]?.key;
};

/**
 * A portal read model built before reports and signals were keyed within their case (a report's
 * number is unique in its case only) would let one family's signal show under another family's
 * report, and its upserts no longer match its key: the app refuses to start on it and says how to
 * rebuild it. A database without the read model yet is fine: the projection creates it.
 */
export const requirePortalKeys = async (db: Queryable): Promise<void> => {
  for (const table of [portalReports, portalSignals]) {
    const key = await keyBehindView(db, table.name);
    if (key !== undefined && !key.includes('case_id'))
      throw new Error(
        `The read model ${table.name} was built by an older version and is keyed without the case: run npm run projections:rebuild -- ${PORTAL_REPORTS_PROJECTION}, then start again.`,
      );
  }
};

@Injectable()
export class PortalReadModelShape implements OnModuleInit {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return requirePortalKeys(this.dataSource);
  }
}
