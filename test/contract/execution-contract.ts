/**
 * The execution part of the {@link Store} contract: state machines, execution records (created once
 * per name, updated only from the given statuses) and their listing, newest first.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/runtime/ports.js';
import { executionRecord, frameRecord, uniqueStateMachineArn } from './fixtures.js';

/** Registers the execution tests; `started` creates an execution and returns its ARN. */
export function describeExecutionContract(store: () => Store, started: (store: Store) => Promise<string>): void {
  describe('state machines', () => {
    it('returns a registered state machine, the latest registration winning', async () => {
      const stateMachineArn = uniqueStateMachineArn();
      const name = stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1);
      const first = {
        stateMachineArn,
        name,
        definitionHash: 'hash-v1',
        type: 'STANDARD' as const,
        updatedAt: '2024-05-01T10:00:00.000Z',
      };
      await store().putStateMachine(first);
      expect(await store().getStateMachine(stateMachineArn)).toEqual(first);
      const second = {
        ...first,
        definitionHash: 'hash-v2',
        roleArn: 'arn:aws:iam::123456789012:role/R',
        updatedAt: '2024-05-02T10:00:00.000Z',
      };
      await store().putStateMachine(second);
      expect(await store().getStateMachine(stateMachineArn)).toEqual(second);
    });

    it('returns undefined for a state machine never registered', async () => {
      expect(await store().getStateMachine(uniqueStateMachineArn())).toBeUndefined();
    });
  });

  describe('executions', () => {
    it('creates an execution with its root frame when the name is new', async () => {
      const record = executionRecord({ input: { amount: 42 } });
      const arn = record.info.executionArn;
      const root = frameRecord(arn, 'root', 0, { eventIds: [1], causedBy: 'start' });
      expect(await store().createExecution(record, root)).toEqual({ created: true });
      expect(await store().getExecution(arn)).toEqual(record);
      expect(await store().loadFrame(arn, 'root')).toEqual(root);
    });

    it('keeps the history limit an execution is held to', async () => {
      const record = { ...executionRecord(), maxHistoryEvents: 25_000 };
      const arn = record.info.executionArn;
      await store().createExecution(record, frameRecord(arn, 'root', 0, { eventIds: [1] }));
      expect((await store().getExecution(arn))?.maxHistoryEvents).toBe(25_000);
    });

    it('returns the existing execution and keeps it when the name is taken', async () => {
      const first = executionRecord({ input: { attempt: 1 } });
      const arn = first.info.executionArn;
      const root = frameRecord(arn, 'root', 0, { eventIds: [1] });
      await store().createExecution(first, root);
      const second = { ...first, info: { ...first.info, input: { attempt: 2 } } };
      const again = await store().createExecution(second, frameRecord(arn, 'root', 0, { eventIds: [1, 2] }));
      expect(again).toEqual({ created: false, existing: first });
      expect(await store().getExecution(arn)).toEqual(first);
      expect(await store().loadFrame(arn, 'root')).toEqual(root);
    });

    it('creates an execution once when the same name is started concurrently', async () => {
      const record = executionRecord();
      const arn = record.info.executionArn;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store().createExecution(
            { ...record, info: { ...record.info, input: { attempt: i } } },
            frameRecord(arn, 'root', 0, { eventIds: [1], causedBy: `start-${i}` }),
          ),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.findIndex((r) => r.created);
      const stored = await store().getExecution(arn);
      expect(stored?.info.input).toEqual({ attempt: winner });
      for (const r of results) if (!r.created) expect(r.existing.info.input).toEqual({ attempt: winner });
      expect((await store().loadFrame(arn, 'root'))?.causedBy).toBe(`start-${winner}`);
    });

    it('returns undefined for an unknown execution', async () => {
      expect(await store().getExecution(executionRecord().info.executionArn)).toBeUndefined();
    });

    it('updates an execution whose status is one of the given statuses', async () => {
      const arn = await started(store());
      const ok = await store().updateExecution(arn, ['RUNNING'], {
        status: 'SUCCEEDED',
        output: { total: 3 },
        stopDate: '2024-05-01T10:05:00.000Z',
        expiresAt: 1_720_000_000_000,
      });
      expect(ok).toBe(true);
      const record = await store().getExecution(arn);
      expect(record?.status).toBe('SUCCEEDED');
      expect(record?.output).toEqual({ total: 3 });
      expect(record?.stopDate).toBe('2024-05-01T10:05:00.000Z');
      expect(record?.expiresAt).toBe(1_720_000_000_000);
    });

    it('leaves an execution unchanged and returns false when its status is not one of the given ones', async () => {
      const arn = await started(store());
      await store().updateExecution(arn, ['RUNNING'], { status: 'FAILED', error: 'E', cause: 'C' });
      expect(await store().updateExecution(arn, ['RUNNING'], { status: 'SUCCEEDED', output: 1 })).toBe(false);
      expect(await store().updateExecution(arn, ['SUCCEEDED', 'ABORTED'], { status: 'RUNNING' })).toBe(false);
      const record = await store().getExecution(arn);
      expect(record?.status).toBe('FAILED');
      expect(record?.output).toBeUndefined();
      expect(record?.error).toBe('E');
    });

    it('returns false when the execution does not exist', async () => {
      const arn = executionRecord().info.executionArn;
      expect(await store().updateExecution(arn, ['RUNNING'], { status: 'ABORTED' })).toBe(false);
      expect(await store().getExecution(arn)).toBeUndefined();
    });

    it('removes fields set to undefined and replaces the info (a redrive)', async () => {
      const arn = await started(store());
      await store().updateExecution(arn, ['RUNNING'], {
        status: 'FAILED',
        error: 'States.TaskFailed',
        cause: 'boom',
        stopDate: '2024-05-01T10:05:00.000Z',
        expiresAt: 1_720_000_000_000,
      });
      const before = await store().getExecution(arn);
      const info = { ...before!.info, redriveCount: 1 };
      const ok = await store().updateExecution(arn, ['FAILED', 'TIMED_OUT', 'ABORTED'], {
        status: 'RUNNING',
        error: undefined,
        cause: undefined,
        stopDate: undefined,
        expiresAt: undefined,
        info,
      });
      expect(ok).toBe(true);
      const after = await store().getExecution(arn);
      expect(after).toEqual({ info, definitionHash: before?.definitionHash, status: 'RUNNING' });
      expect(after?.error).toBeUndefined();
      expect(after?.cause).toBeUndefined();
      expect(after?.stopDate).toBeUndefined();
      expect(after?.expiresAt).toBeUndefined();
    });

    it("records the time until which keepRecords keeps the execution's records, whatever its status", async () => {
      const arn = await started(store());
      await store().keepRecords(arn, 1_720_000_000_000);
      expect((await store().getExecution(arn))?.recordsKeptUntil).toBe(1_720_000_000_000);
      await store().updateExecution(arn, ['RUNNING'], { status: 'SUCCEEDED', expiresAt: 1_710_000_000_000 });
      await store().keepRecords(arn, 1_710_000_000_000, 1_710_086_400_000);
      expect(await store().getExecution(arn)).toMatchObject({
        status: 'SUCCEEDED',
        expiresAt: 1_710_000_000_000,
        recordsKeptUntil: 1_710_000_000_000,
      });
    });

    it('lets exactly one of concurrent updates from RUNNING win', async () => {
      const arn = await started(store());
      const outcomes = await Promise.all(
        ['SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'].map((status) =>
          store().updateExecution(arn, ['RUNNING'], { status: status as 'SUCCEEDED' }),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = ['SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'][outcomes.indexOf(true)];
      expect((await store().getExecution(arn))?.status).toBe(winner);
    });
  });

  describe('listExecutions', () => {
    /** Five executions of one state machine, started a minute apart, oldest first. */
    async function fiveExecutions(): Promise<{ stateMachineArn: string; arns: string[] }> {
      const stateMachineArn = uniqueStateMachineArn();
      const arns: string[] = [];
      for (let i = 0; i < 5; i++) {
        const record = executionRecord({ stateMachineArn, startTime: `2024-05-01T10:0${i}:00.000Z` });
        await store().createExecution(record, frameRecord(record.info.executionArn, 'root', 0, { eventIds: [1] }));
        arns.push(record.info.executionArn);
      }
      return { stateMachineArn, arns };
    }

    it('lists a state machine executions newest first, and no others', async () => {
      const { stateMachineArn, arns } = await fiveExecutions();
      await started(store());
      const page = await store().listExecutions({ stateMachineArn });
      expect(page.items.map((r) => r.info.executionArn)).toEqual([...arns].reverse());
      expect(page.nextToken).toBeUndefined();
    });

    it('filters by status', async () => {
      const { stateMachineArn, arns } = await fiveExecutions();
      await store().updateExecution(arns[1]!, ['RUNNING'], { status: 'SUCCEEDED', output: 1 });
      await store().updateExecution(arns[3]!, ['RUNNING'], { status: 'SUCCEEDED', output: 3 });
      await store().updateExecution(arns[4]!, ['RUNNING'], { status: 'FAILED' });
      const succeeded = await store().listExecutions({ stateMachineArn, status: 'SUCCEEDED' });
      expect(succeeded.items.map((r) => r.info.executionArn)).toEqual([arns[3], arns[1]]);
      const running = await store().listExecutions({ stateMachineArn, status: 'RUNNING' });
      expect(running.items.map((r) => r.info.executionArn)).toEqual([arns[2], arns[0]]);
      expect((await store().listExecutions({ stateMachineArn, status: 'ABORTED' })).items).toEqual([]);
    });

    it('pages with limit and nextToken, newest first, until the token is absent', async () => {
      const { stateMachineArn, arns } = await fiveExecutions();
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await store().listExecutions({ stateMachineArn, limit: 2, nextToken });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((r) => r.info.executionArn));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken !== undefined && pages < 10);
      expect(seen).toEqual([...arns].reverse());
      expect(pages).toBe(3);
    });
  });
}
