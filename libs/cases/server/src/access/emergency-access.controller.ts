import { Controller, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  checkEmergencyReason,
  decideCaseAccess,
  decideEmergencyAccess,
  effectiveRoles,
  legalBasisFor,
  mayDo,
} from '@ketenregie/access-domain';
import type { EmergencyReasonRefusal } from '@ketenregie/access-domain';
import type { EmergencyAccessPolicy } from '@ketenregie/access-domain';
import type { EmergencyAccessGrant } from '@ketenregie/contracts';
import { EMERGENCY_GRANTS, principalFromRequest } from '@ketenregie/access-contracts';
import type { EmergencyGrants } from '@ketenregie/access-contracts';
import { pathId } from '../case-command/case-command.http';
import { RefusalFloorInterceptor } from '../http/refusal-floor';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { CaseReadModel } from '../queries/case-read-model';
import { ReadYourWrites } from '../queries/read-side';
import { EMERGENCY_ACCESS_POLICY, EMERGENCY_GRANT_RECORDER } from '@ketenregie/access-contracts';
import type { EmergencyGrantRecorder } from '@ketenregie/access-contracts';
import { CaseAccess, accessContextOf, accessLogEntry, caseForbiddenProblem, caseNotFoundProblem } from './case-access.service';
import { caseRelationColumns, caseRelationsOfRow } from '../projections/case-summaries';
import { parseInput, problem, Route, routeKey } from '@ketenregie/platform-http';
import { requestEmergencyAccessRoute } from './emergency-access.route';

const reasonProblem = (refusal: EmergencyReasonRefusal, detail: string): Error =>
  problem(422, detail, {
    type: `urn:ketenregie:problem:access.emergency-${refusal}`,
    errors: [{ path: 'reason', message: detail, code: refusal }],
  });

/**
 * Break-the-glass (POST /api/v1/cases/:caseId/emergency-access): a Veilig Thuis professional opens a
 * case outside their relation to it by stating why. The grant and its access log entry are written
 * in one transaction; until the grant expires the case is readable for this user, each read logged
 * as emergency access with the reason, and the privacy officer reviews the grant.
 */
@Controller()
@UseInterceptors(RefusalFloorInterceptor)
export class EmergencyAccessController {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
    @Inject(EMERGENCY_GRANTS) private readonly grants: EmergencyGrants,
    @Inject(EMERGENCY_ACCESS_POLICY) private readonly policy: EmergencyAccessPolicy,
    @Inject(EMERGENCY_GRANT_RECORDER) private readonly recorder: EmergencyGrantRecorder,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Route(requestEmergencyAccessRoute)
  async requestEmergencyAccess(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param('caseId') caseIdParam: string,
  ): Promise<EmergencyAccessGrant> {
    const principal = principalFromRequest(request);
    const { reason } = parseInput(requestEmergencyAccessRoute.body.schema, request.body ?? {});
    // The reason is judged before the case is looked up: its 422 is the same for every case id.
    const checked = checkEmergencyReason(reason, this.policy);
    if (!checked.ok) throw reasonProblem(checked.refusal, checked.detail);
    const caseId = pathId(caseIdParam);
    const { directory } = this.access;
    let row = await this.readModel.caseRow(caseId, caseRelationColumns);
    // A case opened a moment ago may not be in the case register yet.
    if (!row && (await this.readYourWrites.caughtUpWithCase(caseId, undefined, [CASE_REGISTER_PROJECTION]))) {
      row = await this.readModel.caseRow(caseId, caseRelationColumns);
    }
    if (!row) throw caseNotFoundProblem();
    const relations = caseRelationsOfRow(row);
    const now = new Date();
    const mayAsk = mayDo(principal, 'request-emergency-access', directory);
    const activeGrant = mayAsk ? await this.grants.activeGrant(principal.userId, caseId, now) : undefined;
    const decision = decideEmergencyAccess({ principal, relations, directory, activeGrant, reason, now, policy: this.policy });
    if (!decision.granted) {
      switch (decision.refusal) {
        case 'not-veilig-thuis-professional':
          // Only someone who may already know the case (a partner with a task in it) hears why.
          if (decideCaseAccess(principal, relations, directory, undefined, now).scope === 'none') throw caseNotFoundProblem();
          throw caseForbiddenProblem(decision.detail);
        case 'already-has-access':
          throw problem(422, decision.detail, { type: 'urn:ketenregie:problem:access.emergency-access-not-needed' });
        case 'reason-too-short':
        case 'reason-repetitive':
        case 'reason-too-long':
          throw reasonProblem(decision.refusal, decision.detail);
        default: {
          const unreachable: never = decision.refusal;
          throw unreachable;
        }
      }
    }
    const organisation = effectiveRoles(principal, directory)?.organisation;
    if (!organisation) throw caseNotFoundProblem();
    const entry = accessLogEntry(
      principal,
      {
        actingRole: 'veilig-thuis-professional',
        legalBasis: legalBasisFor('veilig-thuis-professional', organisation),
        emergency: { reason: decision.grant.reason },
      },
      { caseId, familyId: row.family_id },
      'read',
      accessContextOf(request, response, routeKey(requestEmergencyAccessRoute)),
    );
    const grant = await this.recorder.record(decision.grant, entry);
    response.setHeader('Location', `/api/v1/cases/${encodeURIComponent(caseId)}`);
    return {
      grantId: grant.grantId,
      caseId: grant.caseId,
      reason: grant.reason,
      grantedAt: grant.grantedAt.toISOString(),
      expiresAt: grant.expiresAt.toISOString(),
    };
  }
}
