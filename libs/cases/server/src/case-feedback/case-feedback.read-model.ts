import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportFeedback } from '@ketenregie/contracts';
import type { OrganisationDirectory } from '@ketenregie/access-domain';
import { caseFeedbackMessages, caseFeedbackMilestones, caseFeedbackReports } from './case-feedback.projection';
import { reportFeedbackOf } from './report-feedback';

const rowsOf = (result: unknown): Record<string, unknown>[] => (Array.isArray(result) ? (result as Record<string, unknown>[]) : []);

/** Read-only SQL over the feedback overview (its logical names, i.e. the active generation's views). */
@Injectable()
export class CaseFeedbackReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** A case's feedback per report, for a user who may see the whole case (the caller decided that). */
  async reportFeedback(caseId: string, now: Date, directory: OrganisationDirectory): Promise<ReportFeedback[]> {
    const [reports, milestones, messages] = await Promise.all(
      [caseFeedbackReports, caseFeedbackMilestones, caseFeedbackMessages].map(async (table) =>
        rowsOf(await this.dataSource.query(`select ${table.selectList()} from ${table.name} where case_id = $1`, [caseId])),
      ),
    );
    return reportFeedbackOf(
      {
        reports: reports.map((raw) => caseFeedbackReports.read(raw)),
        milestones: milestones.map((raw) => caseFeedbackMilestones.read(raw)),
        messages: messages.map((raw) => caseFeedbackMessages.read(raw)),
      },
      now,
      // An organisation in the directory is named as the directory names it now.
      (report) =>
        report.referrer_kind === 'directory-professional'
          ? (directory.organisations.get(report.referrer_label)?.name ?? 'organisatie uit het register')
          : report.referrer_label,
    );
  }
}
