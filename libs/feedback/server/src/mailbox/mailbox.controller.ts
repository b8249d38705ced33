import { randomUUID } from 'node:crypto';
import { Controller, Inject, Query, Req, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCESS_LOG, ORGANISATION_DIRECTORY, principalFromRequest } from '@ketenregie/access-contracts';
import type { AccessLogPort } from '@ketenregie/access-contracts';
import { roleFor } from '@ketenregie/access-domain';
import type { OrganisationDirectory } from '@ketenregie/access-domain';
import { readLocalMailboxRoute } from '@ketenregie/contracts';
import type { MailboxPage } from '@ketenregie/contracts';
import { parseInput, problem, Route, routeKey } from '@ketenregie/platform-http';
import { readLocalMailbox } from './read-local-mailbox';

type ResponseHeaders = { getHeader(name: string): unknown };

const route = routeKey(readLocalMailboxRoute);

/**
 * The local mailbox: feedback e-mail kept in the app when no SMTP server is set. Only the
 * administrator reads it; every message shown is a read of its case, logged before the answer
 * leaves.
 */
@Controller()
export class MailboxController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLogPort,
    @Inject(ORGANISATION_DIRECTORY) private readonly directory: OrganisationDirectory,
  ) {}

  @Route(readLocalMailboxRoute)
  async read(@Req() request: object, @Res({ passthrough: true }) response: ResponseHeaders, @Query() query: unknown): Promise<MailboxPage> {
    const principal = principalFromRequest(request);
    const role = roleFor(principal, 'read-local-mailbox', this.directory);
    if (role === undefined) {
      throw problem(403, 'Alleen een beheerder kan de lokale postbus inzien.', {
        type: 'urn:ketenregie:problem:access.capability-required',
      });
    }
    const { page, pageSize } = parseInput(readLocalMailboxRoute.query, query, 'query');
    const { items, hasMore } = await readLocalMailbox(this.dataSource, page, pageSize);
    const header = response.getHeader('X-Request-Id');
    const requestId = typeof header === 'string' && header !== '' ? header : randomUUID();
    await this.accessLog.recordAll(
      items.map((item) => ({
        subjectType: 'case' as const,
        subjectId: item.caseId,
        actor: { userId: principal.userId, organisationId: principal.organisationId, role },
        action: 'read',
        // The mail is feedback to a referrer, a task of Veilig Thuis; the administrator passes it on by hand.
        legalBasis: 'wmo-2015-4.1.1',
        requestId,
        route,
      })),
    );
    return { items, page, pageSize, hasMore };
  }
}
