import { z } from 'zod';
import {
  baseStateFields,
  errorHandlingFields,
  JsonataStringSchema,
  JsonValueSchema,
  jsonataIoFields,
  jsonPathIoFields,
  NonNegativeIntSchema,
  NullablePathSchema,
  PathSchema,
  transitionFields,
} from '../common.js';
import type { StateMachine } from '../state-machine.js';

/** `ItemProcessor.ProcessorConfig`: inline (in the execution) or distributed (child executions). */
export const ProcessorConfigSchema = z.strictObject({
  /** @default 'INLINE' */
  Mode: z.enum(['INLINE', 'DISTRIBUTED']).default('INLINE'),
  ExecutionType: z.enum(['STANDARD', 'EXPRESS']).optional(),
});

/** `ItemReader`: where a distributed Map reads its items (S3). */
export const ItemReaderSchema = z.strictObject({
  Resource: z.string().min(1),
  Parameters: JsonValueSchema.optional(),
  Arguments: JsonValueSchema.optional(),
  ReaderConfig: z
    .strictObject({
      InputType: z.enum(['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET']).optional(),
      CSVHeaderLocation: z.enum(['FIRST_ROW', 'GIVEN']).optional(),
      CSVHeaders: z.array(z.string()).optional(),
      CSVDelimiter: z.enum(['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB']).optional(),
      MaxItems: z.union([NonNegativeIntSchema, JsonataStringSchema]).optional(),
      MaxItemsPath: PathSchema.optional(),
      ManifestType: z.enum(['ATHENA_DATA', 'S3_INVENTORY']).optional(),
    })
    .optional(),
});

/** `ItemBatcher`: groups items into batches for each child. */
export const ItemBatcherSchema = z.strictObject({
  MaxItemsPerBatch: z.union([NonNegativeIntSchema, JsonataStringSchema]).optional(),
  MaxItemsPerBatchPath: PathSchema.optional(),
  MaxInputBytesPerBatch: z.union([NonNegativeIntSchema, JsonataStringSchema]).optional(),
  MaxInputBytesPerBatchPath: PathSchema.optional(),
  BatchInput: JsonValueSchema.optional(),
});

/** `ResultWriter`: where a distributed Map writes its results (S3). */
export const ResultWriterSchema = z.strictObject({
  Resource: z.string().min(1).optional(),
  Parameters: JsonValueSchema.optional(),
  Arguments: JsonValueSchema.optional(),
  WriterConfig: z
    .strictObject({
      OutputType: z.enum(['JSON', 'JSONL']).optional(),
      Transformation: z.enum(['NONE', 'COMPACT', 'FLATTEN']).optional(),
    })
    .optional(),
});

/** Characters AWS forbids in a Map `Label`: whitespace, wildcards, brackets, punctuation, control characters. */
const FORBIDDEN_LABEL_CHARACTERS = new Set(' ?*"<>{}[]:;,\\|^~$#%&`');

function hasForbiddenLabelCharacter(label: string): boolean {
  for (const char of label) {
    const code = char.codePointAt(0) ?? 0;
    if (FORBIDDEN_LABEL_CHARACTERS.has(char) || /\s/.test(char) || code < 0x20 || (code >= 0x7f && code <= 0x9f))
      return true;
  }
  return false;
}

/** The fields of a Map state; `ItemProcessor`/`Iterator` hold the nested state machine. */
export function mapStateSchema(processor: z.ZodType<StateMachine>) {
  return z.strictObject({
    Type: z.literal('Map'),
    ...baseStateFields,
    ...transitionFields,
    ...jsonPathIoFields,
    ...jsonataIoFields,
    ...errorHandlingFields,
    ItemProcessor: processor.optional(),
    /** The legacy name of `ItemProcessor` (without `ProcessorConfig`). */
    Iterator: processor.optional(),
    ItemsPath: PathSchema.optional(),
    Items: z.union([z.array(JsonValueSchema), JsonataStringSchema]).optional(),
    ItemSelector: JsonValueSchema.optional(),
    /** The legacy name of `ItemSelector`. */
    Parameters: JsonValueSchema.optional(),
    ItemReader: ItemReaderSchema.optional(),
    ItemBatcher: ItemBatcherSchema.optional(),
    ResultWriter: ResultWriterSchema.optional(),
    ResultSelector: JsonValueSchema.optional(),
    ResultPath: NullablePathSchema.optional(),
    Arguments: JsonValueSchema.optional(),
    /** Upper bound on concurrent iterations; 0 means no limit. @default 0 */
    MaxConcurrency: z.union([NonNegativeIntSchema, JsonataStringSchema]).optional(),
    MaxConcurrencyPath: PathSchema.optional(),
    ToleratedFailurePercentage: z
      .union([
        z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
        JsonataStringSchema,
      ])
      .optional(),
    ToleratedFailurePercentagePath: PathSchema.optional(),
    ToleratedFailureCount: z.union([NonNegativeIntSchema, JsonataStringSchema]).optional(),
    ToleratedFailureCountPath: PathSchema.optional(),
    Label: z
      .string()
      .max(40, 'must be at most 40 characters')
      .refine((label) => !hasForbiddenLabelCharacter(label), 'must not contain whitespace or special characters')
      .optional(),
  });
}

/**
 * A Map state: runs its processor once per item of an array and outputs the array of results.
 *
 * @see https://states-language.net/spec.html#map-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
export type MapState = Omit<z.output<ReturnType<typeof mapStateSchema>>, 'ItemProcessor' | 'Iterator'> & {
  ItemProcessor?: ItemProcessor;
  Iterator?: ItemProcessor;
};

/** A Map state's processor: a state machine with an optional `ProcessorConfig`. */
export type ItemProcessor = StateMachine & { ProcessorConfig?: z.output<typeof ProcessorConfigSchema> };
