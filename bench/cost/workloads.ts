/**
 * What the cost benchmark runs: the three example workflows of `definitions/` with their handlers
 * from `functions/tasks/` (the approval answered by a `SendTaskSuccess` callback), and three
 * synthetic shapes — a chain of 10 Tasks, a chain of 20 Pass and Choice states, a 100-item Map of
 * Tasks — plus, for reference only, the same Map with a Pass per item (an inline fan-out), and a
 * Map of 20 items whose iterations wait, so run as frames of their own and join apart.
 * Each has the output its definition implies, which both runs must produce.
 */
import { readFileSync } from 'node:fs';
import * as exampleTasks from '../../functions/tasks/index.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';

/** One workload. */
export interface Workload {
  /** Short name used in tables. */
  readonly name: string;
  /** The definition with `${Name}` placeholders (resolved to Lambda function ARNs). */
  readonly definition: object;
  readonly input: unknown;
  /** The status and output the definition implies for `input`. */
  readonly expected: { readonly status: 'SUCCEEDED'; readonly output: unknown };
  /** For a `.waitForTaskToken` task: the output to send back with `SendTaskSuccess`. */
  readonly callbackOutput?: unknown;
  /** Whether Step Functions Express could run it at all (no `.waitForTaskToken` there). */
  readonly expressEligible: boolean;
  /** Shown for comparison only: not part of the overall figure. */
  readonly reference?: boolean;
}

function definitionFile(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../definitions/${name}`, import.meta.url), 'utf8')) as object;
}

/** Every task handler a workload uses, by function name. */
export const TASKS: Readonly<Record<string, TaskHandler>> = {
  ...(exampleTasks as unknown as Record<string, TaskHandler>),
  /** One link of the Task chain: counts. */
  Step: (payload) => (payload as { n: number }).n + 1,
  /** One Map item: doubles. */
  Item: (payload) => ({ n: (payload as { n: number }).n * 2 }),
};

const ORDER = JSON.parse(
  readFileSync(new URL('../../definitions/order-saga.input.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const IMAGES = Array.from({ length: 10 }, (_, i) => `img-${i}.png`);

/** A chain of `length` Tasks, each adding one to `$.n`. */
export function taskChain(length: number): object {
  const states: Record<string, object> = {};
  for (let i = 1; i <= length; i++) {
    states[`Step${i}`] = {
      Type: 'Task',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
      Resource: '${Step}',
      ResultPath: '$.n',
      ...(i < length ? { Next: `Step${i + 1}` } : { End: true }),
    };
  }
  return { Comment: `${length} Tasks in a row`, StartAt: 'Step1', States: states };
}

/** Alternating Choice and Pass states, `pairs` of each: every Pass adds one to `$.n`. */
export function passChoiceChain(pairs: number): object {
  const states: Record<string, object> = {};
  for (let i = 1; i <= pairs; i++) {
    states[`Check${i}`] = {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericGreaterThan: 1000, Next: `Add${pairs}` }],
      Default: `Add${i}`,
    };
    states[`Add${i}`] = {
      Type: 'Pass',
      Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
      ...(i < pairs ? { Next: `Check${i + 1}` } : { End: true }),
    };
  }
  return { Comment: `${2 * pairs} Choice and Pass states`, StartAt: 'Check1', States: states };
}

/** An inline Map over `$.items` whose iterations run `states` from `startAt`. */
function inlineMap(comment: string, startAt: string, states: object): object {
  return {
    Comment: comment,
    StartAt: 'EachItem',
    States: {
      EachItem: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: startAt, States: states },
        End: true,
      },
    },
  };
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
const DOUBLE_TASK = { Type: 'Task', Resource: '${Item}', End: true };

/** An inline Map over `$.items`, one Task per item, no concurrency limit. */
export function mapOfTasks(): object {
  return inlineMap('An inline Map, one Task per item', 'Double', { Double: DOUBLE_TASK });
}

/** An inline Map over `$.items` whose iterations are one Pass each (they run inside the Map's step). */
export function mapOfPasses(): object {
  return inlineMap('An inline Map, one Pass per item', 'Double', {
    Double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, $.n)' }, End: true },
  });
}

/**
 * An inline Map over `$.items` whose iterations wait (a due Wait) before their Task: each one runs as
 * a frame of its own and joins its parent apart, which is what counts the join's wake-ups.
 */
export function mapOfWaitingTasks(): object {
  return inlineMap('An inline Map whose iterations run apart', 'Pause', {
    Pause: { Type: 'Wait', Seconds: 0, Next: 'Double' },
    Double: DOUBLE_TASK,
  });
}

const MAP_ITEMS = 100;
const APART_ITEMS = 20;

/** The workloads, in the order the tables list them. */
export const WORKLOADS: readonly Workload[] = [
  {
    name: 'order saga',
    definition: definitionFile('order-saga.asl.json'),
    input: ORDER,
    expected: {
      status: 'SUCCEEDED',
      output: { orderId: 'o-1001', status: 'CONFIRMED', chargeId: 'ch-o-1001', trackingNumber: 'TRK-o-1001' },
    },
    expressEligible: true,
  },
  {
    name: 'fan-out (10 images)',
    definition: definitionFile('fan-out.asl.json'),
    input: { uploadId: 'up-1', bucket: 'photos', images: IMAGES },
    expected: {
      status: 'SUCCEEDED',
      output: {
        upload: 'up-1',
        count: 10,
        // ResizeImage: 1024 + 10 × the key's length (`img-N.png`, 9 characters).
        bytes: 10 * (1024 + 9 * 10),
      },
    },
    expressEligible: true,
  },
  {
    name: 'human approval',
    definition: definitionFile('human-approval.asl.json'),
    input: { expenseId: 'e-7', amount: 420, approver: 'ana@example.com' },
    expected: { status: 'SUCCEEDED', output: { expenseId: 'e-7', status: 'APPROVED', by: 'ana' } },
    callbackOutput: { approved: true, by: 'ana' },
    expressEligible: false,
  },
  {
    name: '10-Task chain',
    definition: taskChain(10),
    input: { orderId: 'o-1', n: 0 },
    expected: { status: 'SUCCEEDED', output: { orderId: 'o-1', n: 10 } },
    expressEligible: true,
  },
  {
    name: '20 Pass/Choice',
    definition: passChoiceChain(10),
    input: { n: 0 },
    expected: { status: 'SUCCEEDED', output: { n: 10 } },
    expressEligible: true,
  },
  {
    name: `Map (${MAP_ITEMS} items)`,
    definition: mapOfTasks(),
    input: { items: Array.from({ length: MAP_ITEMS }, (_, n) => ({ n })) },
    expected: { status: 'SUCCEEDED', output: Array.from({ length: MAP_ITEMS }, (_, n) => ({ n: n * 2 })) },
    expressEligible: true,
  },
  {
    name: `Map (${MAP_ITEMS} Pass items)`,
    definition: mapOfPasses(),
    input: { items: Array.from({ length: MAP_ITEMS }, (_, n) => ({ n })) },
    expected: { status: 'SUCCEEDED', output: Array.from({ length: MAP_ITEMS }, (_, n) => ({ n: n * 2 })) },
    expressEligible: true,
    reference: true,
  },
  {
    name: `Map (${APART_ITEMS} items apart)`,
    definition: mapOfWaitingTasks(),
    input: { items: Array.from({ length: APART_ITEMS }, (_, n) => ({ n })) },
    expected: { status: 'SUCCEEDED', output: Array.from({ length: APART_ITEMS }, (_, n) => ({ n: n * 2 })) },
    expressEligible: true,
    reference: true,
  },
];
