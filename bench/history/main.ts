/**
 * What a page of `GetExecutionHistory` costs on DynamoDB (the emulators': moto unless the environment
 * names another), for a history of 100,000 events by default: the requests and the read units one
 * page takes, billed by AWS's sizing rules (`bench/cost/billing.ts`), read by event id
 * (`DynamoStore.readHistoryPage`, an execution without the history limit) and whole (`readHistory`,
 * what a page of an execution under the limit reads), and what the index costs to write.
 *
 * The history is written through the store as a run would commit it: 20 frames (a Map's iterations)
 * stepping in turns, each commit 50 events of about 120 bytes (a record of about 1.3 KB compressed),
 * every tenth commit of a frame holding two runs of ids (a step that made an id final early, while
 * another frame reserved ids). The records' bodies hold only the events, as the index reads them.
 *
 * `npm run bench:history [events]` (100,000 by default)
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStore } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import type { ExecutionRecord, FrameRecord, Store } from '../../src/runtime/ports.js';
import { executionRecord, frame } from '../../test/contract/fixtures.js';
import { type Billed, billRequests, storeOperation } from '../cost/billing.js';
import { acquireEmulators } from '../cost/emulators.js';
import { commitTurns, EVENTS_PER_COMMIT, passEvent } from '../history-writer.js';

const PAGE_SIZES = [100, 1000] as const;

function billed(): Billed {
  return { requests: 0, readUnits: 0, writeUnits: 0, storedBytes: 0, storedByteMonths: 0 };
}

/**
 * Writes a history of about `total` events (every tenth turn, each frame took two ids early); returns
 * the last id.
 */
async function writeHistory(store: Store, record: ExecutionRecord, total: number, paged: boolean): Promise<number> {
  const arn = record.info.executionArn;
  const root: FrameRecord = {
    executionArn: arn,
    frameId: 'root',
    version: 0,
    frame: frame('root', 'Count', 2),
    events: [passEvent(1), passEvent(2)],
    outbox: [],
    causedBy: 'start',
    ...(paged ? { pagedHistory: true } : {}),
  };
  await store.createExecution(record, root);
  return commitTurns(store, arn, 3, total, { early: (turn) => (turn % 10 === 9 ? 2 : 0), paged });
}

/** An execution whose history is paged, or one under the limit (read whole). */
function execution(paged: boolean): ExecutionRecord {
  return { ...executionRecord(), ...(paged ? { pagedHistory: true } : { maxHistoryEvents: 25_000 }) };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const emulators = await acquireEmulators();
  const client = new DynamoDBClient({});
  const lookups = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const tableName = `bench-history-${randomUUID().slice(0, 8)}`;
  let target: Billed | undefined;
  billRequests(
    client,
    () => target,
    async (TableName, Key) => (await lookups.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item,
  );
  const measure = async <T>(operation: string, fn: () => Promise<T>): Promise<{ value: T; bill: Billed }> => {
    const bill = billed();
    target = bill;
    try {
      return { value: await storeOperation.run(operation, fn), bill };
    } finally {
      target = undefined;
    }
  };
  try {
    await createDynamoTable(client, tableName);
    const store = new DynamoStore({ tableName, client });
    const figures: string[] = [];
    for (const paged of [true, false]) {
      const record = execution(paged);
      const arn = record.info.executionArn;
      const written = await measure('write', () => writeHistory(store, record, total, paged));
      const last = written.value;
      const w = written.bill;
      figures.push(
        `${paged ? 'indexed' : 'plain  '} history of ${last} events: written in ${w.requests} requests, ` +
          `${w.writeUnits} WRU (${(w.writeUnits / (last / EVENTS_PER_COMMIT)).toFixed(2)} a commit of ${EVENTS_PER_COMMIT} events)`,
      );
      const whole = await measure('whole', () => store.readHistory(arn));
      if (whole.value.length !== last) throw new Error(`read ${whole.value.length} events, not ${last}`);
      figures.push(
        `  whole history (readHistory, each page of an execution under the limit): ${whole.bill.requests} requests, ${whole.bill.readUnits} RRU`,
      );
      if (!paged) continue;
      for (const limit of PAGE_SIZES) {
        for (const [where, from] of [
          ['end', undefined],
          ['middle', Math.floor(last / 2)],
        ] as const) {
          for (const reverse of [false, true]) {
            const named = where === 'end' ? (reverse ? 'last' : 'first') : where;
            const page = await measure('page', () => store.readHistoryPage(arn, { from, reverse, limit }));
            const ids = page.value.events.map((e) => e.id);
            const start = from ?? (reverse ? last : 1);
            const expected = Array.from({ length: limit }, (_, i) => (reverse ? start - i : start + i));
            if (JSON.stringify(ids) !== JSON.stringify(expected))
              throw new Error(`the page from the ${named} (${reverse ? 'reverse' : 'forward'}) is wrong`);
            figures.push(
              `  page of ${String(limit).padStart(4)} ${reverse ? 'reverse' : 'forward'} from the ${named.padEnd(6)}: ` +
                `${page.bill.requests} requests, ${page.bill.readUnits} RRU`,
            );
          }
        }
      }
      // Every page forward, 1,000 at a time: the whole history read in pages.
      let from: number | undefined;
      const all = billed();
      let pages = 0;
      do {
        const page = await measure('page', () => store.readHistoryPage(arn, { from, limit: 1000 }));
        all.requests += page.bill.requests;
        all.readUnits += page.bill.readUnits;
        pages++;
        from = page.value.next;
      } while (from !== undefined);
      figures.push(`  all ${pages} pages of 1000 forward: ${all.requests} requests, ${all.readUnits} RRU`);
    }
    console.log(`history pages on DynamoDB (${emulators.origin} emulators)`);
    for (const line of figures) console.log(line);
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
    lookups.destroy();
    await emulators.release();
  }
}

await main();
