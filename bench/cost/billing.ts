/**
 * What DynamoDB on-demand would bill for each request the AWS adapters make, estimated from the
 * requests and responses by AWS's sizing rules — not from the capacity the emulator reports: moto
 * reports a constant (1 unit for any `PutItem` or `Query`, 0.5 for an `UpdateItem`, nothing for a
 * transaction; docs/emulators.md).
 *
 * 1. `PutItem`, `UpdateItem`: 1 write unit per started KB of the larger of the item before and
 *    after the request. The item is read before and after through a separate client that is neither
 *    billed nor counted (a look-up of the benchmark's own; the store's requests are unchanged).
 * 2. Transactions: 2 write units per started KB of each item put; an update or condition check in a
 *    transaction counts 1 (every such item here is a counter under 1 KB).
 * 3. The global secondary index: the index `gsi1` projects `status`, so putting an execution item
 *    adds 1 write unit, and an update that sets `status` adds 1.
 * 4. Reads: `GetItem` 1 read unit per started 4 KB of the item, `Query` per started 4 KB of the items
 *    it returns added up, `BatchGetItem` as one `GetItem` per key; at least 1 unit each, even when
 *    nothing is found; half of that when not strongly consistent. (A read with a
 *    `ProjectionExpression` is sized by what it returned, where AWS bills the whole items; only
 *    `readHistory` projects, and the recorded runs never call it.)
 * 5. A write whose condition fails: AWS still bills it, as if it had succeeded (for an update, by
 *    the item as it stands).
 *
 * It also adds up the bytes of the items put, and what they cost to keep: each item's bytes (plus
 * DynamoDB's 100 bytes per item) for the months its TTL (`expiresAt`) keeps it from the moment it is
 * written — an update that changes an item's size or TTL replaces its share (an execution item gets
 * its TTL when the execution ends) — and the same for its entry in the index `gsi1`, which projects
 * the keys and `status`.
 *
 * Item sizes follow AWS's rules: attribute names plus values (strings and binaries by length,
 * numbers about one byte per two digits plus one, 3 bytes plus one per element for lists and maps).
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Reads an item as it stands, unbilled: `undefined` when there is none. */
export type ItemLookup = (tableName: string, key: Readonly<Record<string, unknown>>) => Promise<Input | undefined>;

/** Units one store operation was billed, summed over its requests. */
export interface Billed {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** Bytes of the items put (plus DynamoDB's 100 bytes of overhead per item), for storage. */
  storedBytes: number;
  /** Bytes × months the items written are kept by their TTL, index entries included. */
  storedByteMonths: number;
}

/** Months in a second, for storage priced per GB-month (a month of 30.44 days). */
const MONTHS_PER_SECOND = 1 / (30.44 * 24 * 3600);

/** Attributes the index `gsi1` projects besides the keys (src/aws/dynamo-table.ts). */
const INDEX_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'status'] as const;

/** A number attribute as the document client or the wire carries it. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const n = (value as { N?: unknown } | undefined)?.N;
  return typeof n === 'string' ? Number(n) : undefined;
}

/**
 * Bytes × months an item is kept from `nowSeconds`, index entry included: nothing while it has no
 * TTL yet (the write that sets one counts it).
 */
export function keptByteMonths(item: Input | undefined, nowSeconds: number): number {
  if (item === undefined) return 0;
  const expiresAt = numberOf(item.expiresAt);
  if (expiresAt === undefined) return 0;
  const months = Math.max(0, expiresAt - nowSeconds) * MONTHS_PER_SECOND;
  let bytes = itemSize(item) + ITEM_OVERHEAD_BYTES;
  if (item.gsi1pk !== undefined) {
    const entry = Object.fromEntries(INDEX_ATTRIBUTES.filter((a) => item[a] !== undefined).map((a) => [a, item[a]]));
    bytes += itemSize(entry) + ITEM_OVERHEAD_BYTES;
  }
  return bytes * months;
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

/** Read units for `bytes` read at once: per started 4 KB, at least 1; half when eventually consistent. */
function readUnits(bytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
}

/** The table's key attributes (src/aws/dynamo-table.ts): the key of an item put. */
const KEY_ATTRIBUTES = ['pk', 'sk'] as const;

function keyOf(item: Input): Input {
  return Object.fromEntries(KEY_ATTRIBUTES.map((name) => [name, item[name]]));
}

/** The key of the item a `PutItem` or `UpdateItem` writes. */
function writtenKey(command: string, input: Input): Input | undefined {
  if (command === 'PutItem') return keyOf((input.Item as Input | undefined) ?? {});
  if (command === 'UpdateItem') return input.Key as Input | undefined;
  return undefined;
}

/** Read units of a read request, from its input and output. */
function readRequestUnits(command: string, input: Input, output: Input): number {
  const consistent = input.ConsistentRead === true;
  switch (command) {
    case 'GetItem':
      return readUnits(itemSize((output.Item as Input | undefined) ?? {}), consistent);
    case 'Query':
    case 'Scan':
      return readUnits(
        ((output.Items as Input[] | undefined) ?? []).reduce((sum, item) => sum + itemSize(item), 0),
        consistent,
      );
    case 'BatchGetItem': {
      // Each key is read as a GetItem: found items by their size, the rest at the minimum.
      let units = 0;
      const requested = (input.RequestItems as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>) ?? {};
      const found = (output.Responses as Record<string, Input[]> | undefined) ?? {};
      for (const [table, request] of Object.entries(requested)) {
        const items = found[table] ?? [];
        const strong = request.ConsistentRead === true;
        units += items.reduce((sum, item) => sum + readUnits(itemSize(item), strong), 0);
        units += Math.max(0, (request.Keys?.length ?? 0) - items.length) * readUnits(0, strong);
      }
      return units;
    }
    default:
      return 0;
  }
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

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan']);

/**
 * Estimates each request `client` makes into `sink(operation)`, while `sink` returns a target;
 * `lookup` reads the item a write touches before and after it (rule 1 above).
 */
export function billRequests(
  client: DynamoDBClient,
  sink: (operation: string) => Billed | undefined,
  lookup: ItemLookup,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const target = sink(storeOperation.getStore() ?? 'other');
      if (target === undefined) return next(args);
      const command = String(context.commandName).replace(/Command$/, '');
      const input = args.input as Input;
      const tableName = String(input.TableName ?? '');
      const key = writtenKey(command, input);
      const before = key === undefined ? undefined : await lookup(tableName, key);
      target.requests += 1;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'ConditionalCheckFailedException') {
          target.writeUnits += Math.max(
            writeUnits(before),
            command === 'PutItem' ? writeUnits(input.Item as Input) : 1,
          );
        } else if (name === 'TransactionCanceledException') {
          target.writeUnits += transactionUnits(input);
        }
        throw error;
      }
      target.storedBytes += storedBytes(command, input);
      const nowSeconds = Date.now() / 1000;
      if (command === 'TransactWriteItems') {
        for (const entry of (input.TransactItems as TransactItem[] | undefined) ?? []) {
          target.storedByteMonths += keptByteMonths(entry.Put?.Item, nowSeconds);
        }
      }
      if (READS.has(command)) {
        target.readUnits += readRequestUnits(command, input, result.output as unknown as Input);
      } else if (command === 'TransactWriteItems') {
        target.writeUnits += transactionUnits(input);
      } else if (key !== undefined) {
        const after = await lookup(tableName, key);
        target.writeUnits += Math.max(writeUnits(before), writeUnits(after));
        target.storedByteMonths += keptByteMonths(after, nowSeconds) - keptByteMonths(before, nowSeconds);
        if (command === 'PutItem' && (input.Item as Input | undefined)?.gsi1pk !== undefined) target.writeUnits += 1;
        const values = input.ExpressionAttributeValues as Input | undefined;
        if (command === 'UpdateItem' && values !== undefined && ':status' in values) target.writeUnits += 1;
      }
      return result;
    },
    { step: 'initialize', name: 'benchBillRequests' },
  );
}
