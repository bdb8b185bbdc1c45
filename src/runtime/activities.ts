/**
 * Activities: task lists that workers outside the engine poll. A Task state whose `Resource` is an
 * activity ARN puts a task on its activity's list and waits; a worker takes it with
 * `GetActivityTask` (long polling), which records `ActivityStarted`, and answers with
 * `SendTaskSuccess`, `SendTaskFailure` or `SendTaskHeartbeat` and the task token it got.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html
 */
import { ActivityAlreadyExists, ActivityDoesNotExist, InvalidArn } from './errors.js';
import { type Account, checkName, parseStatesArn, statesArn } from './names.js';
import type { Page } from './ports.js';
import type { ActivityRecord, PageQuery, Tags } from './registry.js';
import type { Runtime } from './runtime.js';
import { registryOf } from './state-machines.js';

/** `CreateActivity`: idempotent for the same name (and tags). */
export async function createActivity(
  runtime: Runtime,
  account: Account,
  params: { name: string; tags?: Tags | undefined },
): Promise<ActivityRecord> {
  checkName(params.name, 'activity');
  const registry = registryOf(runtime);
  const activityArn = statesArn(account, 'activity', params.name);
  const record = await registry.createActivity({
    activityArn,
    name: params.name,
    creationDate: new Date(runtime.deps.clock.now()).toISOString(),
  });
  const tags = params.tags ?? {};
  if (Object.keys(tags).length > 0) {
    const current = await registry.listTags(activityArn);
    const conflicting = Object.entries(tags).some(([k, v]) => current[k] !== undefined && current[k] !== v);
    if (conflicting) throw new ActivityAlreadyExists(activityArn);
    await registry.tagResource(activityArn, tags);
  }
  return record;
}

/** `DescribeActivity`. */
export async function describeActivity(runtime: Runtime, activityArn: string): Promise<ActivityRecord> {
  checkActivityArn(activityArn);
  const record = await registryOf(runtime).getActivity(activityArn);
  if (record === undefined) throw new ActivityDoesNotExist(activityArn);
  return record;
}

/** `ListActivities`. */
export async function listActivities(runtime: Runtime, query: PageQuery): Promise<Page<ActivityRecord>> {
  return registryOf(runtime).listActivities(query);
}

/** `DeleteActivity` (an unknown activity is no error). */
export async function deleteActivity(runtime: Runtime, activityArn: string): Promise<void> {
  checkActivityArn(activityArn);
  const registry = registryOf(runtime);
  await registry.deleteActivity(activityArn);
  await registry.untagResource(activityArn, Object.keys(await registry.listTags(activityArn)));
}

/** Options of {@link getActivityTask}. */
export interface ActivityPoll {
  readonly workerName?: string | undefined;
  /** How long to wait for a task, in seconds. */
  readonly waitSeconds: number;
  /** Real-time sleep between looks at the list. */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * `GetActivityTask`: the oldest task of the activity no worker took, or none after `waitSeconds`.
 * Taking a task records `ActivityStarted` in its execution's history before the token is handed out.
 */
export async function getActivityTask(
  runtime: Runtime,
  activityArn: string,
  poll: ActivityPoll,
): Promise<{ taskToken: string; input: string } | undefined> {
  await describeActivity(runtime, activityArn);
  const registry = registryOf(runtime);
  const deadline = Date.now() + poll.waitSeconds * 1000;
  for (let pause = 20; ; pause = Math.min(250, pause * 2)) {
    for (const task of await registry.pendingActivityTasks(activityArn, 10)) {
      const waiting = await runtime.deps.store.loadFrame(task.executionArn, task.frameId);
      const stage = waiting?.frame.stage;
      if (stage?.name !== 'task' || stage.taskToken !== task.token) {
        // Not waiting (yet): the step that scheduled the task has not committed, or the task is over
        // (timed out, stopped), which its token tells: it was committed at an older version.
        if (await isOver(runtime, task.token, task.executionArn, waiting?.version))
          await registry.claimActivityTask(task.token);
        continue;
      }
      if (!(await registry.claimActivityTask(task.token))) continue;
      if (await runtime.startActivityTask(task, poll.workerName)) return { taskToken: task.token, input: task.input };
    }
    if (Date.now() >= deadline) return undefined;
    await poll.sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
  }
}

/** Whether an activity task its frame no longer waits for is over (rather than not committed yet). */
async function isOver(
  runtime: Runtime,
  token: string,
  executionArn: string,
  frameVersion: number | undefined,
): Promise<boolean> {
  const execution = await runtime.deps.store.getExecution(executionArn);
  if (execution === undefined || execution.status !== 'RUNNING') return true;
  const record = await runtime.deps.store.getTaskToken(token);
  return record === undefined || (record.version >= 0 && frameVersion !== undefined && frameVersion > record.version);
}

function checkActivityArn(arn: string): void {
  const parsed = parseStatesArn(arn);
  if (parsed === undefined || parsed.type !== 'activity' || parsed.qualifiers.length > 0) throw new InvalidArn(arn);
}
