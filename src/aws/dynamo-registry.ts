/**
 * The {@link Registry} on the Stepstone table, beside the {@link DynamoStore}: versions, aliases and
 * the version counter share the state machine's partition (`SM#<arn>`), activities and their waiting
 * tasks the activity's (`ACTIVITY#<arn>`), tags one item per tag (`TAGS#<arn>`). State machines and
 * activities are listed through the GSI `gsi1` (`gsi1pk` `STATE_MACHINES` / `ACTIVITIES`, sorted by
 * ARN); the index projects only keys, so a page is read back with one `BatchGetItem`. The layout is in
 * docs/architecture.md, "DynamoDB table design".
 *
 * @example
 * const registry = new DynamoRegistry({ tableName: 'stepstone' });
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { InvalidToken } from '../runtime/errors.js';
import type { Page, StateMachineRecord } from '../runtime/ports.js';
import type {
  ActivityRecord,
  ActivityTaskRecord,
  PageQuery,
  Registry,
  StateMachineAliasRecord,
  StateMachineVersionRecord,
  Tags,
} from '../runtime/registry.js';
import { decodeJson, encodeJson } from './codec.js';
import type { Item } from './dynamo-items.js';
import { LISTINGS, registryKeys, type TableKey } from './dynamo-keys.js';
import { EXECUTIONS_INDEX } from './dynamo-table.js';

/** Options of {@link DynamoRegistry}. */
export interface DynamoRegistryOptions {
  readonly tableName: string;
  /** @default new DynamoDBClient({}) — the standard SDK configuration */
  readonly client?: DynamoDBClient;
  /** Seconds an activity task's items are kept (TTL). @default 39312000 (455 days) */
  readonly recordRetentionSeconds?: number;
}

/** A registry on one DynamoDB table. */
export class DynamoRegistry implements Registry {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly retentionSeconds: number;

  constructor(options: DynamoRegistryOptions) {
    this.table = options.tableName;
    this.doc = DynamoDBDocumentClient.from(options.client ?? new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.retentionSeconds = options.recordRetentionSeconds ?? 455 * 24 * 3600;
  }

  async listStateMachines(query: PageQuery): Promise<Page<StateMachineRecord>> {
    const page = await this.listing(LISTINGS.stateMachines, query);
    const items = await this.batchGet(page.items);
    return {
      items: page.items.flatMap((key) => {
        const item = items.get(`${key.pk}|${key.sk}`);
        if (item === undefined) return [];
        const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
        return [record as unknown as StateMachineRecord];
      }),
      nextToken: page.nextToken,
    };
  }

  async deleteStateMachine(stateMachineArn: string): Promise<void> {
    const keys: TableKey[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const response = await this.query({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': registryKeys.stateMachinePk(stateMachineArn) },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: start,
      });
      for (const item of response.Items ?? []) keys.push({ pk: String(item.pk), sk: String(item.sk) });
      start = response.LastEvaluatedKey;
    } while (start !== undefined);
    await this.batchWrite(keys.map((Key) => ({ DeleteRequest: { Key } })));
  }

  async nextVersionNumber(stateMachineArn: string): Promise<number> {
    const response = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: registryKeys.versionCounter(stateMachineArn),
        UpdateExpression: 'ADD #last :one',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(response.Attributes?.last);
  }

  async putVersion(record: StateMachineVersionRecord): Promise<void> {
    await this.putRecord(registryKeys.version(record.stateMachineArn, record.version), record);
  }

  async getVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined> {
    const key = registryKeys.versionOfArn(stateMachineVersionArn);
    return key === undefined ? undefined : this.getRecord(key);
  }

  async listVersions(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineVersionRecord>> {
    return this.records(registryKeys.stateMachinePk(stateMachineArn), registryKeys.VERSION_PREFIX, false, query);
  }

  async deleteVersion(stateMachineVersionArn: string): Promise<void> {
    const key = registryKeys.versionOfArn(stateMachineVersionArn);
    if (key !== undefined) await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }

  async putAlias(record: StateMachineAliasRecord): Promise<void> {
    await this.putRecord(registryKeys.alias(record.stateMachineArn, record.name), record);
  }

  async getAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined> {
    const key = registryKeys.aliasOfArn(stateMachineAliasArn);
    return key === undefined ? undefined : this.getRecord(key);
  }

  async listAliases(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineAliasRecord>> {
    return this.records(registryKeys.stateMachinePk(stateMachineArn), registryKeys.ALIAS_PREFIX, true, query);
  }

  async deleteAlias(stateMachineAliasArn: string): Promise<void> {
    const key = registryKeys.aliasOfArn(stateMachineAliasArn);
    if (key !== undefined) await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }

  async createActivity(record: ActivityRecord): Promise<ActivityRecord> {
    const key = registryKeys.activity(record.activityArn);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, gsi1pk: LISTINGS.activities, gsi1sk: record.activityArn, record: await encodeJson(record) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getRecord<ActivityRecord>(key)) ?? record;
    }
  }

  async getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.getRecord(registryKeys.activity(activityArn));
  }

  async listActivities(query: PageQuery): Promise<Page<ActivityRecord>> {
    const page = await this.listing(LISTINGS.activities, query);
    const items = await this.batchGet(page.items);
    return {
      items: page.items.flatMap((key) => {
        const item = items.get(`${key.pk}|${key.sk}`);
        return item === undefined ? [] : [decodeJson(item.record) as ActivityRecord];
      }),
      nextToken: page.nextToken,
    };
  }

  async deleteActivity(activityArn: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: registryKeys.activity(activityArn) }));
  }

  async scheduleActivityTask(task: ActivityTaskRecord): Promise<void> {
    const key = registryKeys.activityTask(task.activityArn, task.scheduledAt, task.token);
    const expiresAt = Math.ceil(task.scheduledAt / 1000) + this.retentionSeconds;
    await this.batchWrite([
      { PutRequest: { Item: { ...key, record: await encodeJson(task), expiresAt } } },
      {
        PutRequest: {
          Item: { ...registryKeys.activityTaskPointer(task.token), taskPk: key.pk, taskSk: key.sk, expiresAt },
        },
      },
    ]);
  }

  async pendingActivityTasks(activityArn: string, limit: number): Promise<ActivityTaskRecord[]> {
    const tasks: ActivityTaskRecord[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const response = await this.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(claimed)',
        ExpressionAttributeValues: {
          ':pk': registryKeys.activity(activityArn).pk,
          ':prefix': registryKeys.TASK_PREFIX,
        },
        ExclusiveStartKey: start,
      });
      for (const item of response.Items ?? []) tasks.push(decodeJson(item.record) as ActivityTaskRecord);
      start = response.LastEvaluatedKey;
    } while (start !== undefined && tasks.length < limit);
    return tasks.slice(0, limit);
  }

  async claimActivityTask(token: string): Promise<boolean> {
    const pointer = await this.get(registryKeys.activityTaskPointer(token));
    if (pointer === undefined) return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: String(pointer.taskPk), sk: String(pointer.taskSk) },
          UpdateExpression: 'SET claimed = :yes',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(claimed)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async tagResource(resourceArn: string, tags: Tags): Promise<void> {
    await this.batchWrite(
      Object.entries(tags).map(([key, value]) => ({
        PutRequest: { Item: { ...registryKeys.tag(resourceArn, key), value } },
      })),
    );
  }

  async untagResource(resourceArn: string, keys: readonly string[]): Promise<void> {
    await this.batchWrite(keys.map((key) => ({ DeleteRequest: { Key: registryKeys.tag(resourceArn, key) } })));
  }

  async listTags(resourceArn: string): Promise<Tags> {
    const tags: Record<string, string> = {};
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const response = await this.query({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': registryKeys.tag(resourceArn, '').pk },
        ExclusiveStartKey: start,
      });
      for (const item of response.Items ?? [])
        tags[String(item.sk).slice(registryKeys.TAG_PREFIX.length)] = String(item.value);
      start = response.LastEvaluatedKey;
    } while (start !== undefined);
    return tags;
  }

  private async putRecord(key: TableKey, record: unknown): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...key, record: await encodeJson(record) } }));
  }

  private async getRecord<T>(key: TableKey): Promise<T | undefined> {
    const item = await this.get(key);
    return item === undefined ? undefined : (decodeJson(item.record) as T);
  }

  private async get(key: TableKey): Promise<Item | undefined> {
    const response = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return response.Item;
  }

  /** A page of the records under `pk` whose sort key starts with `prefix`. */
  private async records<T>(pk: string, prefix: string, ascending: boolean, query: PageQuery): Promise<Page<T>> {
    const response = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: ascending,
      Limit: Math.max(1, query.limit ?? 100),
      ExclusiveStartKey: startKey(query.nextToken),
    });
    return {
      items: (response.Items ?? []).map((item) => decodeJson(item.record) as T),
      nextToken: tokenOf(response.LastEvaluatedKey),
    };
  }

  /** A page of the keys listed under a `gsi1pk`, by ARN. */
  private async listing(listing: string, query: PageQuery): Promise<Page<TableKey>> {
    const limit = Math.max(1, query.limit ?? 100);
    const keys: TableKey[] = [];
    let start = startKey(query.nextToken);
    do {
      const response = await this.query({
        IndexName: EXECUTIONS_INDEX,
        KeyConditionExpression: 'gsi1pk = :listing',
        ExpressionAttributeValues: { ':listing': listing },
        Limit: limit - keys.length,
        ExclusiveStartKey: start,
      });
      for (const item of response.Items ?? []) keys.push({ pk: String(item.pk), sk: String(item.sk) });
      start = response.LastEvaluatedKey;
    } while (start !== undefined && keys.length < limit);
    return { items: keys, nextToken: tokenOf(start) };
  }

  private query(input: Omit<QueryCommandInput, 'TableName'>) {
    return this.doc.send(new QueryCommand({ TableName: this.table, ...input }));
  }

  private async batchGet(keys: readonly TableKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
      while (pending !== undefined && pending.length > 0) {
        const response: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of response.Responses?.[this.table] ?? []) found.set(`${item.pk}|${item.sk}`, item);
        pending = response.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  private async batchWrite(requests: readonly Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: Record<string, unknown>[] | undefined = requests.slice(i, i + 25) as Record<string, unknown>[];
      while (pending !== undefined && pending.length > 0) {
        const response = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = response.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      }
    }
  }
}

function tokenOf(key: Record<string, NativeAttributeValue> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
}

function startKey(token: string | undefined): Record<string, NativeAttributeValue> | undefined {
  if (token === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString()) as unknown;
    if (key !== null && typeof key === 'object' && !Array.isArray(key))
      return key as Record<string, NativeAttributeValue>;
  } catch {
    // fall through
  }
  throw new InvalidToken(token);
}
