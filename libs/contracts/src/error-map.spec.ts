import { z } from 'zod';
import * as contracts from './index';
import { dutchErrorMap } from './error-map';
import { registerReportBodySchema } from './cases/commands';

type Choice = { where: string; schema: z.ZodType; values: string[] };

// Every place in every exported schema where the input must be one of fixed code values: an enum,
// a literal, or the discriminator of a union. These are the values a message must never show.
const choicesIn = (root: z.ZodType, rootName: string): Choice[] => {
  const found: Choice[] = [];
  const seen = new Set<unknown>();
  const visit = (schema: unknown, where: string): void => {
    if (!(schema instanceof z.ZodType) || seen.has(schema)) return;
    seen.add(schema);
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    switch (def.type) {
      case 'enum':
        found.push({ where, schema, values: Object.values(def['entries'] as Record<string, string>).map(String) });
        return;
      case 'literal':
        found.push({ where, schema, values: (def['values'] as unknown[]).map(String) });
        return;
      case 'object':
        for (const [key, field] of Object.entries(def['shape'] as Record<string, unknown>)) visit(field, `${where}.${key}`);
        return;
      case 'array':
        visit(def['element'], `${where}[]`);
        return;
      case 'union': {
        const options = def['options'] as z.ZodType[];
        const discriminator = def['discriminator'] as string | undefined;
        if (discriminator) {
          const values = options.flatMap((option) => {
            const field = (option as unknown as { shape?: Record<string, z.ZodType> }).shape?.[discriminator];
            const literal = field ? (field as unknown as { _zod: { def: { values?: unknown[] } } })._zod.def.values : undefined;
            return (literal ?? []).map(String);
          });
          found.push({ where, schema, values });
        }
        options.forEach((option, index) => visit(option, `${where}|${index}`));
        return;
      }
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        visit(def['innerType'], where);
        return;
      case 'pipe':
        visit(def['in'], where);
        visit(def['out'], where);
        return;
      case 'record':
        visit(def['valueType'], `${where}{}`);
        return;
      default:
        return;
    }
  };
  visit(root, rootName);
  return found;
};

const allChoices: Choice[] = Object.entries(contracts).flatMap(([name, value]) =>
  value instanceof z.ZodType ? choicesIn(value, name) : [],
);

const escape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A code value standing as a word of its own in a message ("Kies adult of child."), not as part of one. */
const showsCodeValue = (message: string, values: readonly string[]): string | undefined =>
  values.find((value) => value !== '' && new RegExp(`(^|[^\\p{L}\\p{N}_-])${escape(value)}($|[^\\p{L}\\p{N}_-])`, 'u').test(message));

const messagesFor = (schema: z.ZodType, inputs: readonly unknown[]): string[] =>
  inputs.flatMap((input) => {
    const result = schema.safeParse(input, { error: dutchErrorMap });
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  });

describe('Dutch error messages never show code values', () => {
  it('finds the choices of the shared schemas', () => {
    // Guards the walk itself: without it an empty list would pass every test below.
    expect(allChoices.length).toBeGreaterThan(20);
    expect(allChoices.some((choice) => choice.values.includes('adult') && choice.values.includes('child'))).toBe(true);
    expect(allChoices.some((choice) => choice.values.includes('professional') && choice.values.includes('anonymous'))).toBe(true);
  });

  it.each(allChoices.map((choice) => [choice.where, choice] as const))('%s', (_where, choice) => {
    const messages = messagesFor(choice.schema, ['\u2603 geen keuze', 42, undefined, null, { kind: '\u2603' }, true]);
    for (const message of messages)
      expect({ message, shows: showsCodeValue(message, choice.values) }).toEqual({ message, shows: undefined });
  });

  it('words the household member role in Dutch', () => {
    const messages = messagesFor(registerReportBodySchema, [
      {
        newFamily: true,
        referrer: { kind: 'iemand' },
        sourceCategory: 'krant',
        formsOfViolence: ['ruzie'],
        concern: 'Zorgen.',
        household: {
          address: { houseNumber: '1', postcode: '4201 AB', municipality: 'Gorinchem' },
          members: [{ role: 'ouder', name: { givenNames: 'A', familyName: 'B' } }],
        },
        receivedBy: { person: { personId: 'p' }, organisation: { organisationId: 'o', name: 'O', kind: 'school' } },
      },
    ]);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Kies volwassene of kind.',
        'Kies wie er meldt.',
        'Kies een bron uit de lijst.',
        'Kies Veilig Thuis, een lokaal team of een andere organisatie.',
      ]),
    );
  });

  it('words what no schema words itself without types or allowed values', () => {
    const schema = z.object({
      choice: z.enum(['adult', 'child']),
      count: z.number(),
      name: z.string().min(3),
      list: z.array(z.string()).min(1),
    });
    const messages = messagesFor(schema, [{ choice: 'x', count: 'veel', name: 'ab', list: [] }, {}]);
    expect(messages).toEqual([
      'Kies een van de mogelijkheden.',
      'Vul een getal in.',
      'Minimaal 3 tekens.',
      'Kies of vul er minstens één in.',
      'Kies een van de mogelijkheden.',
      'Dit veld is verplicht.',
      'Dit veld is verplicht.',
      'Dit veld is verplicht.',
    ]);
    for (const message of messages) expect(message).not.toMatch(/adult|child|string|number|array|"/);
  });
});
