import { ErasureUsageError, parseErasureArgs } from './erasure-cli';

const usageError = (argv: string[]): string => {
  try {
    parseErasureArgs(argv);
  } catch (error) {
    if (error instanceof ErasureUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('npm run erasure arguments', () => {
  it('reads erase and status, with the value after the option or after =', () => {
    expect(parseErasureArgs(['erase', '--family', 'f-1', '--reason', 'request'])).toEqual({
      kind: 'erase',
      familyId: 'f-1',
      reason: 'request',
    });
    expect(parseErasureArgs(['erase', '--reason=retention-expired', '--family=f-2'])).toEqual({
      kind: 'erase',
      familyId: 'f-2',
      reason: 'retention-expired',
    });
    expect(parseErasureArgs(['status', '--family', 'f-3'])).toEqual({ kind: 'status', familyId: 'f-3' });
  });

  it('names what is wrong: command, option, value, reason', () => {
    expect(usageError([])).toBe('no command given');
    expect(usageError(['delete', '--family', 'f'])).toBe('unknown command delete');
    expect(usageError(['erase', '--family', 'f'])).toBe('--reason is required (request or retention-expired)');
    expect(usageError(['erase', '--reason', 'request'])).toBe('--family is required');
    expect(usageError(['erase', '--family', '--reason', 'request'])).toBe('--family needs a value');
    expect(usageError(['erase', '--family', 'f', '--family', 'g', '--reason', 'request'])).toBe('--family given twice');
    expect(usageError(['erase', '--family', 'f', '--reason', 'because'])).toBe(
      '--reason must be request or retention-expired, not because',
    );
    expect(usageError(['status', '--family', 'f', '--reason', 'request'])).toBe('unknown option --reason for status');
  });
});
