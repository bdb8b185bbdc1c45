/**
 * The {@link Store} on SQLite, for `stepstone dev`: the semantics of the DynamoDB store (conditional
 * commits, contiguous versions, idempotent joins, newest-record reads) in one durable file. Each
 * operation is one statement or one transaction; better-sqlite3 runs it without yielding, so within
 * the server's process nothing interleaves with it.
 */
import type { ChildResult, HistoryEvent } from '../engine/types.js';
import { jobPollClaimable } from '../local/memory-store.js';
import { historyPageOf, numberOfToken, numberToken, pageOf } from '../runtime/paging.js';
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
import { listedUnder } from '../runtime/ports.js';
import { type Db, fromText, toText } from './database.js';

/** A store in a SQLite database (see {@link openDatabase}). */
export class SqliteStore implements Store {
  constructor(private readonly db: Db) {}

  async putDefinition(hash: string, definition: string): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO definitions (hash, text) VALUES (?, ?)').run(hash, definition);
  }

  async getDefinition(hash: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT text FROM definitions WHERE hash = ?').get(hash) as
      | { text: string }
      | undefined;
    return row?.text;
  }

  async putStateMachine(record: StateMachineRecord): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO state_machines (arn, record) VALUES (?, ?)')
      .run(record.stateMachineArn, toText(record));
  }

  async getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    const row = this.db.prepare('SELECT record FROM state_machines WHERE arn = ?').get(stateMachineArn) as
      | { record: string }
      | undefined;
    return row === undefined ? undefined : fromText(row.record);
  }

  async createExecution(record: ExecutionRecord, root: FrameRecord) {
    const arn = record.info.executionArn;
    const create = this.db.transaction(() => {
      const existing = this.execution(arn);
      if (existing !== undefined) return { created: false as const, existing };
      const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM executions').get() as { seq: number })
        .seq;
      const maxId = root.events.reduce((max, e) => Math.max(max, e.id), 0);
      this.db
        .prepare(
          'INSERT INTO executions (arn, state_machine_arn, status, seq, record, next_event_id) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(arn, listedUnder(record), record.status, seq, toText(record), maxId + 1);
      this.insertFrame(root);
      return { created: true as const };
    });
    return create();
  }

  async putChildExecution(record: ExecutionRecord, expiresAt?: number): Promise<void> {
    const put = this.db.transaction(() => {
      const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM executions').get() as { seq: number })
        .seq;
      const kept = expiresAt === undefined ? record : { ...record, expiresAt };
      this.db
        .prepare(
          'INSERT OR IGNORE INTO executions (arn, state_machine_arn, status, seq, record, next_event_id) VALUES (?, ?, ?, ?, ?, 0)',
        )
        .run(record.info.executionArn, listedUnder(record), record.status, seq, toText(kept));
    });
    put();
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    return this.execution(executionArn);
  }

  async updateExecution(
    executionArn: string,
    from: readonly ExecutionStatus[],
    update: Partial<Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'stopDate' | 'expiresAt' | 'info'>>,
  ): Promise<boolean> {
    const apply = this.db.transaction(() => {
      const current = this.execution(executionArn);
      if (current === undefined || !from.includes(current.status)) return false;
      const next: Record<string, unknown> = { ...current };
      for (const [key, value] of Object.entries(update)) {
        if (value === undefined) delete next[key];
        else next[key] = value;
      }
      this.db
        .prepare('UPDATE executions SET status = ?, record = ? WHERE arn = ?')
        .run(String(next.status), toText(next), executionArn);
      return true;
    });
    return apply();
  }

  /**
   * No TTL here: records stay until deleted. Records `until` only, on the execution and on the child
   * executions of its map runs (listed under their map run's ARN). A child's event-id counter is its
   * row's `next_event_id`, kept with the row.
   */
  async keepRecords(executionArn: string, until: number): Promise<void> {
    const keep = this.db.transaction(() => {
      const current = this.execution(executionArn);
      if (current === undefined) return;
      const update = this.db.prepare('UPDATE executions SET record = ? WHERE arn = ?');
      update.run(toText({ ...current, recordsKeptUntil: until }), executionArn);
      const children = this.db
        .prepare(
          `SELECT arn, record FROM executions WHERE state_machine_arn IN
             (SELECT arn FROM map_runs WHERE json_extract(record, '$.executionArn') = ?)`,
        )
        .all(executionArn) as { arn: string; record: string }[];
      for (const child of children) {
        update.run(toText({ ...fromText<ExecutionRecord>(child.record), recordsKeptUntil: until }), child.arn);
      }
    });
    keep();
  }

  async listExecutions(query: {
    stateMachineArn: string;
    status?: ExecutionStatus | undefined;
    limit?: number | undefined;
    nextToken?: string | undefined;
  }): Promise<Page<ExecutionRecord>> {
    const rows = (
      query.status === undefined
        ? this.db
            .prepare('SELECT record FROM executions WHERE state_machine_arn = ? ORDER BY seq DESC')
            .all(query.stateMachineArn)
        : this.db
            .prepare('SELECT record FROM executions WHERE state_machine_arn = ? AND status = ? ORDER BY seq DESC')
            .all(query.stateMachineArn, query.status)
    ) as { record: string }[];
    return pageOf(
      rows.map((r) => fromText<ExecutionRecord>(r.record)),
      { limit: query.limit, nextToken: query.nextToken },
    );
  }

  async loadFrame(executionArn: string, frameId: string): Promise<FrameRecord | undefined> {
    const row = this.db
      .prepare('SELECT record FROM frames WHERE execution_arn = ? AND frame_id = ? ORDER BY version DESC LIMIT 1')
      .get(executionArn, frameId) as { record: string } | undefined;
    return row === undefined ? undefined : fromText(row.record);
  }

  async loadFrameVersion(executionArn: string, frameId: string, version: number): Promise<FrameRecord | undefined> {
    const row = this.db
      .prepare('SELECT record FROM frames WHERE execution_arn = ? AND frame_id = ? AND version = ?')
      .get(executionArn, frameId, version) as { record: string } | undefined;
    return row === undefined ? undefined : fromText(row.record);
  }

  async commitFrame(record: FrameRecord): Promise<CommitResult> {
    const commit = this.db.transaction((): CommitResult => {
      if (this.execution(record.executionArn) === undefined) throw new Error(`no execution ${record.executionArn}`);
      const newest = this.db
        .prepare('SELECT MAX(version) AS version FROM frames WHERE execution_arn = ? AND frame_id = ?')
        .get(record.executionArn, record.frameId) as { version: number | null };
      const newestVersion = newest.version ?? -1;
      if (record.version <= newestVersion) {
        const row = this.db
          .prepare(
            'SELECT record FROM frames WHERE execution_arn = ? AND frame_id = ? AND version IN (?, ?) ORDER BY version = ? DESC LIMIT 1',
          )
          .get(record.executionArn, record.frameId, record.version, newestVersion, record.version) as {
          record: string;
        };
        return { committed: false, current: fromText(row.record) };
      }
      if (record.version !== newestVersion + 1 && !(newest.version === null && record.version === 1)) {
        throw new Error(`commit of ${record.frameId} v${record.version} skips versions (newest ${newestVersion})`);
      }
      this.insertFrame(record);
      return { committed: true };
    });
    return commit();
  }

  async readHistory(executionArn: string): Promise<HistoryEvent[]> {
    const rows = this.db.prepare('SELECT record FROM frames WHERE execution_arn = ?').all(executionArn) as {
      record: string;
    }[];
    const events: HistoryEvent[] = [];
    for (const row of rows) for (const event of fromText<FrameRecord>(row.record).events) events.push(event);
    return events.sort((a, b) => a.id - b.id);
  }

  /** A page of the whole history: the local endpoint's file holds no index by event id. */
  async readHistoryPage(executionArn: string, query: HistoryPageQuery): Promise<HistoryPage> {
    return historyPageOf(await this.readHistory(executionArn), query);
  }

  async readChildHistory(executionArn: string, frameId: string): Promise<HistoryEvent[]> {
    // The frame's records and its nested frames' (`<frameId>/…`), not its siblings' (`<frameId>0…`).
    const rows = this.db
      .prepare(
        'SELECT record FROM frames WHERE execution_arn = ? AND (frame_id = ? OR (frame_id > ? AND frame_id < ?))',
      )
      .all(executionArn, frameId, `${frameId}/`, `${frameId}0`) as { record: string }[];
    const events = rows.flatMap((row) => {
      const record = fromText<FrameRecord>(row.record);
      const own = record.frameId === frameId || record.frame.inChild?.frameId === frameId;
      return own ? (record.childHistory ?? []) : [];
    });
    return events.sort((a, b) => a.id - b.id);
  }

  /** A child execution's row counts from 0: none reserved yet, the first reservation starts after `after`. */
  async reserveEventIds(executionArn: string, count: number, _expiresAt?: number, after = 0): Promise<number> {
    const reserve = this.db.transaction(() => {
      const row = this.db.prepare('SELECT next_event_id AS next FROM executions WHERE arn = ?').get(executionArn) as
        | { next: number }
        | undefined;
      if (row === undefined) throw new Error(`no execution ${executionArn}`);
      const first = row.next === 0 ? after + 1 : row.next;
      this.db.prepare('UPDATE executions SET next_event_id = ? WHERE arn = ?').run(first + count, executionArn);
      return first;
    });
    return reserve();
  }

  async completeChild(executionArn: string, joinId: string, result: ChildResult): Promise<JoinCounts> {
    const complete = this.db.transaction(() => {
      if (this.execution(executionArn) === undefined) throw new Error(`no execution ${executionArn}`);
      this.db
        .prepare(
          'INSERT OR IGNORE INTO join_results (execution_arn, join_id, idx, failed, result) VALUES (?, ?, ?, ?, ?)',
        )
        .run(executionArn, joinId, result.index, result.status === 'FAILED' ? 1 : 0, toText(result));
      // Rows are numbered in insertion order: the counts as this child's row left them.
      const counts = this.db
        .prepare(
          `SELECT COUNT(*) AS completed, COALESCE(SUM(r.failed), 0) AS failed, c.failed AS childFailed
           FROM join_results c JOIN join_results r
             ON r.execution_arn = c.execution_arn AND r.join_id = c.join_id AND r.rowid <= c.rowid
           WHERE c.execution_arn = ? AND c.join_id = ? AND c.idx = ?`,
        )
        .get(executionArn, joinId, result.index) as { completed: number; failed: number; childFailed: number };
      return {
        completed: counts.completed,
        failed: counts.failed,
        childFailed: counts.childFailed === 1,
        ordered: true,
      };
    });
    return complete();
  }

  async childResults(executionArn: string, joinId: string): Promise<ChildResult[]> {
    const rows = this.db
      .prepare('SELECT result FROM join_results WHERE execution_arn = ? AND join_id = ? ORDER BY idx')
      .all(executionArn, joinId) as { result: string }[];
    return rows.map((r) => fromText(r.result));
  }

  async putMapRun(record: MapRunRecord): Promise<void> {
    // A repeat after the run's end was recorded (a racing step that lost) leaves the end in place.
    this.db
      .prepare(
        `INSERT INTO map_runs (arn, record) VALUES (?, ?)
         ON CONFLICT (arn) DO UPDATE SET record = excluded.record
         WHERE json_extract(map_runs.record, '$.ended') IS NULL`,
      )
      .run(record.mapRunArn, toText(record));
  }

  async endMapRun(mapRunArn: string, end: MapRunEnd): Promise<void> {
    this.db
      .prepare(
        `UPDATE map_runs SET record = json_set(record, '$.ended', json(?))
         WHERE arn = ? AND json_extract(record, '$.ended') IS NULL`,
      )
      .run(JSON.stringify({ status: end.status, stopDate: end.stopDate }), mapRunArn);
  }

  /** One query of the execution's runs in `mapRunOrder`, newest first, `LIMIT` and `OFFSET` the page. */
  async listMapRuns(
    executionArn: string,
    query: { limit?: number | undefined; nextToken?: string | undefined },
  ): Promise<Page<MapRunRecord>> {
    const start = query.nextToken === undefined ? 0 : numberOfToken('offset', query.nextToken);
    const limit = Math.max(1, query.limit ?? 100);
    const rows = this.db
      .prepare(
        `SELECT record FROM map_runs WHERE json_extract(record, '$.executionArn') = ?
         ORDER BY json_extract(record, '$.redriveCount') IS NULL DESC, json_extract(record, '$.redriveCount') DESC,
           json_extract(record, '$.startDate') DESC, arn DESC
         LIMIT ? OFFSET ?`,
      )
      .all(executionArn, limit + 1, start) as { record: string }[];
    const items = rows.slice(0, limit).map((row) => fromText<MapRunRecord>(row.record));
    return rows.length > limit ? { items, nextToken: numberToken('offset', start + limit) } : { items };
  }

  async getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    const row = this.db.prepare('SELECT record FROM map_runs WHERE arn = ?').get(mapRunArn) as
      | { record: string }
      | undefined;
    return row === undefined ? undefined : fromText(row.record);
  }

  async childResultsFrom(executionArn: string, joinId: string, from: number, limit: number): Promise<ChildResult[]> {
    const rows = this.db
      .prepare(
        'SELECT result FROM join_results WHERE execution_arn = ? AND join_id = ? AND idx >= ? ORDER BY idx LIMIT ?',
      )
      .all(executionArn, joinId, from, limit) as { result: string }[];
    return rows.map((r) => fromText(r.result));
  }

  async joinCounts(executionArn: string, joinId: string): Promise<{ completed: number; failed: number }> {
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS completed, COALESCE(SUM(failed), 0) AS failed FROM join_results WHERE execution_arn = ? AND join_id = ?',
      )
      .get(executionArn, joinId) as { completed: number; failed: number };
    return { completed: row.completed, failed: row.failed };
  }

  async putItemPage(executionArn: string, joinId: string, page: ItemPage): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO item_pages (execution_arn, join_id, first, inputs) VALUES (?, ?, ?, ?)')
      .run(executionArn, joinId, page.first, toText(page.inputs));
  }

  async getItemPage(executionArn: string, joinId: string, index: number): Promise<ItemPage | undefined> {
    const page = this.lastPageOf(executionArn, joinId, index);
    return page !== undefined && index < page.first + page.inputs.length ? page : undefined;
  }

  async lastItemPage(executionArn: string, joinId: string): Promise<ItemPage | undefined> {
    return this.lastPageOf(executionArn, joinId, Number.MAX_SAFE_INTEGER);
  }

  /** The page of a join with the greatest first child not above `index`. */
  private lastPageOf(executionArn: string, joinId: string, index: number): ItemPage | undefined {
    const row = this.db
      .prepare(
        'SELECT first, inputs FROM item_pages WHERE execution_arn = ? AND join_id = ? AND first <= ? ORDER BY first DESC LIMIT 1',
      )
      .get(executionArn, joinId, index) as { first: number; inputs: string } | undefined;
    return row === undefined ? undefined : { first: row.first, inputs: fromText<unknown[]>(row.inputs) };
  }

  async putTaskToken(record: TaskTokenRecord): Promise<void> {
    // Like the DynamoDB store's update: an outcome a callback recorded meanwhile is never wiped.
    const put = this.db.transaction(() => {
      const existing = this.token(record.token);
      const next = existing?.outcome === undefined ? record : { ...record, outcome: existing.outcome };
      this.db
        .prepare('INSERT OR REPLACE INTO task_tokens (token, record) VALUES (?, ?)')
        .run(record.token, toText(next));
    });
    put();
  }

  async getTaskToken(token: string): Promise<TaskTokenRecord | undefined> {
    return this.token(token);
  }

  async resolveTaskToken(token: string, outcome: NonNullable<TaskTokenRecord['outcome']>): Promise<boolean> {
    const resolve = this.db.transaction(() => {
      const record = this.token(token);
      if (record === undefined || record.outcome !== undefined) return false;
      this.db.prepare('UPDATE task_tokens SET record = ? WHERE token = ?').run(toText({ ...record, outcome }), token);
      return true;
    });
    return resolve();
  }

  async touchTaskToken(token: string, at: number): Promise<void> {
    const touch = this.db.transaction(() => {
      const record = this.token(token);
      if (record !== undefined) {
        this.db
          .prepare('UPDATE task_tokens SET record = ? WHERE token = ?')
          .run(toText({ ...record, heartbeatAt: at }), token);
      }
    });
    touch();
  }

  async claimJobPoll(token: string, poll: number, messageId: string): Promise<boolean> {
    const claim = this.db.transaction(() => {
      const record = this.token(token);
      if (record === undefined || !jobPollClaimable(record, poll, messageId)) return false;
      this.db
        .prepare('UPDATE task_tokens SET record = ? WHERE token = ?')
        .run(toText({ ...record, jobPoll: { poll, messageId } }), token);
      return true;
    });
    return claim();
  }

  private execution(executionArn: string): ExecutionRecord | undefined {
    const row = this.db.prepare('SELECT record FROM executions WHERE arn = ?').get(executionArn) as
      | { record: string }
      | undefined;
    return row === undefined ? undefined : fromText(row.record);
  }

  private token(token: string): TaskTokenRecord | undefined {
    const row = this.db.prepare('SELECT record FROM task_tokens WHERE token = ?').get(token) as
      | { record: string }
      | undefined;
    return row === undefined ? undefined : fromText(row.record);
  }

  private insertFrame(record: FrameRecord): void {
    this.db
      .prepare('INSERT INTO frames (execution_arn, frame_id, version, record) VALUES (?, ?, ?, ?)')
      .run(record.executionArn, record.frameId, record.version, toText(record));
  }
}
