import { problemSchema } from '@ketenregie/contracts';
import { asProblem } from './problem';

const fromSchema = (value: unknown) => {
  const parsed = problemSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

const base = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Controleer uw invoer.' };

const samples: unknown[] = [
  base,
  { ...base, instance: '/api/v1/cases' },
  { ...base, errors: [{ path: 'household.members.0.name', message: 'Vul een naam in.' }] },
  { ...base, errors: [{ path: 'a', message: 'b', code: 'too_small' }], extra: 'dropped' },
  { ...base, errors: [] },
  { ...base, status: 400.5 },
  { ...base, status: '400' },
  { ...base, detail: undefined },
  { ...base, instance: 12 },
  { ...base, errors: {} },
  { ...base, errors: [{ path: 'a' }] },
  { ...base, errors: [{ path: 'a', message: 'b', code: 3 }] },
  { ...base, errors: [null] },
  null,
  [],
  'Not Found',
  42,
];

describe('reading a problem without the schema library', () => {
  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))('answers as problemSchema does for %s', (_label, sample) => {
    expect(asProblem(sample)).toEqual(fromSchema(sample));
  });

  it('keeps the field errors a form needs', () => {
    expect(asProblem({ ...base, errors: [{ path: 'name', message: 'Vul een naam in.' }] })?.errors).toEqual([
      { path: 'name', message: 'Vul een naam in.' },
    ]);
  });
});
