/** One event stream per case (one family's trajectory). */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;
