/**
 * The activity actions (create, describe, list, delete, `GetActivityTask`) and the tag actions of
 * state machines and activities.
 */
import { z } from 'zod';
import * as activities from '../runtime/activities.js';
import { ResourceNotFound, TooManyTags } from '../runtime/errors.js';
import { parseStatesArn } from '../runtime/names.js';
import type { Tags } from '../runtime/registry.js';
import { registryOf } from '../runtime/state-machines.js';
import { epochSeconds } from './action.js';
import { type ApiContext, sleepOf } from './context.js';
import { action, arn, maxResults, name, nextToken, pageSize, tagRecord, tags } from './schemas.js';

/** A resource that takes tags must exist: a state machine or an activity. */
async function taggable(context: ApiContext, resourceArn: string): Promise<void> {
  const parsed = parseStatesArn(resourceArn);
  const exists =
    parsed?.qualifiers.length === 0 &&
    (parsed.type === 'stateMachine'
      ? (await context.runtime.deps.store.getStateMachine(resourceArn)) !== undefined
      : parsed.type === 'activity' && (await registryOf(context.runtime).getActivity(resourceArn)) !== undefined);
  if (!exists) throw new ResourceNotFound(resourceArn);
}

function tagList(record: Tags): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** The activity and tag actions by name. */
export const activityActions = {
  CreateActivity: action(z.object({ name, tags: tags.optional() }), async (context, r) => {
    const created = await activities.createActivity(context.runtime, context.account, {
      name: r.name,
      tags: tagRecord(r.tags),
    });
    return { activityArn: created.activityArn, creationDate: epochSeconds(created.creationDate) };
  }),
  DescribeActivity: action(z.object({ activityArn: arn }), async (context, r) => {
    const activity = await activities.describeActivity(context.runtime, r.activityArn);
    return {
      activityArn: activity.activityArn,
      name: activity.name,
      creationDate: epochSeconds(activity.creationDate),
    };
  }),
  ListActivities: action(z.object({ maxResults, nextToken }), async (context, r) => {
    const page = await activities.listActivities(context.runtime, {
      limit: pageSize(r.maxResults),
      nextToken: r.nextToken,
    });
    return {
      activities: page.items.map((a) => ({
        activityArn: a.activityArn,
        name: a.name,
        creationDate: epochSeconds(a.creationDate),
      })),
      nextToken: page.nextToken,
    };
  }),
  DeleteActivity: action(z.object({ activityArn: arn }), async (context, r) => {
    await activities.deleteActivity(context.runtime, r.activityArn);
    return {};
  }),
  GetActivityTask: action(
    z.object({ activityArn: arn, workerName: z.string().min(1).max(80).optional() }),
    async (context, r) => {
      const task = await activities.getActivityTask(context.runtime, r.activityArn, {
        workerName: r.workerName,
        waitSeconds: context.activityPollSeconds ?? 60,
        sleep: sleepOf(context),
      });
      return task ?? {};
    },
  ),
  TagResource: action(z.object({ resourceArn: arn, tags }), async (context, r) => {
    await taggable(context, r.resourceArn);
    const registry = registryOf(context.runtime);
    const merged = { ...(await registry.listTags(r.resourceArn)), ...tagRecord(r.tags) };
    if (Object.keys(merged).length > 50) throw new TooManyTags(r.resourceArn);
    await registry.tagResource(r.resourceArn, tagRecord(r.tags));
    return {};
  }),
  UntagResource: action(
    z.object({ resourceArn: arn, tagKeys: z.array(z.string().min(1).max(128)).max(50) }),
    async (context, r) => {
      await taggable(context, r.resourceArn);
      await registryOf(context.runtime).untagResource(r.resourceArn, r.tagKeys);
      return {};
    },
  ),
  ListTagsForResource: action(z.object({ resourceArn: arn }), async (context, r) => {
    await taggable(context, r.resourceArn);
    return { tags: tagList(await registryOf(context.runtime).listTags(r.resourceArn)) };
  }),
};
