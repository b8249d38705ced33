import { scheduleRappelsBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Rappels: checks after the case, months from now. */
export const scheduleRappelsRoute = caseCommandRoute({
  path: '/cases/:caseId/rappel-schedules',
  commandType: 'cases.schedule-rappels',
  operationId: 'scheduleRappels',
  summary: 'Rappels plannen',
  body: scheduleRappelsBodySchema,
  bodyName: 'ScheduleRappelsBody',
  toCommand: ({ body, params: { caseId } }, { metadata, idFor }) => {
    const scheduleId = body.scheduleId ?? idFor('rappel-schedule');
    return onCase(caseId, { type: 'cases.schedule-rappels', data: { ...body, caseId, scheduleId }, metadata }, { scheduleId });
  },
});
