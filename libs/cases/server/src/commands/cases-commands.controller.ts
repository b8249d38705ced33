import { Controller, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import {
  addSafetyConditionBodySchema,
  changePhaseBodySchema,
  closeCaseBodySchema,
  completeInvestigationBodySchema,
  completeSafetyAssessmentBodySchema,
  emptyBodySchema,
  escalateCaseBodySchema,
  mergeMembersBodySchema,
  offerHandoverBodySchema,
  planPartInputSchema,
  reasonBodySchema,
  recordRappelOutcomeBodySchema,
  recordSafetyConditionStatusBodySchema,
  registerAcuteUnsafetyBodySchema,
  registerAdviceRequestBodySchema,
  registerChainPartnerBodySchema,
  registerReportBodySchema,
  reviseSafetyConditionBodySchema,
  scheduleRappelsBodySchema,
  startInvestigationBodySchema,
  updatePlanPartBodySchema,
} from '@ketenregie/contracts';
import { handoverTargetsFor } from '@ketenregie/access-domain';
import type { CaseCommand } from '@ketenregie/cases-domain';
import type { CommandMetadata } from '@ketenregie/kernel';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { CaseAccess } from '../access/case-access.service';
import { parseInput } from '../http/parse-input';
import { problem } from '../http/problems';
import { RefusalFloorInterceptor } from '../http/refusal-floor';
import { CaseCommandRunner, pathId } from './case-command-runner';
import type { PreparedCaseCommand } from './case-command-runner';
import { FamilyClaims } from './family-claims';
import { intakeData, refuseIfMatchForNewFamily, refuseKnownFamily, requireReceivedByActor, requireSeparationAuthority } from './intake';

// One endpoint per domain command. Each maps its body onto the domain command; everything else
// (actor, idempotency, versions, errors) is the runner's. Status codes are set by the runner.
@Controller('cases')
@UseInterceptors(RefusalFloorInterceptor)
export class CasesCommandsController {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly queryBus: QueryBus,
    private readonly familyClaims: FamilyClaims,
    private readonly access: CaseAccess,
  ) {}

  /**
   * A hand-over goes to an organisation its offerer may hand over to (`handoverTargetsFor`), the
   * same list `GET /api/v1/organisations/{id}/people` opens. Someone who may not steer at all gets
   * their 403/404 from need-to-know instead, so this says nothing about any case.
   */
  private requireHandoverTarget(request: Request, organisationId: string): void {
    const targets = handoverTargetsFor(principalFromRequest(request), this.access.directory);
    if (targets === undefined || targets.has(organisationId)) return;
    throw problem(422, 'Aan deze organisatie kunt u geen casus overdragen.', {
      type: 'urn:ketenregie:problem:case.handover-target-not-allowed',
      errors: [
        {
          path: 'to.organisation.organisationId',
          message: 'Kies uw eigen organisatie, de Veilig Thuis van uw regio of een lokaal team in die regio.',
          code: 'handover-target-not-allowed',
        },
      ],
    });
  }

  /** Melding: opens a case for a new family (`newFamily: true`) or joins the matched one (`caseId`). */
  @Post('reports')
  registerReport(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.runner.run(req, res, registerReportBodySchema, (body, context) => {
      requireReceivedByActor(body, context);
      if (body.caseId === undefined) {
        refuseIfMatchForNewFamily(req.headers);
        requireSeparationAuthority(body, this.access, req);
      }
      const caseId = body.caseId === undefined ? context.idFor('case') : pathId(body.caseId);
      const reportId = body.reportId ?? context.idFor('report');
      return {
        caseId,
        target: body.caseId === undefined ? 'open' : 'existing',
        ids: { reportId },
        ...(body.caseId === undefined ? { precheck: () => refuseKnownFamily(this.queryBus, this.familyClaims, body, caseId, context) } : {}),
        build: (state, metadata) => ({
          type: 'cases.register-report',
          data: { ...intakeData(body, caseId, state, context), reportId },
          metadata,
        }),
      };
    });
  }

  /** Adviesvraag: recorded on the family's case; anonymous referrers are allowed here. */
  @Post('advice-requests')
  registerAdviceRequest(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.runner.run(req, res, registerAdviceRequestBodySchema, (body, context) => {
      requireReceivedByActor(body, context);
      if (body.caseId === undefined) {
        refuseIfMatchForNewFamily(req.headers);
        requireSeparationAuthority(body, this.access, req);
      }
      const caseId = body.caseId === undefined ? context.idFor('case') : pathId(body.caseId);
      const adviceRequestId = body.adviceRequestId ?? context.idFor('advice-request');
      return {
        caseId,
        target: body.caseId === undefined ? 'open' : 'existing',
        ids: { adviceRequestId },
        ...(body.caseId === undefined ? { precheck: () => refuseKnownFamily(this.queryBus, this.familyClaims, body, caseId, context) } : {}),
        build: (state, metadata) => ({
          type: 'cases.register-advice-request',
          data: { ...intakeData(body, caseId, state, context), adviceRequestId },
          metadata,
        }),
      };
    });
  }

  /** Two members who are one person: the surviving member keeps the other's spellings. */
  @Post(':caseId/members/merge')
  mergeMembers(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, mergeMembersBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      return existing(caseId, (metadata) => ({ type: 'cases.merge-members', data: { ...body, caseId }, metadata }));
    });
  }

  /** A member entered by mistake (not of this family); the reports that named them stay. */
  @Post(':caseId/members/:memberId/remove')
  removeMember(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('memberId') memberIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, reasonBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const memberId = pathId(memberIdParam);
      return existing(caseId, (metadata) => ({ type: 'cases.remove-member', data: { caseId, memberId, reason: body.reason }, metadata }));
    });
  }

  @Post(':caseId/recidivism-flags/:flagId/acknowledge')
  acknowledgeRecidivismFlag(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('flagId') flagIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, emptyBodySchema, () => {
      const caseId = pathId(caseIdParam);
      const flagId = pathId(flagIdParam);
      return existing(caseId, (metadata) => ({ type: 'cases.acknowledge-recidivism-flag', data: { caseId, flagId }, metadata }));
    });
  }

  /** Offers direction; the current director stays accountable until the receiver accepts. */
  @Post(':caseId/handovers')
  offerHandover(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, offerHandoverBodySchema, (body, context) => {
      const caseId = pathId(caseIdParam);
      this.requireHandoverTarget(req, body.to.organisation.organisationId);
      const handoverId = body.handoverId ?? context.idFor('handover');
      return existing(
        caseId,
        (metadata) => ({ type: 'cases.offer-handover', data: { ...body, caseId, handoverId }, metadata }),
        { handoverId },
      );
    });
  }

  @Post(':caseId/handovers/:handoverId/accept')
  acceptHandover(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('handoverId') handoverIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, emptyBodySchema, (_body, context) => {
      const caseId = pathId(caseIdParam);
      const handoverId = pathId(handoverIdParam);
      // Whoever accepts an offer to their team becomes director, under their account's name.
      const acceptedBy = { personId: context.actor.userId, name: context.actorName ?? context.actor.userId };
      return existing(caseId, (metadata) => ({ type: 'cases.accept-handover', data: { caseId, handoverId, acceptedBy }, metadata }));
    });
  }

  @Post(':caseId/handovers/:handoverId/decline')
  declineHandover(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('handoverId') handoverIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, reasonBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const handoverId = pathId(handoverIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.decline-handover',
        data: { caseId, handoverId, reason: body.reason },
        metadata,
      }));
    });
  }

  @Post(':caseId/handovers/:handoverId/withdraw')
  withdrawHandover(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('handoverId') handoverIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, reasonBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const handoverId = pathId(handoverIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.withdraw-handover',
        data: { caseId, handoverId, reason: body.reason },
        metadata,
      }));
    });
  }

  /** Opschalen: an offer to Veilig Thuis, or an immediate take-over when Veilig Thuis itself acts. */
  @Post(':caseId/escalations')
  escalate(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, escalateCaseBodySchema, (body, context) => {
      const caseId = pathId(caseIdParam);
      this.requireHandoverTarget(req, body.to.organisation.organisationId);
      const handoverId = body.handoverId ?? context.idFor('handover');
      return existing(
        caseId,
        (metadata) => ({ type: 'cases.escalate-case', data: { ...body, caseId, handoverId }, metadata }),
        { handoverId },
      );
    });
  }

  @Post(':caseId/phase')
  changePhase(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, changePhaseBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      return existing(caseId, (metadata) => ({ type: 'cases.change-phase', data: { ...body, caseId }, metadata }));
    });
  }

  @Post(':caseId/chain-partners')
  registerChainPartner(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, registerChainPartnerBodySchema, (body, context) => {
      const caseId = pathId(caseIdParam);
      const partnerId = body.partnerId ?? context.idFor('chain-partner');
      return existing(
        caseId,
        (metadata) => ({ type: 'cases.register-chain-partner', data: { ...body, caseId, partnerId }, metadata }),
        { partnerId },
      );
    });
  }

  @Post(':caseId/chain-partners/:partnerId/end')
  endChainPartnerInvolvement(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('partnerId') partnerIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, reasonBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const partnerId = pathId(partnerIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.end-chain-partner-involvement',
        data: { caseId, partnerId, reason: body.reason },
        metadata,
      }));
    });
  }

  @Post(':caseId/acute-unsafety')
  registerAcuteUnsafety(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, registerAcuteUnsafetyBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      return existing(caseId, (metadata) => ({ type: 'cases.register-acute-unsafety', data: { ...body, caseId }, metadata }));
    });
  }

  @Post(':caseId/safety-assessments/:assessmentId/start')
  startSafetyAssessment(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('assessmentId') assessmentIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, emptyBodySchema, () => {
      const caseId = pathId(caseIdParam);
      const assessmentId = pathId(assessmentIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.start-safety-assessment',
        data: { caseId, assessmentId },
        metadata,
      }));
    });
  }

  @Post(':caseId/safety-assessments/:assessmentId/complete')
  completeSafetyAssessment(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('assessmentId') assessmentIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, completeSafetyAssessmentBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const assessmentId = pathId(assessmentIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.complete-safety-assessment',
        data: { ...body, caseId, assessmentId },
        metadata,
      }));
    });
  }

  @Post(':caseId/conditions-and-follow-up')
  startConditionsAndFollowUp(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, reasonBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.start-conditions-and-follow-up',
        data: { caseId, reason: body.reason },
        metadata,
      }));
    });
  }

  @Post(':caseId/investigations')
  startInvestigation(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, startInvestigationBodySchema, (body, context) => {
      const caseId = pathId(caseIdParam);
      const investigationId = body.investigationId ?? context.idFor('investigation');
      return existing(
        caseId,
        (metadata) => ({ type: 'cases.start-investigation', data: { caseId, investigationId }, metadata }),
        { investigationId },
      );
    });
  }

  @Post(':caseId/investigations/:investigationId/complete')
  completeInvestigation(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('investigationId') investigationIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, completeInvestigationBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const investigationId = pathId(investigationIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.complete-investigation',
        data: { caseId, investigationId, conclusion: body.conclusion },
        metadata,
      }));
    });
  }

  /** Verzoek tot onderzoek bij de Raad voor de Kinderbescherming. */
  @Post(':caseId/child-protection-requests')
  requestChildProtectionInvestigation(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, reasonBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.request-child-protection-investigation',
        data: { caseId, reason: body.reason },
        metadata,
      }));
    });
  }

  @Post(':caseId/close')
  closeCase(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, closeCaseBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.close-case',
        data: { caseId, outcome: body.outcome, notes: body.notes ?? '' },
        metadata,
      }));
    });
  }

  @Post(':caseId/safety-conditions')
  addSafetyCondition(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, addSafetyConditionBodySchema, (body, context) => {
      const caseId = pathId(caseIdParam);
      const conditionId = body.conditionId ?? context.idFor('safety-condition');
      return existing(
        caseId,
        (metadata) => ({ type: 'cases.add-safety-condition', data: { ...body, caseId, conditionId }, metadata }),
        { conditionId },
      );
    });
  }

  @Post(':caseId/safety-conditions/:conditionId/revise')
  reviseSafetyCondition(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('conditionId') conditionIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, reviseSafetyConditionBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const conditionId = pathId(conditionIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.revise-safety-condition',
        data: { ...body, caseId, conditionId },
        metadata,
      }));
    });
  }

  @Post(':caseId/safety-conditions/:conditionId/status')
  recordSafetyConditionStatus(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('conditionId') conditionIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, recordSafetyConditionStatusBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const conditionId = pathId(conditionIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.record-safety-condition-status',
        data: { caseId, conditionId, status: body.status, notes: body.notes ?? '' },
        metadata,
      }));
    });
  }

  /** Replaces one part of the plan (safety, aid, recovery); each version stays in the history. */
  @Post(':caseId/plan/parts/:part')
  updatePlanPart(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('part') partParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, updatePlanPartBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const part = parseInput(planPartInputSchema, partParam, 'params.part');
      return existing(caseId, (metadata) => ({ type: 'cases.update-plan-part', data: { ...body, caseId, part }, metadata }));
    });
  }

  @Post(':caseId/rappel-schedules')
  scheduleRappels(@Req() req: Request, @Res() res: Response, @Param('caseId') caseIdParam: string): Promise<void> {
    return this.runner.run(req, res, scheduleRappelsBodySchema, (body, context) => {
      const caseId = pathId(caseIdParam);
      const scheduleId = body.scheduleId ?? context.idFor('rappel-schedule');
      return existing(
        caseId,
        (metadata) => ({ type: 'cases.schedule-rappels', data: { ...body, caseId, scheduleId }, metadata }),
        { scheduleId },
      );
    });
  }

  /** An unsafe outcome escalates the case in the same action. */
  @Post(':caseId/rappels/:rappelId/outcome')
  recordRappelOutcome(
    @Req() req: Request,
    @Res() res: Response,
    @Param('caseId') caseIdParam: string,
    @Param('rappelId') rappelIdParam: string,
  ): Promise<void> {
    return this.runner.run(req, res, recordRappelOutcomeBodySchema, (body) => {
      const caseId = pathId(caseIdParam);
      const rappelId = pathId(rappelIdParam);
      return existing(caseId, (metadata) => ({
        type: 'cases.record-rappel-outcome',
        data: { caseId, rappelId, outcome: body.outcome, notes: body.notes ?? '' },
        metadata,
      }));
    });
  }
}

const existing = (
  caseId: string,
  build: (metadata: CommandMetadata) => CaseCommand,
  ids?: Record<string, string>,
): PreparedCaseCommand => ({
  caseId,
  target: 'existing',
  ...(ids ? { ids } : {}),
  build: (_state, metadata) => build(metadata),
});
