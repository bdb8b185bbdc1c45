/**
 * What the API's reads of a distributed Map's map run cost on DynamoDB (the emulators': moto unless
 * the environment names another) when the run's execution has a large history (100,000 events by
 * default): `DescribeMapRun`, `DescribeExecution` of a STANDARD child execution still running,
 * `ListExecutions` by `mapRunArn` and `ListMapRuns` of the parent, each while the parent runs, once the parent was stopped, and once
 * the run ended (its end recorded on its record, where the store has `endMapRun`). Requests and read
 * units are billed by AWS's sizing rules (`bench/cost/billing.ts`).
 *
 * The history is written through the store as a run would commit it (`bench/history-writer.ts`): a
 * root record with `ExecutionStarted` and `MapRunStarted`, then 20 frames stepping in turns, each
 * commit 50 events of about 120 bytes. The map run's record (started by the root record) and one
 * child execution are put as the runtime puts them.
 *
 * `npm run bench:map-run-reads [events]` (100,000 by default)
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStore } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import {
  childExecutionArn,
  childExecutionName,
  childStateMachineArn,
} from '../../src/engine/states/child-executions.js';
import { virtualClock } from '../../src/local/clock.js';
import { MemoryQueue } from '../../src/local/memory-queue.js';
import { describeExecution, listMapRunExecutions } from '../../src/runtime/lifecycle.js';
import { describeMapRun, listMapRuns } from '../../src/runtime/map-runs.js';
import type { ExecutionRecord, FrameRecord, MapRunRecord, Store } from '../../src/runtime/ports.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { executionRecord, frame } from '../../test/contract/fixtures.js';
import { type Billed, billRequests, storeOperation } from '../cost/billing.js';
import { acquireEmulators } from '../cost/emulators.js';
import { commitTurns, T0 } from '../history-writer.js';

function billed(): Billed {
  return { requests: 0, readUnits: 0, writeUnits: 0, storedBytes: 0, storedByteMonths: 0 };
}

/** Writes the parent's history of about `total` events, its map run started at event 2; returns the last id. */
async function writeHistory(store: Store, record: ExecutionRecord, mapRunArn: string, total: number): Promise<number> {
  const arn = record.info.executionArn;
  const root: FrameRecord = {
    executionArn: arn,
    frameId: 'root',
    version: 0,
    frame: frame('root', 'Each', 2),
    events: [
      { id: 1, previousEventId: 0, timestamp: T0, type: 'ExecutionStarted' },
      { id: 2, previousEventId: 1, timestamp: T0, type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn } },
    ],
    outbox: [],
    causedBy: 'start',
  };
  await store.createExecution(record, root);
  return commitTurns(store, arn, 3, total);
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const emulators = await acquireEmulators();
  const client = new DynamoDBClient({});
  const lookups = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const tableName = `bench-map-run-reads-${randomUUID().slice(0, 8)}`;
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
    const clock = virtualClock(Date.parse(T0));
    const runtime = new Runtime({
      store,
      queue: new MemoryQueue({ now: () => clock.now() }),
      clock,
      invoker: { invoke: async () => ({ ok: false, error: 'NoTask', cause: 'none' }) },
    });
    const figures: string[] = [];
    for (const ending of ['stopped', 'ended'] as const) {
      const parent = executionRecord();
      const arn = parent.info.executionArn;
      const mapRunArn = `${parent.info.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/Each:${randomUUID()}`;
      const last = await writeHistory(store, parent, mapRunArn, total);
      const run: MapRunRecord = {
        mapRunArn,
        executionArn: arn,
        joinId: 'root/1.0',
        startDate: T0,
        redriveCount: 0,
        startedBy: { frameId: 'root', version: 0 },
        maxConcurrency: 0,
        total: 1,
        writesResults: false,
      };
      await store.putMapRun(run);
      const child = childExecutionArn(mapRunArn, 0);
      await store.putChildExecution({
        info: {
          ...parent.info,
          executionArn: child,
          name: childExecutionName(mapRunArn, 0),
          stateMachineArn: childStateMachineArn(mapRunArn),
          input: { n: 0 },
        },
        definitionHash: parent.definitionHash,
        status: 'RUNNING',
        mapRunArn,
        parent: { executionArn: arn, frameId: 'root/1.0.0' },
      });
      const reads = async (when: string): Promise<void> => {
        const describedRun = await measure('describeMapRun', () => describeMapRun(runtime, mapRunArn));
        const describedChild = await measure('describeExecution', () => describeExecution(runtime, child));
        const listed = await measure('listExecutions', () => listMapRunExecutions(runtime, { mapRunArn }));
        const runs = await measure('listMapRuns', () => listMapRuns(runtime, arn));
        const [shown] = runs.value.items;
        if (runs.value.items.length !== 1 || shown?.mapRunArn !== mapRunArn || shown.startDate !== T0) {
          throw new Error(`ListMapRuns answered ${JSON.stringify(runs.value.items)}`);
        }
        figures.push(
          `  ${when.padEnd(36)} DescribeMapRun (${describedRun.value.status.padEnd(9)}) ` +
            `${describedRun.bill.requests} requests, ${describedRun.bill.readUnits} RRU; ` +
            `DescribeExecution of the child (${describedChild.value.status.padEnd(7)}) ` +
            `${describedChild.bill.requests} requests, ${describedChild.bill.readUnits} RRU; ` +
            `ListExecutions by mapRunArn ${listed.bill.requests} requests, ${listed.bill.readUnits} RRU; ` +
            `ListMapRuns (${shown.stopDate === undefined ? 'no stopDate' : `stopDate ${shown.stopDate}`}) ` +
            `${runs.bill.requests} requests, ${runs.bill.readUnits} RRU`,
        );
      };
      figures.push(`parent history of ${last} events (${ending === 'stopped' ? 'then stopped' : 'its run then ends'})`);
      await reads('while the parent runs');
      // The root frame commits the stop's event, or the run's end, as the runtime does.
      const stopDate = '2024-05-01T10:05:00.000Z';
      const type = ending === 'stopped' ? 'ExecutionAborted' : 'MapRunFailed';
      await store.commitFrame({
        executionArn: arn,
        frameId: 'root',
        version: 1,
        frame: frame('root', 'Each', last + 1),
        events: [{ id: last + 1, previousEventId: 2, timestamp: stopDate, type }],
        outbox: [],
        causedBy: 'end',
      });
      if (ending === 'stopped') {
        await store.updateExecution(arn, ['RUNNING'], { status: 'ABORTED', stopDate });
        await reads('once the parent was stopped');
      } else {
        // Recorded after the commit by the runtime (a store from before `endMapRun` reads the history).
        if ('endMapRun' in store) await store.endMapRun(mapRunArn, { status: 'FAILED', stopDate });
        await reads('once the run failed');
      }
    }
    console.log(`map run reads on DynamoDB (${emulators.origin} emulators)`);
    for (const line of figures) console.log(line);
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
    lookups.destroy();
    await emulators.release();
  }
}

await main();
