/**
 * What a join costs on DynamoDB as it grows: each child of a join of N children reported once (in
 * index order, a tenth of them failed) to a `DynamoStore` on the emulators, its requests billed by
 * AWS's sizing rules as `bench/cost/billing.ts` estimates them (the emulator's own figures are a
 * constant), and the size of the join's counts item at the end. Joins of
 * up to `ORDERED_JOIN_LIMIT` children list their counted children in that item (one conditional
 * update per child); bigger ones fall back to a transaction and a read per child.
 *
 * Run: `npm run bench:join` (moto is started when no emulator is configured).
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { itemSize, numberSize } from '../../src/aws/codec.js';
import { keys } from '../../src/aws/dynamo-keys.js';
import { DynamoStore, ORDERED_JOIN_LIMIT } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import type { ChildResult } from '../../src/engine/types.js';
import { executionRecord, frameRecord } from '../../test/contract/fixtures.js';
import { type Billed, billRequests, storeOperation } from '../cost/billing.js';
import { acquireEmulators } from '../cost/emulators.js';

const SIZES = [20, 100, 200, 500, ORDERED_JOIN_LIMIT, ORDERED_JOIN_LIMIT + 1, 2_000];

/** The counts item's size as DynamoDB counts it: a list is 3 bytes, and 1 byte more per element. */
function countsItemSize(item: Record<string, unknown>): number {
  const { done, ...rest } = item;
  if (!Array.isArray(done)) return itemSize(item);
  return itemSize(rest) + 'done'.length + 3 + done.reduce((sum: number, n) => sum + 1 + numberSize(Number(n)), 0);
}

const emulators = await acquireEmulators();
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);
const tableName = `bench-join-${Date.now()}`;
// The estimate's own look-ups go through a client of their own: neither billed nor counted.
const lookups = DynamoDBDocumentClient.from(new DynamoDBClient({}));
try {
  await createDynamoTable(client, tableName);
  let billed: Billed = { requests: 0, readUnits: 0, writeUnits: 0, storedBytes: 0, storedByteMonths: 0 };
  billRequests(
    client,
    (operation) => (operation === 'completeChild' ? billed : undefined),
    async (TableName, Key) => (await lookups.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item,
  );
  const store = new DynamoStore({ tableName, client });
  console.log('| children | counted | WRU per child | RRU per child | last count WRU | counts item |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
  for (const children of SIZES) {
    const record = executionRecord();
    const arn = record.info.executionArn;
    await store.createExecution(record, frameRecord(arn, 'root', 0));
    const join = 'root/1.0';
    billed = { requests: 0, readUnits: 0, writeUnits: 0, storedBytes: 0, storedByteMonths: 0 };
    let last = 0;
    for (let index = 0; index < children; index++) {
      const result: ChildResult =
        index % 10 === 3
          ? { index, status: 'FAILED', error: 'States.TaskFailed', cause: 'bench' }
          : { index, status: 'SUCCEEDED', output: { index } };
      const before = billed.writeUnits;
      await storeOperation.run('completeChild', () => store.completeChild(arn, join, result, children));
      last = billed.writeUnits - before;
    }
    const writes = billed.writeUnits;
    const reads = billed.readUnits;
    const item = (await documents.send(new GetCommand({ TableName: tableName, Key: keys.joinCounts(arn, join) }))).Item;
    const size = item === undefined ? 0 : countsItemSize(item);
    console.log(
      `| ${children} | ${children > ORDERED_JOIN_LIMIT ? 'transaction + read' : 'ordered list'} | ${(writes / children).toFixed(2)} | ${(reads / children).toFixed(2)} | ${last} | ${size} B |`,
    );
  }
} finally {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
  lookups.destroy();
  await emulators.release();
}
