import { accessRuleFor } from './case-command-access';

describe('case command access rules', () => {
  it("closes the scheduler's commands to users and opens a partner's own condition to it", () => {
    expect(accessRuleFor('cases.mark-rappel-overdue')).toEqual({ requires: 'system' });
    expect(accessRuleFor('cases.record-safety-condition-status')).toMatchObject({ requires: 'full-case-or-own-condition' });
    expect(accessRuleFor('cases.register-report')).toMatchObject({ requires: 'intake' });
  });
});
