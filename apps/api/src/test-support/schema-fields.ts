import type { z } from 'zod';

// Reads request schemas the way a client must fill them in: where their text fields are, and a
// value that fits each one's shape. Tests derive from these which fields to probe, so a field or a
// command added to the contracts is probed without anyone listing it.

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  getter?: () => z.ZodType;
  items?: z.ZodType[];
  valueType?: z.ZodType;
  defaultValue?: unknown;
};

type Bag = { patterns?: Set<RegExp>; minimum?: number; maximum?: number; exclusiveMinimum?: number; format?: string };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const bagOf = (schema: z.ZodType): Bag => (schema as unknown as { _zod: { bag?: Bag } })._zod.bag ?? {};

export type FieldPath = readonly (string | number)[];

/** A discriminated-union member on the way to a field: the field exists only in that member. */
export type UnionMember = { at: FieldPath; option: z.ZodType };

export type TextField = {
  /** Keys, and 0 for the first element of an array. */
  path: FieldPath;
  /** The string schema of the field itself. */
  schema: z.ZodType;
  members: UnionMember[];
};

/** `household.members.0.name.givenNames`: how problem+json names a field. */
export const fieldName = (path: FieldPath): string => path.map(String).join('.');

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** Every string-typed field of a schema (dates, ids and enumerations of free text included). */
export const textFieldsOf = (schema: z.ZodType): TextField[] => {
  const fields: TextField[] = [];
  const visit = (node: z.ZodType, path: FieldPath, members: UnionMember[]): void => {
    const def = defOf(node);
    if (def.type === 'string') fields.push({ path, schema: node, members });
    else if (def.type === 'object') for (const [key, child] of Object.entries(def.shape ?? {})) visit(child, [...path, key], members);
    else if (def.type === 'array' && def.element) visit(def.element, [...path, 0], members);
    else if (wrappers.has(def.type) && def.innerType) visit(def.innerType, path, members);
    else if (def.type === 'pipe' && def.in) visit(def.in, path, members);
    else if (def.type === 'lazy' && def.getter) visit(def.getter(), path, members);
    else if (def.type === 'union') for (const option of def.options ?? []) visit(option, path, [...members, { at: path, option }]);
    else if (def.type === 'tuple') (def.items ?? []).forEach((item, index) => visit(item, [...path, index], members));
  };
  visit(schema, [], []);
  return fields;
};

const futureDay = (): string => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** A string its checks accept, where they can be read: a date for a date pattern, an id for an id pattern. */
const sampleString = (schema: z.ZodType): string => {
  const bag = bagOf(schema);
  if (bag.format === 'datetime') return new Date().toISOString();
  for (const pattern of bag.patterns ?? []) {
    if (pattern.test(futureDay())) return futureDay();
    if (pattern.test('sample-id')) return 'sample-id';
  }
  return 'Voorbeeldtekst'.slice(0, Math.max(bag.maximum ?? 14, 1));
};

/**
 * A value of the schema's shape with only its required fields, each the simplest value its checks
 * allow. Meaning (a known organisation, a date in the past) is the caller's to add.
 */
export const sampleOf = (schema: z.ZodType): unknown => {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return sampleString(schema);
    case 'number':
    case 'int': {
      const bag = bagOf(schema);
      return bag.minimum ?? (bag.exclusiveMinimum !== undefined ? bag.exclusiveMinimum + 1 : 1);
    }
    case 'boolean':
      return false;
    case 'literal':
      return def.values?.[0];
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'null':
      return null;
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape ?? {})
          .filter(([, child]) => !['optional', 'default', 'prefault'].includes(defOf(child).type))
          .map(([key, child]) => [key, sampleOf(child)]),
      );
    case 'array': {
      const count = Math.max(bagOf(schema).minimum ?? 0, 1);
      return Array.from({ length: count }, () => (def.element ? sampleOf(def.element) : null));
    }
    case 'union':
      return def.options?.[0] ? sampleOf(def.options[0]) : null;
    case 'pipe':
      return def.in ? sampleOf(def.in) : null;
    case 'lazy':
      return def.getter ? sampleOf(def.getter()) : null;
    case 'record':
      return {};
    case 'tuple':
      return (def.items ?? []).map(sampleOf);
    default:
      if (wrappers.has(def.type) && def.innerType) return sampleOf(def.innerType);
      return null;
  }
};

type Json = Record<string | number, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** Whether `value` is an instance of this union member (its discriminator, or its shape). */
const fitsMember = (value: unknown, option: z.ZodType): boolean => {
  if (!isRecord(value)) return false;
  const shape = defOf(option).shape ?? {};
  for (const [key, child] of Object.entries(shape)) {
    const childDef = defOf(child);
    if (childDef.type === 'literal' && value[key] !== childDef.values?.[0]) return false;
  }
  return true;
};

/**
 * A copy of `body` with `value` at the field, creating what lies on the way: a missing object or
 * array element from the schema's sample, and a union member other than the one the body has.
 */
export const withField = (body: unknown, field: TextField, value: string): unknown => {
  const copy = structuredClone(body) as Json;
  const memberAt = new Map(field.members.map((member) => [fieldName(member.at), member.option]));
  let node: Json = copy;
  for (let index = 0; index < field.path.length; index++) {
    const key = field.path[index];
    if (index === field.path.length - 1) {
      node[key] = value;
      break;
    }
    const childPath = field.path.slice(0, index + 1);
    const member = memberAt.get(fieldName(childPath));
    let child = node[key];
    if (member && !fitsMember(child, member)) child = sampleOf(member);
    if (!isRecord(child)) child = typeof field.path[index + 1] === 'number' ? [] : {};
    const next = child as Json;
    if (Array.isArray(next) && next.length === 0 && typeof field.path[index + 1] === 'number') next.push({});
    node[key] = next;
    node = next;
  }
  return copy;
};
