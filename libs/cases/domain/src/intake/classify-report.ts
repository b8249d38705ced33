import type { CaseState, OpenedCase } from '../case.state';
import type { ReportClassification } from '../case.types';

/** What the classification of a next report depends on: Veilig Thuis's involvement and when it last ended. */
export type Involvement = { vtInvolvement: OpenedCase['vtInvolvement']; closedAt?: string | undefined };

/**
 * CBS categories, decided from the case's own history at the moment the report was received:
 * Veilig Thuis involved then -> follow-up report (vervolgmelding); involvement ended earlier ->
 * repeat report (hermelding); never involved (advice requests only) -> first report.
 * A report received before the involvement ended, and typed in after, is a follow-up.
 * The family search answers it per candidate with this same rule, so the intake form shows before
 * saving what the report will be registered as.
 */
export const classifyByInvolvement = ({ vtInvolvement, closedAt }: Involvement, receivedAt?: string): ReportClassification => {
  switch (vtInvolvement) {
    case 'none':
      return 'first';
    case 'active':
      return 'follow-up';
    case 'ended': {
      const receivedBeforeClosure = receivedAt !== undefined && closedAt !== undefined && Date.parse(receivedAt) < Date.parse(closedAt);
      return receivedBeforeClosure ? 'follow-up' : 'repeat';
    }
    default: {
      const _exhaustive: never = vtInvolvement;
      return _exhaustive;
    }
  }
};

/** A report on a family without a case is a first report; otherwise it goes by the case's involvement. */
export const classifyReport = (state: CaseState, receivedAt?: string): ReportClassification => {
  if (state.status === 'not_opened') return 'first';
  return classifyByInvolvement({ vtInvolvement: state.vtInvolvement, closedAt: state.lastClosure?.closedAt }, receivedAt);
};
