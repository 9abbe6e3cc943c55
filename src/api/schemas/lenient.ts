/**
 * Readers: the response schemas of the contract, relaxed for a server newer than this integration.
 * The contract schemas stay exact (the sandbox and the OpenAPI document use them); a reader is
 * derived from one mechanically, so a schema added later gets its reader for free:
 * - objects keep unknown keys (a new field reaches Zapier), and a nullable field may be absent
 *   (it reads as null);
 * - an enum or literal accepts any string (`archived` next to open / pending / closed);
 * - strings lose their patterns and lengths (ids like `mat_8f2k-3j4h`, systems like `clio-manage`),
 *   timestamps accept any RFC 3339 form and read as the canonical `…T10:15:00.000Z`;
 * - numbers keep their type but not their bounds;
 * - a map (custom fields, `details`) may be null or absent, read as `{}`;
 * - other unions (a custom-field value) also accept any JSON value;
 * - a discriminated union (events) also reads a member of an unknown kind, with all its keys.
 * Requests are never read through these: what the integration sends stays strict.
 */
import { z } from 'zod';

/** What a reader yields for a contract type `T`: every enum and literal open to other strings. */
export type Read<T> = T extends string
  ? string extends T
    ? T
    : T | (string & {})
  : T extends readonly (infer U)[]
    ? Read<U>[]
    : T extends object
      ? { [K in keyof T]: Read<T[K]> }
      : T;

/** A member of a discriminated union whose kind this integration does not know yet. */
export type UnknownKind<D extends string> = { [K in D]: string & {} } & Record<string, unknown>;

const readers = new WeakMap<z.ZodType, z.ZodType>();

/** The reader of a contract schema (memoised: the same schema always gives the same reader). */
export function reader<S extends z.ZodType>(schema: S): z.ZodType<Read<z.output<S>>> {
  let relaxed = readers.get(schema);
  if (!relaxed) {
    relaxed = relax(schema);
    readers.set(schema, relaxed);
  }
  return relaxed as z.ZodType<Read<z.output<S>>>;
}

/**
 * RFC 3339 with any fraction and any offset (also its space-separated and extended-year forms),
 * normalised to UTC with milliseconds.
 */
const LenientTimestamp = z
  .string()
  .refine(
    (value) =>
      /^[+-]?\d{4,6}-\d{2}-\d{2}[T ]\d{2}:\d{2}/i.test(value) && !Number.isNaN(Date.parse(value)),
    'must be an RFC 3339 timestamp',
  )
  .transform((value) => new Date(value).toISOString());

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

function relax(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as Def;
  switch (def.type) {
    case 'object':
      return z.looseObject(relaxShape(def.shape as Record<string, z.ZodType>));
    case 'enum':
    case 'literal':
    case 'string':
      return def.format === 'datetime' ? LenientTimestamp : z.string();
    case 'number':
      return z.number();
    case 'nullable':
      return reader(def.innerType as z.ZodType).nullable();
    case 'optional':
      return reader(def.innerType as z.ZodType).optional();
    case 'default':
      return reader(def.innerType as z.ZodType).default(def.defaultValue as never);
    case 'array':
      return z.array(reader(def.element as z.ZodType));
    case 'record':
      // A map sent as null (or left out) is an empty map: `details: null` on a sync error.
      return z
        .record(z.string(), reader(def.valueType as z.ZodType))
        .nullish()
        .transform((map) => map ?? {});
    case 'union':
      return relaxUnion(def.options as z.ZodType[], def.discriminator as string | undefined);
    default:
      // booleans, null, unknown, and anything without a stricter form to relax
      return schema;
  }
}

/** A nullable field may be left out by a server that no longer sends nulls. */
function relaxShape(shape: Record<string, z.ZodType>): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => {
      const relaxed = reader(field);
      const nullable = (field._zod.def as Def).type === 'nullable';
      return [key, nullable ? relaxed.default(null as never) : relaxed];
    }),
  );
}

function relaxUnion(options: z.ZodType[], discriminator: string | undefined): z.ZodType {
  if (discriminator === undefined) {
    return z.union([...options.map((option) => reader(option)), z.json()]);
  }
  // Known kinds keep their discriminator exact (so each still gets its own data shape); an
  // unknown kind is read as it came.
  const known = options.map((option) => {
    const shape = (option._zod.def as Def).shape as Record<string, z.ZodType>;
    return z.looseObject({ ...relaxShape(shape), [discriminator]: shape[discriminator]! });
  });
  const kinds = new Set(options.flatMap((option) => kindsOf(option, discriminator)));
  const unknownKind = z.string().refine((kind) => !kinds.has(kind), 'is a known kind');
  return z.union([...known, z.looseObject({ [discriminator]: unknownKind })]);
}

/** The discriminator values one member of a discriminated union stands for. */
function kindsOf(option: z.ZodType, discriminator: string): string[] {
  const shape = (option._zod.def as Def).shape as Record<string, z.ZodType>;
  const def = shape[discriminator]!._zod.def as Def;
  const values = def.type === 'enum' ? Object.values(def.entries as object) : def.values;
  return (values as unknown[]).map(String);
}
