/**
 * The three workloads of the interpreter benchmark, as plain ASL definitions and inputs that every
 * engine under test runs unchanged: a Choice/Pass counting loop, a wide inline Map of Pass states,
 * and the order saga with stub tasks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The names of the workloads. */
export const WORKLOAD_NAMES = ['loop', 'map', 'saga'] as const;

/** One workload's name. */
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** A stub task: takes the task's payload, returns its result. */
export type StubTask = (payload: Record<string, unknown>) => Record<string, unknown>;

/** One workload: a definition, its input, and how much work one measured run is. */
export interface Workload {
  readonly name: WorkloadName;
  /** A one-line description for the table. */
  readonly description: string;
  /** The ASL definition, with every `${…}` placeholder already substituted. */
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  /** Executions per measured run (the saga is short, so a run repeats it). */
  readonly executions: number;
  /**
   * State entries (`…StateEntered` events) of one execution, from the definition: each engine's
   * warm-up run counts its own and must agree.
   */
  readonly transitionsPerExecution: number;
  /** Task stubs by Lambda function name (which is also the Task state's name). */
  readonly tasks: Readonly<Record<string, StubTask>>;
  /** What a correct execution returns. */
  readonly expectedOutput: unknown;
}

/** The loop's iterations. */
export const LOOP_ITERATIONS = 100_000;

/** The Map's items. */
export const MAP_ITEMS = 10_000;

/** Saga executions per measured run. */
export const SAGA_EXECUTIONS = 2_000;

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/**
 * A counter in the state, incremented with `States.MathAdd`, and a Choice that loops back until it
 * reaches `iterations`: `2 × iterations + 1` state entries.
 */
export function loopWorkload(iterations: number = LOOP_ITERATIONS): Workload {
  return {
    name: 'loop',
    description: `Choice/Pass loop, ${iterations.toLocaleString('en-US')} iterations`,
    definition: {
      Comment: 'Counts to the limit: a Pass increments, a Choice loops back.',
      StartAt: 'Increment',
      States: {
        Increment: {
          Type: 'Pass',
          Parameters: { 'count.$': 'States.MathAdd($.count, 1)' },
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.count', NumericLessThan: iterations, Next: 'Increment' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: { count: 0 },
    executions: 1,
    transitionsPerExecution: 2 * iterations + 1,
    tasks: {},
    expectedOutput: { count: iterations },
  };
}

/**
 * An inline Map over `items` items `{ "i": index }`, each a Pass state that answers `{ "n": index }`:
 * `items + 1` state entries. At 10,000 items both the execution input and the Map's output (~110 KB
 * each) stay under Step Functions' 256 KiB payload limit. (Bare numbers would be smaller, but the peer
 * fails `"n.$": "$"` on the item 0.)
 */
export function mapWorkload(items: number = MAP_ITEMS): Workload {
  const list = Array.from({ length: items }, (_, i) => ({ i }));
  return {
    name: 'map',
    description: `inline Map of Pass states, ${items.toLocaleString('en-US')} items`,
    definition: {
      Comment: 'One Pass state per item.',
      StartAt: 'EachItem',
      States: {
        EachItem: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Wrap',
            States: {
              Wrap: { Type: 'Pass', Parameters: { 'n.$': '$.i' }, End: true },
            },
          },
          End: true,
        },
      },
    },
    input: { items: list },
    executions: 1,
    transitionsPerExecution: items + 1,
    tasks: {},
    expectedOutput: list.map((item) => ({ n: item.i })),
  };
}

/** Stubs of the order saga's tasks: constant-time, shaped as `functions/tasks/order.ts` answers. */
export const SAGA_STUBS: Readonly<Record<string, StubTask>> = {
  ReserveInventory: (p) => ({ reservationId: `res-${String(p.orderId)}`, items: 2 }),
  ChargePayment: (p) => ({ chargeId: `ch-${String(p.orderId)}`, amount: p.amount ?? null }),
  ShipOrder: (p) => ({ trackingNumber: `TRK-${String(p.orderId)}` }),
  RefundPayment: (p) => ({ refundId: `rf-${String(p.chargeId)}` }),
  ReleaseInventory: (p) => ({ released: p.reservationId ?? null }),
};

/**
 * The order saga (`definitions/order-saga.asl.json`) on its happy path: ReserveInventory,
 * ChargePayment, ShipOrder, OrderConfirmed — 4 state entries per execution.
 */
export function sagaWorkload(executions: number = SAGA_EXECUTIONS): Workload {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const definition = substitutePlaceholders(JSON.parse(readFileSync(`${root}definitions/order-saga.asl.json`, 'utf8')));
  const input = JSON.parse(readFileSync(`${root}definitions/order-saga.input.json`, 'utf8')) as { orderId: string };
  return {
    name: 'saga',
    description: `order saga with stub tasks, ${executions.toLocaleString('en-US')} executions per run`,
    definition: definition as Record<string, unknown>,
    input,
    executions,
    transitionsPerExecution: 4,
    tasks: SAGA_STUBS,
    expectedOutput: {
      orderId: input.orderId,
      status: 'CONFIRMED',
      chargeId: `ch-${input.orderId}`,
      trackingNumber: `TRK-${input.orderId}`,
    },
  };
}

/**
 * The sizes at which each engine's warm-up checks its output and counts its state entries against
 * `transitionsPerExecution`: small, because reading the peer's event log is quadratic in its length.
 */
export const CHECK_SIZES: Readonly<Record<WorkloadName, number>> = { loop: 1_000, map: 500, saga: 1 };

/**
 * The sizes of the warm-up run: a quarter of the full size, enough for the JIT and a quarter of the
 * wall time of a full run (the whole benchmark must fit in 3 minutes on 2 shared cores).
 */
export const WARMUP_SIZES: Readonly<Record<WorkloadName, number>> = {
  loop: LOOP_ITERATIONS / 4,
  map: MAP_ITEMS / 4,
  saga: SAGA_EXECUTIONS / 4,
};

/**
 * The workload called `name`: at full size, or with `size` iterations, items or executions.
 * @default size the workload's full size
 */
export function workloadNamed(name: WorkloadName, size?: number): Workload {
  switch (name) {
    case 'loop':
      return loopWorkload(size);
    case 'map':
      return mapWorkload(size);
    case 'saga':
      return sagaWorkload(size);
    default: {
      const never: never = name;
      throw new Error(`unknown workload ${String(never)}`);
    }
  }
}

/**
 * Replaces each `${Name}` with the ARN of a Lambda function called `Name`, as Stepstone's embedded
 * engine does for an unlisted placeholder, so that the peer (which rejects placeholders) runs the
 * very same definition.
 */
export function substitutePlaceholders(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z][A-Za-z0-9_-]*)\}/g, (_m, name: string) => lambdaArn(name));
  }
  if (Array.isArray(value)) return value.map(substitutePlaceholders);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitutePlaceholders(v)]));
  }
  return value;
}

/** The ARN of the Lambda function `name` in the benchmark's account. */
export function lambdaArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

/** The function name of a Lambda ARN, else the input. */
export function functionNameOf(nameOrArn: string): string {
  return /:function:([^:]+)(?::[^:]*)?$/.exec(nameOrArn)?.[1] ?? nameOrArn;
}
