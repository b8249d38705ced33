import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { caseSummaries } from '../projections/case-summaries';
import { familyIndex } from '../projections/family-index-rows';
import { caseRappels } from '../projections/case-rappel-rows';
import { caseOpenWork } from '../projections/case-open-work';
import { CASE_TIMELINE_PROJECTION, caseTimeline } from '../projections/case-timeline.projection';
import { CASE_FEEDBACK_PROJECTION, caseFeedbackMessages, caseFeedbackMilestones } from '../case-feedback/case-feedback.projection';

const undefinedColumn = '42703';
const undefinedTable = '42P01';

/** Columns a read model built by an older version lacks, and why the app cannot do without them. */
const requiredShapes = [
  // Every declared column: an older register kept the case state as one document and lacks them.
  ...[caseSummaries, familyIndex, caseRappels, caseOpenWork].map((table) => ({
    projection: CASE_REGISTER_PROJECTION,
    table: table.name,
    columns: table.columnNames,
    lack: 'lacks columns it is read by',
  })),
  // Every declared column: an older timeline kept each entry as JSON text and lacks the columns it is now served from.
  {
    projection: CASE_TIMELINE_PROJECTION,
    table: caseTimeline.name,
    columns: caseTimeline.columnNames,
    lack: 'lacks the columns its entries are served from',
  },
  // An older feedback overview lacks whether a milestone is owed a message and whether a message
  // was answered by a later one: the Terugkoppeling worklist reads only the outstanding rows by them.
  ...[caseFeedbackMilestones, caseFeedbackMessages].map((table) => ({
    projection: CASE_FEEDBACK_PROJECTION,
    table: table.name,
    columns: table.columnNames,
    lack: 'lacks the columns the Terugkoppeling worklist is read by',
  })),
];

/**
 * A read model built before a column it is queried by existed cannot answer without leaking or
 * failing (a case list without the need-to-know columns, a timeline without the columns its entries
 * are built from, a feedback worklist without the columns that tell outstanding feedback from given),
 * so the app refuses to start on it and says how to rebuild it. A read model not created yet (a
 * fresh database) is fine: its projection creates it with the columns.
 */
@Injectable()
export class ReadModelShape implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    // A projection's tables are created in one transaction, but this looks at them one by one: a
    // process starting beside this one may commit them between two looks. A table missing beside
    // its present siblings is looked for once more, when that cannot be the cause.
    const added = (await this.tableMissingBesideOthers()) && (await this.tableMissingBesideOthers());
    if (added)
      throw new Error(
        `The read model ${added.table} is missing beside the other tables of ${added.projection}, which an older version built: run npm run projections:rebuild -- ${added.projection}, then start again.`,
      );
  }

  /** Throws for a read model that lacks a column; answers a table a newer version added to an existing read model. */
  private async tableMissingBesideOthers(): Promise<(typeof requiredShapes)[number] | undefined> {
    const present = new Set<string>();
    const missing: (typeof requiredShapes)[number][] = [];
    for (const shape of requiredShapes) {
      try {
        await this.dataSource.query(`select ${shape.columns.join(', ')} from ${shape.table} limit 0`);
        present.add(shape.projection);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === undefinedTable) {
          missing.push(shape);
          continue;
        }
        if (code !== undefinedColumn) continue;
        throw new Error(
          `The read model ${shape.table} was built by an older version and ${shape.lack}: run npm run projections:rebuild -- ${shape.projection}, then start again.`,
        );
      }
    }
    // A table a newer version added to a read model that already exists: the projection is past
    // the events that would fill it, so it would stay empty and answer as if nothing were there.
    return missing.find((shape) => present.has(shape.projection));
  }
}
