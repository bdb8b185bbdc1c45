/**
 * The state machine actions: create, update, describe, list and delete state machines; publish,
 * list and delete versions; create, update, describe, list and delete aliases.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import { z } from 'zod';
import * as machines from '../runtime/state-machines.js';
import { epochSeconds } from './action.js';
import type { ApiContext } from './context.js';
import {
  action,
  arn,
  definition,
  description,
  loggingConfiguration,
  maxResults,
  name,
  nextToken,
  pageSize,
  routingConfiguration,
  stateMachineType,
  tagRecord,
  tags,
  tracingConfiguration,
} from './schemas.js';

function prepared(context: ApiContext, text: string): string {
  return context.prepareDefinition === undefined ? text : context.prepareDefinition(text);
}

/** The state machine actions by name. */
export const stateMachineActions = {
  CreateStateMachine: action(
    z.object({
      name,
      definition,
      roleArn: arn.optional(),
      type: stateMachineType.optional(),
      loggingConfiguration,
      tracingConfiguration,
      publish: z.boolean().optional(),
      versionDescription: description,
      tags: tags.optional(),
    }),
    async (context, r) => {
      const created = await machines.createStateMachine(context.runtime, context.account, {
        ...r,
        definition: prepared(context, r.definition),
        tags: tagRecord(r.tags),
      });
      return {
        stateMachineArn: created.stateMachineArn,
        creationDate: epochSeconds(created.creationDate),
        stateMachineVersionArn: created.stateMachineVersionArn,
      };
    },
  ),
  UpdateStateMachine: action(
    z.object({
      stateMachineArn: arn,
      definition: definition.optional(),
      roleArn: arn.optional(),
      loggingConfiguration,
      tracingConfiguration,
      publish: z.boolean().optional(),
      versionDescription: description,
    }),
    async (context, r) => {
      const updated = await machines.updateStateMachine(context.runtime, r.stateMachineArn, {
        ...r,
        definition: r.definition === undefined ? undefined : prepared(context, r.definition),
      });
      return { ...updated, updateDate: epochSeconds(updated.updateDate) };
    },
  ),
  DeleteStateMachine: action(z.object({ stateMachineArn: arn }), async (context, r) => {
    await machines.deleteStateMachine(context.runtime, r.stateMachineArn);
    return {};
  }),
  DescribeStateMachine: action(
    z.object({ stateMachineArn: arn, includedData: z.enum(['ALL_DATA', 'METADATA_ONLY']).optional() }),
    async (context, r) => {
      const d = await machines.describeStateMachine(context.runtime, r.stateMachineArn);
      return { ...d, creationDate: epochSeconds(d.creationDate) };
    },
  ),
  ListStateMachines: action(z.object({ maxResults, nextToken }), async (context, r) => {
    const page = await machines.listStateMachines(context.runtime, {
      limit: pageSize(r.maxResults),
      nextToken: r.nextToken,
    });
    return {
      stateMachines: page.items.map((m) => ({
        stateMachineArn: m.stateMachineArn,
        name: m.name,
        type: m.type,
        creationDate: epochSeconds(m.creationDate ?? m.updatedAt),
      })),
      nextToken: page.nextToken,
    };
  }),
  PublishStateMachineVersion: action(
    z.object({ stateMachineArn: arn, revisionId: z.string().max(256).optional(), description }),
    async (context, r) => {
      const published = await machines.publishStateMachineVersion(context.runtime, r.stateMachineArn, r);
      return { ...published, creationDate: epochSeconds(published.creationDate) };
    },
  ),
  ListStateMachineVersions: action(z.object({ stateMachineArn: arn, maxResults, nextToken }), async (context, r) => {
    const page = await machines.listStateMachineVersions(context.runtime, r.stateMachineArn, {
      limit: pageSize(r.maxResults),
      nextToken: r.nextToken,
    });
    return {
      stateMachineVersions: page.items.map((v) => ({
        stateMachineVersionArn: v.stateMachineVersionArn,
        creationDate: epochSeconds(v.creationDate),
      })),
      nextToken: page.nextToken,
    };
  }),
  DeleteStateMachineVersion: action(z.object({ stateMachineVersionArn: arn }), async (context, r) => {
    await machines.deleteStateMachineVersion(context.runtime, r.stateMachineVersionArn);
    return {};
  }),
  CreateStateMachineAlias: action(
    z.object({ name: z.string().min(1).max(80), description, routingConfiguration }),
    async (context, r) => {
      const created = await machines.createStateMachineAlias(context.runtime, r);
      return { ...created, creationDate: epochSeconds(created.creationDate) };
    },
  ),
  UpdateStateMachineAlias: action(
    z.object({ stateMachineAliasArn: arn, description, routingConfiguration: routingConfiguration.optional() }),
    async (context, r) => {
      const updated = await machines.updateStateMachineAlias(context.runtime, r.stateMachineAliasArn, r);
      return { updateDate: epochSeconds(updated.updateDate) };
    },
  ),
  DescribeStateMachineAlias: action(z.object({ stateMachineAliasArn: arn }), async (context, r) => {
    const alias = await machines.describeStateMachineAlias(context.runtime, r.stateMachineAliasArn);
    return {
      stateMachineAliasArn: alias.stateMachineAliasArn,
      name: alias.name,
      description: alias.description,
      routingConfiguration: alias.routingConfiguration,
      creationDate: epochSeconds(alias.creationDate),
      updateDate: epochSeconds(alias.updateDate),
    };
  }),
  DeleteStateMachineAlias: action(z.object({ stateMachineAliasArn: arn }), async (context, r) => {
    await machines.deleteStateMachineAlias(context.runtime, r.stateMachineAliasArn);
    return {};
  }),
  ListStateMachineAliases: action(z.object({ stateMachineArn: arn, maxResults, nextToken }), async (context, r) => {
    const page = await machines.listStateMachineAliases(context.runtime, r.stateMachineArn, {
      limit: pageSize(r.maxResults),
      nextToken: r.nextToken,
    });
    return {
      stateMachineAliases: page.items.map((a) => ({
        stateMachineAliasArn: a.stateMachineAliasArn,
        creationDate: epochSeconds(a.creationDate),
      })),
      nextToken: page.nextToken,
    };
  }),
};
