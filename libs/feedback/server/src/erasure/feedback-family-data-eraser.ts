import { ERASED_TEXT } from '@ketenregie/access-contracts';
import type { FamilyDataEraser, FamilyErasure } from '@ketenregie/access-contracts';
import { ensureFeedbackDeliverySchema } from '../delivery/delivery-schema';
import { LOCAL_MAILBOX_TABLE } from '../delivery/mail-transport';
import { CASE_FAMILIES_TABLE, milestoneProcessorSchema } from '../milestones/milestone-processor';
import { feedbackOutbox } from '../outbox/outbox.projection';
import { portalCases, portalSignals } from '../portal/portal-reports.projection';
import { PORTAL_SESSIONS_TABLE } from '../portal/portal-sessions';
import { runSchemaOnce } from '../schema/run-schema';

type Queryable = { query: (sql: string, parameters?: unknown[]) => Promise<unknown> };

/**
 * Erases the family's feedback messages from the feedback context's tables: the outbox keeps that
 * a message went out and when (the director's overview and the timeliness figures need it), not to
 * whom or what it said; the local mailbox forgets the mails. The events themselves are sealed with
 * the family's key, so a rebuilt outbox reads them erased as well. A message not yet sent is not
 * sent any more. In the referrer portal the signals' reasons go and every open link session on the
 * family's cases ends; the reports keep their numbers and status line, which say nothing of the family.
 */
export class FeedbackFamilyDataEraser implements FamilyDataEraser {
  readonly context = 'feedback';

  constructor(private readonly db: Queryable) {}

  async ensureSchema(): Promise<void> {
    await runSchemaOnce(this.db, 'feedback.milestones', milestoneProcessorSchema);
    await ensureFeedbackDeliverySchema(this.db);
  }

  async eraseFamily(erasure: FamilyErasure): Promise<void> {
    const present = async (table: string): Promise<boolean> =>
      ((await this.db.query(`select to_regclass($1) is not null as present`, [table])) as { present: boolean }[])[0]?.present === true;
    // A case is the family's by the milestone processor's record or the portal's own, whichever has it.
    const portalKnowsCases = await present(portalCases.name);
    const cases = `select case_id from ${CASE_FAMILIES_TABLE} where family_id = $1${
      portalKnowsCases ? ` union select case_id from ${portalCases.name} where family_id = $1` : ''
    }`;
    const outbox = { present: await present(feedbackOutbox.name) };
    if (outbox?.present) {
      await this.db.query(
        `update ${feedbackOutbox.name}
            set recipient_email = null, subject = $2, body = $2,
                status = case when status = 'queued' then 'portal-only' else status end
          where case_id in (${cases})`,
        [erasure.familyId, ERASED_TEXT],
      );
    }
    await this.db.query(`delete from ${LOCAL_MAILBOX_TABLE} where case_id in (${cases})`, [erasure.familyId]);
    await this.db.query(`delete from ${PORTAL_SESSIONS_TABLE} where case_id in (${cases})`, [erasure.familyId]);
    if (await present(portalSignals.name)) {
      await this.db.query(`update ${portalSignals.name} set reason = $2 where case_id in (${cases})`, [erasure.familyId, ERASED_TEXT]);
    }
  }

  async knowsFamily(familyId: string): Promise<boolean> {
    const rows = (await this.db.query(`select 1 from ${CASE_FAMILIES_TABLE} where family_id = $1 limit 1`, [familyId])) as unknown[];
    if (rows.length > 0) return true;
    const [portal] = (await this.db.query(`select to_regclass($1) is not null as present`, [portalCases.name])) as { present: boolean }[];
    if (!portal?.present) return false;
    return ((await this.db.query(`select 1 from ${portalCases.name} where family_id = $1 limit 1`, [familyId])) as unknown[]).length > 0;
  }
}
