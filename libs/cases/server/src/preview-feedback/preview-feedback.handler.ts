import { Inject } from '@nestjs/common';
import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { FeedbackPreview, FeedbackRequestBody } from '@ketenregie/contracts';
import type { EventStore } from '@ketenregie/event-store';
import { EVENT_STORE } from '@ketenregie/event-store';
import { isDomainError } from '@ketenregie/kernel';
import type { AccessContext } from '../access/case-access.service';
import { CaseAccess } from '../access/case-access.service';
import { domainErrorProblem } from '../http/problems';
import { caseStreamId } from '../projections/case-events';
import { caseRelationColumns } from '../projections/case-summaries';
import { CaseReadModel } from '../queries/case-read-model';
import { readCaseInFull } from '../queries/read-case-in-full';
import { ReadYourWrites } from '../queries/read-side';
import { composeFeedbackPreview } from './feedback-preview';

/** The message staff are about to send, for a user with the whole case; the read is in the access log. */
export class PreviewFeedback extends Query<FeedbackPreview> {
  constructor(
    readonly caseId: string,
    readonly request: FeedbackRequestBody,
    readonly principal: Principal,
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(PreviewFeedback)
export class PreviewFeedbackHandler implements IQueryHandler<PreviewFeedback, FeedbackPreview> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caseId, request, principal, context, now }: PreviewFeedback): Promise<FeedbackPreview> {
    await readCaseInFull(
      { readModel: this.readModel, access: this.access, readYourWrites: this.readYourWrites },
      { caseId, principal, context, now },
      caseRelationColumns,
    );
    // The stream, decrypted on the way: the referrer's address and the plan are what the message is made of.
    const history = await this.store.readStream(caseStreamId(caseId));
    try {
      return composeFeedbackPreview(caseId, history, request);
    } catch (error) {
      if (isDomainError(error)) throw domainErrorProblem(error);
      throw error;
    }
  }
}
