/**
 * The workflows the fault-injection suite disturbs: between them every state type (Pass, Task,
 * Choice, Wait, Succeed, Fail, Parallel, Map with and without MaxConcurrency), Retry with back-off,
 * Catch, a Wait longer than the queue's 15-minute delay, and `.waitForTaskToken` callbacks, both
 * succeeding and failing.
 */
import type { InvocationResult } from '../../src/runtime/ports.js';
import type { Handler, Workflow } from './world.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

const ok = (output: unknown): InvocationResult => ({ ok: true, output });

/** The task handlers, shared by every workflow of both fault suites. */
export const handlers: Record<string, Handler> = {
  /** Succeeds with its payload, marked. */
  Work: (payload) => ok({ worked: payload }),
  /** Fails its first two attempts. */
  Flaky: (payload, attempt) =>
    attempt < 2 ? { ok: false, error: 'Flaky.Error', cause: `attempt ${attempt} failed` } : ok({ flaky: payload }),
  /** Always fails. */
  Broken: () => ({ ok: false, error: 'Broken.Error', cause: 'it is broken' }),
  /** A callback task whose token is answered with success. */
  Approve: (payload) => ok({ approved: (payload as { order?: unknown }).order ?? null }),
  /** A callback task whose token is answered with a failure. */
  Reject: () => ({ ok: false, error: 'Rejected', cause: 'the reviewer said no' }),
};

/** A Task calling the handler `fn`. */
export const task = (fn: string, extra: object = {}) => ({ Type: 'Task', Resource: `${FN}${fn}`, ...extra });

/**
 * A Task chain: `Charge` (Flaky) retried by `retry`, `Ship` (Broken) caught into `Compensate`. The
 * in-memory suite retries with back-off; the emulator suite, whose delays are real seconds, at once.
 */
export function taskRetryCatch(retry: object): Workflow {
  return {
    name: 'task-retry-catch',
    expected: {
      status: 'SUCCEEDED',
      output: {
        order: 'o-1',
        charge: { flaky: { order: 'o-1' } },
        shipError: { Error: 'Broken.Error', Cause: 'it is broken' },
        compensated: {
          worked: {
            order: 'o-1',
            charge: { flaky: { order: 'o-1' } },
            shipError: { Error: 'Broken.Error', Cause: 'it is broken' },
          },
        },
      },
    },
    input: { order: 'o-1' },
    handlers,
    definition: {
      StartAt: 'Charge',
      States: {
        Charge: task('Flaky', { Retry: [retry], ResultPath: '$.charge', Next: 'Ship' }),
        Ship: task('Broken', {
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.shipError', Next: 'Compensate' }],
          Next: 'Done',
        }),
        Compensate: task('Work', { ResultPath: '$.compensated', Next: 'Done' }),
        Done: { Type: 'Succeed' },
      },
    },
  };
}

/**
 * A distributed Map over `items` read by the suite's `ItemReader` (`READER_PAGE` items a page)
 * with two slots: each page's item page is put before the commit that feeds it, children beyond the
 * slots wait for a child of an earlier page to end, and the join ends once the last page is read and
 * every child counted. `fields` are added to the Map state.
 */
export function distributedMapPages(items: readonly number[], fields: object = {}): Workflow {
  return {
    name: 'distributed-map-pages',
    expected: { status: 'SUCCEEDED', output: items.map((n) => ({ worked: n })) },
    input: {},
    items,
    handlers,
    definition: { StartAt: 'Each', States: { Each: pagedMap(fields) } },
  };
}

/** The paged distributed Map `Each` of {@link distributedMapPages}, with `fields` added. */
function pagedMap(fields: object): object {
  return {
    Type: 'Map',
    ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'items', Key: 'all.json' } },
    MaxConcurrency: 2,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'Item',
      States: { Item: task('Work', { End: true }) },
    },
    End: true,
    ...fields,
  };
}

/**
 * The paged Map over 1 to 7 batched by bytes (`{"Items":[1,2,3,4]}` is 19 bytes): the pages (3, 3 and
 * 1 items) end inside batches, each carried to the next page in the Map's record.
 */
function distributedMapPagesBatched(): Workflow {
  return {
    name: 'distributed-map-pages-batched',
    expected: {
      status: 'SUCCEEDED',
      output: [{ worked: { Items: [1, 2, 3, 4] } }, { worked: { Items: [5, 6, 7] } }],
    },
    input: {},
    items: [1, 2, 3, 4, 5, 6, 7],
    handlers,
    definition: { StartAt: 'Each', States: { Each: pagedMap({ ItemBatcher: { MaxInputBytesPerBatch: 20 } }) } },
  };
}

/**
 * A distributed Map over `items` whose children each run a Parallel with a branch that waits `seconds`
 * and one that works at once: the branches are frames of their own inside the child execution, whose
 * history they write with ids from the child's counter.
 */
export function distributedMapNestedWait(items: readonly number[], seconds = 5): Workflow {
  return {
    name: 'distributed-map-nested-wait',
    expected: { status: 'SUCCEEDED', output: items.map((n) => [{ worked: n }, { worked: n }]) },
    input: { items },
    handlers,
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Fork',
            States: {
              Fork: {
                Type: 'Parallel',
                Branches: [
                  {
                    StartAt: 'Hold',
                    States: {
                      Hold: { Type: 'Wait', Seconds: seconds, Next: 'Late' },
                      Late: task('Work', { End: true }),
                    },
                  },
                  { StartAt: 'Now', States: { Now: task('Work', { End: true }) } },
                ],
                End: true,
              },
            },
          },
          End: true,
        },
      },
    },
  };
}

/** A Map whose third item fails (`Broken`) and whose Catch recovers; `good` runs the other items. */
function mapFailureCatch(name: string, good: object): Workflow {
  return {
    name,
    expected: {
      status: 'SUCCEEDED',
      output: { items: [1, 2, 3, 4], error: { Error: 'Broken.Error', Cause: 'it is broken' }, recovered: 'recovered' },
    },
    input: { items: [1, 2, 3, 4] },
    handlers,
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Which',
            States: {
              Which: {
                Type: 'Choice',
                Choices: [{ Variable: '$', NumericEquals: 3, Next: 'Bad' }],
                Default: 'Good',
              },
              ...good,
              Bad: task('Broken', { End: true }),
            },
          },
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
          Next: 'Done',
        },
        Recover: { Type: 'Pass', Result: 'recovered', ResultPath: '$.recovered', Next: 'Done' },
        Done: { Type: 'Succeed' },
      },
    },
  };
}
/** A `.waitForTaskToken` Lambda task whose token the driver answers with the handler `fn`'s outcome. */
export const callback = (fn: string, extra: object = {}) => ({
  Type: 'Task',
  Resource: CALLBACK,
  Parameters: { FunctionName: fn, Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
  TimeoutSeconds: 3600,
  ...extra,
});

/** Every workflow of the suite. */
/**
 * {@link distributedMapPages} with a `ResultWriter` that writes the results (the suite's writer
 * checks them: every child once, in item order): the run's end claims the writing with a commit, and
 * the results are written on that commit's message — again on its redelivery after a crash mid-write.
 */
export function distributedMapWriter(items: readonly number[]): Workflow {
  const workflow = distributedMapPages(items, {
    ResultWriter: {
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { Bucket: 'results', Prefix: 'run' },
      WriterConfig: { Transformation: 'COMPACT' },
    },
    ResultSelector: { 'Bucket.$': '$.ResultWriterDetails.Bucket' },
  });
  return {
    ...workflow,
    name: 'distributed-map-writer',
    expected: { status: 'SUCCEEDED', output: { Bucket: 'results' } },
    written: items.map((n) => ({ status: 'SUCCEEDED', record: { worked: n } })),
  };
}

export const workflows: readonly Workflow[] = [
  {
    name: 'pass-choice-succeed',
    expected: { status: 'SUCCEEDED', output: { size: 'big', n: 3, factor: 2 } },
    input: { n: 3 },
    handlers,
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { factor: 2 }, ResultPath: '$.init', Next: 'Route' },
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 2, Next: 'Big' }],
          Default: 'TooSmall',
        },
        Big: { Type: 'Pass', Parameters: { size: 'big', 'n.$': '$.n', 'factor.$': '$.init.factor' }, Next: 'Done' },
        TooSmall: { Type: 'Fail', Error: 'TooSmall', Cause: 'n is at most 2' },
        Done: { Type: 'Succeed' },
      },
    },
  },
  {
    name: 'fail',
    expected: { status: 'FAILED', error: 'Broken.Error', cause: 'it is broken' },
    input: { n: 1 },
    handlers,
    definition: {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 2, Next: 'Done' }],
          Default: 'Try',
        },
        Try: task('Broken', {
          Retry: [{ ErrorEquals: ['Broken.Error'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Next: 'Done',
        }),
        Done: { Type: 'Succeed' },
      },
    },
  },
  taskRetryCatch({ ErrorEquals: ['Flaky.Error'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }),
  {
    name: 'wait-chained',
    expected: { status: 'SUCCEEDED', output: { worked: { order: 'o-2' }, after: 'waited' } },
    input: { order: 'o-2' },
    handlers,
    definition: {
      StartAt: 'Short',
      States: {
        Short: { Type: 'Wait', Seconds: 10, Next: 'Work' },
        Work: task('Work', { Next: 'Long' }),
        Long: { Type: 'Wait', Seconds: 2000, Next: 'After' },
        After: { Type: 'Pass', Result: 'waited', ResultPath: '$.after', End: true },
      },
    },
  },
  {
    name: 'parallel',
    expected: {
      status: 'SUCCEEDED',
      output: { branches: [{ worked: { order: 'o-3', n: 5 } }, 'b', { flaky: { order: 'o-3', n: 5 } }] },
    },
    input: { order: 'o-3', n: 5 },
    handlers,
    definition: {
      StartAt: 'Fork',
      States: {
        Fork: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: task('Work', { End: true }) } },
            {
              StartAt: 'Pause',
              States: {
                Pause: { Type: 'Wait', Seconds: 5, Next: 'Mark' },
                Mark: { Type: 'Pass', Result: 'b', End: true },
              },
            },
            {
              StartAt: 'Check',
              States: {
                Check: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$.n', NumericGreaterThan: 2, Next: 'Retrying' }],
                  Default: 'Skip',
                },
                Retrying: task('Flaky', {
                  Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
                  End: true,
                }),
                Skip: { Type: 'Succeed' },
              },
            },
          ],
          Next: 'Join',
        },
        Join: { Type: 'Pass', Parameters: { 'branches.$': '$' }, End: true },
      },
    },
  },
  {
    name: 'map-max-concurrency',
    expected: { status: 'SUCCEEDED', output: [1, 2, 3, 4, 5, 6].map((n) => ({ worked: n })) },
    input: { items: [1, 2, 3, 4, 5, 6] },
    handlers,
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ItemProcessor: {
            StartAt: 'Parity',
            States: {
              Parity: {
                Type: 'Choice',
                Choices: [{ Variable: '$', NumericGreaterThan: 3, Next: 'Late' }],
                Default: 'Early',
              },
              Early: task('Work', { End: true }),
              Late: { Type: 'Wait', Seconds: 3, Next: 'LateWork' },
              LateWork: task('Work', { End: true }),
            },
          },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
  },
  // Choice and Task iterations: they run inside the Map's step, their tasks invoked there.
  { ...mapFailureCatch('map-failure-catch', { Good: task('Work', { End: true }) }), inlineChildren: true },
  // A Wait, even a due one, has each iteration run as a frame of its own, joined apart.
  mapFailureCatch('map-failure-catch-apart', {
    Good: { Type: 'Wait', Seconds: 0, Next: 'Work' },
    Work: task('Work', { End: true }),
  }),
  // Three pages (3, 3 and 1 items).
  distributedMapPages([1, 2, 3, 4, 5, 6, 7]),
  distributedMapPagesBatched(),
  distributedMapWriter([1, 2, 3, 4, 5]),
  distributedMapNestedWait([1, 2]),
  {
    name: 'callbacks',
    expected: {
      status: 'SUCCEEDED',
      output: {
        order: 'o-4',
        lines: [{ approved: 'l-1' }, { approved: 'l-2' }],
        approval: { approved: 'o-4' },
        review: { Error: 'Rejected', Cause: 'the reviewer said no' },
      },
    },
    input: { order: 'o-4', lines: [{ order: 'l-1' }, { order: 'l-2' }] },
    handlers,
    definition: {
      StartAt: 'Approval',
      States: {
        Approval: callback('Approve', { ResultPath: '$.approval', Next: 'Lines' }),
        Lines: {
          Type: 'Map',
          ItemsPath: '$.lines',
          ItemProcessor: { StartAt: 'Line', States: { Line: callback('Approve', { End: true }) } },
          ResultPath: '$.lines',
          Next: 'Review',
        },
        Review: callback('Reject', {
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.review', Next: 'Done' }],
          Next: 'Done',
        }),
        Done: { Type: 'Succeed' },
      },
    },
  },
  {
    name: 'nested-map-in-parallel',
    expected: { status: 'SUCCEEDED', output: [[{ worked: 'a' }, { worked: 'b' }, { worked: 'c' }], 'other'] },
    input: { items: ['a', 'b', 'c'] },
    handlers,
    definition: {
      StartAt: 'Fork',
      States: {
        Fork: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  MaxConcurrency: 1,
                  ItemProcessor: { StartAt: 'Item', States: { Item: task('Work', { End: true }) } },
                  End: true,
                },
              },
            },
            { StartAt: 'Other', States: { Other: { Type: 'Pass', Result: 'other', End: true } } },
          ],
          End: true,
        },
      },
    },
  },
];
