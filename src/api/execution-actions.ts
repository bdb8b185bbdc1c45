/**
 * The execution actions: start (also synchronously for Express state machines, and on a version or
 * an alias), describe, history, list, stop, redrive, and the task-token callbacks.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { HistoryEvent } from '../engine/types.js';
import {
  ExecutionDoesNotExist,
  InvalidArn,
  StateMachineDoesNotExist,
  StateMachineTypeNotSupported,
  ValidationException,
} from '../runtime/errors.js';
import * as lifecycle from '../runtime/lifecycle.js';
import { parseStatesArn, stateMachineTarget } from '../runtime/names.js';
import type { ExecutionRecord, ExecutionStatus } from '../runtime/ports.js';
import { describeRecord, resolveStartTarget } from '../runtime/state-machines.js';
import { epochSeconds, optionalEpochSeconds } from './action.js';
import { type ApiContext, sleepOf } from './context.js';
import {
  action,
  arn,
  cause,
  error,
  executionStatus,
  maxResults,
  name,
  nextToken,
  pageSize,
  payload,
  taskToken,
} from './schemas.js';

const startRequest = z.object({
  stateMachineArn: arn,
  name: name.optional(),
  input: payload.optional(),
  traceHeader: z.string().max(256).optional(),
});

/**
 * Starts an execution; `<arn>#<TestCase>` selects a mock test case first (Step Functions Local's
 * convention, where the API context allows it).
 */
async function start(context: ApiContext, r: z.infer<typeof startRequest>): Promise<lifecycle.StartExecutionOutput> {
  const [stateMachineArn = '', testCase, ...rest] = r.stateMachineArn.split('#');
  if (rest.length > 0 || (testCase !== undefined && (context.selectTestCase === undefined || testCase === ''))) {
    throw new InvalidArn(r.stateMachineArn);
  }
  const select = context.selectTestCase;
  const beforeStart =
    testCase === undefined || select === undefined
      ? undefined
      : (executionArn: string) =>
          select({ executionArn, stateMachineName: stateMachineTarget(stateMachineArn).name, testCase });
  return lifecycle.startRegisteredExecution(context.runtime, stateMachineArn, {
    name: r.name,
    input: r.input,
    beforeStart,
    stepWaitMilliseconds: context.startStepWaitMilliseconds,
  });
}

/** `DescribeExecution`'s shape of an execution. */
function executionShape(d: lifecycle.ExecutionDescription) {
  const redrivable = d.status === 'FAILED' || d.status === 'TIMED_OUT' || d.status === 'ABORTED';
  return {
    executionArn: d.executionArn,
    stateMachineArn: d.stateMachineArn,
    name: d.name,
    status: d.status,
    startDate: epochSeconds(d.startDate),
    stopDate: optionalEpochSeconds(d.stopDate),
    input: d.input,
    inputDetails: { included: true },
    output: d.output,
    outputDetails: d.output === undefined ? undefined : { included: true },
    error: d.error,
    cause: d.cause,
    stateMachineVersionArn: d.stateMachineVersionArn,
    stateMachineAliasArn: d.stateMachineAliasArn,
    redriveCount: d.redriveCount,
    redriveStatus: redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    redriveStatusReason: redrivable ? undefined : `Execution is ${d.status}`,
    mapRunArn: d.mapRunArn,
  };
}

/** Bytes `value` takes in a response that is JSON inside a JSON string (a Lambda function URL's body). */
function responseBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(value)), 'utf8');
}

/** Room kept in a bounded response for what surrounds its data (names, ARNs, dates, status). */
const RESPONSE_FRAME_BYTES = 16 * 1024;

/**
 * An execution's shape within `maxBytes`: its output, then its input, left out (`included: false`)
 * while they do not fit.
 */
function boundedExecutionShape(shape: ReturnType<typeof executionShape>, maxBytes: number | undefined) {
  if (maxBytes === undefined || responseBytes(shape) <= maxBytes) return shape;
  const withoutOutput = { ...shape, output: undefined, outputDetails: { included: false } };
  if (shape.output !== undefined && responseBytes(withoutOutput) <= maxBytes) return withoutOutput;
  const withoutInput = { ...shape, input: undefined, inputDetails: { included: false } };
  if (responseBytes(withoutInput) <= maxBytes) return withoutInput;
  return { ...withoutOutput, input: undefined, inputDetails: { included: false } };
}

/**
 * A history event within `maxBytes`: the event itself, or, when it does not fit, its data members
 * (`input`, `output`, `parameters`) cut to an equal share of the room, with `truncated: true`.
 */
function boundedEvent(shaped: Record<string, unknown>, maxBytes: number | undefined): Record<string, unknown> {
  if (maxBytes === undefined || responseBytes(shaped) <= maxBytes) return shaped;
  const cut: Record<string, unknown> = { ...shaped };
  for (const [key, value] of Object.entries(shaped)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    const details: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const member of ['input', 'output', 'parameters'] as const) {
      const text = details[member];
      if (typeof text !== 'string') continue;
      // Each character may take up to 12 bytes once escaped twice: cut to what surely fits.
      details[member] = text.slice(0, Math.floor((maxBytes - RESPONSE_FRAME_BYTES) / 3 / 12));
      if (member !== 'parameters') details[`${member}Details`] = { truncated: true };
    }
    cut[key] = details;
  }
  return cut;
}

/** The history event members that carry execution data (`includeExecutionData: false` drops them). */
const DATA_MEMBERS = new Set(['input', 'output', 'inputDetails', 'outputDetails']);

function eventShape(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const shaped: Record<string, unknown> = { ...event, timestamp: epochSeconds(event.timestamp) };
  if (includeData) return shaped;
  for (const [key, value] of Object.entries(shaped)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    shaped[key] = Object.fromEntries(Object.entries(value).filter(([k]) => !DATA_MEMBERS.has(k)));
  }
  return shaped;
}

/** Checks an execution ARN's form (`InvalidArn`). */
function checkExecutionArn(executionArn: string): void {
  const parsed = parseStatesArn(executionArn);
  if (
    parsed === undefined ||
    (parsed.type !== 'execution' && parsed.type !== 'express') ||
    parsed.qualifiers.length < 1
  ) {
    throw new InvalidArn(executionArn);
  }
}

/** Waits until an execution is no longer RUNNING, or `seconds` have passed. */
async function settled(context: ApiContext, executionArn: string, seconds: number): Promise<void> {
  const sleep = sleepOf(context);
  const deadline = Date.now() + seconds * 1000;
  for (let wait = 5; Date.now() < deadline; wait = Math.min(100, wait * 2)) {
    const record = await context.runtime.deps.store.getExecution(executionArn);
    if (record === undefined || record.status !== 'RUNNING') return;
    await sleep(wait);
  }
}

/**
 * `DescribeStateMachineForExecution` of a map run's child execution: the state machine of the map
 * run (its `ItemProcessor` as a state machine of its own, named `<state machine>/<label>`), with the
 * run's `mapRunArn` and `label`.
 */
async function childStateMachine(context: ApiContext, record: ExecutionRecord) {
  const { store } = context.runtime.deps;
  const parent = record.parent!;
  const frame = (await store.loadFrame(parent.executionArn, parent.frameId))?.frame;
  const text = await store.getDefinition(record.definitionHash);
  // The definition as registered: JSON, or YAML (of which JSON is a part).
  const processor = frame === undefined || text === undefined ? undefined : machineAt(parseYaml(text), frame.machine);
  if (processor === undefined) throw new ExecutionDoesNotExist(record.info.executionArn);
  const { ProcessorConfig: _config, ...definition } = processor;
  const { stateMachineArn, stateMachineName, roleArn, startTime } = record.info;
  return {
    stateMachineArn,
    name: stateMachineName,
    definition: JSON.stringify(definition),
    roleArn,
    updateDate: epochSeconds(startTime),
    mapRunArn: record.mapRunArn,
    label: stateMachineName.slice(stateMachineName.lastIndexOf('/') + 1),
  };
}

/**
 * The nested state machine a program key names in a definition as written (`/<state>` a Map's
 * processor, `/<state>/<i>` a Parallel's branch, from the top level's key `''`).
 */
function machineAt(definition: unknown, key: string): Record<string, unknown> | undefined {
  let machine = definition as Record<string, unknown> | undefined;
  const parts = key.split('/').slice(1);
  for (let i = 0; i < parts.length && machine !== undefined; i++) {
    const state = (machine.States as Record<string, Record<string, unknown>> | undefined)?.[parts[i]!];
    if (state?.Type === 'Parallel') {
      machine = (state.Branches as Record<string, unknown>[] | undefined)?.[Number(parts[++i])];
    } else {
      machine = (state?.ItemProcessor ?? state?.Iterator) as Record<string, unknown> | undefined;
    }
  }
  return machine;
}

/** An execution as `ListExecutions` lists it (`ExecutionListItem`). */
function listItem(e: lifecycle.ExecutionDescription) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    stopDate: optionalEpochSeconds(e.stopDate),
    stateMachineVersionArn: e.stateMachineVersionArn,
    stateMachineAliasArn: e.stateMachineAliasArn,
    redriveCount: e.redriveCount,
  };
}

/**
 * `ListExecutions` by `mapRunArn`: the map run's child executions, each with its `mapRunArn` and
 * `itemCount` (its items; one per child unless an `ItemBatcher` gives it several).
 */
async function listMapRunExecutions(
  context: ApiContext,
  r: {
    mapRunArn: string;
    statusFilter?: string | undefined;
    maxResults?: number | undefined;
    nextToken?: string | undefined;
    redriveFilter?: string | undefined;
  },
) {
  if (!/^arn:[^:]+:states:[^:]*:[^:]*:mapRun:[^:]+:[^:]+$/.test(r.mapRunArn)) throw new InvalidArn(r.mapRunArn);
  // A map run is not redriven apart from its execution: no child is ever PENDING_REDRIVE or redriven.
  const none = r.statusFilter === 'PENDING_REDRIVE' || r.redriveFilter === 'REDRIVEN';
  const page = await lifecycle.listMapRunExecutions(context.runtime, {
    mapRunArn: r.mapRunArn,
    statusFilter: r.statusFilter as ExecutionStatus | undefined,
    maxResults: pageSize(r.maxResults),
    nextToken: r.nextToken,
  });
  const items = none ? [] : page.items;
  return {
    executions: items.map((e) => ({ ...listItem(e), mapRunArn: r.mapRunArn, itemCount: e.itemCount })),
    nextToken: none ? undefined : page.nextToken,
  };
}

/** The execution actions by name. */
export const executionActions = {
  StartExecution: action(startRequest, async (context, r) => {
    const started = await start(context, r);
    return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
  }),
  StartSyncExecution: action(
    startRequest.extend({ includedData: z.enum(['ALL_DATA', 'METADATA_ONLY']).optional() }),
    async (context, r) => {
      const target = await resolveStartTarget(context.runtime, r.stateMachineArn.split('#')[0] ?? '');
      if (target.type !== 'EXPRESS') {
        throw new StateMachineTypeNotSupported('This operation is only supported by EXPRESS state machines');
      }
      const started = await start(context, r);
      await settled(context, started.executionArn, context.syncExecutionSeconds ?? 300);
      const d = await lifecycle.describeExecution(context.runtime, started.executionArn);
      const shape = executionShape(d);
      const finished = d.status === 'RUNNING' ? { status: 'TIMED_OUT', error: 'States.Timeout' } : {};
      const stop = d.stopDate ?? new Date().toISOString();
      return {
        executionArn: shape.executionArn,
        stateMachineArn: shape.stateMachineArn,
        name: shape.name,
        startDate: shape.startDate,
        stopDate: epochSeconds(stop),
        status: shape.status,
        error: shape.error,
        cause: shape.cause,
        input: shape.input,
        inputDetails: shape.inputDetails,
        output: shape.output,
        outputDetails: shape.outputDetails,
        billingDetails: {
          billedMemoryUsedInMB: 64,
          billedDurationInMilliseconds: Math.max(
            100,
            Math.ceil((Date.parse(stop) - Date.parse(d.startDate)) / 100) * 100,
          ),
        },
        ...finished,
      };
    },
  ),
  DescribeExecution: action(
    z.object({ executionArn: arn, includedData: z.enum(['ALL_DATA', 'METADATA_ONLY']).optional() }),
    async (context, r) => {
      checkExecutionArn(r.executionArn);
      const shape = executionShape(await lifecycle.describeExecution(context.runtime, r.executionArn));
      return boundedExecutionShape(shape, context.maxResponseBytes);
    },
  ),
  DescribeStateMachineForExecution: action(
    z.object({ executionArn: arn, includedData: z.enum(['ALL_DATA', 'METADATA_ONLY']).optional() }),
    async (context, r) => {
      checkExecutionArn(r.executionArn);
      const { store } = context.runtime.deps;
      const record = await store.getExecution(r.executionArn);
      if (record === undefined) throw new ExecutionDoesNotExist(r.executionArn);
      if (record.parent !== undefined) return childStateMachine(context, record);
      const info = record.info;
      const machine = await store.getStateMachine(info.stateMachineArn);
      const current = machine?.definitionHash === record.definitionHash ? machine : undefined;
      const d = await describeRecord(context.runtime, {
        stateMachineArn: info.stateMachineArn,
        name: info.stateMachineName,
        definitionHash: record.definitionHash,
        type: info.type,
        roleArn: info.roleArn,
        updatedAt: current?.updatedAt ?? info.startTime,
        revisionId: current?.revisionId,
        loggingConfiguration: machine?.loggingConfiguration,
        tracingConfiguration: machine?.tracingConfiguration,
      });
      return {
        stateMachineArn: d.stateMachineArn,
        name: d.name,
        definition: d.definition,
        roleArn: d.roleArn,
        updateDate: epochSeconds(current?.updatedAt ?? info.startTime),
        loggingConfiguration: d.loggingConfiguration,
        tracingConfiguration: d.tracingConfiguration,
        revisionId: d.revisionId,
      };
    },
  ),
  GetExecutionHistory: action(
    z.object({
      executionArn: arn,
      maxResults,
      reverseOrder: z.boolean().optional(),
      nextToken,
      includeExecutionData: z.boolean().optional(),
    }),
    async (context, r) => {
      checkExecutionArn(r.executionArn);
      const includeData = r.includeExecutionData !== false;
      const maxBytes =
        context.maxResponseBytes === undefined ? undefined : context.maxResponseBytes - RESPONSE_FRAME_BYTES;
      const page = await lifecycle.getExecutionHistory(context.runtime, r.executionArn, {
        maxResults: pageSize(r.maxResults),
        reverseOrder: r.reverseOrder,
        nextToken: r.nextToken,
        maxBytes,
        sizeOf: (event) => responseBytes(eventShape(event, includeData)),
      });
      return {
        events: page.events.map((e) => boundedEvent(eventShape(e, includeData), maxBytes)),
        nextToken: page.nextToken,
      };
    },
  ),
  ListExecutions: action(
    z.object({
      stateMachineArn: arn.optional(),
      statusFilter: executionStatus.optional(),
      maxResults,
      nextToken,
      mapRunArn: arn.optional(),
      redriveFilter: z.enum(['REDRIVEN', 'NOT_REDRIVEN']).optional(),
    }),
    async (context, r) => {
      if (r.mapRunArn !== undefined && r.stateMachineArn !== undefined) {
        throw new ValidationException('You can specify either a mapRunArn or a stateMachineArn, but not both.');
      }
      if (r.mapRunArn !== undefined) return listMapRunExecutions(context, { ...r, mapRunArn: r.mapRunArn });
      if (r.stateMachineArn === undefined) {
        throw new ValidationException('Either a stateMachineArn or a mapRunArn must be specified.');
      }
      if (r.statusFilter === 'PENDING_REDRIVE') {
        throw new ValidationException('A PENDING_REDRIVE statusFilter requires a mapRunArn.');
      }
      const target = stateMachineTarget(r.stateMachineArn);
      if ((await context.runtime.deps.store.getStateMachine(target.stateMachineArn)) === undefined) {
        throw new StateMachineDoesNotExist(r.stateMachineArn);
      }
      const page = await lifecycle.listExecutions(context.runtime, {
        stateMachineArn: target.stateMachineArn,
        statusFilter: r.statusFilter as ExecutionStatus | undefined,
        maxResults: pageSize(r.maxResults),
        nextToken: r.nextToken,
      });
      const items = page.items.filter(
        (e) =>
          (target.kind !== 'version' || e.stateMachineVersionArn === r.stateMachineArn) &&
          (target.kind !== 'alias' || e.stateMachineAliasArn === r.stateMachineArn) &&
          (r.redriveFilter === undefined || (r.redriveFilter === 'REDRIVEN') === e.redriveCount > 0),
      );
      return {
        executions: items.map(listItem),
        nextToken: page.nextToken,
      };
    },
  ),
  StopExecution: action(z.object({ executionArn: arn, error, cause }), async (context, r) => {
    checkExecutionArn(r.executionArn);
    const stopped = await lifecycle.stopExecution(context.runtime, r.executionArn, { error: r.error, cause: r.cause });
    return { stopDate: epochSeconds(stopped.stopDate) };
  }),
  RedriveExecution: action(
    z.object({ executionArn: arn, clientToken: z.string().min(1).max(64).optional() }),
    async (context, r) => {
      checkExecutionArn(r.executionArn);
      const redriven = await lifecycle.redriveExecution(context.runtime, r.executionArn);
      return { redriveDate: epochSeconds(redriven.redriveDate) };
    },
  ),
  SendTaskSuccess: action(z.object({ taskToken, output: payload }), async (context, r) => {
    await lifecycle.sendTaskSuccess(context.runtime, r.taskToken, r.output);
    return {};
  }),
  SendTaskFailure: action(z.object({ taskToken, error, cause }), async (context, r) => {
    await lifecycle.sendTaskFailure(context.runtime, r.taskToken, { error: r.error, cause: r.cause });
    return {};
  }),
  SendTaskHeartbeat: action(z.object({ taskToken }), async (context, r) => {
    await lifecycle.sendTaskHeartbeat(context.runtime, r.taskToken);
    return {};
  }),
};
