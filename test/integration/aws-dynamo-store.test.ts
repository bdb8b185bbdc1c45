/**
 * DynamoStore on the emulators' DynamoDB, beyond the port contract: races between separate store instances
 * (as separate Lambda processes would be), the 400 KB item limit and compression, TTL attributes,
 * the table's shape, and the capacity a commit and a stale read consume.
 */
import { randomBytes } from 'node:crypto';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinResultItem } from '../../src/aws/dynamo-items.js';
import { type CapacityUsage, DynamoStore, ORDERED_JOIN_LIMIT } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { ItemTooLargeError } from '../../src/aws/errors.js';
import { childExecutionArn } from '../../src/engine/states/child-executions.js';
import type { ChildResult } from '../../src/engine/types.js';
import type { FrameRecord } from '../../src/runtime/ports.js';
import { event, executionRecord, frameRecord } from '../contract/fixtures.js';
import { emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';

/** An item's size by DynamoDB's rule: UTF-8 bytes of each attribute name and value (numbers ~ digits/2 + 1). */
function dynamoSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    if (typeof value === 'string') size += Buffer.byteLength(value);
    else if (value instanceof Uint8Array) size += value.length;
    else if (typeof value === 'number') size += Math.ceil(String(value).length / 2) + 1;
  }
  return size;
}

describe.skipIf(!emulatorsConfigured)(`DynamoStore on ${emulatorName}`, () => {
  const client = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(client);
  const tableName = uniqueName('store');
  const NOW = Date.UTC(2024, 4, 1, 10, 0, 0);
  const RETENTION = 7 * 24 * 3600;
  let usage: CapacityUsage[] = [];
  let a: DynamoStore;
  let b: DynamoStore;

  beforeAll(async () => {
    await createDynamoTable(client, tableName);
    const options = { tableName, client, now: () => NOW, recordRetentionSeconds: RETENTION };
    a = new DynamoStore({ ...options, onConsumedCapacity: (u) => usage.push(u) });
    b = new DynamoStore(options);
  });

  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });

  /** An execution created through `a`. */
  async function started(): Promise<string> {
    const record = executionRecord();
    const arn = record.info.executionArn;
    await a.createExecution(record, frameRecord(arn, 'root', 0, { eventIds: [1] }));
    return arn;
  }

  async function rawItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const response = await documents.send(
      new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }),
    );
    return response.Item;
  }

  describe('the table', () => {
    it('has string keys, the gsi1 index projecting status, and TTL on expiresAt; creating it again changes nothing', async () => {
      await createDynamoTable(client, tableName);
      const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
      expect(table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      const index = table?.GlobalSecondaryIndexes?.[0];
      expect(index?.IndexName).toBe('gsi1');
      expect(index?.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] });
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(ttl.TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    });
  });

  describe('commitFrame', () => {
    it('lets exactly one of two stores putting the same version win, and tells the loser what won', async () => {
      const arn = await started();
      const first = frameRecord(arn, 'root', 1, { causedBy: 'worker-a', state: 'A' });
      const second = frameRecord(arn, 'root', 1, { causedBy: 'worker-b', state: 'B' });
      const [ra, rb] = await Promise.all([a.commitFrame(first), b.commitFrame(second)]);
      expect([ra.committed, rb.committed].filter(Boolean)).toHaveLength(1);
      const winner = ra.committed ? first : second;
      const loser = ra.committed ? rb : ra;
      expect(loser).toEqual({ committed: false, current: winner });
      expect(await b.loadFrame(arn, 'root')).toEqual(winner);
    });

    it('commits the next version from a store that never saw the frame, and refuses a skip there too', async () => {
      const arn = await started();
      await a.commitFrame(frameRecord(arn, 'root', 1));
      await a.commitFrame(frameRecord(arn, 'root', 2));
      expect(await b.commitFrame(frameRecord(arn, 'root', 3))).toEqual({ committed: true });
      await expect(b.commitFrame(frameRecord(arn, 'root', 5))).rejects.toThrow(/skips versions/);
      expect((await a.loadFrame(arn, 'root'))?.version).toBe(3);
    });

    it('stores a large compressible record compressed and loads it back unchanged', async () => {
      const arn = await started();
      const text = 'The quick brown fox jumps over the lazy dog. '.repeat(6000); // 270 KB
      const record: FrameRecord = {
        ...frameRecord(arn, 'root', 1),
        events: [{ ...event(2, 'TaskSucceeded'), taskSucceededEventDetails: { output: text } }],
      };
      expect(await a.commitFrame(record)).toEqual({ committed: true });
      expect(await b.loadFrame(arn, 'root')).toEqual(record);
      const item = await rawItem(`EXEC#${arn}`, 'FRAME#root#0000000001');
      expect(item?.body).toBeInstanceOf(Uint8Array);
      expect(dynamoSize(item ?? {})).toBeLessThan(Buffer.byteLength(text) / 10);
    });

    it('keeps a record under 512 bytes of JSON as readable text', async () => {
      const arn = await started();
      const record: FrameRecord = { ...frameRecord(arn, 'root', 1), events: [], outbox: [] };
      await a.commitFrame(record);
      const item = await rawItem(`EXEC#${arn}`, 'FRAME#root#0000000001');
      expect(JSON.parse(String(item?.body))).toEqual({ frame: record.frame });
      expect(item?.causedBy).toBe('message-1');
      expect(await b.loadFrame(arn, 'root')).toEqual(record);
    });

    it('refuses a record over 400 KB with ItemTooLargeError and stores nothing', async () => {
      const arn = await started();
      const noise = randomBytes(420 * 1024).toString('base64'); // 560 KB that gzip shrinks to ~425 KB only
      const record: FrameRecord = {
        ...frameRecord(arn, 'root', 1),
        events: [{ ...event(2, 'TaskSucceeded'), taskSucceededEventDetails: { output: noise } }],
      };
      const error = await a.commitFrame(record).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ItemTooLargeError);
      expect((error as ItemTooLargeError).message).toContain('frame record root v1');
      expect((await a.loadFrame(arn, 'root'))?.version).toBe(0);
    });

    it('gives each frame record a TTL of the write time plus the record retention, in epoch seconds', async () => {
      const arn = await started();
      await a.commitFrame(frameRecord(arn, 'root/1.0.0', 1));
      const item = await rawItem(`EXEC#${arn}`, 'FRAME#root/1.0.0#0000000001');
      expect(item?.expiresAt).toBe(NOW / 1000 + RETENTION);
    });
  });

  describe('executions', () => {
    it('sets the TTL of a finished execution in epoch seconds (rounded up) and removes it on redrive', async () => {
      const arn = await started();
      expect((await rawItem(`EXEC#${arn}`, 'EXEC'))?.expiresAt).toBeUndefined();
      await a.updateExecution(arn, ['RUNNING'], { status: 'FAILED', expiresAt: 1_720_000_000_250 });
      expect((await rawItem(`EXEC#${arn}`, 'EXEC'))?.expiresAt).toBe(1_720_000_001);
      await a.updateExecution(arn, ['FAILED'], { status: 'RUNNING', expiresAt: undefined });
      expect((await rawItem(`EXEC#${arn}`, 'EXEC'))?.expiresAt).toBeUndefined();
    });
  });

  describe('retention', () => {
    const DAY = 24 * 3600;
    /** An execution whose root record (and so its counter) is kept `rootTtl` seconds from NOW. */
    async function startedKeeping(rootTtl: number): Promise<string> {
      const record = executionRecord();
      const arn = record.info.executionArn;
      const root = { ...frameRecord(arn, 'root', 0, { eventIds: [1] }), expiresAt: NOW + rootTtl * 1000 };
      await a.createExecution(record, root);
      return arn;
    }

    it('gives the counter the TTL of the root record it is created with, and a join the TTL it is given', async () => {
      const arn = await startedKeeping(91 * DAY);
      expect((await rawItem(`EXEC#${arn}`, 'FRAME#root#0000000000'))?.expiresAt).toBe(NOW / 1000 + 91 * DAY);
      expect((await rawItem(`EXEC#${arn}`, 'COUNTER'))?.expiresAt).toBe(NOW / 1000 + 91 * DAY);
      const joinTtl = NOW + 92 * DAY * 1000;
      await a.completeChild(arn, 'root/1.0', { index: 0, status: 'SUCCEEDED', output: 1 }, 2, joinTtl);
      expect((await rawItem(`EXEC#${arn}`, 'JOIN#root/1.0'))?.expiresAt).toBe(joinTtl / 1000);
      expect((await rawItem(`EXEC#${arn}`, 'JOIN#root/1.0#0000000000'))?.expiresAt).toBe(joinTtl / 1000);
    });

    it("leaves the records' TTL alone when the execution ends or is redriven", async () => {
      const arn = await startedKeeping(91 * DAY);
      await a.commitFrame({ ...frameRecord(arn, 'root', 1, { eventIds: [2] }), expiresAt: NOW + 91 * DAY * 1000 });
      const ttls = async () =>
        Promise.all(
          ['COUNTER', 'FRAME#root#0000000000', 'FRAME#root#0000000001'].map(
            async (sk) => (await rawItem(`EXEC#${arn}`, sk))?.expiresAt,
          ),
        );
      const written = await ttls();
      await a.updateExecution(arn, ['RUNNING'], { status: 'SUCCEEDED', expiresAt: NOW + 3600_000 });
      expect(await ttls()).toEqual(written);
      await a.updateExecution(arn, ['SUCCEEDED'], { status: 'RUNNING', expiresAt: undefined });
      expect(await ttls()).toEqual(written);
    });

    it('keepRecords moves a TTL before `until` up to it, one after `atMost` down to it, leaves the rest, and records `until`', async () => {
      const arn = await startedKeeping(10 * DAY);
      const at = (days: number) => NOW + days * DAY * 1000;
      await a.commitFrame({ ...frameRecord(arn, 'root', 1, { eventIds: [2] }), expiresAt: at(95) });
      await a.commitFrame({ ...frameRecord(arn, 'root', 2, { eventIds: [3] }), expiresAt: at(300) });
      const items = ['COUNTER', 'FRAME#root#0000000000', 'FRAME#root#0000000001', 'FRAME#root#0000000002'];
      const ttls = async () => Promise.all(items.map(async (sk) => (await rawItem(`EXEC#${arn}`, sk))?.expiresAt));
      await a.keepRecords(arn, at(90));
      expect(await ttls()).toEqual([at(90), at(90), at(95), at(300)].map((ms) => ms / 1000));
      expect((await a.getExecution(arn))?.recordsKeptUntil).toBe(at(90));
      await a.keepRecords(arn, at(92), at(96));
      expect(await ttls()).toEqual([at(92), at(92), at(95), at(92)].map((ms) => ms / 1000));
      expect((await a.getExecution(arn))?.recordsKeptUntil).toBe(at(92));
      expect((await rawItem(`EXEC#${arn}`, 'EXEC'))?.expiresAt).toBeUndefined();
    });
  });

  it("gives a map run's record the TTL it is given, and keepRecords brings it along with its execution's records", async () => {
    const record = executionRecord();
    const arn = record.info.executionArn;
    await a.createExecution(record, { ...frameRecord(arn, 'root', 0, { eventIds: [1] }), expiresAt: NOW + 86_400_000 });
    const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:run`;
    const mapRun = {
      mapRunArn,
      executionArn: arn,
      joinId: 'root/1.0',
      startDate: new Date(NOW).toISOString(),
      maxConcurrency: 0,
      total: 1,
      writesResults: false,
    };
    await a.putMapRun(mapRun, NOW + 86_400_000);
    // A run recorded with its attempt: its marker sorts by its attempt and start.
    const ordered = {
      ...mapRun,
      mapRunArn: `${mapRunArn}2`,
      redriveCount: 0,
      startedBy: { frameId: 'root', version: 1 },
    };
    await a.putMapRun(ordered, NOW + 86_400_000);
    const marker = `MAPRUN#000000#${ordered.startDate}#${ordered.mapRunArn}`;
    expect((await rawItem(`EXEC#${arn}`, marker))?.expiresAt).toBe(NOW / 1000 + 86_400);
    const ttl = async (run: string) => (await rawItem(`MAPRUN#${run}`, 'MAPRUN'))?.expiresAt;
    expect(await ttl(mapRunArn)).toBe(NOW / 1000 + 86_400);
    await a.keepRecords(arn, NOW + 2 * 86_400_000);
    expect(await ttl(mapRunArn)).toBe(NOW / 1000 + 2 * 86_400);
    expect(await ttl(ordered.mapRunArn)).toBe(NOW / 1000 + 2 * 86_400);
    expect((await rawItem(`EXEC#${arn}`, marker))?.expiresAt).toBe(NOW / 1000 + 2 * 86_400);
    expect(await a.getMapRun(mapRunArn)).toEqual(mapRun);
    // ListMapRuns finds both by their markers, the one recorded without its attempt first.
    expect((await a.listMapRuns(arn, {})).items).toEqual([mapRun, ordered]);
  });

  it("keepRecords brings its map runs' child executions along, a Query per run and an UpdateItem per child", async () => {
    const record = executionRecord();
    const arn = record.info.executionArn;
    await a.createExecution(record, { ...frameRecord(arn, 'root', 0, { eventIds: [1] }), expiresAt: NOW + 86_400_000 });
    const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:run`;
    await a.putMapRun(
      {
        mapRunArn,
        executionArn: arn,
        joinId: 'root/1.0',
        startDate: new Date(NOW).toISOString(),
        maxConcurrency: 0,
        total: 3,
        writesResults: false,
      },
      NOW + 86_400_000,
    );
    const childSm = `${arn.slice(0, arn.lastIndexOf(':')).replace(':execution:', ':stateMachine:')}/Each`;
    const children: string[] = [];
    for (const [index, days] of [1, 1, 5].entries()) {
      const base = executionRecord({ stateMachineArn: childSm, name: `child-${index}-${arn.slice(-12)}` });
      const child = { ...base, mapRunArn, parent: { executionArn: arn, frameId: `root/1.0.${index}` } };
      await a.putChildExecution(child, NOW + days * 86_400_000);
      children.push(child.info.executionArn);
    }
    const ttls = async () =>
      Promise.all(children.map(async (child) => (await rawItem(`EXEC#${child}`, 'EXEC'))?.expiresAt));
    // Every request the store sends, refused ones too, by command.
    const counted = new DynamoDBClient({});
    const calls: string[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const c = new DynamoStore({ tableName, client: counted, now: () => NOW, recordRetentionSeconds: RETENTION });
    await c.keepRecords(arn, NOW + 2 * 86_400_000);
    // Two children kept a day are moved to two; the one kept five days stays.
    expect(await ttls()).toEqual([2, 2, 5].map((days) => NOW / 1000 + days * 86_400));
    expect((await a.getExecution(children[0] ?? ''))?.recordsKeptUntil).toBe(NOW + 2 * 86_400_000);
    // The partition's Query; the root record, the event-id counter, the marker and the run's record;
    // the execution item; and for the children: their run's Query and an UpdateItem each (one refused).
    expect(calls.filter((name) => name === 'QueryCommand')).toHaveLength(1 + 1);
    expect(calls.filter((name) => name === 'UpdateItemCommand')).toHaveLength(5 + 3);
    expect(calls).toHaveLength(10);
    await c.keepRecords(arn, NOW + 6 * 86_400_000, NOW + 7 * 86_400_000);
    expect(await ttls()).toEqual([6, 6, 6].map((days) => NOW / 1000 + days * 86_400));
    counted.destroy();
  });

  it('keepRecords brings along the event-id counter of a child that started frames of its own, an UpdateItem per such child', async () => {
    const record = executionRecord();
    const arn = record.info.executionArn;
    await a.createExecution(record, { ...frameRecord(arn, 'root', 0, { eventIds: [1] }), expiresAt: NOW + 86_400_000 });
    const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:run`;
    await a.putMapRun(
      {
        mapRunArn,
        executionArn: arn,
        joinId: 'root/1.0',
        startDate: new Date(NOW).toISOString(),
        maxConcurrency: 0,
        total: 3,
        writesResults: false,
      },
      NOW + 86_400_000,
    );
    const childSm = `${arn.slice(0, arn.lastIndexOf(':')).replace(':execution:', ':stateMachine:')}/Each`;
    const children: string[] = [];
    for (const index of [0, 1, 2]) {
      const base = executionRecord({ stateMachineArn: childSm, name: `child-${index}-${arn.slice(-12)}` });
      const child = { ...base, mapRunArn, parent: { executionArn: arn, frameId: `root/1.0.${index}` } };
      await a.putChildExecution(child, NOW + 86_400_000);
      children.push(child.info.executionArn);
    }
    // Child 0 started a nested Parallel: its frame's record says so, and its counter holds ids 4 to 5.
    const own = frameRecord(arn, 'root/1.0.0', 1);
    const parent = { frameId: 'root/1.0', index: 0, stateName: 'Each' };
    await a.commitFrame({
      ...own,
      frame: { ...own.frame, detached: true, mapRunArn, parent, sharedIds: true },
      childHistory: [
        event(1, 'ExecutionStarted', 0),
        event(2, 'ParallelStateEntered', 0),
        event(3, 'ParallelStateStarted'),
      ],
      expiresAt: NOW + 86_400_000,
    });
    const counterOf = childExecutionArn(mapRunArn, 0);
    expect(await a.reserveEventIds(counterOf, 2, NOW + 86_400_000, 3)).toBe(4);
    const counterTtl = async () => (await rawItem(`EXEC#${counterOf}`, 'COUNTER'))?.expiresAt;
    const counted = new DynamoDBClient({});
    const calls: string[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const c = new DynamoStore({ tableName, client: counted, now: () => NOW, recordRetentionSeconds: RETENTION });
    await c.keepRecords(arn, NOW + 2 * 86_400_000);
    expect(await counterTtl()).toBe(NOW / 1000 + 2 * 86_400);
    // As before: the partition's Query, and its root record, counter, marker, run record and child 0's
    // frame record; the execution item; the run's Query and its 3 children. Then child 0's counter.
    expect(calls.filter((name) => name === 'QueryCommand')).toHaveLength(1 + 1);
    expect(calls.filter((name) => name === 'UpdateItemCommand')).toHaveLength(5 + 1 + 3 + 1);
    expect(calls).toHaveLength(12);
    // At the end, bounded from above as well.
    await c.keepRecords(arn, NOW + 6 * 86_400_000, NOW + 7 * 86_400_000);
    expect(await counterTtl()).toBe(NOW / 1000 + 6 * 86_400);
    await c.keepRecords(arn, NOW + 3 * 86_400_000, NOW + 4 * 86_400_000);
    expect(await counterTtl()).toBe(NOW / 1000 + 3 * 86_400);
    counted.destroy();
  });

  it('gives the event-id counter the TTL of the commit it counts for, when asked', async () => {
    const arn = await started();
    const first = await a.reserveEventIds(arn, 2);
    expect(await a.reserveEventIds(arn, 1, NOW + 60_000)).toBe(first + 2);
    expect((await rawItem(`EXEC#${arn}`, 'COUNTER'))?.expiresAt).toBe(Math.ceil((NOW + 60_000) / 1000));
  });

  describe('completeChild', () => {
    const failing = new Set([2, 11]);
    const result = (index: number): ChildResult =>
      failing.has(index)
        ? { index, status: 'FAILED', error: 'States.TaskFailed', cause: `child ${index}` }
        : { index, status: 'SUCCEEDED', output: { index } };

    it('gives every child one place when two stores report each child three times concurrently', async () => {
      const arn = await started();
      const join = 'root/4.0';
      const total = 16;
      const calls = Array.from({ length: total * 3 }, (_, i) => i % total);
      const counts = await Promise.all(
        calls.map((index, i) => (i % 2 === 0 ? a : b).completeChild(arn, join, result(index), total)),
      );
      // Every report of a child got the same answer: its place among the counted children.
      for (let i = total; i < counts.length; i++) expect(counts[i]).toEqual(counts[i % total]);
      const places = counts.slice(0, total).map((c) => c.completed);
      expect([...places].sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const last = counts.slice(0, total).find((c) => c.completed === total);
      expect(last).toMatchObject({ failed: failing.size, ordered: true });
      // A repeat after the fact changes nothing and answers with the child's own place.
      expect(await b.completeChild(arn, join, result(0), total)).toEqual(counts[0]);
      const results = (await a.childResults(arn, join)).sort((x, y) => x.index - y.index);
      expect(results).toEqual(Array.from({ length: total }, (_, i) => result(i)));
    });

    it('counts the child whose result was put before a crash, once, with the outcome first recorded', async () => {
      const arn = await started();
      const join = 'root/6.0';
      // The process died between the result's put and the count: the item is there, uncounted.
      await a.completeChild(arn, join, result(1), 3);
      const first = { index: 0, status: 'FAILED', error: 'E', cause: 'first' } as const;
      await documents.send(new PutCommand({ TableName: tableName, Item: await joinResultItem(arn, join, first, 0) }));
      expect(await a.completeChild(arn, join, result(0), 3)).toEqual({
        completed: 2,
        failed: 1,
        childFailed: true,
        ordered: true,
      });
    });

    it(`counts a join of more than ${ORDERED_JOIN_LIMIT} children exactly once, unordered`, async () => {
      const arn = await started();
      const join = 'root/8.0';
      const total = ORDERED_JOIN_LIMIT + 1;
      for (const index of [0, 2, 5]) await a.completeChild(arn, join, result(index), total);
      expect(await b.completeChild(arn, join, result(2), total)).toEqual({
        completed: 3,
        failed: 1,
        childFailed: true,
        ordered: false,
      });
      expect((await a.childResults(arn, join)).map((r) => r.index).sort()).toEqual([0, 2, 5]);
    });
  });

  describe('capacity', () => {
    it('costs one write unit per started KB of the record item for a commit, and one read unit for a stale check', async () => {
      const arn = await started();
      const small = frameRecord(arn, 'root', 1, { eventIds: [2, 3] });
      usage = [];
      await a.commitFrame(small);
      const item = await rawItem(`EXEC#${arn}`, 'FRAME#root#0000000001');
      const expectedWrites = Math.ceil(dynamoSize(item ?? {}) / 1024);
      const commit = usage.filter((u) => u.operation === 'commitFrame');
      expect(commit).toEqual([{ operation: 'commitFrame', readUnits: 0, writeUnits: expectedWrites }]);
      usage = [];
      await a.loadFrame(arn, 'root');
      expect(usage).toEqual([{ operation: 'loadFrame', readUnits: 1, writeUnits: 0 }]);
    });
  });
});
