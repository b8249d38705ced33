import type { z } from 'zod';
import { apiOperations } from '@ketenregie/cases-server';
import { issueCode, unstorableTextCode } from '@ketenregie/contracts';
import { fieldName, sampleOf, textFieldsOf, withField } from '../test-support/schema-fields';

// Every text field of every request schema the API declares (bodies and query parameters of every
// operation in the OpenAPI table, so a new operation or field is checked without being listed
// here) is built on the shared rule: text PostgreSQL cannot store is refused by the schema itself,
// at the field's own path, with the rule's code. The app's backstop guard would refuse it anyway;
// this keeps the schemas, which the OpenAPI document and the web client share, the first rule.

type Input = { where: string; schema: z.ZodType };

const inputs: Input[] = apiOperations.flatMap((operation) => {
  const where = `${operation.method.toUpperCase()} ${operation.path}`;
  return [
    ...(operation.body ? [{ where: `${where} body`, schema: operation.body.schema }] : []),
    ...(operation.query ? [{ where: `${where} query`, schema: operation.query }] : []),
  ];
});

const fields = inputs.flatMap((input) => textFieldsOf(input.schema).map((field) => ({ ...input, field, name: fieldName(field.path) })));

const unstorableValues = ['Dorpsstraat\u0000', '\u0000', 'a\uD800b', '\uDC00', '\uDE00\uD83D'];

describe('request schemas refuse text PostgreSQL cannot store', () => {
  it('finds the text fields of every operation', () => {
    expect(inputs.length).toBeGreaterThan(30);
    expect(fields.length).toBeGreaterThan(100);
    // A field that must be there: the one of the issue's reproduction.
    expect(fields.map(({ where, name }) => `${where} ${name}`)).toContain('POST /api/v1/cases/reports body household.address.street');
  });

  it.each(fields.map((entry) => [`${entry.where} ${entry.name}`, entry] as const))('%s', (_label, { schema, field, name }) => {
    for (const value of unstorableValues) {
      const result = schema.safeParse(withField(sampleOf(schema), field, value));
      // A field missing here is a string schema not built on the rule: make it with `text`,
      // `optionalText`, `optionalId` or `storableString`, or add `.check(unstorableTextCheck)`.
      const refusals = (result.error?.issues ?? []).filter((issue) => issueCode(issue) === unstorableTextCode);
      expect({ value, paths: refusals.map((issue) => issue.path.map(String).join('.')) }).toEqual({ value, paths: [name] });
      expect(refusals[0]?.message).toMatch(/^Bevat een teken dat niet kan worden opgeslagen \(U\+[0-9A-F]{4}\)\.$/);
    }
  });
});

describe('request body examples in the OpenAPI document', () => {
  const bodies = apiOperations.flatMap((operation) =>
    operation.body ? [{ where: `${operation.method.toUpperCase()} ${operation.path}`, schema: operation.body.schema }] : [],
  );

  // An example a client copies must be accepted: each one is parsed by the very schema the server validates with.
  it.each(bodies.map((body) => [body.where, body] as const))('%s has examples the server accepts', (_where, { schema }) => {
    const examples = (schema.meta()?.['examples'] ?? []) as unknown[];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples)
      expect({ example, issues: schema.safeParse(example).error?.issues ?? [] }).toEqual({ example, issues: [] });
  });
});
