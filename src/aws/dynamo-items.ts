/**
 * Items of the Stepstone table and the port records they hold. JSON payloads are stored compact
 * (and gzipped when that saves a write unit, see codec.ts); times the runtime gives in epoch
 * milliseconds are stored for TTL in epoch seconds.
 */
import type { ChildResult, HistoryEvent } from '../engine/types.js';
import { childHistoryOf } from '../runtime/child-executions.js';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  type FrameRecord,
  listedUnder,
  type TaskTokenRecord,
} from '../runtime/ports.js';
import { decodeJson, encodeJson, itemSize, MAX_ITEM_BYTES } from './codec.js';
import { executionGsiKeys, historyRunGsiKeys, keys, versionOfFrameKey } from './dynamo-keys.js';
import { ItemTooLargeError } from './errors.js';

/** An item as the document client reads or writes it. */
export type Item = Record<string, unknown>;

/** Epoch ms (the runtime's unit) to epoch seconds (DynamoDB TTL's), rounded up: never earlier. */
export function ttlSeconds(epochMs: number): number {
  return Math.ceil(epochMs / 1000);
}

/** Throws {@link ItemTooLargeError} when an item exceeds DynamoDB's limit. */
export function checkSize(item: Item, what: string): void {
  const bytes = itemSize(item);
  if (bytes > MAX_ITEM_BYTES) throw new ItemTooLargeError(what, bytes, MAX_ITEM_BYTES);
}

/** The execution item. */
export async function executionItem(record: ExecutionRecord): Promise<Item> {
  const item: Item = {
    ...keys.execution(record.info.executionArn),
    ...executionGsiKeys(listedUnder(record), record.info.startTime, record.info.executionArn),
    info: await encodeJson(record.info),
    definitionHash: record.definitionHash,
    status: record.status,
  };
  if (record.output !== undefined) item.output = await encodeJson(record.output);
  if (record.error !== undefined) item.error = record.error;
  if (record.cause !== undefined) item.cause = record.cause;
  if (record.stopDate !== undefined) item.stopDate = record.stopDate;
  if (record.expiresAt !== undefined) item.expiresAt = ttlSeconds(record.expiresAt);
  if (record.maxHistoryEvents !== undefined) item.maxHistoryEvents = record.maxHistoryEvents;
  if (record.pagedHistory === true) item.pagedHistory = true;
  if (record.retentionSeconds !== undefined) item.retentionSeconds = record.retentionSeconds;
  if (record.recordsKeptUntil !== undefined) item.recordsKeptUntil = record.recordsKeptUntil;
  if (record.mapRunArn !== undefined) item.mapRunArn = record.mapRunArn;
  if (record.parent !== undefined) item.parent = await encodeJson(record.parent);
  return item;
}

/** The execution record an execution item holds. */
export function executionFromItem(item: Item): ExecutionRecord {
  const record: Record<string, unknown> = {
    info: decodeJson(item.info),
    definitionHash: item.definitionHash,
    status: item.status as ExecutionStatus,
  };
  if (item.output !== undefined) record.output = decodeJson(item.output);
  if (typeof item.error === 'string') record.error = item.error;
  if (typeof item.cause === 'string') record.cause = item.cause;
  if (typeof item.stopDate === 'string') record.stopDate = item.stopDate;
  if (typeof item.expiresAt === 'number') record.expiresAt = item.expiresAt * 1000;
  if (typeof item.maxHistoryEvents === 'number') record.maxHistoryEvents = item.maxHistoryEvents;
  if (item.pagedHistory === true) record.pagedHistory = true;
  if (typeof item.retentionSeconds === 'number') record.retentionSeconds = item.retentionSeconds;
  if (typeof item.recordsKeptUntil === 'number') record.recordsKeptUntil = item.recordsKeptUntil;
  if (typeof item.mapRunArn === 'string') record.mapRunArn = item.mapRunArn;
  if (item.parent !== undefined) record.parent = decodeJson(item.parent);
  return record as unknown as ExecutionRecord;
}

/** What a frame item's `body` holds: one attribute, so that the three compress together. */
interface FrameBody {
  readonly frame: FrameRecord['frame'];
  readonly events?: FrameRecord['events'];
  readonly childHistory?: FrameRecord['childHistory'];
  readonly mapRunEnds?: FrameRecord['mapRunEnds'];
  readonly outbox?: FrameRecord['outbox'];
}

/** A frame record's item; `expiresAt` in epoch seconds (the record's own, when it has one, wins). */
export async function frameItem(record: FrameRecord, expiresAt: number): Promise<Item> {
  const body: FrameBody = {
    frame: record.frame,
    ...(record.events.length > 0 ? { events: record.events } : {}),
    ...(record.childHistory === undefined ? {} : { childHistory: record.childHistory }),
    ...(record.mapRunEnds === undefined ? {} : { mapRunEnds: record.mapRunEnds }),
    ...(record.outbox.length > 0 ? { outbox: record.outbox } : {}),
  };
  const last = record.pagedHistory === true ? eventRuns(record.events).at(-1) : undefined;
  const item: Item = {
    ...keys.frame(record.executionArn, record.frameId, record.version),
    ...(last === undefined ? {} : historyRunGsiKeys(record.executionArn, last.first, last.last)),
    causedBy: record.causedBy,
    expiresAt: record.expiresAt === undefined ? expiresAt : ttlSeconds(record.expiresAt),
    ...counterOf(record),
  };
  item.body = await encodeJson(body, itemSize(item) + 'body'.length);
  return item;
}

/**
 * The attribute naming the STANDARD child execution whose event-id counter (`EXEC#<child ARN>` /
 * `COUNTER`) a record of the child's own frame reserves from, once the child started frames of its
 * own: its first such record commits the step that created the counter, so that `keepRecords`, which
 * reads the parent's partition anyway, finds every child counter there and moves its TTL with the
 * parent's records. The frames nested in the child reserve from it too and need not name it.
 */
function counterOf(record: FrameRecord): Item {
  if (record.frame.inChild !== undefined) return {};
  const child = childHistoryOf(record.frame);
  return child?.shared && !child.express ? { counterOf: child.executionArn } : {};
}

/**
 * The runs of consecutive ids among `events`, in id order. No other record holds an id inside one:
 * a step's ids are reserved for it alone. A step that had to make an id final early (an error's cause
 * quotes it) reserved its ids in several blocks, with other frames' ids between them: several runs.
 */
export function eventRuns(events: readonly HistoryEvent[]): { first: number; last: number }[] {
  const ids = events.map((e) => e.id).sort((a, b) => a - b);
  const runs: { first: number; last: number }[] = [];
  for (const id of ids) {
    const run = runs.at(-1);
    if (run !== undefined && id === run.last + 1) run.last = id;
    else if (run === undefined || id > run.last) runs.push({ first: id, last: id });
  }
  return runs;
}

/**
 * The pointer items of a paged history's index for a frame record's runs other than its last (the
 * record's own keys index that one): none for nearly every record. Written before the record, so that
 * a committed record is found whole; a pointer of a record that was never committed names ids no
 * record holds, and a reader finds nothing there.
 */
export function historyRunItems(record: FrameRecord, expiresAt: number): Item[] {
  if (record.pagedHistory !== true) return [];
  const runs = eventRuns(record.events).slice(0, -1);
  return runs.map((run) => ({
    ...keys.historyRun(record.executionArn, record.frameId, record.version, run.first),
    ...historyRunGsiKeys(record.executionArn, run.first, run.last),
    expiresAt: record.expiresAt === undefined ? expiresAt : ttlSeconds(record.expiresAt),
  }));
}

/** The frame record a frame item holds. */
export function frameFromItem(executionArn: string, frameId: string, item: Item): FrameRecord {
  const body = decodeJson(item.body) as FrameBody;
  return {
    executionArn,
    frameId,
    version: versionOfFrameKey(String(item.sk)),
    frame: body.frame,
    events: body.events ?? [],
    ...(body.childHistory === undefined ? {} : { childHistory: body.childHistory }),
    ...(body.mapRunEnds === undefined ? {} : { mapRunEnds: body.mapRunEnds }),
    outbox: body.outbox ?? [],
    causedBy: String(item.causedBy),
  };
}

/**
 * The events of the history of the child execution frame `frameId` runs that a frame item holds:
 * none when the item's frame is another (a nested distributed Map's own child).
 */
export function childHistoryOfItem(item: Item, frameId: string): readonly HistoryEvent[] {
  const body = decodeJson(item.body) as FrameBody;
  const own = body.frame.id === frameId || body.frame.inChild?.frameId === frameId;
  return own ? (body.childHistory ?? []) : [];
}

/** The history events a frame item holds. */
export function eventsOfItem(item: Item): FrameRecord['events'] {
  return (decodeJson(item.body) as FrameBody).events ?? [];
}

/** A child result's item. */
export async function joinResultItem(
  executionArn: string,
  joinId: string,
  result: ChildResult,
  expiresAt: number,
): Promise<Item> {
  return { ...keys.joinResult(executionArn, joinId, result.index), result: await encodeJson(result), expiresAt };
}

/** The task token record a token item holds. */
export function tokenFromItem(token: string, item: Item): TaskTokenRecord {
  const record: Record<string, unknown> = {
    token,
    executionArn: item.executionArn,
    frameId: item.frameId,
    version: item.version,
    heartbeatAt: item.heartbeatAt,
  };
  if (item.outcome !== undefined) record.outcome = decodeJson(item.outcome);
  if (item.jobPoll !== undefined) record.jobPoll = { poll: item.jobPoll, messageId: item.jobPollBy };
  return record as unknown as TaskTokenRecord;
}
