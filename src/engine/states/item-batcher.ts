/**
 * A distributed Map's `ItemBatcher`: groups the items (after `ItemSelector`) so that each child
 * execution gets a batch `{ "BatchInput": …, "Items": [ … ] }` instead of one item. A batch holds at
 * most `MaxItemsPerBatch` items and, serialised, at most `MaxInputBytesPerBatch` bytes; a batch is
 * closed when the next item would pass either limit.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
import { isJsonataExpression } from '../../asl/jsonata/index.js';
import type { MapState } from '../../asl/model/index.js';
import {
  effectiveInput,
  jsonataBindings,
  jsonataField,
  jsonataTemplate,
  numberAtPath,
  payloadOf,
  runtimeError,
} from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper } from '../step.js';

/** The most bytes AWS lets a batch have (`MaxInputBytesPerBatch` at most 256 KiB). */
export const MAX_BATCH_BYTES = 256 * 1024;

/** How a Map state batches its items, resolved. */
export interface BatchConfig {
  /** 0: no limit. */
  readonly maxItems: number;
  /** 0: no limit but AWS's 256 KiB. */
  readonly maxBytes: number;
  /** `BatchInput` evaluated, when the state has one. */
  readonly batchInput?: unknown;
}

/** Resolves a Map state's `ItemBatcher` (literals, JSONata expressions, `…Path` fields). */
export async function resolveBatcher(
  stepper: Stepper,
  ps: ProgramState,
  batcher: NonNullable<MapState['ItemBatcher']>,
): Promise<BatchConfig> {
  let maxItems: number | undefined;
  let maxBytes: number | undefined;
  let batchInput: unknown;
  if (ps.language === 'JSONata') {
    const input = stepper.frame.input;
    const bindings = jsonataBindings(stepper, { input });
    const number = async (field: string, value: unknown): Promise<number | undefined> => {
      if (typeof value === 'number') return value;
      if (typeof value !== 'string' || !isJsonataExpression(value)) return undefined;
      return (await jsonataField(stepper, value, bindings, field, 'integer')) as number;
    };
    maxItems = await number('MaxItemsPerBatch', batcher.MaxItemsPerBatch);
    maxBytes = await number('MaxInputBytesPerBatch', batcher.MaxInputBytesPerBatch);
    if (batcher.BatchInput !== undefined) {
      batchInput = await jsonataTemplate(stepper, batcher.BatchInput, bindings, 'BatchInput');
    }
  } else {
    const effective = effectiveInput(stepper, ps.state as MapState);
    const number = (field: string, literal: unknown, path: string | undefined): number | undefined => {
      if (typeof literal === 'number') return literal;
      return path === undefined ? undefined : numberAtPath(stepper, `${field}Path`, path, effective, 'int');
    };
    maxItems = number('MaxItemsPerBatch', batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath);
    maxBytes = number('MaxInputBytesPerBatch', batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath);
    if (batcher.BatchInput !== undefined) batchInput = payloadOf(stepper, batcher.BatchInput, effective, 'BatchInput');
  }
  if (maxItems !== undefined && maxItems < 0) {
    throw runtimeError(`Expected non-negative integer for MaxItemsPerBatch, got '${maxItems}' instead.`);
  }
  if (maxBytes !== undefined && (maxBytes < 0 || maxBytes > MAX_BATCH_BYTES)) {
    throw runtimeError(`MaxInputBytesPerBatch must be between 0 and ${MAX_BATCH_BYTES}, got '${maxBytes}' instead.`);
  }
  return { maxItems: maxItems ?? 0, maxBytes: maxBytes ?? 0, batchInput };
}

/**
 * The batches of `items`, in order. An item that alone passes the byte limit fails the state with
 * `States.Runtime`, naming its index (`items` being a page of items from `firstIndex` on).
 */
export function batchItems(items: readonly unknown[], config: BatchConfig, firstIndex = 0): unknown[] {
  const byteLimit = config.maxBytes > 0 ? config.maxBytes : MAX_BATCH_BYTES;
  const batches: unknown[] = [];
  const overhead = batchBytes(config, []);
  let current: unknown[] = [];
  let bytes = overhead;
  const close = () => {
    if (current.length === 0) return;
    batches.push(batchOf(config, current));
    current = [];
    bytes = overhead;
  };
  items.forEach((item, index) => {
    // Each item after the first adds a comma.
    const size = Buffer.byteLength(JSON.stringify(item) ?? 'null', 'utf8') + (current.length > 0 ? 1 : 0);
    if (
      current.length > 0 &&
      (bytes + size > byteLimit || (config.maxItems > 0 && current.length >= config.maxItems))
    ) {
      close();
    }
    const alone = Buffer.byteLength(JSON.stringify(item) ?? 'null', 'utf8');
    if (current.length === 0 && overhead + alone > byteLimit) {
      throw runtimeError(
        `The item at index ${firstIndex + index} is ${alone} bytes, more than a batch of MaxInputBytesPerBatch ${byteLimit} bytes can hold.`,
      );
    }
    bytes += current.length > 0 ? size : alone;
    current.push(item);
  });
  close();
  return batches;
}

/** The items of a child's input that is a batch (`{ Items: [ … ] }`); 1 for anything else. */
export function batchItemCount(input: unknown): number {
  const items = (input as { Items?: unknown } | null | undefined)?.Items;
  return Array.isArray(items) ? items.length : 1;
}

function batchOf(config: BatchConfig, items: unknown[]): Record<string, unknown> {
  return config.batchInput === undefined ? { Items: items } : { BatchInput: config.batchInput, Items: items };
}

function batchBytes(config: BatchConfig, items: unknown[]): number {
  return Buffer.byteLength(JSON.stringify(batchOf(config, items)), 'utf8');
}
