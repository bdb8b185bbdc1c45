/**
 * The {@link Store} on one DynamoDB table. A commit is one conditional put of an immutable frame
 * record keyed by version (`attribute_not_exists(sk)`): the put *is* the conditional write, and the
 * newest record is the frame's state. Event ids come from a small counter item, so reserving them
 * costs one write unit whatever the size of the execution. The one transaction is the join, where a
 * child's result and the join's counts must change together. Reads the runtime's correctness depends
 * on (frames, executions, counts, tokens) are strongly consistent. The layout, its costs and the TTL
 * policy are in docs/architecture.md, "DynamoDB table design".
 *
 * Endpoints and credentials come from the standard SDK configuration (`AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_REGION`, …): pass no client, or one built from it.
 *
 * @example
 * const store = new DynamoStore({ tableName: 'stepstone' });
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ChildResult, HistoryEvent } from '../engine/types.js';
import { InvalidToken } from '../runtime/errors.js';
import type {
  CommitResult,
  ExecutionRecord,
  ExecutionStatus,
  FrameRecord,
  HistoryPage,
  HistoryPageQuery,
  ItemPage,
  JoinCounts,
  MapRunEnd,
  MapRunRecord,
  Page,
  PayloadStore,
  StateMachineRecord,
  Store,
  TaskTokenRecord,
} from '../runtime/ports.js';
import { mapRunOrder } from '../runtime/ports.js';
import { decodeJson, decodeText, encodeJson, encodeText, itemSize, MAX_ITEM_BYTES } from './codec.js';
import {
  checkSize,
  childHistoryOfItem,
  eventsOfItem,
  executionFromItem,
  executionItem,
  frameFromItem,
  frameItem,
  historyRunItems,
  type Item,
  joinResultItem,
  tokenFromItem,
  ttlSeconds,
} from './dynamo-items.js';
import {
  ALL_FRAMES_PREFIX,
  executionPk,
  frameKeyOfRun,
  framePrefix,
  historyIndexPk,
  historyRunBound,
  historyRunOfGsiKey,
  itemPagePrefix,
  joinResultKey,
  joinResultPrefix,
  keys,
  LISTINGS,
  MAP_RUN_MARKER_PREFIX,
  mapRunOfMarker,
  type TableKey,
} from './dynamo-keys.js';
import { EXECUTIONS_INDEX } from './dynamo-table.js';
import { transactWrite } from './dynamo-transact.js';
import { ConfigurationError, FrameVersionSkippedError, ItemTooLargeError } from './errors.js';

/** Capacity one store operation consumed, as DynamoDB reported it. */
export interface CapacityUsage {
  /** The store method, e.g. `commitFrame`. */
  readonly operation: string;
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** Options of {@link DynamoStore}. */
export interface DynamoStoreOptions {
  /** The table (see {@link createDynamoTable}). */
  readonly tableName: string;
  /** @default new DynamoDBClient({}) — the standard SDK configuration */
  readonly client?: DynamoDBClient;
  /**
   * Seconds a per-execution item is kept after it is written, through TTL, when its writer gives it
   * no TTL of its own: task tokens, and records written without one (the runtime gives every frame
   * record, counter and join its own: `recordExpiry` in src/runtime/retention.ts).
   * @default 39312000 (455 days: Step Functions' one-year maximum execution time plus 90 days)
   */
  readonly recordRetentionSeconds?: number;
  /** Epoch ms, for the TTL of new items. @default Date.now */
  readonly now?: () => number;
  /** Called with the capacity each operation consumed (metering, benchmarks). */
  readonly onConsumedCapacity?: (usage: CapacityUsage) => void;
  /**
   * Where items too large for the table keep their payloads (an S3 bucket: {@link S3PayloadStore}).
   * An item over `aboveBytes` (as DynamoDB sizes it, after compression) moves its payload attributes
   * — a frame record's body, an execution's input and output, a child's result — there, largest
   * first, until it is within `aboveBytes`, and keeps their keys (`bodyRef`, …). Each object is
   * written before the item that names it. Items within `aboveBytes` are written as without it.
   * @default none: an item over 400 KB is refused with {@link ItemTooLargeError}
   */
  readonly payloads?: { readonly store: PayloadStore /** @default 262144 (256 KiB) */; readonly aboveBytes?: number };
}

/** Attributes holding encoded JSON that a store with a payload store may keep there instead. */
const PAYLOAD_ATTRIBUTES = ['body', 'info', 'output', 'result'] as const;

/** The attribute that names the payload store's key of an attribute kept there. */
function refOf(attribute: string): string {
  return `${attribute}Ref`;
}

/** Entries of the known-version memo before the oldest are dropped. */
const KNOWN_VERSIONS_LIMIT = 10_000;
/**
 * The most children a join lists in its counts item, in the order they were counted. Each index
 * takes 2–5 bytes there, so the item stays within a few KB (a count of the last children costs 3–4
 * write units, about what the transaction of a bigger join costs).
 */
export const ORDERED_JOIN_LIMIT = 1_000;
/** TTL updates in flight at once when `keepRecords` changes an execution's records. */
const KEEP_RECORDS_CONCURRENCY = 16;

/** A store on one DynamoDB table. */
export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly onCapacity: ((usage: CapacityUsage) => void) | undefined;
  private readonly payloads: PayloadStore | undefined;
  private readonly offloadAboveBytes: number;
  private readonly knownDefinitions = new Set<string>();
  /**
   * Newest version seen of each frame. Records are immutable and versions contiguous, so a version
   * seen once exists for good: a commit of v + 1 needs no read to know that v exists.
   */
  private readonly knownVersions = new Map<string, number>();

  constructor(options: DynamoStoreOptions) {
    this.table = options.tableName;
    this.doc = DynamoDBDocumentClient.from(options.client ?? new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.retentionMs = (options.recordRetentionSeconds ?? 455 * 24 * 3600) * 1000;
    this.now = options.now ?? Date.now;
    this.onCapacity = options.onConsumedCapacity;
    this.payloads = options.payloads?.store;
    this.offloadAboveBytes = options.payloads?.aboveBytes ?? 262_144;
  }

  async putDefinition(hash: string, definition: string): Promise<void> {
    if (this.knownDefinitions.has(hash)) return;
    // An eventually consistent read costs a tenth of a write: skip the put when it is stored already.
    const existing = await this.get('putDefinition', keys.definition(hash), false);
    if (existing === undefined) {
      const item = { ...keys.definition(hash), definition: await encodeText(definition) };
      checkSize(item, `definition ${hash}`);
      await this.put('putDefinition', item);
    }
    this.knownDefinitions.add(hash);
  }

  async getDefinition(hash: string): Promise<string | undefined> {
    const item = await this.get('getDefinition', keys.definition(hash), true);
    return item === undefined ? undefined : decodeText(item.definition);
  }

  async putStateMachine(record: StateMachineRecord): Promise<void> {
    // Listed by the registry through the GSI, by ARN.
    await this.put('putStateMachine', {
      ...keys.stateMachine(record.stateMachineArn),
      gsi1pk: LISTINGS.stateMachines,
      gsi1sk: record.stateMachineArn,
      ...record,
    });
  }

  async getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    const item = await this.get('getStateMachine', keys.stateMachine(stateMachineArn), true);
    if (item === undefined) return undefined;
    const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...record } = item;
    return record as unknown as StateMachineRecord;
  }

  async createExecution(
    record: ExecutionRecord,
    root: FrameRecord,
  ): Promise<{ created: true } | { created: false; existing: ExecutionRecord }> {
    const arn = record.info.executionArn;
    const expiresAt = root.expiresAt === undefined ? this.recordExpiry() : ttlSeconds(root.expiresAt);
    const [execution, frame] = await Promise.all([
      executionItem(record).then((item) => this.offload(item)),
      frameItem(root, expiresAt).then((item) => this.offload(item)),
    ]);
    checkSize(execution, `execution item of ${arn}`);
    checkSize(frame, `frame record ${root.frameId} v${root.version} of ${arn}`);
    await this.putHistoryRuns('createExecution', root, expiresAt);
    const lastId = root.events.reduce((max, e) => Math.max(max, e.id), 0);
    const outcome = await transactWrite(
      this.doc,
      {
        TransactItems: [
          { Put: { TableName: this.table, Item: execution, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.table, Item: frame, ConditionExpression: 'attribute_not_exists(sk)' } },
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.counter(arn), last: lastId, expiresAt },
              ConditionExpression: 'attribute_not_exists(sk)',
            },
          },
        ],
        ReturnConsumedCapacity: this.capacityMode(),
      },
      { onConsumed: (units) => this.meter('createExecution', 0, units) },
    );
    if (outcome.ok) {
      this.remember(arn, root.frameId, root.version);
      return { created: true };
    }
    const existing = await this.getExecution(arn);
    if (existing !== undefined) return { created: false, existing };
    throw new Error(
      `cannot create ${arn}: records of an earlier execution of that name remain until their TTL expires`,
    );
  }

  async putChildExecution(record: ExecutionRecord, expiresAt?: number): Promise<void> {
    const kept = expiresAt === undefined ? record : { ...record, expiresAt };
    const item = await this.offload(await executionItem(kept));
    checkSize(item, `execution item of ${record.info.executionArn}`);
    try {
      await this.put('putChildExecution', item, 'attribute_not_exists(pk)');
    } catch (error) {
      // Created by an earlier delivery: it stands, however the child went on since.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const item = await this.get('getExecution', keys.execution(executionArn), true);
    return item === undefined ? undefined : executionFromItem(await this.resolve(item));
  }

  async updateExecution(
    executionArn: string,
    from: readonly ExecutionStatus[],
    update: Partial<Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'stopDate' | 'expiresAt' | 'info'>>,
  ): Promise<boolean> {
    if (from.length === 0) return false;
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, NativeAttributeValue> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    for (const [field, value] of Object.entries(update)) {
      names[`#${field}`] = field;
      const payload = field === 'output' || field === 'info';
      if (payload) {
        // Whichever of the value and its key is not written goes: a redrive may replace either.
        names[`#${refOf(field)}`] = refOf(field);
      }
      if (value === undefined) {
        removes.push(`#${field}`);
        if (payload) removes.push(`#${refOf(field)}`);
        continue;
      }
      if (payload) {
        // The item's other payload (input beside output) may be as large: each gets half of it.
        const kept = await this.offload({ [field]: await encodeJson(value) }, this.offloadAboveBytes / 2);
        const written = kept[field] === undefined ? refOf(field) : field;
        removes.push(`#${written === field ? refOf(field) : field}`);
        sets.push(`#${written} = :${written}`);
        values[`:${written}`] = kept[written];
        continue;
      }
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = field === 'expiresAt' ? ttlSeconds(value as number) : value;
    }
    from.forEach((status, i) => {
      values[`:from${i}`] = status;
    });
    const clauses = [
      sets.length > 0 ? `SET ${sets.join(', ')}` : '',
      removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
    ]
      .filter((c) => c !== '')
      .join(' ');
    if (clauses === '') {
      const current = await this.getExecution(executionArn);
      return current !== undefined && from.includes(current.status);
    }
    checkSize(values, `update of the execution item of ${executionArn}`);
    return this.conditionalUpdate('updateExecution', {
      TableName: this.table,
      Key: keys.execution(executionArn),
      UpdateExpression: clauses,
      ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /**
   * One `Query` of the execution's partition (keys and TTL only), then an `UpdateItem SET expiresAt`
   * of each item whose TTL is before `until` (or after `atMost`), 16 at a time (a map run's marker
   * brings its map run's record along), then the execution
   * item's `recordsKeptUntil`. Items are written with a TTL already right for an execution that ends
   * within a day of its start (`recordExpiry` in src/runtime/retention.ts), so only a longer one
   * comes here: 1 RRU per 4 KB read and 1 WRU per KB of each item changed. An execution with map runs
   * (their markers in its partition) also has each run's child executions' records refreshed: one
   * `Query` of the run's index entries (keys only, about 400 bytes each: a page per some 2,500
   * children), then an `UpdateItem` of each child's item, conditional on its TTL being out of bounds
   * (a refused one costs its writes too: the index does not hold the TTL to choose from). The
   * event-id counter of a STANDARD child that started frames of its own (a nested Parallel or Map
   * that waits) is in the child's partition: the records of the child's frame in this partition name
   * it (`counterOf`), and it gets one conditional `UpdateItem` as well; a child without one costs
   * nothing more.
   */
  async keepRecords(executionArn: string, until: number, atMost?: number): Promise<void> {
    const execution = keys.execution(executionArn);
    const expiresAt = ttlSeconds(until);
    const ceiling = atMost === undefined ? undefined : ttlSeconds(atMost);
    const keysToUpdate: TableKey[] = [];
    const mapRuns: string[] = [];
    const childCounters = new Set<string>();
    for await (const item of this.queryAll('keepRecords', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': executionPk(executionArn) },
      ProjectionExpression: 'pk, sk, expiresAt, counterOf',
    })) {
      if (item.sk === execution.sk) continue;
      if (typeof item.counterOf === 'string') childCounters.add(item.counterOf);
      if (String(item.sk).startsWith(MAP_RUN_MARKER_PREFIX)) mapRuns.push(mapRunOfMarker(String(item.sk)));
      const current = typeof item.expiresAt === 'number' ? item.expiresAt : undefined;
      const moves = current === undefined || current < expiresAt || (ceiling !== undefined && current > ceiling);
      if (!moves) continue;
      const sk = String(item.sk);
      keysToUpdate.push({ pk: String(item.pk), sk });
      if (sk.startsWith(MAP_RUN_MARKER_PREFIX)) keysToUpdate.push(keys.mapRun(mapRunOfMarker(sk)));
    }
    for (let i = 0; i < keysToUpdate.length; i += KEEP_RECORDS_CONCURRENCY) {
      await Promise.all(
        keysToUpdate.slice(i, i + KEEP_RECORDS_CONCURRENCY).map((key) =>
          this.conditionalUpdate('keepRecords', {
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET expiresAt = :exp',
            ConditionExpression: 'attribute_exists(sk)',
            ExpressionAttributeValues: { ':exp': expiresAt },
          }),
        ),
      );
    }
    for (const mapRunArn of mapRuns) await this.keepChildRecords(mapRunArn, until, atMost);
    await this.keepOutOfBounds(
      [...childCounters].map((child) => keys.counter(child)),
      until,
      atMost,
      false,
    );
    await this.conditionalUpdate('keepRecords', {
      TableName: this.table,
      Key: execution,
      UpdateExpression: 'SET recordsKeptUntil = :until',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':until': until },
    });
  }

  /**
   * Moves the TTL of a map run's child executions' records as `keepRecords` moves its execution's,
   * and records `until` as their `recordsKeptUntil`: the children are found on the index that lists
   * them under their map run, and each is updated when its TTL is out of bounds.
   */
  private async keepChildRecords(mapRunArn: string, until: number, atMost: number | undefined): Promise<void> {
    const children: TableKey[] = [];
    for await (const item of this.queryAll('keepRecords', {
      IndexName: EXECUTIONS_INDEX,
      ConsistentRead: false,
      KeyConditionExpression: 'gsi1pk = :run',
      ExpressionAttributeValues: { ':run': `SM#${mapRunArn}` },
      ProjectionExpression: 'pk, sk',
    })) {
      children.push({ pk: String(item.pk), sk: String(item.sk) });
    }
    await this.keepOutOfBounds(children, until, atMost, true);
  }

  /**
   * Sets the TTL of each item of `items` whose TTL is out of the bounds `keepRecords` keeps (before
   * `until`, or after `atMost`), and with `kept` its `recordsKeptUntil` to `until`: one conditional
   * `UpdateItem` each, 16 at a time, refused (and charged as a write) when the TTL is within them or
   * the item is gone, for items whose TTL the caller did not read.
   */
  private async keepOutOfBounds(
    items: readonly TableKey[],
    until: number,
    atMost: number | undefined,
    kept: boolean,
  ): Promise<void> {
    const ceiling = atMost === undefined ? undefined : ttlSeconds(atMost);
    const outOfBounds = ceiling === undefined ? '' : ' OR expiresAt > :ceiling';
    for (let i = 0; i < items.length; i += KEEP_RECORDS_CONCURRENCY) {
      await Promise.all(
        items.slice(i, i + KEEP_RECORDS_CONCURRENCY).map((key) =>
          this.conditionalUpdate('keepRecords', {
            TableName: this.table,
            Key: key,
            UpdateExpression: kept ? 'SET expiresAt = :exp, recordsKeptUntil = :until' : 'SET expiresAt = :exp',
            ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt < :exp${outOfBounds})`,
            ExpressionAttributeValues: {
              ':exp': ttlSeconds(until),
              ...(kept ? { ':until': until } : {}),
              ...(ceiling === undefined ? {} : { ':ceiling': ceiling }),
            },
          }),
        ),
      );
    }
  }

  async listExecutions(query: {
    stateMachineArn: string;
    status?: ExecutionStatus | undefined;
    limit?: number | undefined;
    nextToken?: string | undefined;
  }): Promise<Page<ExecutionRecord>> {
    const limit = Math.max(1, query.limit ?? 100);
    const found: TableKey[] = [];
    let start: Record<string, NativeAttributeValue> | undefined =
      query.nextToken === undefined ? undefined : JSON.parse(Buffer.from(query.nextToken, 'base64url').toString());
    do {
      const response = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: EXECUTIONS_INDEX,
          KeyConditionExpression: 'gsi1pk = :sm',
          ExpressionAttributeValues: {
            ':sm': `SM#${query.stateMachineArn}`,
            ...(query.status === undefined ? {} : { ':status': query.status }),
          },
          ...(query.status === undefined
            ? {}
            : { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
          ScanIndexForward: false,
          Limit: limit - found.length,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: this.capacityMode(),
        }),
      );
      this.meterRead('listExecutions', response.ConsumedCapacity);
      for (const item of response.Items ?? []) found.push({ pk: String(item.pk), sk: String(item.sk) });
      start = response.LastEvaluatedKey;
    } while (start !== undefined && found.length < limit);
    const items = await this.batchGet('listExecutions', found);
    const records = await Promise.all(
      found.flatMap((key) => {
        const item = items.get(key.pk);
        return item === undefined ? [] : [this.resolve(item).then(executionFromItem)];
      }),
    );
    return start === undefined
      ? { items: records }
      : { items: records, nextToken: Buffer.from(JSON.stringify(start)).toString('base64url') };
  }

  async loadFrame(executionArn: string, frameId: string): Promise<FrameRecord | undefined> {
    const response = await this.query('loadFrame', {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': executionPk(executionArn), ':prefix': framePrefix(frameId) },
      ScanIndexForward: false,
      Limit: 1,
    });
    const item = response.Items?.[0];
    if (item === undefined) return undefined;
    const record = frameFromItem(executionArn, frameId, await this.resolve(item));
    this.remember(executionArn, frameId, record.version);
    return record;
  }

  /** One GetItem of the record's item (and its events, where they were put apart). */
  async loadFrameVersion(executionArn: string, frameId: string, version: number): Promise<FrameRecord | undefined> {
    const item = await this.get('loadFrame', keys.frame(executionArn, frameId, version), true);
    return item === undefined ? undefined : frameFromItem(executionArn, frameId, await this.resolve(item));
  }

  async commitFrame(record: FrameRecord): Promise<CommitResult> {
    const { executionArn, frameId, version } = record;
    const item = await this.offload(await frameItem(record, this.recordExpiry()));
    checkSize(item, `frame record ${frameId} v${version} of ${executionArn}`);
    if (version >= 2 && !this.known(executionArn, frameId, version - 1)) {
      // Off the runtime's path (it always commits the version after the one it loaded): one read.
      const previous = await this.get('commitFrame', keys.frame(executionArn, frameId, version - 1), true);
      if (previous === undefined) throw new FrameVersionSkippedError(executionArn, frameId, version);
    }
    await this.putHistoryRuns('commitFrame', record, this.recordExpiry());
    try {
      await this.put('commitFrame', item, 'attribute_not_exists(sk)', true);
      this.remember(executionArn, frameId, version);
      return { committed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const found =
        (error.Item === undefined ? undefined : unmarshalled(error.Item)) ??
        (await this.get('commitFrame', keys.frame(executionArn, frameId, version), true));
      if (found === undefined) throw error;
      this.remember(executionArn, frameId, version);
      return { committed: false, current: frameFromItem(executionArn, frameId, await this.resolve(found)) };
    }
  }

  async readHistory(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for await (const item of this.queryAll('readHistory', {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': executionPk(executionArn), ':prefix': ALL_FRAMES_PREFIX },
      ProjectionExpression: 'body, bodyRef',
    })) {
      events.push(...eventsOfItem(await this.resolve(item)));
    }
    return events.sort((a, b) => a.id - b.id);
  }

  /**
   * Reads the index of the execution's runs of event ids (`gsi1`, `HIST#<arn>`, one entry per frame
   * record with events, in id order) from `query.from` on, as many runs as the page needs, then those
   * runs' records (one `BatchGetItem`). The run holding `from` itself starts before it: going forward,
   * one more query (newest run at or before `from`, `Limit 1`) finds it.
   */
  async readHistoryPage(executionArn: string, query: HistoryPageQuery): Promise<HistoryPage> {
    const reverse = query.reverse === true;
    const from = query.from;
    const limit = Math.max(1, query.limit);
    const runs = this.historyRuns(executionArn, from, reverse);
    const events: HistoryEvent[] = [];
    // One event beyond the page tells where the next page starts.
    while (events.length <= limit) {
      const batch: HistoryRun[] = [];
      let expected = 0;
      while (expected < limit + 1 - events.length) {
        const run = await runs.next();
        if (run.done === true) break;
        const { first, last } = run.value;
        const within =
          from === undefined
            ? last - first + 1
            : reverse
              ? Math.min(last, from) - first + 1
              : last - Math.max(first, from) + 1;
        if (within <= 0) continue;
        batch.push(run.value);
        expected += within;
      }
      if (batch.length === 0) break;
      const wanted = [...new Set(batch.map((run) => run.recordSk))].map((sk) => ({
        pk: executionPk(executionArn),
        sk,
      }));
      // Records never change once written: an eventually consistent read (half the units) finds them,
      // unless one was written a moment ago. What it misses is read again, strongly consistent.
      const items = await this.batchGet('readHistoryPage', wanted, (item) => String(item.sk), false);
      const missed = wanted.filter((key) => !items.has(key.sk));
      if (missed.length > 0) {
        for (const [sk, item] of await this.batchGet('readHistoryPage', missed, (item) => String(item.sk))) {
          items.set(sk, item);
        }
      }
      const found: HistoryEvent[] = [];
      for (const run of batch) {
        const item = items.get(run.recordSk);
        if (item === undefined) continue;
        for (const event of eventsOfItem(await this.resolve(item))) {
          if (event.id < run.first || event.id > run.last) continue;
          if (from !== undefined && (reverse ? event.id > from : event.id < from)) continue;
          found.push(event);
        }
      }
      found.sort(reverse ? (a, b) => b.id - a.id : (a, b) => a.id - b.id);
      for (const event of found) events.push(event);
    }
    await runs.return(undefined);
    const page = events.slice(0, limit);
    const after = events[limit];
    return after === undefined ? { events: page } : { events: page, next: after.id };
  }

  /** The runs of a paged history's index from `from` on, either way (the run holding `from` first). */
  private async *historyRuns(
    executionArn: string,
    from: number | undefined,
    reverse: boolean,
  ): AsyncGenerator<HistoryRun, void, undefined> {
    const pk = historyIndexPk(executionArn);
    const bound = historyRunBound(from);
    if (!reverse && from !== undefined) {
      const [holding] = await this.historyIndexPage(
        { KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :bound', ScanIndexForward: false, Limit: 1 },
        pk,
        bound,
      );
      if (holding !== undefined && holding.last >= from) yield holding;
    }
    let start: Record<string, NativeAttributeValue> | undefined;
    // Small pages of the index first: most pages of history need a few runs.
    let pageSize = 25;
    do {
      const response = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: EXECUTIONS_INDEX,
          KeyConditionExpression: reverse
            ? 'gsi1pk = :pk AND gsi1sk <= :bound'
            : from === undefined
              ? 'gsi1pk = :pk'
              : 'gsi1pk = :pk AND gsi1sk > :bound',
          ExpressionAttributeValues: { ':pk': pk, ...(reverse || from !== undefined ? { ':bound': bound } : {}) },
          ScanIndexForward: !reverse,
          Limit: pageSize,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: this.capacityMode(),
        }),
      );
      this.meterRead('readHistoryPage', response.ConsumedCapacity);
      for (const item of response.Items ?? []) yield historyRunOfItem(item);
      start = response.LastEvaluatedKey;
      pageSize = Math.min(1000, pageSize * 4);
    } while (start !== undefined);
  }

  /** One query of the history index. */
  private async historyIndexPage(
    input: Pick<QueryCommandInput, 'KeyConditionExpression' | 'ScanIndexForward' | 'Limit'>,
    pk: string,
    bound: string,
  ): Promise<HistoryRun[]> {
    const response = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: EXECUTIONS_INDEX,
        ExpressionAttributeValues: { ':pk': pk, ':bound': bound },
        ReturnConsumedCapacity: this.capacityMode(),
        ...input,
      }),
    );
    this.meterRead('readHistoryPage', response.ConsumedCapacity);
    return (response.Items ?? []).map(historyRunOfItem);
  }

  /** Writes the pointers of a frame record's runs other than its last, before the record (see `historyRunItems`). */
  private async putHistoryRuns(operation: string, record: FrameRecord, expiresAt: number): Promise<void> {
    await Promise.all(historyRunItems(record, expiresAt).map((item) => this.put(operation, item)));
  }

  async readChildHistory(executionArn: string, frameId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    // One range: the frame's records (`FRAME#<id>#…`) and its nested frames' (`FRAME#<id>/…`), short
    // of its siblings' (`FRAME#<id>0…` and beyond: a frame id goes on with a digit, `/` or `#`).
    for await (const item of this.queryAll('readChildHistory', {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': executionPk(executionArn),
        ':from': framePrefix(frameId),
        ':to': `${ALL_FRAMES_PREFIX}${frameId}0`,
      },
      ProjectionExpression: 'body, bodyRef',
    })) {
      events.push(...childHistoryOfItem(await this.resolve(item), frameId));
    }
    return events.sort((a, b) => a.id - b.id);
  }

  async reserveEventIds(executionArn: string, count: number, expiresAt?: number, after?: number): Promise<number> {
    const ttl = expiresAt === undefined ? {} : { ':exp': ttlSeconds(expiresAt) };
    const response = await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.counter(executionArn),
          // The count that ends the execution gives the counter the execution's TTL, for free. A child
          // execution's counter is created by its first reservation, after `after`.
          ...(after === undefined
            ? {
                UpdateExpression: expiresAt === undefined ? 'ADD #last :n' : 'ADD #last :n SET expiresAt = :exp',
                ConditionExpression: 'attribute_exists(pk)',
              }
            : {
                UpdateExpression: `SET #last = if_not_exists(#last, :after) + :n${expiresAt === undefined ? '' : ', expiresAt = :exp'}`,
              }),
          ExpressionAttributeNames: { '#last': 'last' },
          ExpressionAttributeValues: {
            ':n': count,
            ...(after === undefined ? {} : { ':after': after }),
            ...ttl,
          },
          ReturnValues: 'UPDATED_NEW',
          ReturnConsumedCapacity: this.capacityMode(),
        }),
      )
      .catch((error: unknown) => {
        if (error instanceof ConditionalCheckFailedException) throw new Error(`no execution ${executionArn}`);
        throw error;
      });
    this.meterWrite('reserveEventIds', response.ConsumedCapacity);
    return Number(response.Attributes?.last) - count + 1;
  }

  /**
   * A child's result is one item, put once (a repeat fails the condition and the first result
   * stands). Its count is one conditional update of the join's counts item, which lists the counted
   * children in the order they were counted (a failed child `i` as `-(i + 1)`), unless the list holds
   * it already; the update returns the list, so the child's place in it gives the counts as its count
   * left them, on the first call and on every repeat alike. No transaction and no extra read.
   *
   * A list of the children of a join bigger than {@link ORDERED_JOIN_LIMIT} would make each count
   * cost several write units (a write costs one unit per KB of the larger of the item's old and new
   * size) and, past some hundred thousand children, exceed DynamoDB's 400 KB item. Such a join is
   * counted as before: the result's put and an `ADD` of the counters in one transaction, then the
   * counts read (not ordered: children finishing together may both see the join's end).
   */
  async completeChild(
    executionArn: string,
    joinId: string,
    result: ChildResult,
    children: number,
    expiresAt = this.recordExpiry() * 1000,
  ): Promise<JoinCounts> {
    const ttl = ttlSeconds(expiresAt);
    const resultItem = await this.offload(await joinResultItem(executionArn, joinId, result, ttl));
    checkSize(resultItem, `result of child ${result.index} of join ${joinId} of ${executionArn}`);
    if (children > ORDERED_JOIN_LIMIT) return this.countUnordered(executionArn, joinId, result, resultItem, ttl);
    let childFailed = result.status === 'FAILED';
    try {
      await this.put('completeChild', resultItem, 'attribute_not_exists(sk)', true);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const recorded = error.Item === undefined ? undefined : unmarshalled(error.Item);
      const first =
        recorded === undefined
          ? await this.get('completeChild', keys.joinResult(executionArn, joinId, result.index), true)
          : recorded;
      if (first !== undefined)
        childFailed = (decodeJson((await this.resolve(first)).result) as ChildResult).status === 'FAILED';
    }
    const entry = childFailed ? -(result.index + 1) : result.index;
    let counted: unknown;
    try {
      const response = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.joinCounts(executionArn, joinId),
          UpdateExpression:
            'SET #done = list_append(if_not_exists(#done, :none), :entry), expiresAt = if_not_exists(expiresAt, :exp)',
          ConditionExpression: 'NOT contains(#done, :succeeded) AND NOT contains(#done, :failed)',
          ExpressionAttributeNames: { '#done': 'done' },
          ExpressionAttributeValues: {
            ':none': [],
            ':entry': [entry],
            ':succeeded': result.index,
            ':failed': -(result.index + 1),
            ':exp': ttl,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: this.capacityMode(),
        }),
      );
      this.meterWrite('completeChild', response.ConsumedCapacity);
      counted = response.Attributes?.done;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw tooLarge(error, undefined) ?? error;
      // A repeat: the list holds the child already, at the place its first count gave it.
      counted = error.Item?.done === undefined ? undefined : unmarshalledList(error.Item.done);
      counted ??= (await this.get('completeChild', keys.joinCounts(executionArn, joinId), true))?.done;
    }
    return countsAt(counted, result.index);
  }

  /** The count of a join too big to list its children (see {@link completeChild}). */
  private async countUnordered(
    executionArn: string,
    joinId: string,
    result: ChildResult,
    resultItem: Item,
    expiresAt: number,
  ): Promise<JoinCounts> {
    // Atomic and idempotent: a repeat fails the put's condition, and the whole transaction with it.
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          { Put: { TableName: this.table, Item: resultItem, ConditionExpression: 'attribute_not_exists(sk)' } },
          {
            Update: {
              TableName: this.table,
              Key: keys.joinCounts(executionArn, joinId),
              UpdateExpression: 'ADD completed :one, failed :failed SET expiresAt = if_not_exists(expiresAt, :exp)',
              ExpressionAttributeValues: {
                ':one': 1,
                ':failed': result.status === 'FAILED' ? 1 : 0,
                ':exp': expiresAt,
              },
            },
          },
        ],
        ReturnConsumedCapacity: this.capacityMode(),
      },
      { onConsumed: (units) => this.meter('completeChild', 0, units) },
    );
    const counts = await this.get('completeChild', keys.joinCounts(executionArn, joinId), true);
    return {
      completed: Number(counts?.completed ?? 0),
      failed: Number(counts?.failed ?? 0),
      childFailed: result.status === 'FAILED',
      ordered: false,
    };
  }

  async childResults(executionArn: string, joinId: string): Promise<ChildResult[]> {
    const results: ChildResult[] = [];
    for await (const item of this.queryAll('childResults', {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': executionPk(executionArn), ':prefix': joinResultPrefix(joinId) },
    })) {
      results.push(decodeJson((await this.resolve(item)).result) as ChildResult);
    }
    return results;
  }

  /**
   * The record is found by its ARN (`MAPRUN#<arn>`); a marker in the execution's partition, written
   * first, lets a refresh of the execution's records' TTL bring the record along (see `keepRecords`).
   */
  async putMapRun(record: MapRunRecord, expiresAt = this.recordExpiry() * 1000): Promise<void> {
    const ttl = ttlSeconds(expiresAt);
    const item = { ...keys.mapRun(record.mapRunArn), record: await encodeJson(record), expiresAt: ttl };
    checkSize(item, `map run ${record.mapRunArn}`);
    await this.put('putMapRun', { ...keys.mapRunMarker(record.executionArn, mapRunOrder(record)), expiresAt: ttl });
    try {
      // A repeat after the run's end was recorded (a racing step that lost) leaves the end in place.
      await this.put('putMapRun', item, 'attribute_not_exists(ended)');
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The record's item plus its end (`ended`, a map set once by `endMapRun`): one GetItem. */
  async getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    const item = await this.get('getMapRun', keys.mapRun(mapRunArn), true);
    if (item === undefined) return undefined;
    const record = decodeJson(item.record) as MapRunRecord;
    return item.ended === undefined ? record : { ...record, ended: item.ended as MapRunEnd };
  }

  /**
   * A `Query` of the execution's map run markers, newest first (their sort keys are the runs'
   * `mapRunOrder`; markers written before they were ordered, `MAPRUN#<arn>`, sort above them), `Limit`
   * the page and `ExclusiveStartKey` the token's marker, then one `BatchGetItem` of the page's records.
   */
  async listMapRuns(
    executionArn: string,
    query: { limit?: number | undefined; nextToken?: string | undefined },
  ): Promise<Page<MapRunRecord>> {
    const pk = executionPk(executionArn);
    const limit = Math.max(1, query.limit ?? 100);
    let start: Record<string, NativeAttributeValue> | undefined;
    if (query.nextToken !== undefined) {
      const sk = Buffer.from(query.nextToken, 'base64url').toString();
      if (!sk.startsWith(MAP_RUN_MARKER_PREFIX)) throw new InvalidToken(query.nextToken);
      start = { pk, sk };
    }
    const found: TableKey[] = [];
    do {
      const response = await this.query('listMapRuns', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': MAP_RUN_MARKER_PREFIX },
        ProjectionExpression: 'pk, sk',
        ScanIndexForward: false,
        Limit: limit - found.length,
        ExclusiveStartKey: start,
      });
      for (const item of response.Items ?? []) found.push(keys.mapRun(mapRunOfMarker(String(item.sk))));
      start = response.LastEvaluatedKey;
    } while (start !== undefined && found.length < limit);
    const items = await this.batchGet('listMapRuns', found);
    const records = found.flatMap((key) => {
      const item = items.get(key.pk);
      if (item === undefined) return [];
      const record = decodeJson(item.record) as MapRunRecord;
      return [item.ended === undefined ? record : { ...record, ended: item.ended as MapRunEnd }];
    });
    return start === undefined
      ? { items: records }
      : { items: records, nextToken: Buffer.from(String(start.sk)).toString('base64url') };
  }

  /** One conditional UpdateItem of the run's item: set once, on an item that exists. */
  async endMapRun(mapRunArn: string, end: MapRunEnd): Promise<void> {
    await this.conditionalUpdate('endMapRun', {
      TableName: this.table,
      Key: keys.mapRun(mapRunArn),
      UpdateExpression: 'SET ended = :ended',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ended)',
      ExpressionAttributeValues: { ':ended': { status: end.status, stopDate: end.stopDate } },
    });
  }

  async childResultsFrom(executionArn: string, joinId: string, from: number, limit: number): Promise<ChildResult[]> {
    const results: ChildResult[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const response = await this.query('childResults', {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': executionPk(executionArn),
          ':from': joinResultKey(joinId, from),
          ':to': `${joinResultPrefix(joinId)}~`,
        },
        Limit: limit - results.length,
        ExclusiveStartKey: start,
      });
      for (const item of response.Items ?? [])
        results.push(decodeJson((await this.resolve(item)).result) as ChildResult);
      start = response.LastEvaluatedKey;
    } while (start !== undefined && results.length < limit);
    return results;
  }

  async joinCounts(executionArn: string, joinId: string): Promise<{ completed: number; failed: number }> {
    const counts = await this.get('joinCounts', keys.joinCounts(executionArn, joinId), true);
    const listed = counts?.done;
    if (Array.isArray(listed)) {
      return { completed: listed.length, failed: listed.filter((n) => Number(n) < 0).length };
    }
    return { completed: Number(counts?.completed ?? 0), failed: Number(counts?.failed ?? 0) };
  }

  /** A page is one item of the execution's partition, `PAGE#<joinId>#<first child>`, kept as its other records are. */
  async putItemPage(
    executionArn: string,
    joinId: string,
    page: ItemPage,
    expiresAt = this.recordExpiry() * 1000,
  ): Promise<void> {
    const item = await this.offload({
      ...keys.itemPage(executionArn, joinId, page.first),
      body: await encodeJson(page.inputs),
      expiresAt: ttlSeconds(expiresAt),
    });
    checkSize(item, `item page ${page.first} of join ${joinId} of ${executionArn}`);
    await this.put('putItemPage', item);
  }

  /** The page with the greatest first child not above `index`. */
  async getItemPage(executionArn: string, joinId: string, index: number): Promise<ItemPage | undefined> {
    const page = await this.lastPageOf('getItemPage', executionArn, joinId, 'sk BETWEEN :prefix AND :to', {
      ':to': keys.itemPage(executionArn, joinId, index).sk,
    });
    return page !== undefined && index < page.first + page.inputs.length ? page : undefined;
  }

  async lastItemPage(executionArn: string, joinId: string): Promise<ItemPage | undefined> {
    return this.lastPageOf('lastItemPage', executionArn, joinId, 'begins_with(sk, :prefix)', {});
  }

  /** The last of a join's pages whose sort key meets `condition`: one query, newest first, limit 1. */
  private async lastPageOf(
    operation: string,
    executionArn: string,
    joinId: string,
    condition: string,
    values: Record<string, string>,
  ): Promise<ItemPage | undefined> {
    const prefix = itemPagePrefix(joinId);
    const response = await this.query(operation, {
      KeyConditionExpression: `pk = :pk AND ${condition}`,
      ExpressionAttributeValues: { ':pk': executionPk(executionArn), ':prefix': prefix, ...values },
      ScanIndexForward: false,
      Limit: 1,
    });
    const item = response.Items?.[0];
    if (item === undefined) return undefined;
    const first = Number(String(item.sk).slice(prefix.length));
    return { first, inputs: decodeJson((await this.resolve(item)).body) as unknown[] };
  }

  async putTaskToken(record: TaskTokenRecord): Promise<void> {
    // An update, not a put: an outcome recorded meanwhile by a callback is never overwritten.
    const values: Record<string, NativeAttributeValue> = {
      ':arn': record.executionArn,
      ':frame': record.frameId,
      ':version': record.version,
      ':heartbeat': record.heartbeatAt,
      ':exp': this.recordExpiry(),
    };
    let expression =
      'SET executionArn = :arn, frameId = :frame, #version = :version, heartbeatAt = :heartbeat, expiresAt = if_not_exists(expiresAt, :exp)';
    if (record.outcome !== undefined) {
      expression += ', outcome = if_not_exists(outcome, :outcome)';
      values[':outcome'] = await encodeJson(record.outcome);
    }
    const response = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.token(record.token),
        UpdateExpression: expression,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: this.capacityMode(),
      }),
    );
    this.meterWrite('putTaskToken', response.ConsumedCapacity);
  }

  async getTaskToken(token: string): Promise<TaskTokenRecord | undefined> {
    const item = await this.get('getTaskToken', keys.token(token), true);
    return item === undefined ? undefined : tokenFromItem(token, item);
  }

  async resolveTaskToken(token: string, outcome: NonNullable<TaskTokenRecord['outcome']>): Promise<boolean> {
    return this.conditionalUpdate('resolveTaskToken', {
      TableName: this.table,
      Key: keys.token(token),
      UpdateExpression: 'SET outcome = :outcome',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(outcome)',
      ExpressionAttributeValues: { ':outcome': await encodeJson(outcome) },
    });
  }

  async touchTaskToken(token: string, at: number): Promise<void> {
    await this.conditionalUpdate('touchTaskToken', {
      TableName: this.table,
      Key: keys.token(token),
      UpdateExpression: 'SET heartbeatAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async claimJobPoll(token: string, poll: number, messageId: string): Promise<boolean> {
    return this.conditionalUpdate('claimJobPoll', {
      TableName: this.table,
      Key: keys.token(token),
      UpdateExpression: 'SET jobPoll = :poll, jobPollBy = :by',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(jobPoll) OR jobPoll < :poll OR (jobPoll = :poll AND jobPollBy = :by))',
      ExpressionAttributeValues: { ':poll': poll, ':by': messageId },
    });
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The item as written: when it is over the offload threshold and a payload store is configured,
   * its payload attributes move there, largest first, until it is within the threshold; each object
   * is written (under the SHA-256 of its bytes) before the item that names it can be.
   */
  private async offload(item: Item, aboveBytes = this.offloadAboveBytes): Promise<Item> {
    const payloads = this.payloads;
    if (payloads === undefined || itemSize(item) <= aboveBytes) return item;
    const kept: Item = { ...item };
    const bySize = PAYLOAD_ATTRIBUTES.filter((name) => kept[name] !== undefined).sort(
      (a, b) => encodedBytes(kept[b]).length - encodedBytes(kept[a]).length,
    );
    const writes: Promise<void>[] = [];
    for (const name of bySize) {
      if (itemSize(kept) <= aboveBytes) break;
      const value = kept[name];
      const bytes = encodedBytes(value);
      const key = `${createHash('sha256').update(bytes).digest('hex')}${typeof value === 'string' ? '.json' : '.json.br'}`;
      writes.push(payloads.put(key, bytes));
      delete kept[name];
      kept[refOf(name)] = key;
    }
    await Promise.all(writes);
    return kept;
  }

  /** The item with the payload attributes it keeps in the payload store read back in place. */
  private async resolve(item: Item): Promise<Item> {
    const kept = PAYLOAD_ATTRIBUTES.filter((name) => typeof item[refOf(name)] === 'string');
    if (kept.length === 0) return item;
    const payloads = this.payloads;
    if (payloads === undefined) {
      throw new ConfigurationError(
        `an item of the table keeps its ${kept.join(', ')} in a payload bucket, and this store has none: set STEPSTONE_PAYLOAD_BUCKET`,
      );
    }
    const resolved: Item = { ...item };
    await Promise.all(
      kept.map(async (name) => {
        const key = String(item[refOf(name)]);
        const bytes = await payloads.get(key);
        resolved[name] = key.endsWith('.br') ? bytes : Buffer.from(bytes).toString('utf8');
        delete resolved[refOf(name)];
      }),
    );
    return resolved;
  }

  /** TTL (epoch seconds) of a per-execution item written now. */
  private recordExpiry(): number {
    return ttlSeconds(this.now() + this.retentionMs);
  }

  private known(executionArn: string, frameId: string, version: number): boolean {
    const seen = this.knownVersions.get(`${executionArn}\u0000${frameId}`);
    return seen !== undefined && seen >= version;
  }

  private remember(executionArn: string, frameId: string, version: number): void {
    const key = `${executionArn}\u0000${frameId}`;
    const seen = this.knownVersions.get(key);
    if (seen !== undefined && seen >= version) return;
    this.knownVersions.delete(key);
    this.knownVersions.set(key, version);
    if (this.knownVersions.size > KNOWN_VERSIONS_LIMIT) {
      const oldest = this.knownVersions.keys().next().value;
      if (oldest !== undefined) this.knownVersions.delete(oldest);
    }
  }

  private capacityMode(): 'TOTAL' | undefined {
    return this.onCapacity === undefined ? undefined : 'TOTAL';
  }

  private meter(operation: string, readUnits: number, writeUnits: number): void {
    this.onCapacity?.({ operation, readUnits, writeUnits });
  }

  private meterRead(operation: string, consumed: CapacityLike | undefined): void {
    if (consumed !== undefined) this.meter(operation, consumed.ReadCapacityUnits ?? consumed.CapacityUnits ?? 0, 0);
  }

  private meterWrite(operation: string, consumed: CapacityLike | undefined): void {
    if (consumed !== undefined) this.meter(operation, 0, consumed.WriteCapacityUnits ?? consumed.CapacityUnits ?? 0);
  }

  private async get(operation: string, key: TableKey, consistent: boolean): Promise<Item | undefined> {
    const response = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: key,
        ConsistentRead: consistent,
        ReturnConsumedCapacity: this.capacityMode(),
      }),
    );
    this.meterRead(operation, response.ConsumedCapacity);
    return response.Item;
  }

  private async put(operation: string, item: Item, condition?: string, returnOnFailure = false): Promise<void> {
    try {
      const response = await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ReturnValuesOnConditionCheckFailure: returnOnFailure ? 'ALL_OLD' : undefined,
          ReturnConsumedCapacity: this.capacityMode(),
        }),
      );
      this.meterWrite(operation, response.ConsumedCapacity);
    } catch (error) {
      throw tooLarge(error, item) ?? error;
    }
  }

  /** An update with a condition; false when the condition failed. */
  private async conditionalUpdate(operation: string, input: UpdateCommandInput): Promise<boolean> {
    try {
      const response = await this.doc.send(
        new UpdateCommand({ ...input, ReturnConsumedCapacity: this.capacityMode() }),
      );
      this.meterWrite(operation, response.ConsumedCapacity);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw tooLarge(error, undefined) ?? error;
    }
  }

  /** One strongly consistent query page. */
  private async query(operation: string, input: Omit<QueryCommandInput, 'TableName'>) {
    const response = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        ConsistentRead: true,
        ReturnConsumedCapacity: this.capacityMode(),
        ...input,
      }),
    );
    this.meterRead(operation, response.ConsumedCapacity);
    return response;
  }

  /** Every item a strongly consistent query finds, page after page. */
  private async *queryAll(operation: string, input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item> {
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const response = await this.query(operation, { ...input, ExclusiveStartKey: start });
      yield* response.Items ?? [];
      start = response.LastEvaluatedKey;
    } while (start !== undefined);
  }

  /** Items by key (strongly consistent unless not `consistent`), by partition key (or `keyOf`); unprocessed keys are retried. */
  private async batchGet(
    operation: string,
    wanted: readonly TableKey[],
    keyOf: (item: Item) => string = (item) => String(item.pk),
    consistent = true,
  ): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, NativeAttributeValue>[] = wanted.slice(i, i + 100).map((k) => ({ ...k }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const response = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: pending, ConsistentRead: consistent } },
            ReturnConsumedCapacity: this.capacityMode(),
          }),
        );
        for (const consumed of response.ConsumedCapacity ?? []) this.meterRead(operation, consumed);
        for (const item of response.Responses?.[this.table] ?? []) found.set(keyOf(item), item);
        pending = response.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }
}

/** A run of consecutive event ids in a paged history's index, and the frame record that holds it. */
interface HistoryRun {
  readonly first: number;
  readonly last: number;
  readonly recordSk: string;
}

function historyRunOfItem(item: Item): HistoryRun {
  return { ...historyRunOfGsiKey(String(item.gsi1sk)), recordSk: frameKeyOfRun(String(item.sk)) };
}

/** An encoded attribute's bytes. */
function encodedBytes(value: unknown): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : (value as Uint8Array);
}

interface CapacityLike {
  readonly CapacityUnits?: number | undefined;
  readonly ReadCapacityUnits?: number | undefined;
  readonly WriteCapacityUnits?: number | undefined;
}

/**
 * The counts as child `index`'s count left them, from the join's list of counted children (see
 * {@link DynamoStore.completeChild}): the entries up to and including the child's.
 */
function countsAt(list: unknown, index: number): JoinCounts {
  const entries = Array.isArray(list) ? list.map(Number) : [];
  const place = entries.findIndex((entry) => entry === index || entry === -(index + 1));
  if (place < 0) throw new Error(`child ${index} is not among the counted children of its join`);
  const upTo = entries.slice(0, place + 1);
  return {
    completed: upTo.length,
    failed: upTo.filter((entry) => entry < 0).length,
    childFailed: entries[place]! < 0,
    ordered: true,
  };
}

/** A list attribute a failed condition returned (low-level attribute value), its numbers unmarshalled. */
function unmarshalledList(value: unknown): number[] | undefined {
  const list = (value as { L?: { N?: string }[] }).L;
  return list?.map((entry) => Number(entry.N));
}

/** The item a failed condition returned (low-level attribute values), unmarshalled. */
function unmarshalled(item: Record<string, unknown>): Item | undefined {
  const out: Item = {};
  for (const [name, value] of Object.entries(item)) {
    const v = value as { S?: string; N?: string; B?: Uint8Array };
    if (v.S !== undefined) out[name] = v.S;
    else if (v.N !== undefined) out[name] = Number(v.N);
    else if (v.B !== undefined) out[name] = v.B;
    else return undefined;
  }
  return out;
}

/** DynamoDB's own size refusal, as an {@link ItemTooLargeError}. */
function tooLarge(error: unknown, item: Item | undefined): ItemTooLargeError | undefined {
  if (!(error instanceof Error) || error.name !== 'ValidationException' || !/size/i.test(error.message)) {
    return undefined;
  }
  const bytes = item === undefined ? undefined : itemSize(item);
  return new ItemTooLargeError(`an item of the table (DynamoDB: ${error.message})`, bytes, MAX_ITEM_BYTES);
}
