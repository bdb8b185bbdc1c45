/**
 * The {@link Store} port's contract, written once and run against every adapter: the in-memory store
 * of the embedded engine (`memory.test.ts`) and the DynamoDB store (against moto or LocalStack).
 *
 * Every test names its own executions and state machines, so an adapter may share one table across
 * the whole suite; `create` is called once per suite and `cleanup` after it.
 *
 * @example
 * describeStoreContract('MemoryStore', async () => ({ store: new MemoryStore() }));
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/engine/types.js';
import type { ExecutionRecord, FrameRecord, HistoryPageQuery, Store } from '../../src/runtime/ports.js';
import { describeExecutionContract } from './execution-contract.js';
import { event, executionRecord, frameRecord, uniqueStateMachineArn } from './fixtures.js';
import { describeJoinContract } from './join-contract.js';

/** What a store factory gives the suite. */
export interface StoreUnderTest {
  readonly store: Store;
  /** Deletes what the suite created (tables, files). */
  readonly cleanup?: () => Promise<void>;
}

/** A started execution: its ARN and the store it lives in. */
async function started(store: Store, rootEventIds: readonly number[] = [1]): Promise<string> {
  const record = executionRecord();
  const arn = record.info.executionArn;
  const created = await store.createExecution(record, frameRecord(arn, 'root', 0, { eventIds: rootEventIds }));
  expect(created).toEqual({ created: true });
  return arn;
}

/** Registers the Store contract suite for one adapter. */
export function describeStoreContract(name: string, create: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    const store = (): Store => subject.store;
    beforeAll(async () => {
      subject = await create();
    });
    afterAll(async () => {
      await subject?.cleanup?.();
    });

    describe('definitions', () => {
      it('returns a stored definition by its hash, and undefined for an unknown hash', async () => {
        const hash = `hash-${uniqueStateMachineArn().slice(-8)}`;
        await store().putDefinition(hash, '{"StartAt":"A"}');
        await store().putDefinition(hash, '{"StartAt":"A"}');
        expect(await store().getDefinition(hash)).toBe('{"StartAt":"A"}');
        expect(await store().getDefinition(`${hash}-missing`)).toBeUndefined();
      });
    });

    describeExecutionContract(store, started);

    describe('frames', () => {
      it('loads the newest record of a frame', async () => {
        const arn = await started(store());
        for (let version = 1; version <= 4; version++) {
          const result = await store().commitFrame(frameRecord(arn, 'root', version, { eventIds: [version + 1] }));
          expect(result).toEqual({ committed: true });
          expect(await store().loadFrame(arn, 'root')).toEqual(
            frameRecord(arn, 'root', version, { eventIds: [version + 1] }),
          );
        }
      });

      it('loads the record of a frame at a version, undefined at one no record holds', async () => {
        const arn = await started(store());
        for (let version = 1; version <= 3; version++) {
          await store().commitFrame(frameRecord(arn, 'root', version, { eventIds: [version + 1] }));
        }
        expect(await store().loadFrameVersion(arn, 'root', 2)).toEqual(frameRecord(arn, 'root', 2, { eventIds: [3] }));
        expect(await store().loadFrameVersion(arn, 'root', 4)).toBeUndefined();
        expect(await store().loadFrameVersion(arn, 'root/3.0.0', 0)).toBeUndefined();
      });

      it('returns undefined for a frame or execution without records', async () => {
        const arn = await started(store());
        expect(await store().loadFrame(arn, 'root/3.0.0')).toBeUndefined();
        expect(await store().loadFrame(executionRecord().info.executionArn, 'root')).toBeUndefined();
      });

      it('loses a second commit of the same version and returns the record that holds it', async () => {
        const arn = await started(store());
        const winner = frameRecord(arn, 'root', 1, { causedBy: 'message-a', state: 'A' });
        const loser = frameRecord(arn, 'root', 1, { causedBy: 'message-b', state: 'B' });
        expect(await store().commitFrame(winner)).toEqual({ committed: true });
        expect(await store().commitFrame(loser)).toEqual({ committed: false, current: winner });
        expect(await store().loadFrame(arn, 'root')).toEqual(winner);
      });

      it('returns the record holding an older version when a commit of it comes late', async () => {
        const arn = await started(store());
        const v1 = frameRecord(arn, 'root', 1, { causedBy: 'm1' });
        await store().commitFrame(v1);
        await store().commitFrame(frameRecord(arn, 'root', 2, { causedBy: 'm2' }));
        const late = await store().commitFrame(frameRecord(arn, 'root', 1, { causedBy: 'late' }));
        expect(late).toEqual({ committed: false, current: v1 });
        expect((await store().loadFrame(arn, 'root'))?.version).toBe(2);
      });

      it('lets exactly one of concurrent commits of a version win', async () => {
        const arn = await started(store());
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store().commitFrame(frameRecord(arn, 'root', 1, { causedBy: `racer-${i}` })),
          ),
        );
        const winners = results.map((r, i) => (r.committed ? i : -1)).filter((i) => i >= 0);
        expect(winners).toHaveLength(1);
        const winner = frameRecord(arn, 'root', 1, { causedBy: `racer-${winners[0]}` });
        for (const r of results) if (!r.committed) expect(r.current).toEqual(winner);
        expect(await store().loadFrame(arn, 'root')).toEqual(winner);
      });

      it('never lets versions skip: a commit beyond the newest version + 1 is refused', async () => {
        const arn = await started(store());
        await store().commitFrame(frameRecord(arn, 'root', 1));
        const skipped = await store()
          .commitFrame(frameRecord(arn, 'root', 3))
          .then((r) => r.committed)
          .catch(() => false);
        expect(skipped).toBe(false);
        expect((await store().loadFrame(arn, 'root'))?.version).toBe(1);
      });

      it('starts a child frame that has no record with version 1', async () => {
        const arn = await started(store());
        const child = frameRecord(arn, 'root/2.0.1', 1, { causedBy: 'run-child' });
        expect(await store().commitFrame(child)).toEqual({ committed: true });
        expect(await store().loadFrame(arn, 'root/2.0.1')).toEqual(child);
        expect(await store().loadFrame(arn, 'root/2.0.0')).toBeUndefined();
      });

      it('reads the history of every frame ordered by id, and only that execution', async () => {
        const arn = await started(store(), [1, 2]);
        const other = await started(store(), [1, 2]);
        await store().commitFrame(frameRecord(arn, 'root', 1, { eventIds: [3, 4] }));
        await store().commitFrame(frameRecord(arn, 'root/4.0.1', 1, { eventIds: [8, 9] }));
        await store().commitFrame(frameRecord(arn, 'root/4.0.0', 1, { eventIds: [5, 6, 7] }));
        await store().commitFrame(frameRecord(arn, 'root', 2, { eventIds: [10] }));
        await store().commitFrame(frameRecord(other, 'root', 1, { eventIds: [3] }));
        const history = await store().readHistory(arn);
        expect(history.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(history[0]).toEqual(event(1, 'PassStateEntered'));
      });

      it('returns an empty history for an unknown execution', async () => {
        expect(await store().readHistory(executionRecord().info.executionArn)).toEqual([]);
        expect(await store().readHistoryPage(executionRecord().info.executionArn, { limit: 10 })).toEqual({
          events: [],
        });
      });

      it('reads a paged history a page at a time from any id either way, a record holding several runs of ids included', async () => {
        const record: ExecutionRecord = { ...executionRecord(), pagedHistory: true };
        const arn = record.info.executionArn;
        const paged = (frameId: string, version: number, eventIds: number[]) => ({
          ...frameRecord(arn, frameId, version, { eventIds }),
          pagedHistory: true,
        });
        expect(await store().createExecution(record, paged('root', 0, [1, 2]))).toEqual({ created: true });
        expect(await store().getExecution(arn)).toEqual(record);
        // root/1.0.0's step made an id final early (3, 4), while root/1.0.1 took 5 to 7: two runs.
        await store().commitFrame(paged('root/1.0.1', 1, [5, 6, 7]));
        await store().commitFrame(paged('root/1.0.0', 1, [3, 4, 8, 9]));
        await store().commitFrame(paged('root', 1, [10, 11, 12]));
        await store().commitFrame(paged('root/1.0.0', 2, []));
        await store().commitFrame(paged('root/1.0.1', 2, [13]));
        // 14 was reserved by a step whose commit lost: a gap.
        await store().commitFrame(paged('root', 2, [15, 16, 17, 18, 19, 20]));
        const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20];
        expect((await store().readHistory(arn)).map((e) => e.id)).toEqual(all);
        for (const reverse of [false, true]) {
          for (const limit of [1, 3, 4, 7, 100]) {
            const read: number[] = [];
            let from: number | undefined;
            for (let pages = 0; pages < 30; pages++) {
              const page = await store().readHistoryPage(arn, { from, reverse, limit });
              expect(page.events.length).toBe(page.next === undefined ? page.events.length : limit);
              read.push(...page.events.map((e) => e.id));
              if (page.next === undefined) break;
              from = page.next;
            }
            expect(read).toEqual(reverse ? [...all].reverse() : all);
          }
        }
        const ids = async (query: HistoryPageQuery) => {
          const page = await store().readHistoryPage(arn, query);
          return { ids: page.events.map((e) => e.id), next: page.next };
        };
        expect(await ids({ from: 4, limit: 3 })).toEqual({ ids: [4, 5, 6], next: 7 });
        expect(await ids({ from: 14, limit: 2 })).toEqual({ ids: [15, 16], next: 17 });
        expect(await ids({ from: 14, reverse: true, limit: 2 })).toEqual({ ids: [13, 12], next: 11 });
        expect(await ids({ from: 8, reverse: true, limit: 3 })).toEqual({ ids: [8, 7, 6], next: 5 });
        expect(await ids({ from: 19, limit: 5 })).toEqual({ ids: [19, 20], next: undefined });
        expect(await ids({ from: 21, limit: 5 })).toEqual({ ids: [], next: undefined });
        expect(await ids({ from: 2, reverse: true, limit: 5 })).toEqual({ ids: [2, 1], next: undefined });
        expect((await store().readHistoryPage(arn, { limit: 1 })).events[0]).toEqual(event(1, 'PassStateEntered'));
      });
    });

    describe('reserveEventIds', () => {
      it('hands out ids above those of the root record, consecutively', async () => {
        const arn = await started(store(), [1, 2, 3]);
        expect(await store().reserveEventIds(arn, 2)).toBe(4);
        expect(await store().reserveEventIds(arn, 1)).toBe(6);
        expect(await store().reserveEventIds(arn, 5)).toBe(7);
        expect(await store().reserveEventIds(arn, 1)).toBe(12);
      });

      it('never hands out an id twice under concurrent reservations, and leaves no gap', async () => {
        const arn = await started(store(), [1]);
        const counts = Array.from({ length: 24 }, (_, i) => 1 + (i % 4));
        const firsts = await Promise.all(counts.map((count) => store().reserveEventIds(arn, count)));
        const ids = firsts.flatMap((first, i) => Array.from({ length: counts[i]! }, (_, k) => first + k));
        const total = counts.reduce((a, b) => a + b, 0);
        expect(new Set(ids).size).toBe(total);
        expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => 2 + k));
      });

      it('keeps each execution ids separate', async () => {
        const a = await started(store(), [1]);
        const b = await started(store(), [1, 2]);
        expect(await store().reserveEventIds(a, 3)).toBe(2);
        expect(await store().reserveEventIds(b, 3)).toBe(3);
        expect(await store().reserveEventIds(a, 1)).toBe(5);
      });
    });

    describeJoinContract(store, started);

    describe('map runs', () => {
      it('gets a map run as put, a repeat replacing it, and nothing for an unknown one', async () => {
        const arn = await started(store());
        const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:${arn.slice(-12)}`;
        const record = {
          mapRunArn,
          executionArn: arn,
          joinId: 'root/1.0',
          startDate: '2024-05-01T10:00:00.000Z',
          maxConcurrency: 10,
          toleratedFailurePercentage: 5,
          total: 3,
          itemsPerChild: [2, 2, 1],
          writesResults: true,
        };
        await store().putMapRun(record);
        await store().putMapRun(record);
        expect(await store().getMapRun(mapRunArn)).toEqual(record);
        expect(await store().getMapRun(`${mapRunArn}x`)).toBeUndefined();
      });

      it("records a map run's end once: a repeat, a later end and a repeated put leave the first", async () => {
        const arn = await started(store());
        const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:${arn.slice(-12)}`;
        const record = {
          mapRunArn,
          executionArn: arn,
          joinId: 'root/1.0',
          startDate: '2024-05-01T10:00:00.000Z',
          redriveCount: 0,
          maxConcurrency: 0,
          total: 2,
          writesResults: false,
        };
        await store().putMapRun(record);
        expect((await store().getMapRun(mapRunArn))?.ended).toBeUndefined();
        const ended = { status: 'FAILED', stopDate: '2024-05-01T10:00:05.000Z' } as const;
        await store().endMapRun(mapRunArn, ended);
        expect(await store().getMapRun(mapRunArn)).toEqual({ ...record, ended });
        await store().endMapRun(mapRunArn, ended);
        await store().endMapRun(mapRunArn, { status: 'SUCCEEDED', stopDate: '2024-05-01T10:00:09.000Z' });
        await store().putMapRun(record);
        expect(await store().getMapRun(mapRunArn)).toEqual({ ...record, ended });
        // A run without a record (its reader failed before its children started) gets none.
        await store().endMapRun(`${mapRunArn}x`, ended);
        expect(await store().getMapRun(`${mapRunArn}x`)).toBeUndefined();
      });

      it("lists an execution's runs newest first, by attempt then start, a page of `limit` at a time", async () => {
        const arn = await started(store());
        const other = await started(store());
        const run = (id: string, redriveCount: number | undefined, second: number, executionArn = arn) => ({
          mapRunArn: `${arn.replace(':execution:', ':mapRun:')}/Each:${id}`,
          executionArn,
          joinId: `root/${id}.0`,
          startDate: `2024-05-01T10:00:0${second}.000Z`,
          ...(redriveCount === undefined ? {} : { redriveCount }),
          startedBy: { frameId: 'root', version: second },
          maxConcurrency: 0,
          total: 1,
          writesResults: false,
        });
        // Put out of order: two of the first attempt in the same millisecond, one ended, one of a redrive
        // started earlier by the clock, one recorded before its attempt was kept, one of another execution.
        const runs = [run('b', 0, 3), run('d', 1, 1), run('a', 0, 5), run('c', 0, 3), run('e', undefined, 9)];
        runs.push(run('f', 0, 7, other));
        for (const record of runs) await store().putMapRun(record);
        const ended = { status: 'SUCCEEDED', stopDate: '2024-05-01T10:00:08.000Z' } as const;
        await store().endMapRun(runs[2]!.mapRunArn, ended);
        const pages: string[][] = [];
        let nextToken: string | undefined;
        do {
          const page = await store().listMapRuns(arn, { limit: 2, nextToken });
          pages.push(page.items.map((r) => r.mapRunArn.slice(-1)));
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        expect(pages).toEqual([['e', 'd'], ['a', 'c'], ['b']]);
        expect((await store().listMapRuns(arn, {})).items).toEqual([
          runs[4],
          runs[1],
          { ...runs[2], ended },
          runs[3],
          runs[0],
        ]);
        expect((await store().listMapRuns(other, { limit: 5 })).items).toEqual([runs[5]]);
        expect(await store().listMapRuns(executionRecord().info.executionArn, {})).toEqual({ items: [] });
        await expect(store().listMapRuns(arn, { nextToken: 'bm9wZQ' })).rejects.toMatchObject({ name: 'InvalidToken' });
      });
    });

    describe('child executions', () => {
      it("creates a map run's child execution once, lists it by its map run alone and reads its history", async () => {
        const arn = await started(store());
        const parent = await store().getExecution(arn);
        const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:${arn.slice(-12)}`;
        const childSm = mapRunArn.slice(0, mapRunArn.lastIndexOf(':')).replace(':mapRun:', ':stateMachine:');
        const child = (index: number, status: 'RUNNING' | 'SUCCEEDED') => {
          const base = executionRecord({ stateMachineArn: childSm, name: `child-${index}-${arn.slice(-12)}` });
          return { ...base, status, mapRunArn, parent: { executionArn: arn, frameId: `root/1.0.${index}` } };
        };
        await store().putChildExecution(child(0, 'RUNNING'));
        await store().putChildExecution(child(1, 'RUNNING'));
        // A repeat (a redelivery) changes nothing, even after the child went on.
        expect(
          await store().updateExecution(child(0, 'RUNNING').info.executionArn, ['RUNNING'], { status: 'SUCCEEDED' }),
        ).toBe(true);
        await store().putChildExecution(child(0, 'RUNNING'));
        expect(await store().getExecution(child(0, 'RUNNING').info.executionArn)).toMatchObject({
          status: 'SUCCEEDED',
          mapRunArn,
          parent: { executionArn: arn, frameId: 'root/1.0.0' },
        });
        const listed = await store().listExecutions({ stateMachineArn: mapRunArn });
        expect(listed.items.map((e) => e.info.executionArn).sort()).toEqual(
          [child(0, 'RUNNING'), child(1, 'RUNNING')].map((c) => c.info.executionArn).sort(),
        );
        const succeeded = await store().listExecutions({ stateMachineArn: mapRunArn, status: 'SUCCEEDED' });
        expect(succeeded.items.map((e) => e.info.name)).toEqual([child(0, 'RUNNING').info.name]);
        expect((await store().listExecutions({ stateMachineArn: childSm })).items).toEqual([]);
        expect(
          (await store().listExecutions({ stateMachineArn: parent?.info.stateMachineArn ?? '' })).items,
        ).toHaveLength(1);

        // Its history is what its frame's records keep apart, not the parent's.
        const first = { ...frameRecord(arn, 'root/1.0.0', 1), childHistory: [event(1, 'ExecutionStarted', 0)] };
        const last = {
          ...frameRecord(arn, 'root/1.0.0', 2),
          childHistory: [event(2, 'PassStateEntered', 0), event(3, 'ExecutionSucceeded', 2)],
        };
        await store().commitFrame(first);
        await store().commitFrame(last);
        await store().commitFrame({
          ...frameRecord(arn, 'root/1.0.1', 1),
          childHistory: [event(1, 'ExecutionStarted', 0)],
        });
        expect((await store().readChildHistory(arn, 'root/1.0.0')).map((e) => [e.id, e.type])).toEqual([
          [1, 'ExecutionStarted'],
          [2, 'PassStateEntered'],
          [3, 'ExecutionSucceeded'],
        ]);
        expect(await store().loadFrame(arn, 'root/1.0.0')).toEqual(last);
        expect((await store().readHistory(arn)).map((e) => e.id)).toEqual([1]);
      });

      it("keeps the records of an execution's map runs' child executions with its own", async () => {
        const child = async (parentArn: string, index: number) => {
          const mapRunArn = `${parentArn.replace(':execution:', ':mapRun:')}/Each:${parentArn.slice(-12)}`;
          await store().putMapRun({
            mapRunArn,
            executionArn: parentArn,
            joinId: 'root/1.0',
            startDate: '2024-05-01T10:00:00.000Z',
            maxConcurrency: 0,
            total: 1,
            writesResults: false,
          });
          const childSm = mapRunArn.slice(0, mapRunArn.lastIndexOf(':')).replace(':mapRun:', ':stateMachine:');
          const base = executionRecord({ stateMachineArn: childSm, name: `kept-${index}-${parentArn.slice(-12)}` });
          const record = { ...base, mapRunArn, parent: { executionArn: parentArn, frameId: `root/1.0.${index}` } };
          await store().putChildExecution(record, 1_700_000_000_000);
          return record.info.executionArn;
        };
        const arn = await started(store());
        const other = await started(store());
        const kept = await child(arn, 0);
        const apart = await child(other, 0);
        await store().keepRecords(arn, 1_720_000_000_000);
        expect((await store().getExecution(kept))?.recordsKeptUntil).toBe(1_720_000_000_000);
        expect((await store().getExecution(apart))?.recordsKeptUntil).toBeUndefined();
        expect((await store().getExecution(arn))?.recordsKeptUntil).toBe(1_720_000_000_000);
      });

      it("reads a child's history with its nested frames', whose ids its counter starts after its own", async () => {
        const arn = await started(store());
        const mapRunArn = `${arn.replace(':execution:', ':mapRun:')}/Each:${arn.slice(-12)}`;
        const childSm = mapRunArn.slice(0, mapRunArn.lastIndexOf(':')).replace(':mapRun:', ':stateMachine:');
        const child = (index: number) => {
          const base = executionRecord({ stateMachineArn: childSm, name: `nested-${index}-${arn.slice(-12)}` });
          return { ...base, mapRunArn, parent: { executionArn: arn, frameId: `root/1.0.${index}` } };
        };
        const childArn = child(1).info.executionArn;
        await store().putChildExecution(child(1));
        await store().putChildExecution(child(10));
        /** A record of a frame inside child `index`'s execution (a nested Parallel's branch). */
        const nested = (frameId: string, index: number, childHistory: HistoryEvent[]): FrameRecord => {
          const record = frameRecord(arn, frameId, 1);
          const inChild = { frameId: `root/1.0.${index}`, executionArn: child(index).info.executionArn };
          return { ...record, frame: { ...record.frame, inChild }, childHistory };
        };
        await store().commitFrame({
          ...frameRecord(arn, 'root/1.0.1', 1),
          childHistory: [
            event(1, 'ExecutionStarted', 0),
            event(2, 'ParallelStateEntered', 0),
            event(3, 'ParallelStateStarted'),
          ],
        });
        // The first reservation starts the child's counter after its frame's last id; later ones go on.
        expect(await store().reserveEventIds(childArn, 2, undefined, 3)).toBe(4);
        expect(await store().reserveEventIds(childArn, 1, undefined, 3)).toBe(6);
        expect(await store().reserveEventIds(childArn, 1, undefined, 99)).toBe(7);
        await store().commitFrame(nested('root/1.0.1/2.0.1', 1, [event(6, 'PassStateEntered', 3)]));
        await store().commitFrame(
          nested('root/1.0.1/2.0.0', 1, [event(4, 'WaitStateEntered', 3), event(5, 'WaitStateExited')]),
        );
        await store().commitFrame({
          ...frameRecord(arn, 'root/1.0.1', 2),
          childHistory: [event(7, 'ParallelStateSucceeded', 3)],
        });
        // A sibling whose id extends this one's, and its own nested frame.
        await store().commitFrame({
          ...frameRecord(arn, 'root/1.0.10', 1),
          childHistory: [event(1, 'ExecutionStarted', 0)],
        });
        await store().commitFrame(nested('root/1.0.10/1.0.0', 10, [event(2, 'WaitStateEntered', 0)]));
        // A nested distributed Map's own child execution, inside child 1: a history of its own.
        const grandchild = frameRecord(arn, 'root/1.0.1/4.0.0', 1);
        await store().commitFrame({
          ...grandchild,
          frame: { ...grandchild.frame, detached: true, mapRunArn: `${mapRunArn}x` },
          childHistory: [event(1, 'ExecutionStarted', 0)],
        });
        expect((await store().readChildHistory(arn, 'root/1.0.1')).map((e) => [e.id, e.type])).toEqual([
          [1, 'ExecutionStarted'],
          [2, 'ParallelStateEntered'],
          [3, 'ParallelStateStarted'],
          [4, 'WaitStateEntered'],
          [5, 'WaitStateExited'],
          [6, 'PassStateEntered'],
          [7, 'ParallelStateSucceeded'],
        ]);
        expect((await store().readChildHistory(arn, 'root/1.0.10')).map((e) => e.id)).toEqual([1, 2]);
        expect((await store().readChildHistory(arn, 'root/1.0.1/4.0.0')).map((e) => e.id)).toEqual([1]);
        expect((await store().readHistory(arn)).map((e) => e.id)).toEqual([1]);
      });
    });

    describe('task tokens', () => {
      it('stores a token and returns it, and undefined for an unknown token', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        const record = { token, executionArn: arn, frameId: 'root', version: 3, heartbeatAt: 1_714_557_600_000 };
        await store().putTaskToken(record);
        expect(await store().getTaskToken(token)).toEqual(record);
        expect(await store().getTaskToken(`${token}-unknown`)).toBeUndefined();
      });

      it('resolves a token once: a second outcome is refused and the first kept', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root', version: 1, heartbeatAt: 0 });
        expect(await store().resolveTaskToken(token, { ok: true, output: { approved: true } })).toBe(true);
        expect(await store().resolveTaskToken(token, { ok: false, error: 'Rejected', cause: 'late' })).toBe(false);
        expect((await store().getTaskToken(token))?.outcome).toEqual({ ok: true, output: { approved: true } });
      });

      it('lets exactly one of concurrent resolutions win', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root', version: 1, heartbeatAt: 0 });
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store().resolveTaskToken(token, { ok: true, output: i })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store().getTaskToken(token))?.outcome).toEqual({ ok: true, output: results.indexOf(true) });
      });

      it('refuses to resolve an unknown token', async () => {
        expect(await store().resolveTaskToken(`unknown-${uniqueStateMachineArn()}`, { ok: true, output: 1 })).toBe(
          false,
        );
      });

      it('records a heartbeat and keeps the rest of the token', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root/1.0.0', version: 2, heartbeatAt: 1000 });
        await store().touchTaskToken(token, 61_000);
        expect(await store().getTaskToken(token)).toEqual({
          token,
          executionArn: arn,
          frameId: 'root/1.0.0',
          version: 2,
          heartbeatAt: 61_000,
        });
      });

      it('claims each poll of a .sync job for one message: a duplicate or an older poll is refused', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root', version: -1, heartbeatAt: 0 });
        expect(await store().claimJobPoll(token, 0, 'message-a')).toBe(true);
        // The same message delivered again (a crash after the claim) may go on; a duplicate may not.
        expect(await store().claimJobPoll(token, 0, 'message-a')).toBe(true);
        expect(await store().claimJobPoll(token, 0, 'message-b')).toBe(false);
        expect(await store().claimJobPoll(token, 1, 'message-c')).toBe(true);
        expect(await store().claimJobPoll(token, 0, 'message-a')).toBe(false);
        expect((await store().getTaskToken(token))?.jobPoll).toEqual({ poll: 1, messageId: 'message-c' });
        expect(await store().claimJobPoll(`${token}-unknown`, 0, 'message-a')).toBe(false);
      });

      it('lets exactly one of concurrent claims of a poll win', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root', version: -1, heartbeatAt: 0 });
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => store().claimJobPoll(token, 2, `message-${i}`)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('replaces a token record on a second put (the version it waits at moves on)', async () => {
        const arn = await started(store());
        const token = `token-${arn.slice(-12)}`;
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root', version: -1, heartbeatAt: 5 });
        await store().putTaskToken({ token, executionArn: arn, frameId: 'root', version: 4, heartbeatAt: 5 });
        expect((await store().getTaskToken(token))?.version).toBe(4);
      });
    });
  });
}
