import { QueryFailedError } from 'typeorm';
import { describeFailure, isEventIndependentFailure, sqlState } from './failures';

/** What node-postgres throws for an error PostgreSQL sent: message and detail may quote the value. */
const postgresError = (code: string, fields: Record<string, string> = {}, message = 'failed'): Error =>
  Object.assign(new Error(message), { name: 'error', severity: 'ERROR', code, ...fields });

/** As TypeORM wraps it: with the statement and its parameters, which hold the event's data. */
const wrapped = (driverError: Error): QueryFailedError =>
  new QueryFailedError('insert into t select * from jsonb_to_recordset($1::jsonb)', ['[{"street":"Dorpsstraat 1"}]'], driverError);

describe('projection failures', () => {
  it('describes a PostgreSQL error by its SQLSTATE and schema names, never by its message, detail or parameters', () => {
    const error = wrapped(
      postgresError(
        '22P02',
        {
          detail: 'Dorpsstraat 1',
          where: 'JSON data, line 1: [{"street":"Dorpsstraat 1"',
          table: 'case_summaries__g2',
          column: 'house_number',
        },
        'invalid input syntax for type integer: "Dorpsstraat 1"',
      ),
    );
    const description = describeFailure(error);
    expect(description).toEqual({
      errorClass: 'QueryFailedError',
      errorCode: '22P02',
      errorMessage: 'PostgreSQL 22P02 invalid_text_representation (table case_summaries__g2, column house_number)',
    });
    expect(JSON.stringify(description)).not.toContain('Dorpsstraat');
    expect(sqlState(error)).toBe('22P02');
  });

  it('leaves out a field that is not a plain identifier', () => {
    expect(describeFailure(postgresError('23505', { constraint: 'x"; Dorpsstraat 1 (', table: 'family_index__g1' })).errorMessage).toBe(
      'PostgreSQL 23505 unique_violation (table family_index__g1)',
    );
  });

  it('describes a thrown error by its class and where it was thrown', () => {
    const error = new TypeError('Cannot read properties of undefined (reading "Dorpsstraat 1")');
    error.stack = [
      `TypeError: ${error.message}`,
      '    at Array.map (<anonymous>)',
      '    at apply (/home/k/checkout/node_modules/some-lib/index.js:3:9)',
      '    at apply (/home/k/checkout/libs/cases/server/src/projections/case-register.projection.ts:120:17)',
    ].join('\n');
    expect(describeFailure(error)).toEqual({
      errorClass: 'TypeError',
      errorMessage: 'TypeError thrown at libs/cases/server/src/projections/case-register.projection.ts:120',
    });
    expect(describeFailure('a string')).toEqual({ errorClass: 'string', errorMessage: 'a thrown string' });
  });

  it('counts connection, concurrency, resource, shutdown and statement errors as not the event’s own', () => {
    for (const code of ['08006', '40001', '40P01', '53300', '55P03', '57014', '57P01', '58030', '42P01', '42703', 'XX000', '25006']) {
      expect({ code, independent: isEventIndependentFailure(wrapped(postgresError(code))) }).toEqual({ code, independent: true });
    }
    for (const code of ['22P05', '22021', '22P02', '23505', '23502', '23514', '21000', '54000', '25P02', 'P0001']) {
      expect({ code, independent: isEventIndependentFailure(wrapped(postgresError(code))) }).toEqual({ code, independent: false });
    }
    expect(isEventIndependentFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isEventIndependentFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isEventIndependentFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isEventIndependentFailure(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isEventIndependentFailure(new RangeError('Invalid time value'))).toBe(false);
  });

  it('does not take a system error code for a SQLSTATE', () => {
    const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(sqlState(error)).toBeUndefined();
    expect(describeFailure(error)).toMatchObject({ errorClass: 'Error', errorCode: 'EPIPE' });
    expect(isEventIndependentFailure(error)).toBe(true);
  });
});
