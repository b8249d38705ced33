import type { CaseState } from '../case.state';
import type { ReportClassification } from '../case.types';

/**
 * CBS categories, decided from the case's own history at the moment the report was received:
 * Veilig Thuis involved then -> follow-up report (vervolgmelding); involvement ended earlier ->
 * repeat report (hermelding); never involved (no case, or advice requests only) -> first report.
 * A report received before the involvement ended, and typed in after, is a follow-up.
 */
export const classifyReport = (state: CaseState, receivedAt?: string): ReportClassification => {
  if (state.status === 'not_opened') return 'first';
  switch (state.vtInvolvement) {
    case 'none':
      return 'first';
    case 'active':
      return 'follow-up';
    case 'ended': {
      const closedAt = state.lastClosure?.closedAt;
      const receivedBeforeClosure = receivedAt !== undefined && closedAt !== undefined && Date.parse(receivedAt) < Date.parse(closedAt);
      return receivedBeforeClosure ? 'follow-up' : 'repeat';
    }
    default: {
      const _exhaustive: never = state.vtInvolvement;
      return _exhaustive;
    }
  }
};
