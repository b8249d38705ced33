/** A calendar day is a day in Europe/Amsterdam: the day the professionals and the family live in. */
export type LogMoment = { day: string } | { instant: string };

export type AccessLogFilter = {
  familyId?: string;
  caseId?: string;
  userId?: string;
  from?: LogMoment;
  to?: LogMoment;
  emergency?: boolean;
};

export const logTimeZone = 'Europe/Amsterdam';

/**
 * The WHERE clause of the privacy officer's search, numbered from `$firstParameter`. Values travel
 * as parameters; only the emergency flag, a boolean, is written into the text, so PostgreSQL can
 * match the partial index on emergency entries.
 */
export const accessLogWhere = (filter: AccessLogFilter, firstParameter = 1): { where: string; values: unknown[] } => {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const parameter = (value: unknown): string => {
    values.push(value);
    return `$${firstParameter + values.length - 1}`;
  };
  if (filter.familyId !== undefined) conditions.push(`family_id = ${parameter(filter.familyId)}`);
  if (filter.caseId !== undefined) conditions.push(`subject_type = 'case' and subject_id = ${parameter(filter.caseId)}`);
  if (filter.userId !== undefined) conditions.push(`actor_user_id = ${parameter(filter.userId)}`);
  if (filter.from !== undefined) {
    conditions.push(
      'day' in filter.from
        ? `recorded_at >= (${parameter(filter.from.day)}::date)::timestamp at time zone '${logTimeZone}'`
        : `recorded_at >= ${parameter(filter.from.instant)}::timestamptz`,
    );
  }
  if (filter.to !== undefined) {
    conditions.push(
      'day' in filter.to
        ? `recorded_at < (${parameter(filter.to.day)}::date + 1)::timestamp at time zone '${logTimeZone}'`
        : `recorded_at <= ${parameter(filter.to.instant)}::timestamptz`,
    );
  }
  if (filter.emergency === true) conditions.push('emergency');
  if (filter.emergency === false) conditions.push('not emergency');
  return { where: conditions.length === 0 ? 'true' : conditions.join(' and '), values };
};
