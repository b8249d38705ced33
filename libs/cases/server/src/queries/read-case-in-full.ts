import type { Principal } from '@ketenregie/access-domain';
import type { AccessContext } from '../access/case-access.service';
import { accessLogEntry, CaseAccess, caseNotFoundProblem } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { caseRelationsOfRow } from '../projections/case-summaries';
import type { CaseRelationRow, CaseSummaryRow } from '../projections/case-summaries';
import type { CaseReadModel } from './case-read-model';
import type { ReadYourWrites } from './read-side';

type RelationColumn = keyof CaseRelationRow & string;

/**
 * The case register's row of a case for a user who may see the whole case, with the read in the
 * access log before anything of it is returned: 404 (as for an unknown case) without a relation,
 * 403 for a partner. A 404 is answered only once the register has caught up with the case's own
 * events, so a user's own new case is never "unknown" to them.
 */
export const readCaseInFull = async <K extends keyof CaseSummaryRow & string>(
  sides: { readModel: CaseReadModel; access: CaseAccess; readYourWrites: ReadYourWrites },
  query: { caseId: string; principal: Principal; context: AccessContext; now: Date },
  columns: readonly (K | RelationColumn)[],
): Promise<{ row: Pick<CaseSummaryRow, K | RelationColumn>; decision: Awaited<ReturnType<CaseAccess['decide']>> }> => {
  const { readModel, access, readYourWrites } = sides;
  const { caseId, principal, context, now } = query;
  const read = async () => {
    const found = await readModel.caseRow(caseId, columns);
    return { row: found, decision: found && (await access.decide(principal, caseRelationsOfRow(found), now)) };
  };
  let { row, decision } = await read();
  const lagging = !decision || decision.scope === 'none';
  if (lagging && (await readYourWrites.caughtUpWithCase(caseId, row?.version, [CASE_REGISTER_PROJECTION]))) {
    ({ row, decision } = await read());
  }
  if (!row || !decision) throw caseNotFoundProblem();
  const granted = access.requireFull(decision);
  await access.record(accessLogEntry(principal, granted, { caseId, familyId: row.family_id }, 'read', context));
  return { row, decision };
};
