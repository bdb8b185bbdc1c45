/**
 * The in-memory {@link Registry}, over a {@link MemoryStore}'s state machines: what the embedded
 * engine and the API's unit tests list, version, alias, tag and poll.
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
import type { MemoryStore } from './memory-store.js';

/** An in-memory registry. */
export class MemoryRegistry implements Registry {
  private readonly versions = new Map<string, StateMachineVersionRecord>();
  private readonly versionCounters = new Map<string, number>();
  private readonly aliases = new Map<string, StateMachineAliasRecord>();
  private readonly activities = new Map<string, ActivityRecord>();
  private readonly activityTasks = new Map<string, ActivityTaskRecord & { claimed: boolean }>();
  private readonly tags = new Map<string, Map<string, string>>();

  constructor(private readonly store: MemoryStore) {}

  async listStateMachines(query: PageQuery): Promise<Page<StateMachineRecord>> {
    return pageOf(
      sortedBy(this.store.stateMachineRecords(), (r) => r.stateMachineArn),
      query,
    );
  }

  async deleteStateMachine(stateMachineArn: string): Promise<void> {
    this.store.forgetStateMachine(stateMachineArn);
    for (const [arn, version] of this.versions)
      if (version.stateMachineArn === stateMachineArn) this.versions.delete(arn);
    for (const [arn, alias] of this.aliases) if (alias.stateMachineArn === stateMachineArn) this.aliases.delete(arn);
  }

  async nextVersionNumber(stateMachineArn: string): Promise<number> {
    const next = (this.versionCounters.get(stateMachineArn) ?? 0) + 1;
    this.versionCounters.set(stateMachineArn, next);
    return next;
  }

  async putVersion(record: StateMachineVersionRecord): Promise<void> {
    this.versions.set(record.stateMachineVersionArn, record);
  }

  async getVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined> {
    return this.versions.get(stateMachineVersionArn);
  }

  async listVersions(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineVersionRecord>> {
    const mine = [...this.versions.values()].filter((v) => v.stateMachineArn === stateMachineArn);
    return pageOf(
      mine.sort((a, b) => b.version - a.version),
      query,
    );
  }

  async deleteVersion(stateMachineVersionArn: string): Promise<void> {
    this.versions.delete(stateMachineVersionArn);
  }

  async putAlias(record: StateMachineAliasRecord): Promise<void> {
    this.aliases.set(record.stateMachineAliasArn, record);
  }

  async getAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined> {
    return this.aliases.get(stateMachineAliasArn);
  }

  async listAliases(stateMachineArn: string, query: PageQuery): Promise<Page<StateMachineAliasRecord>> {
    const mine = [...this.aliases.values()].filter((a) => a.stateMachineArn === stateMachineArn);
    return pageOf(
      sortedBy(mine, (a) => a.name),
      query,
    );
  }

  async deleteAlias(stateMachineAliasArn: string): Promise<void> {
    this.aliases.delete(stateMachineAliasArn);
  }

  async createActivity(record: ActivityRecord): Promise<ActivityRecord> {
    const existing = this.activities.get(record.activityArn);
    if (existing !== undefined) return existing;
    this.activities.set(record.activityArn, record);
    return record;
  }

  async getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.activities.get(activityArn);
  }

  async listActivities(query: PageQuery): Promise<Page<ActivityRecord>> {
    return pageOf(
      sortedBy([...this.activities.values()], (a) => a.activityArn),
      query,
    );
  }

  async deleteActivity(activityArn: string): Promise<void> {
    this.activities.delete(activityArn);
  }

  async scheduleActivityTask(task: ActivityTaskRecord): Promise<void> {
    if (!this.activityTasks.has(task.token)) this.activityTasks.set(task.token, { ...task, claimed: false });
  }

  async pendingActivityTasks(activityArn: string, limit: number): Promise<ActivityTaskRecord[]> {
    return [...this.activityTasks.values()]
      .filter((t) => t.activityArn === activityArn && !t.claimed)
      .sort((a, b) => a.scheduledAt - b.scheduledAt)
      .slice(0, limit)
      .map(({ claimed: _claimed, ...task }) => task);
  }

  async claimActivityTask(token: string): Promise<boolean> {
    const task = this.activityTasks.get(token);
    if (task === undefined || task.claimed) return false;
    task.claimed = true;
    return true;
  }

  async tagResource(resourceArn: string, tags: Tags): Promise<void> {
    const current = this.tags.get(resourceArn) ?? new Map<string, string>();
    for (const [key, value] of Object.entries(tags)) current.set(key, value);
    this.tags.set(resourceArn, current);
  }

  async untagResource(resourceArn: string, keys: readonly string[]): Promise<void> {
    const current = this.tags.get(resourceArn);
    for (const key of keys) current?.delete(key);
  }

  async listTags(resourceArn: string): Promise<Tags> {
    return Object.fromEntries(this.tags.get(resourceArn) ?? []);
  }
}

function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
