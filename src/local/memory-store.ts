/**
 * The in-memory {@link Store}: the embedded engine's durable state, with the semantics of the
 * DynamoDB store (conditional commits, idempotent joins, newest-record reads). Records are stored as
 * given and must not be mutated afterwards (the runtime never does).
 */
import type { ChildResult, HistoryEvent } from '../engine/types.js';
import { historyPageOf, pageOf } from '../runtime/paging.js';
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
  StateMachineRecord,
  Store,
  TaskTokenRecord,
} from '../runtime/ports.js';
import { listedUnder, mapRunOrder } from '../runtime/ports.js';

interface Join {
  readonly results: Map<number, ChildResult>;
  /** Each child's counts as its count left them. */
  readonly counted: Map<number, JoinCounts>;
  failed: number;
  /** The highest index counted. */
  last: number;
}

interface ExecutionState {
  record: ExecutionRecord;
  readonly frames: Map<string, FrameRecord[]>;
  readonly joins: Map<string, Join>;
  /** Item pages by join: their first children in order, and each page by its first child. */
  readonly pages: Map<string, { readonly firsts: number[]; readonly byFirst: Map<number, ItemPage> }>;
  /** The next history event id; for a child execution, none until its first reservation. */
  nextEventId: number | undefined;
  /**
   * Until when (epoch ms) a store with TTL would keep the event-id counter: the TTL it was last
   * written or refreshed with, as on DynamoDB (undefined: none given).
   */
  counterKeptUntil: number | undefined;
  readonly order: number;
}

/** An in-memory store. Its registry is a {@link MemoryRegistry} over it. */
export class MemoryStore implements Store {
  private readonly definitions = new Map<string, string>();
  private readonly stateMachines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionState>();
  private readonly tokens = new Map<string, TaskTokenRecord>();
  private readonly mapRuns = new Map<string, MapRunRecord>();
  private created = 0;

  async putDefinition(hash: string, definition: string): Promise<void> {
    this.definitions.set(hash, definition);
  }

  async getDefinition(hash: string): Promise<string | undefined> {
    return this.definitions.get(hash);
  }

  async putStateMachine(record: StateMachineRecord): Promise<void> {
    this.stateMachines.set(record.stateMachineArn, record);
  }

  async getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    return this.stateMachines.get(stateMachineArn);
  }

  /** Every registered state machine (for {@link MemoryRegistry}). */
  stateMachineRecords(): StateMachineRecord[] {
    return [...this.stateMachines.values()];
  }

  /** Forgets a state machine (for {@link MemoryRegistry}). */
  forgetStateMachine(stateMachineArn: string): void {
    this.stateMachines.delete(stateMachineArn);
  }

  async createExecution(record: ExecutionRecord, root: FrameRecord) {
    const existing = this.executions.get(record.info.executionArn);
    if (existing !== undefined) return { created: false as const, existing: existing.record };
    const maxId = root.events.reduce((max, e) => Math.max(max, e.id), 0);
    this.executions.set(record.info.executionArn, {
      record,
      frames: new Map([[root.frameId, [root]]]),
      joins: new Map(),
      pages: new Map(),
      nextEventId: maxId + 1,
      counterKeptUntil: root.expiresAt,
      order: this.created++,
    });
    return { created: true as const };
  }

  async putChildExecution(record: ExecutionRecord, expiresAt?: number): Promise<void> {
    if (this.executions.has(record.info.executionArn)) return;
    this.executions.set(record.info.executionArn, {
      record: expiresAt === undefined ? record : { ...record, expiresAt },
      frames: new Map(),
      joins: new Map(),
      pages: new Map(),
      nextEventId: undefined,
      counterKeptUntil: undefined,
      order: this.created++,
    });
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    return this.executions.get(executionArn)?.record;
  }

  async updateExecution(
    executionArn: string,
    from: readonly ExecutionStatus[],
    update: Partial<Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'stopDate' | 'expiresAt' | 'info'>>,
  ): Promise<boolean> {
    const state = this.executions.get(executionArn);
    if (state === undefined || !from.includes(state.record.status)) return false;
    const next: Record<string, unknown> = { ...state.record };
    for (const [key, value] of Object.entries(update)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    state.record = next as unknown as ExecutionRecord;
    return true;
  }

  /**
   * No TTL here: records stay until the store is dropped. Records `until`, on the execution and on
   * its map runs' child executions, and moves the TTL their event-id counters would have as the
   * DynamoDB store moves it ({@link counterKeptUntil}).
   */
  async keepRecords(executionArn: string, until: number, atMost?: number): Promise<void> {
    const state = this.executions.get(executionArn);
    if (state === undefined) return;
    const keep = (kept: ExecutionState) => {
      kept.record = { ...kept.record, recordsKeptUntil: until };
      const ttl = kept.counterKeptUntil;
      if (
        kept.nextEventId !== undefined &&
        (ttl === undefined || ttl < until || (atMost !== undefined && ttl > atMost))
      )
        kept.counterKeptUntil = until;
    };
    keep(state);
    for (const child of this.executions.values()) {
      if (child.record.parent?.executionArn === executionArn) keep(child);
    }
  }

  /**
   * Until when (epoch ms) a store with TTL would keep the execution's event-id counter (a child
   * execution's, once it reserved ids): as written by its last reservation or its start, and moved by
   * {@link keepRecords}. Undefined for none, or none given a TTL.
   */
  counterKeptUntil(executionArn: string): number | undefined {
    const state = this.executions.get(executionArn);
    return state?.nextEventId === undefined ? undefined : state.counterKeptUntil;
  }

  async listExecutions(query: {
    stateMachineArn: string;
    status?: ExecutionStatus | undefined;
    limit?: number | undefined;
    nextToken?: string | undefined;
  }): Promise<Page<ExecutionRecord>> {
    const all = [...this.executions.values()]
      .filter((e) => listedUnder(e.record) === query.stateMachineArn)
      .filter((e) => query.status === undefined || e.record.status === query.status)
      .sort((a, b) => b.order - a.order)
      .map((e) => e.record);
    const start = query.nextToken === undefined ? 0 : Number(query.nextToken);
    const limit = query.limit ?? 100;
    const items = all.slice(start, start + limit);
    return start + limit < all.length ? { items, nextToken: String(start + limit) } : { items };
  }

  async loadFrame(executionArn: string, frameId: string): Promise<FrameRecord | undefined> {
    const log = this.executions.get(executionArn)?.frames.get(frameId);
    return log?.[log.length - 1];
  }

  async loadFrameVersion(executionArn: string, frameId: string, version: number): Promise<FrameRecord | undefined> {
    return this.executions
      .get(executionArn)
      ?.frames.get(frameId)
      ?.find((r) => r.version === version);
  }

  async commitFrame(record: FrameRecord): Promise<CommitResult> {
    const state = this.executions.get(record.executionArn);
    if (state === undefined) throw new Error(`no execution ${record.executionArn}`);
    const log = state.frames.get(record.frameId) ?? [];
    const newest = log[log.length - 1];
    const newestVersion = newest?.version ?? -1;
    if (record.version <= newestVersion) {
      const current = log.find((r) => r.version === record.version) ?? newest!;
      return { committed: false, current };
    }
    if (record.version !== newestVersion + 1 && !(newest === undefined && record.version === 1)) {
      throw new Error(`commit of ${record.frameId} v${record.version} skips versions (newest ${newestVersion})`);
    }
    log.push(record);
    state.frames.set(record.frameId, log);
    return { committed: true };
  }

  async readHistory(executionArn: string): Promise<HistoryEvent[]> {
    return this.historyOf(executionArn);
  }

  /** In memory, a page of the whole history, which is at hand. */
  async readHistoryPage(executionArn: string, query: HistoryPageQuery): Promise<HistoryPage> {
    return historyPageOf(this.historyOf(executionArn), query);
  }

  async readChildHistory(executionArn: string, frameId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for (const [id, log] of this.executions.get(executionArn)?.frames ?? []) {
      if (id !== frameId && log[0]?.frame.inChild?.frameId !== frameId) continue;
      for (const record of log) for (const event of record.childHistory ?? []) events.push(event);
    }
    return events.sort((a, b) => a.id - b.id);
  }

  /** {@link readHistory}, synchronously. */
  historyOf(executionArn: string): HistoryEvent[] {
    const state = this.executions.get(executionArn);
    if (state === undefined) return [];
    const events: HistoryEvent[] = [];
    for (const log of state.frames.values()) {
      for (const record of log) for (const event of record.events) events.push(event);
    }
    return events.sort((a, b) => a.id - b.id);
  }

  async reserveEventIds(executionArn: string, count: number, expiresAt?: number, after = 0): Promise<number> {
    const state = this.executions.get(executionArn);
    if (state === undefined) throw new Error(`no execution ${executionArn}`);
    const first = state.nextEventId ?? after + 1;
    state.nextEventId = first + count;
    if (expiresAt !== undefined) state.counterKeptUntil = expiresAt;
    return first;
  }

  async completeChild(executionArn: string, joinId: string, result: ChildResult): Promise<JoinCounts> {
    const state = this.executions.get(executionArn);
    if (state === undefined) throw new Error(`no execution ${executionArn}`);
    let join = state.joins.get(joinId);
    if (join === undefined) {
      join = { results: new Map(), counted: new Map(), failed: 0, last: -1 };
      state.joins.set(joinId, join);
    }
    let counts = join.counted.get(result.index);
    if (counts === undefined) {
      join.results.set(result.index, result);
      join.last = Math.max(join.last, result.index);
      if (result.status === 'FAILED') join.failed += 1;
      counts = {
        completed: join.results.size,
        failed: join.failed,
        childFailed: result.status === 'FAILED',
        ordered: true,
      };
      join.counted.set(result.index, counts);
    }
    return counts;
  }

  async childResults(executionArn: string, joinId: string): Promise<ChildResult[]> {
    const join = this.executions.get(executionArn)?.joins.get(joinId);
    return join === undefined ? [] : [...join.results.values()];
  }

  async putMapRun(record: MapRunRecord): Promise<void> {
    // A repeat after the run's end was recorded (a racing step that lost) leaves the end in place.
    const ended = this.mapRuns.get(record.mapRunArn)?.ended;
    this.mapRuns.set(record.mapRunArn, ended === undefined ? record : { ...record, ended });
  }

  async getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    return this.mapRuns.get(mapRunArn);
  }

  async endMapRun(mapRunArn: string, end: MapRunEnd): Promise<void> {
    const record = this.mapRuns.get(mapRunArn);
    if (record === undefined || record.ended !== undefined) return;
    this.mapRuns.set(mapRunArn, { ...record, ended: { status: end.status, stopDate: end.stopDate } });
  }

  async listMapRuns(
    executionArn: string,
    query: { limit?: number | undefined; nextToken?: string | undefined },
  ): Promise<Page<MapRunRecord>> {
    const runs = [...this.mapRuns.values()]
      .filter((run) => run.executionArn === executionArn)
      .map((run) => ({ run, order: mapRunOrder(run) }))
      .sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0))
      .map(({ run }) => run);
    return pageOf(runs, query);
  }

  async childResultsFrom(executionArn: string, joinId: string, from: number, limit: number): Promise<ChildResult[]> {
    const join = this.executions.get(executionArn)?.joins.get(joinId);
    const results: ChildResult[] = [];
    for (let index = from; join !== undefined && index <= join.last && results.length < limit; index++) {
      const result = join.results.get(index);
      if (result !== undefined) results.push(result);
    }
    return results;
  }

  async joinCounts(executionArn: string, joinId: string): Promise<{ completed: number; failed: number }> {
    const join = this.executions.get(executionArn)?.joins.get(joinId);
    return { completed: join?.results.size ?? 0, failed: join?.failed ?? 0 };
  }

  async putItemPage(executionArn: string, joinId: string, page: ItemPage): Promise<void> {
    const state = this.executions.get(executionArn);
    if (state === undefined) throw new Error(`no execution ${executionArn}`);
    let pages = state.pages.get(joinId);
    if (pages === undefined) {
      pages = { firsts: [], byFirst: new Map() };
      state.pages.set(joinId, pages);
    }
    if (!pages.byFirst.has(page.first)) pages.firsts.splice(floorOf(pages.firsts, page.first) + 1, 0, page.first);
    pages.byFirst.set(page.first, structuredClone(page));
  }

  async getItemPage(executionArn: string, joinId: string, index: number): Promise<ItemPage | undefined> {
    const page = this.lastPageOf(executionArn, joinId, index);
    return page === undefined || index >= page.first + page.inputs.length ? undefined : page;
  }

  async lastItemPage(executionArn: string, joinId: string): Promise<ItemPage | undefined> {
    return this.lastPageOf(executionArn, joinId, Number.MAX_SAFE_INTEGER);
  }

  /** A copy of the page of a join with the greatest first child not above `index`. */
  private lastPageOf(executionArn: string, joinId: string, index: number): ItemPage | undefined {
    const pages = this.executions.get(executionArn)?.pages.get(joinId);
    const first = pages?.firsts[floorOf(pages.firsts, index)];
    const page = first === undefined ? undefined : pages?.byFirst.get(first);
    return page === undefined ? undefined : structuredClone(page);
  }

  async putTaskToken(record: TaskTokenRecord): Promise<void> {
    // Like the DynamoDB store's update: an outcome a callback recorded meanwhile is never wiped.
    const existing = this.tokens.get(record.token);
    this.tokens.set(record.token, existing?.outcome === undefined ? record : { ...record, outcome: existing.outcome });
  }

  async getTaskToken(token: string): Promise<TaskTokenRecord | undefined> {
    return this.tokens.get(token);
  }

  async resolveTaskToken(token: string, outcome: NonNullable<TaskTokenRecord['outcome']>): Promise<boolean> {
    const record = this.tokens.get(token);
    if (record === undefined || record.outcome !== undefined) return false;
    this.tokens.set(token, { ...record, outcome });
    return true;
  }

  async touchTaskToken(token: string, at: number): Promise<void> {
    const record = this.tokens.get(token);
    if (record !== undefined) this.tokens.set(token, { ...record, heartbeatAt: at });
  }

  async claimJobPoll(token: string, poll: number, messageId: string): Promise<boolean> {
    const record = this.tokens.get(token);
    if (record === undefined || !jobPollClaimable(record, poll, messageId)) return false;
    this.tokens.set(token, { ...record, jobPoll: { poll, messageId } });
    return true;
  }
}

/**
 * Whether poll `poll` of a token's `.sync` job may be handled by `messageId`: no later poll was
 * claimed, and this one by no other message (the rule of `Store.claimJobPoll`, shared by the
 * in-process stores).
 */
export function jobPollClaimable(record: TaskTokenRecord, poll: number, messageId: string): boolean {
  const claimed = record.jobPoll;
  return claimed === undefined || claimed.poll < poll || (claimed.poll === poll && claimed.messageId === messageId);
}

/** The position of the greatest of `sorted` not above `value` (-1 when every one is above it). */
function floorOf(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
