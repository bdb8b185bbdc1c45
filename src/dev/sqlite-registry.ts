/**
 * The {@link Registry} on SQLite, beside the {@link SqliteStore} in the same file: what
 * `stepstone dev` lists, versions, aliases, tags and hands to activity workers.
 */
import { pageOf } from '../runtime/paging.js';
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
import { type Db, fromText, toText } from './database.js';

/** A registry in a SQLite database. */
export class SqliteRegistry implements Registry {
  constructor(private readonly db: Db) {}

  async listStateMachines(query: PageQuery): Promise<Page<StateMachineRecord>> {
    return pageOf(this.records<StateMachineRecord>('SELECT record FROM state_machines ORDER BY arn'), query);
  }

  async deleteStateMachine(stateMachineArn: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM state_machines WHERE arn = ?').run(stateMachineArn);
      this.db.prepare('DELETE FROM versions WHERE state_machine_arn = ?').run(stateMachineArn);
      this.db.prepare('DELETE FROM aliases WHERE state_machine_arn = ?').run(stateMachineArn);
    })();
  }

  async nextVersionNumber(stateMachineArn: string): Promise<number> {
    return this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO version_counters (state_machine_arn, last) VALUES (?, 1) ON CONFLICT (state_machine_arn) DO UPDATE SET last = last + 1',
        )
        .run(stateMachineArn);
      return (
        this.db.prepare('SELECT last FROM version_counters WHERE state_machine_arn = ?').get(stateMachineArn) as {
          last: number;
        }
      ).last;
    })();
  }

  async putVersion(record: StateMachineVersionRecord): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO versions (arn, state_machine_arn, version, record) VALUES (?, ?, ?, ?)')
      .run(record.stateMachineVersionArn, record.stateMachineArn, record.version, toText(record));
  }

  async getVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined> {
    return this.record('SELECT record FROM versions WHERE arn = ?', stateMachineVersionArn);
  }

  async listVersions(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineVersionRecord>> {
    return pageOf(
      this.records('SELECT record FROM versions WHERE state_machine_arn = ? ORDER BY version DESC', stateMachineArn),
      query,
    );
  }

  async deleteVersion(stateMachineVersionArn: string): Promise<void> {
    this.db.prepare('DELETE FROM versions WHERE arn = ?').run(stateMachineVersionArn);
  }

  async putAlias(record: StateMachineAliasRecord): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO aliases (arn, state_machine_arn, name, record) VALUES (?, ?, ?, ?)')
      .run(record.stateMachineAliasArn, record.stateMachineArn, record.name, toText(record));
  }

  async getAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined> {
    return this.record('SELECT record FROM aliases WHERE arn = ?', stateMachineAliasArn);
  }

  async listAliases(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineAliasRecord>> {
    return pageOf(
      this.records('SELECT record FROM aliases WHERE state_machine_arn = ? ORDER BY name', stateMachineArn),
      query,
    );
  }

  async deleteAlias(stateMachineAliasArn: string): Promise<void> {
    this.db.prepare('DELETE FROM aliases WHERE arn = ?').run(stateMachineAliasArn);
  }

  async createActivity(record: ActivityRecord): Promise<ActivityRecord> {
    this.db
      .prepare('INSERT OR IGNORE INTO activities (arn, record) VALUES (?, ?)')
      .run(record.activityArn, toText(record));
    return (await this.getActivity(record.activityArn)) ?? record;
  }

  async getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.record('SELECT record FROM activities WHERE arn = ?', activityArn);
  }

  async listActivities(query: PageQuery): Promise<Page<ActivityRecord>> {
    return pageOf(this.records('SELECT record FROM activities ORDER BY arn'), query);
  }

  async deleteActivity(activityArn: string): Promise<void> {
    this.db.prepare('DELETE FROM activities WHERE arn = ?').run(activityArn);
  }

  async scheduleActivityTask(task: ActivityTaskRecord): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO activity_tasks (token, activity_arn, scheduled_at, record) VALUES (?, ?, ?, ?)')
      .run(task.token, task.activityArn, task.scheduledAt, toText(task));
  }

  async pendingActivityTasks(activityArn: string, limit: number): Promise<ActivityTaskRecord[]> {
    return this.records(
      'SELECT record FROM activity_tasks WHERE activity_arn = ? AND claimed = 0 ORDER BY scheduled_at LIMIT ?',
      activityArn,
      limit,
    );
  }

  async claimActivityTask(token: string): Promise<boolean> {
    return (
      this.db.prepare('UPDATE activity_tasks SET claimed = 1 WHERE token = ? AND claimed = 0').run(token).changes === 1
    );
  }

  async tagResource(resourceArn: string, tags: Tags): Promise<void> {
    const put = this.db.prepare('INSERT OR REPLACE INTO tags (arn, key, value) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(tags)) put.run(resourceArn, key, value);
    })();
  }

  async untagResource(resourceArn: string, keys: readonly string[]): Promise<void> {
    const remove = this.db.prepare('DELETE FROM tags WHERE arn = ? AND key = ?');
    this.db.transaction(() => {
      for (const key of keys) remove.run(resourceArn, key);
    })();
  }

  async listTags(resourceArn: string): Promise<Tags> {
    const rows = this.db.prepare('SELECT key, value FROM tags WHERE arn = ? ORDER BY key').all(resourceArn) as {
      key: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  private record<T>(sql: string, ...params: unknown[]): T | undefined {
    const row = this.db.prepare(sql).get(...params) as { record: string } | undefined;
    return row === undefined ? undefined : fromText<T>(row.record);
  }

  private records<T>(sql: string, ...params: unknown[]): T[] {
    return (this.db.prepare(sql).all(...params) as { record: string }[]).map((r) => fromText<T>(r.record));
  }
}
