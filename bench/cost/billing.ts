/**
 * What DynamoDB on-demand would bill for each request the AWS adapters make, estimated from the
 * request and from the capacity DynamoDB Local reports. DynamoDB Local sizes items as AWS does, but
 * it departs from AWS's bill in four places, corrected here:
 *
 * 1. Transactions: AWS bills 2 write units per started KB of each item; DynamoDB Local reports 6 for
 *    a 3-put transaction but 2 for a put + update one. Recomputed: 2 × Σ ⌈item size / 1 KB⌉ (an
 *    update or condition check in a transaction counts 1: every such item here is a counter under
 *    1 KB).
 * 2. The global secondary index: AWS includes index writes in `TOTAL`; DynamoDB Local does not. The
 *    index `gsi1` projects `status`, so putting an execution item adds 1 write unit, and an update
 *    that sets `status` adds 1.
 * 3. A strongly consistent `Query` that finds nothing: DynamoDB Local reports 0; AWS bills at least
 *    1 read unit (0.5 eventually consistent), as for a `GetItem` of a missing item.
 * 4. A write whose condition fails: the SDK throws and no capacity is reported; AWS still bills the
 *    write. Counted as ⌈size of the item sent / 1 KB⌉ (a transaction: as if it had succeeded).
 *
 * It also adds up the bytes of the items put, for the storage they take while they are kept.
 *
 * Item sizes follow AWS's rules: attribute names plus values (strings and binaries by length,
 * numbers about one byte per two digits plus one, 3 bytes plus one per element for lists and maps).
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Units one store operation was billed, summed over its requests. */
export interface Billed {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** What DynamoDB Local reported for the same requests. */
  reportedRead: number;
  reportedWrite: number;
  /** Bytes of the items put (plus DynamoDB's 100 bytes of overhead per item), for storage. */
  storedBytes: number;
}

/** DynamoDB's storage overhead per item, in bytes. */
const ITEM_OVERHEAD_BYTES = 100;

/** The store operation a request is made for (set by the metered store around each call). */
export const storeOperation = new AsyncLocalStorage<string>();

/** The approximate DynamoDB size of a value, in bytes. */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[^0-9]/g, '')
      .replace(/^0+/, '').length;
    return Math.ceil(Math.max(1, digits) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + valueSize(v) + 1, 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + valueSize(v) + 1, 0);
  }
  return 0;
}

/** The size of an item: attribute names and values. */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  return Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueSize(v), 0);
}

function writeUnits(item: Readonly<Record<string, unknown>> | undefined): number {
  return item === undefined ? 1 : Math.max(1, Math.ceil(itemSize(item) / 1024));
}

type Input = Record<string, unknown>;
type TransactItem = { Put?: { Item?: Input }; Update?: Input; ConditionCheck?: Input; Delete?: Input };

function storedBytes(command: string, input: Input): number {
  if (command === 'PutItem') return itemSize((input.Item as Input | undefined) ?? {}) + ITEM_OVERHEAD_BYTES;
  if (command !== 'TransactWriteItems') return 0;
  const items = (input.TransactItems as TransactItem[] | undefined) ?? [];
  return items.reduce(
    (sum, entry) => sum + (entry.Put?.Item === undefined ? 0 : itemSize(entry.Put.Item) + ITEM_OVERHEAD_BYTES),
    0,
  );
}

function transactionUnits(input: Input): number {
  const items = (input.TransactItems as TransactItem[] | undefined) ?? [];
  let units = 0;
  for (const entry of items) {
    units += 2 * (entry.Put !== undefined ? writeUnits(entry.Put.Item) : 1);
    if (entry.Put?.Item?.gsi1pk !== undefined) units += 1;
  }
  return units;
}

function reportedUnits(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  return list.reduce(
    (sum: number, c: { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }) =>
      sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)),
    0,
  );
}

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan']);

/** Estimates each request's bill into `sink(operation)`, while `sink` returns a target. */
export function billRequests(client: DynamoDBClient, sink: (operation: string) => Billed | undefined): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const target = sink(storeOperation.getStore() ?? 'other');
      if (target === undefined) return next(args);
      const command = String(context.commandName).replace(/Command$/, '');
      const input = args.input as Input;
      target.requests += 1;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'ConditionalCheckFailedException') {
          target.writeUnits += writeUnits(input.Item as Input | undefined);
        } else if (name === 'TransactionCanceledException') {
          target.writeUnits += transactionUnits(input);
        }
        throw error;
      }
      const reported = reportedUnits(result.output);
      target.storedBytes += storedBytes(command, input);
      if (READS.has(command)) {
        target.reportedRead += reported;
        const floor = input.ConsistentRead === true ? 1 : 0.5;
        target.readUnits += command === 'Query' ? Math.max(floor, reported) : reported;
      } else {
        target.reportedWrite += reported;
        if (command === 'TransactWriteItems') target.writeUnits += transactionUnits(input);
        else {
          target.writeUnits += reported;
          if (command === 'PutItem' && (input.Item as Input | undefined)?.gsi1pk !== undefined) target.writeUnits += 1;
          const values = input.ExpressionAttributeValues as Input | undefined;
          if (command === 'UpdateItem' && values !== undefined && ':status' in values) target.writeUnits += 1;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchBillRequests' },
  );
}
