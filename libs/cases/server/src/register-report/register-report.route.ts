import { registerReportBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute } from '../case-command/case-command.route';
import { intake } from '../intake/intake';
import { pathId } from '../case-command/case-command.http';

/** Melding: opens a case for a new family (`newFamily: true`) or joins the matched one (`caseId`). */
export const registerReportRoute = caseCommandRoute({
  path: '/cases/reports',
  commandType: 'cases.register-report',
  operationId: 'registerReport',
  summary:
    'Melding registreren (nieuw gezin of bestaande casus); met `separateFrom` houdt Veilig Thuis (bevoegdheid `open-separate-case`) een ander gezin apart van een bekend gezin',
  body: registerReportBodySchema,
  bodyName: 'RegisterReportBody',
  creates: true,
  toCommand: ({ body }, context) => {
    const { caseId, target, data, newFamily } = intake(body, context, pathId);
    const reportId = body.reportId ?? context.idFor('report');
    return {
      caseId,
      target,
      ids: { reportId },
      ...(newFamily ? { newFamily } : {}),
      command: { type: 'cases.register-report', data: { ...data, reportId }, metadata: context.metadata },
    };
  },
});
