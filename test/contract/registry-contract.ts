/**
 * The {@link Registry} port's contract, written once and run against every adapter: the in-memory
 * registry (`memory.test.ts`), the SQLite one of `stepstone dev` (`sqlite.test.ts`) and the DynamoDB
 * one (`test/integration/aws-contract.test.ts`). The registry lists the state machines its store
 * registers, so a factory gives both.
 *
 * Every test names its own state machines and activities, so an adapter may share one table or file
 * across the suite (listings are checked for what the test put, not for being alone).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateMachineRecord, Store } from '../../src/runtime/ports.js';
import type {
  ActivityTaskRecord,
  Registry,
  StateMachineAliasRecord,
  StateMachineVersionRecord,
} from '../../src/runtime/registry.js';
import { allPages } from '../../src/runtime/state-machines.js';
import { uniqueStateMachineArn } from './fixtures.js';

/** What a registry factory gives the suite. */
export interface RegistryUnderTest {
  readonly store: Store;
  readonly registry: Registry;
  readonly cleanup?: () => Promise<void>;
}

function machine(arn = uniqueStateMachineArn()): StateMachineRecord {
  return {
    stateMachineArn: arn,
    name: arn.slice(arn.lastIndexOf(':') + 1),
    definitionHash: 'def0123456789abcdef0123456789abc',
    type: 'STANDARD',
    updatedAt: '2024-05-01T10:00:00.000Z',
    creationDate: '2024-05-01T10:00:00.000Z',
    revisionId: 'rev-1',
  };
}

function version(stateMachineArn: string, n: number): StateMachineVersionRecord {
  return {
    stateMachineVersionArn: `${stateMachineArn}:${n}`,
    stateMachineArn,
    version: n,
    definitionHash: `hash-${n}`,
    type: 'STANDARD',
    revisionId: `rev-${n}`,
    creationDate: `2024-05-0${n}T10:00:00.000Z`,
  };
}

function alias(stateMachineArn: string, name: string, versions: number[]): StateMachineAliasRecord {
  return {
    stateMachineAliasArn: `${stateMachineArn}:${name}`,
    stateMachineArn,
    name,
    routingConfiguration: versions.map((n, i) => ({
      stateMachineVersionArn: `${stateMachineArn}:${n}`,
      weight: i === 0 ? 100 - 10 * (versions.length - 1) : 10,
    })),
    creationDate: '2024-05-01T10:00:00.000Z',
    updateDate: '2024-05-01T10:00:00.000Z',
  };
}

function activityArn(): string {
  return `arn:aws:states:us-east-1:123456789012:activity:contract-${randomUUID().slice(0, 8)}`;
}

/** Registers the Registry contract suite for one adapter. */
export function describeRegistryContract(name: string, create: () => Promise<RegistryUnderTest>): void {
  describe(`Registry contract: ${name}`, () => {
    let subject: RegistryUnderTest;
    const registry = (): Registry => subject.registry;
    beforeAll(async () => {
      subject = await create();
    });
    afterAll(async () => {
      await subject?.cleanup?.();
    });

    describe('state machines', () => {
      it('lists the state machines the store registered, page by page, and forgets a deleted one', async () => {
        const records = [machine(), machine(), machine()];
        for (const record of records) await subject.store.putStateMachine(record);
        const listed = await allPages((nextToken) => registry().listStateMachines({ limit: 1, nextToken }));
        const mine = listed.filter((m) => records.some((r) => r.stateMachineArn === m.stateMachineArn));
        expect(mine).toHaveLength(3);
        expect(mine[0]).toEqual(records.find((r) => r.stateMachineArn === mine[0]?.stateMachineArn));
        await registry().deleteStateMachine(records[1]!.stateMachineArn);
        expect(await subject.store.getStateMachine(records[1]!.stateMachineArn)).toBeUndefined();
        const after = await allPages((nextToken) => registry().listStateMachines({ nextToken }));
        expect(after.map((m) => m.stateMachineArn)).not.toContain(records[1]!.stateMachineArn);
      });
    });

    describe('versions', () => {
      it('hands out version numbers 1, 2, … per state machine, never twice', async () => {
        const a = uniqueStateMachineArn();
        const b = uniqueStateMachineArn();
        const numbers = await Promise.all(Array.from({ length: 5 }, () => registry().nextVersionNumber(a)));
        expect([...numbers].sort()).toEqual([1, 2, 3, 4, 5]);
        expect(await registry().nextVersionNumber(b)).toBe(1);
      });

      it('stores versions and lists them newest first, page by page', async () => {
        const arn = uniqueStateMachineArn();
        await subject.store.putStateMachine(machine(arn));
        for (const n of [1, 2, 3]) await registry().putVersion(version(arn, n));
        expect(await registry().getVersion(`${arn}:2`)).toEqual(version(arn, 2));
        expect(await registry().getVersion(`${arn}:9`)).toBeUndefined();
        const listed = await allPages((nextToken) => registry().listVersions(arn, { limit: 2, nextToken }));
        expect(listed.map((v) => v.version)).toEqual([3, 2, 1]);
        await registry().deleteVersion(`${arn}:2`);
        expect((await registry().listVersions(arn, {})).items.map((v) => v.version)).toEqual([3, 1]);
      });

      it('deletes the versions and aliases of a deleted state machine', async () => {
        const arn = uniqueStateMachineArn();
        await subject.store.putStateMachine(machine(arn));
        await registry().putVersion(version(arn, 1));
        await registry().putAlias(alias(arn, 'live', [1]));
        await registry().deleteStateMachine(arn);
        expect(await registry().getVersion(`${arn}:1`)).toBeUndefined();
        expect(await registry().getAlias(`${arn}:live`)).toBeUndefined();
        expect((await registry().listVersions(arn, {})).items).toEqual([]);
      });
    });

    describe('aliases', () => {
      it('stores, replaces, lists by name and deletes aliases', async () => {
        const arn = uniqueStateMachineArn();
        await registry().putAlias(alias(arn, 'prod', [1]));
        await registry().putAlias(alias(arn, 'beta', [2, 1]));
        expect(await registry().getAlias(`${arn}:beta`)).toEqual(alias(arn, 'beta', [2, 1]));
        await registry().putAlias(alias(arn, 'prod', [2]));
        expect((await registry().getAlias(`${arn}:prod`))?.routingConfiguration).toEqual([
          { stateMachineVersionArn: `${arn}:2`, weight: 100 },
        ]);
        const listed = await allPages((nextToken) => registry().listAliases(arn, { limit: 1, nextToken }));
        expect(listed.map((a) => a.name)).toEqual(['beta', 'prod']);
        await registry().deleteAlias(`${arn}:beta`);
        expect(await registry().getAlias(`${arn}:beta`)).toBeUndefined();
      });
    });

    describe('activities', () => {
      it('creates an activity once and returns the first record to a second create', async () => {
        const arn = activityArn();
        const first = { activityArn: arn, name: 'worker', creationDate: '2024-05-01T10:00:00.000Z' };
        expect(await registry().createActivity(first)).toEqual(first);
        expect(await registry().createActivity({ ...first, creationDate: '2025-01-01T00:00:00.000Z' })).toEqual(first);
        expect(await registry().getActivity(arn)).toEqual(first);
        const listed = await allPages((nextToken) => registry().listActivities({ limit: 1, nextToken }));
        expect(listed.map((a) => a.activityArn)).toContain(arn);
        await registry().deleteActivity(arn);
        expect(await registry().getActivity(arn)).toBeUndefined();
      });

      it('hands each activity task to exactly one worker, oldest first', async () => {
        const arn = activityArn();
        const task = (n: number): ActivityTaskRecord => ({
          activityArn: arn,
          token: `token-${arn.slice(-8)}-${n}`,
          input: `{"n":${n}}`,
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e',
          frameId: 'root',
          scheduledAt: 1_000 + n,
          timeoutSeconds: 60,
        });
        await registry().scheduleActivityTask(task(2));
        await registry().scheduleActivityTask(task(1));
        await registry().scheduleActivityTask(task(1));
        expect(await registry().pendingActivityTasks(arn, 10)).toEqual([task(1), task(2)]);
        const claims = await Promise.all(Array.from({ length: 4 }, () => registry().claimActivityTask(task(1).token)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await registry().pendingActivityTasks(arn, 10)).toEqual([task(2)]);
        expect(await registry().claimActivityTask('unknown-token')).toBe(false);
      });
    });

    describe('tags', () => {
      it('adds, overwrites, lists and removes tags', async () => {
        const arn = uniqueStateMachineArn();
        expect(await registry().listTags(arn)).toEqual({});
        await registry().tagResource(arn, { team: 'orders', stage: 'dev' });
        await registry().tagResource(arn, { stage: 'prod' });
        expect(await registry().listTags(arn)).toEqual({ team: 'orders', stage: 'prod' });
        await registry().untagResource(arn, ['team', 'absent']);
        expect(await registry().listTags(arn)).toEqual({ stage: 'prod' });
      });
    });
  });
}
