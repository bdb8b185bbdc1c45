/**
 * Converts between Step Functions' JSON and the AWS SDK for JavaScript v3's values, guided by the
 * operation's schema that each SDK command carries (`command.schema`, read with `@smithy/core`'s
 * `NormalizedSchema`):
 *
 * - member names: Step Functions writes parameters in PascalCase even where the API's members are
 *   camelCase; a parameter matches its member case-insensitively, and results come back PascalCase;
 * - a string member given a JSON object or array receives its JSON text, as Step Functions does;
 * - blobs are base64 text in JSON (DynamoDB's `B`, KMS's `CiphertextBlob`), except streaming bodies
 *   (S3's `Body`), which are the text itself both ways;
 * - timestamps are ISO-8601 text in results, and may be given as text or epoch seconds.
 *
 * Without a schema (an SDK older than its schemas), values pass as they are, and results lose only
 * `$metadata`. Hand-written: no library maps Step Functions' rendering of SDK shapes.
 */
import { NormalizedSchema } from '@smithy/core/schema';

/** A command's operation schema, when its SDK has one. */
export function operationSchemaOf(command: unknown): unknown {
  return (command as { schema?: unknown } | null)?.schema;
}

function normalized(schema: unknown): NormalizedSchema | undefined {
  if (schema === undefined || schema === null) return undefined;
  try {
    return NormalizedSchema.of(schema as Parameters<typeof NormalizedSchema.of>[0]);
  } catch {
    return undefined;
  }
}

/** The input or output structure schema of an operation schema (`[9, ns, name, traits, input, output]`). */
export function operationPart(operation: unknown, part: 'input' | 'output'): NormalizedSchema | undefined {
  if (!Array.isArray(operation)) return undefined;
  const member = operation[part === 'input' ? 4 : 5] as unknown;
  return normalized(typeof member === 'function' ? (member as () => unknown)() : member);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Step Functions' parameters as the SDK's input for the structure `schema`. */
export function toSdkInput(schema: NormalizedSchema | undefined, value: unknown): unknown {
  if (schema === undefined || value === null || value === undefined) return value;
  if (schema.isStructSchema()) {
    if (!isObject(value)) return value;
    const members = new Map<string, [string, NormalizedSchema]>();
    for (const [name, member] of schema.structIterator()) members.set(name.toLowerCase(), [name, member]);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const found = members.get(key.toLowerCase());
      if (found === undefined) out[key] = field;
      else out[found[0]] = toSdkInput(found[1], field);
    }
    return out;
  }
  if (schema.isListSchema()) {
    return Array.isArray(value) ? value.map((item) => toSdkInput(schema.getValueSchema(), item)) : value;
  }
  if (schema.isMapSchema()) {
    if (!isObject(value)) return value;
    const valueSchema = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSdkInput(valueSchema, v)]));
  }
  if (schema.isBlobSchema()) {
    if (schema.isStreaming()) return typeof value === 'string' ? value : JSON.stringify(value);
    return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  }
  if (schema.isTimestampSchema()) {
    if (typeof value === 'string') return new Date(value);
    if (typeof value === 'number') return new Date(value * 1000);
    return value;
  }
  if (schema.isStringSchema() && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** A streaming body as the SDK returns it. */
interface StreamBody {
  transformToString(encoding?: string): Promise<string>;
}

function isStreamBody(value: unknown): value is StreamBody {
  return typeof (value as StreamBody | null)?.transformToString === 'function';
}

/** The SDK's output for `schema` as Step Functions renders it (see the module comment). */
export async function fromSdkOutput(
  schema: NormalizedSchema | undefined,
  value: unknown,
  options: { readonly pascalCase: boolean },
): Promise<unknown> {
  if (value === null || value === undefined) return value;
  if (isStreamBody(value)) return value.transformToString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const item = schema?.isListSchema() === true ? schema.getValueSchema() : undefined;
    return Promise.all(value.map((v) => fromSdkOutput(item, v, options)));
  }
  if (!isObject(value)) return value;
  if (schema?.isMapSchema() === true) {
    const valueSchema = schema.getValueSchema();
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await fromSdkOutput(valueSchema, v, options)] as const),
    );
    return Object.fromEntries(entries);
  }
  const members = new Map<string, NormalizedSchema>();
  if (schema?.isStructSchema() === true)
    for (const [name, member] of schema.structIterator()) members.set(name, member);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === '$metadata' || field === undefined) continue;
    const name = options.pascalCase && members.has(key) ? key.charAt(0).toUpperCase() + key.slice(1) : key;
    out[name] = await fromSdkOutput(members.get(key), field, options);
  }
  return out;
}
