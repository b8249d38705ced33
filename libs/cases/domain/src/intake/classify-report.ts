import type { CaseState } from '../case.state';
import type { ReportClassification } from '../case.types';

/**
 * CBS categories, decided from the case's own history at intake: Veilig Thuis involved now ->
 * follow-up report (vervolgmelding); involvement ended earlier -> repeat report (hermelding);
 * never involved (no case, or advice requests only) -> first report.
 */
export const classifyReport = (state: CaseState): ReportClassification => {
  if (state.status === 'not_opened') return 'first';
  switch (state.vtInvolvement) {
    case 'none':
      return 'first';
    case 'active':
      return 'follow-up';
    case 'ended':
      return 'repeat';
    default: {
      const _exhaustive: never = state.vtInvolvement;
      return _exhaustive;
    }
  }
};
