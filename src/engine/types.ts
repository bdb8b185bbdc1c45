/**
 * The engine's data: frames, the events that advance them, the effects they ask for and the history
 * events they record. All of it is plain JSON, so that a runtime can persist a frame between steps.
 */

import type { ChildrenPlan } from './states/children.js';

/** What the Context object's `$$.Execution` and `$$.StateMachine` say about the running execution. */
export interface ExecutionInfo {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  /** ISO-8601 start time. */
  readonly startTime: string;
  readonly input: unknown;
  readonly redriveCount: number;
  /** `STANDARD` or `EXPRESS`. */
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly region: string;
  readonly accountId: string;
  /** The version the execution runs, when it was started on a version or an alias ARN. */
  readonly stateMachineVersionArn?: string | undefined;
  /** The alias ARN the execution was started on. */
  readonly stateMachineAliasArn?: string | undefined;
}

/** The kinds of thread of control. */
export type FrameKind = 'execution' | 'branch' | 'iteration';

/** Where a child frame reports to. */
export interface ParentLink {
  readonly frameId: string;
  /** The Parallel branch index or the Map item index. */
  readonly index: number;
  /** The Parallel or Map state that started the child. */
  readonly stateName: string;
}

/** The `enter` stage, shared: stages are never mutated, and a loop enters a state per transition. */
export const ENTER_STAGE: Stage = Object.freeze({ name: 'enter' });

/** The `done` stage, shared likewise. */
export const DONE_STAGE: Stage = Object.freeze({ name: 'done' });

/** Where in its current state a frame stands. */
export type Stage =
  /** About to enter `state` with `input`. */
  | { readonly name: 'enter' }
  /**
   * Waiting for a task's result. A `claimed` task is not invoked yet: the step committed this stage
   * first, so that of two steps racing to run the task only the one whose commit won does; the task is
   * invoked on the message that commit sends (a `claimed` event).
   */
  | {
      readonly name: 'task';
      readonly payload: unknown;
      readonly taskToken?: string | undefined;
      readonly claimed?: true | undefined;
    }
  /** Waiting for a Wait state's timer. */
  | { readonly name: 'wait' }
  /** Waiting out a retry back-off before running the state's action again. */
  | { readonly name: 'retry'; readonly payload: unknown }
  /** Waiting for Parallel branches or Map iterations. */
  | { readonly name: 'children'; readonly children: ChildrenPlan }
  /** Finished. */
  | { readonly name: 'done' };

/**
 * One thread of control: the top level of an execution, a Parallel branch or a Map iteration.
 * A frame is all the engine needs to continue: no state lives anywhere else.
 */
export interface Frame {
  readonly id: string;
  readonly kind: FrameKind;
  /** Which state machine of the program the frame runs (`''` is the top level). */
  readonly machine: string;
  readonly parent?: ParentLink | undefined;
  /** The current state's name. */
  readonly state: string;
  readonly stage: Stage;
  /** The current state's raw input. */
  readonly input: unknown;
  /** The variables visible to the frame (its own and those inherited from outer scopes). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** ISO-8601 time the current state was entered (`$$.State.EnteredTime`). */
  readonly enteredTime: string;
  /** History event id of the current state's `…StateEntered` event. */
  readonly enteredEventId: number;
  /** Id of the frame's last history event (the next event's `previousEventId`). */
  readonly lastEventId: number;
  /** Attempts so far per retrier of the current state. */
  readonly retryCounts: readonly number[];
  /** Retries so far of the current state (`$$.State.RetryCount`). */
  readonly retryCount: number;
  /** States entered so far by this frame: with `retryCount`, a stable key for each task attempt. */
  readonly transitions: number;
  /**
   * True for the iterations of a distributed Map: they run as child executions, so their events go
   * to the map run's own history instead of the execution's.
   */
  readonly detached?: boolean | undefined;
  /** For a distributed Map's iteration: its map run, which with its index names the child execution. */
  readonly mapRunArn?: string | undefined;
  /** For a distributed Map's iteration: the child execution is EXPRESS and keeps no history. */
  readonly express?: boolean | undefined;
  /**
   * For a distributed Map's iteration that started children as frames of their own (a nested
   * Parallel or Map whose branches wait): from then on its events take their ids from the child
   * execution's counter, which those frames share with it.
   */
  readonly sharedIds?: true | undefined;
  /**
   * For a frame inside a distributed Map's child execution (a nested Parallel branch or Map
   * iteration run as a frame of its own, at any depth): the child's frame and ARN. Its events belong
   * to that child's history, numbered from the child's counter; none when the child is EXPRESS.
   */
  readonly inChild?: ChildExecutionLink | undefined;
  /**
   * For a distributed Map's iteration (a child execution): ISO-8601 time it entered its first state,
   * the child execution's start date in the results a `ResultWriter` writes.
   */
  readonly startDate?: string | undefined;
  /** How the frame ended, once its stage is `done`. */
  readonly outcome?: Outcome | undefined;
  /** For a Map iteration: `$$.Map.Item`. */
  readonly mapItem?: { readonly index: number; readonly value: unknown } | undefined;
}

/** The child execution a frame runs inside ({@link Frame.inChild}). */
export interface ChildExecutionLink {
  /** The id of the child execution's own frame (the distributed Map's iteration). */
  readonly frameId: string;
  /** `arn:…:execution:<state machine>/<label>:<name>`. */
  readonly executionArn: string;
  /** The child execution is EXPRESS: it keeps no history. */
  readonly express?: true | undefined;
}

/** What happened that moves a frame on. */
export type FrameEvent =
  | { readonly type: 'start' }
  /** Carry on after a step yielded for its transition budget. */
  | { readonly type: 'continue' }
  /** A `.waitForTaskToken` task was handed over; its result comes later through a callback. */
  | { readonly type: 'taskSubmitted'; readonly output: unknown }
  /** A worker took an activity task (`GetActivityTask`); the task goes on waiting for its answer. */
  | { readonly type: 'activityStarted'; readonly workerName?: string | undefined }
  | { readonly type: 'taskSucceeded'; readonly output: unknown }
  | { readonly type: 'taskFailed'; readonly error: string; readonly cause?: string | undefined }
  | { readonly type: 'taskTimedOut'; readonly heartbeat?: boolean }
  | { readonly type: 'timerFired' }
  /** A distributed Map reading its items in pages: read the next page (see `ChildrenPlan.feed`). */
  | { readonly type: 'feed' }
  /** A task this frame claimed with its last commit (a `claimed` task stage): invoke it now. */
  | { readonly type: 'claimed' }
  | {
      readonly type: 'childrenDone';
      readonly results: readonly ChildResult[];
      /**
       * For a join fed a page at a time, whose results are read from the store: its counts, the first
       * failure in index order (when failures are not tolerated) and, when the Map shapes its output
       * with a `ResultWriter` that has no `Resource`, the children's inputs. `results` then holds every
       * result, unless the results are written to S3 (empty: the writer reads them a page at a time).
       */
      readonly fed?: FedJoin | undefined;
    };

/** What a runtime tells a Map whose children were fed a page at a time about their join's end. */
export interface FedJoin {
  readonly completed: number;
  readonly failed: number;
  readonly firstFailure?: { readonly error: string; readonly cause?: string | undefined } | undefined;
  readonly inputs?: readonly unknown[] | undefined;
}

/** A page of a fed join's child inputs: those of children `first` to `first + inputs.length - 1`. */
export interface InputPage {
  readonly first: number;
  readonly inputs: readonly unknown[];
}

/**
 * How a child frame ended. Children not run (aborted) are absent from a failed join. A distributed
 * Map's iterations also carry their start and stop dates (ISO-8601), which its `ResultWriter` writes.
 */
export type ChildResult = (
  | { readonly index: number; readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly index: number; readonly status: 'FAILED'; readonly error: string; readonly cause?: string | undefined }
) & {
  readonly startDate?: string | undefined;
  readonly stopDate?: string | undefined;
  /** The items of a distributed Map's child whose input is a batch (`ItemBatcher`), for a run read in pages. */
  readonly items?: number | undefined;
};

/** A page of a fed join's child inputs: those of children `first` to `first + inputs.length - 1`. */
export interface InputPage {
  readonly first: number;
  readonly inputs: readonly unknown[];
}

/** How a Map tolerates failed iterations; a Parallel tolerates none. */
export interface FailureTolerance {
  readonly count?: number | undefined;
  readonly percentage?: number | undefined;
}

/** A task to invoke, as the Task state resolved it. */
export interface TaskInvocation {
  /** The `Resource` as written (after `${…}` substitution). */
  readonly resource: string;
  /** The Task state that invokes it (test stubs and mock files may be registered by state name). */
  readonly stateName?: string | undefined;
  /**
   * `lambda` for a function ARN, `activity`, else the integration without its pattern suffix:
   * `lambda:invoke`, `dynamodb:putItem`, `aws-sdk:s3:getObject` (see `classifyResource`).
   */
  readonly integration: 'lambda' | 'lambda:invoke' | 'activity' | string;
  /** `RESPONSE`, `SYNC` or `WAIT_FOR_TASK_TOKEN`. */
  readonly pattern: 'RESPONSE' | 'SYNC' | 'WAIT_FOR_TASK_TOKEN';
  /** For Lambda: the function name or ARN to invoke. */
  readonly functionName?: string | undefined;
  /** What the task receives (for `lambda:invoke`, the `Payload`). */
  readonly payload: unknown;
  /** The full resolved parameters (for `lambda:invoke`: `FunctionName`, `Payload`, …). */
  readonly parameters: unknown;
  /** For `.waitForTaskToken` resources and activities: the token the answer comes back with. */
  readonly taskToken?: string | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly heartbeatSeconds?: number | undefined;
  /** Stable across redeliveries, different for each attempt: hand it to the task for idempotency. */
  readonly idempotencyKey: string;
  /**
   * Set when the invocation is a distributed Map's `ItemReader` rather than a Task: the resource
   * (`s3:getObject`, `s3:listObjectsV2`) is read with this configuration, and the result is the array
   * of items.
   */
  readonly itemReader?: ReaderConfig | undefined;
  /**
   * With `itemReader`: read one page of the items rather than all of them. The output is then
   * `{ Items, Cursor? }`: at most `maxItems` items from the position `cursor` names (absent: the
   * start), and the cursor of the next page, absent when the reader has no more items. A cursor is
   * plain JSON of a few hundred bytes at most, and holds no item; `ReaderConfig.MaxItems` still
   * bounds the items of every page together.
   */
  readonly itemPage?: { readonly cursor?: unknown; readonly maxItems: number } | undefined;
  /**
   * Set when the invocation is a distributed Map's `ResultWriter` rather than a Task: the objects to
   * put (`arn:aws:states:::s3:putObject`), in order, the manifest last.
   */
  readonly resultWriter?: ResultObjects | undefined;
}

/**
 * The objects a `ResultWriter` puts in its bucket: the result files, then `manifest.json`. A map run
 * whose children were fed a page at a time has its results streamed instead (`stream`): the runtime
 * reads them from its store a page at a time (`records`) and the writer puts each status's file as
 * it goes, then the manifest.
 */
export interface ResultObjects {
  readonly Bucket: string;
  readonly objects: readonly { readonly Key: string; readonly Body: string }[];
  readonly stream?: ResultStream | undefined;
}

/** A result file's status. */
export type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** Where and how a fed map run's results are streamed (see {@link ResultObjects}). */
export interface ResultStream {
  readonly mapRunArn: string;
  /** The join whose results are written, and its children. */
  readonly joinId: string;
  readonly total: number;
  /** `<Prefix>/<map run id>/`: the files go there, and `manifest.json` last. */
  readonly folder: string;
  readonly transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
  readonly outputType: 'JSON' | 'JSONL';
  /**
   * Set by the runtime, not the engine: each record in index order with its file's status (a
   * `FLATTEN`ed array output gives several).
   */
  readonly records?: AsyncIterable<{ readonly status: ResultStatus; readonly record: unknown }> | undefined;
}

/**
 * An `ItemReader`'s `ReaderConfig` as the Map state resolved it: the fields keep their ASL names,
 * and `MaxItems` (from the literal, the JSONata expression or `MaxItemsPath`) is a number, 0 for no
 * limit.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export interface ReaderConfig {
  readonly InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET' | undefined;
  readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN' | undefined;
  readonly CSVHeaders?: readonly string[] | undefined;
  readonly CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB' | undefined;
  readonly ManifestType?: 'ATHENA_DATA' | 'S3_INVENTORY' | undefined;
  /** At most this many items are read; 0 reads them all. */
  readonly MaxItems: number;
}

/** What a step asks its runtime to do. */
export type Effect =
  | { readonly type: 'invokeTask'; readonly frameId: string; readonly task: TaskInvocation }
  | {
      readonly type: 'startTimer';
      readonly frameId: string;
      readonly dueAt: number;
      readonly purpose: 'wait' | 'retry';
    }
  | {
      readonly type: 'startChildren';
      readonly frameId: string;
      /** Shared by the children of this start; their results are collected under it. */
      readonly joinId: string;
      readonly count: number;
      /**
       * The parent as it started the children, and their plan: child frame `index` (0 ≤ index <
       * count) is `childFrameAt(program, parent, plan, index, joinId)`, built on demand.
       */
      readonly parent: Frame;
      readonly plan: ChildrenPlan;
      /** 0 means no limit. */
      readonly maxConcurrency: number;
      readonly tolerance: FailureTolerance;
      /** For a plan fed a page at a time (`plan.feed`): the inputs of its first `count` children, to put. */
      readonly page?: InputPage | undefined;
    }
  /**
   * A distributed Map read another page of items: put its children's inputs (`page`) where each child
   * reads its own, then start those of them a slot is free for (`maxConcurrency`; the others start as
   * the children `maxConcurrency` places before them end).
   */
  | {
      readonly type: 'feedChildren';
      readonly frameId: string;
      readonly joinId: string;
      readonly page: InputPage;
      /** 0 means no limit. */
      readonly maxConcurrency: number;
    }
  | { readonly type: 'complete'; readonly frameId: string; readonly outcome: Outcome }
  /** The step spent its transition budget: deliver `continue` to the frame. */
  | { readonly type: 'continue'; readonly frameId: string };

/** How a frame (or an execution) ended. */
export type Outcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause?: string | undefined };

/** A history event in `GetExecutionHistory`'s shape: `{ id, previousEventId, timestamp, type, …Details }`. */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  /** ISO-8601. */
  readonly timestamp: string;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** Injected time, ids and randomness: the engine has no other source of them. */
export interface StepEnv {
  /** Epoch milliseconds. */
  now(): number;
  uuid(): string;
  /** In [0, 1). */
  random(): number;
  /** Allocates the next history event id. */
  nextEventId(): number;
  /**
   * The id an event numbered by `nextEventId` will have in the history, for text that quotes it (an
   * error's cause names the event its state was entered at). A runtime that numbers a step's events
   * provisionally until it commits makes them final here. Absent: ids are final when allocated.
   */
  finalEventId?(id: number): Promise<number>;
  readonly execution: ExecutionInfo;
  /**
   * The most UTF-8 bytes a state's input or output may hold before `States.DataLimitExceeded`:
   * Step Functions' 256 KiB unless the runtime keeps large payloads apart (`Infinity` then).
   * @default MAX_PAYLOAD_BYTES (262,144)
   */
  readonly maxPayloadBytes?: number | undefined;
}

/**
 * A distributed Map's map run that a step ended: its ARN and the event that ends it in the history
 * (`MapRunSucceeded` or `MapRunFailed`, which name no run), for the runtime to record the end on the
 * run's record once the step is committed.
 */
export interface MapRunEndEvent {
  readonly mapRunArn: string;
  readonly event: HistoryEvent;
}

/** What one step produced. */
export interface StepResult {
  readonly frame: Frame;
  readonly events: readonly HistoryEvent[];
  readonly effects: readonly Effect[];
  /** The map runs the step ended, in the order of their events (absent: none). */
  readonly mapRunEnds?: readonly MapRunEndEvent[] | undefined;
}
