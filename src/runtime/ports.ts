/**
 * The runtime's ports: what a durable step loop needs from storage, messaging, task execution and
 * time, at the level of the domain (frames, commits, joins, task tokens), never as a generic
 * key-value API. Each port has one contract suite (test/contract/) that every adapter passes: the
 * in-memory ones of the embedded engine and the AWS ones (DynamoDB, SQS, Lambda).
 */
import type { ChildResult, ExecutionInfo, Frame, HistoryEvent, InputPage, TaskInvocation } from '../engine/types.js';
import type { ExecutionQuotas } from './quotas.js';

/** Execution statuses, as Step Functions reports them. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** One execution: what `DescribeExecution` returns, and which definition version it runs. */
export interface ExecutionRecord {
  readonly info: ExecutionInfo;
  /** Content hash of the definition version the execution runs, start to finish. */
  readonly definitionHash: string;
  readonly status: ExecutionStatus;
  readonly output?: unknown;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  /** ISO-8601. */
  readonly stopDate?: string | undefined;
  /** Epoch ms after which a finished execution may be deleted (TTL). */
  readonly expiresAt?: number | undefined;
  /**
   * The history limit the execution is held to (the event that reaches it is `ExecutionFailed`);
   * absent when none applies (an EXPRESS execution, or the quota lifted). See `quotas.ts`.
   */
  readonly maxHistoryEvents?: number | undefined;
  /**
   * Seconds the execution is kept once it has ended, its history with it; absent: the engine's
   * (`RuntimeOptions.retentionSeconds`). From its state machine's `retentionSeconds`.
   */
  readonly retentionSeconds?: number | undefined;
  /**
   * Epoch ms until which every record of the execution is kept at least, when a refresh of their TTL
   * ({@link Store.keepRecords}) set it; absent: as its records were written (see `retention.ts`).
   */
  readonly recordsKeptUntil?: number | undefined;
  /**
   * For a distributed Map's child execution: its map run, under which it is listed (`ListExecutions`
   * by `mapRunArn`) instead of under its state machine.
   */
  readonly mapRunArn?: string | undefined;
  /**
   * For a distributed Map's child execution: the execution and frame that run it. Its history is the
   * events that frame's records keep apart ({@link FrameRecord.childHistory}).
   */
  readonly parent?: { readonly executionArn: string; readonly frameId: string } | undefined;
  /**
   * The execution's history is read a page at a time ({@link Store.readHistoryPage}): its records are
   * indexed by event id as they are committed ({@link FrameRecord.pagedHistory}). Set at its start for
   * a STANDARD execution without a history limit; absent, `GetExecutionHistory` reads the whole
   * history (at most the limit's 25,000 events) for each page.
   */
  readonly pagedHistory?: boolean | undefined;
}

/** What a frame record of `execution` carries for its history's index: `pagedHistory` when it is paged. */
export function pagedHistoryOf(execution: ExecutionRecord): { readonly pagedHistory?: true } {
  return execution.pagedHistory === true ? { pagedHistory: true } : {};
}

/** The ARN an execution record is listed under: its map run's for a child execution, else its state machine's. */
export function listedUnder(record: ExecutionRecord): string {
  return record.mapRunArn ?? record.info.stateMachineArn;
}

/** A message the step loop sends itself. It carries no state, only what to do next to which frame. */
export type StepMessage =
  /** Run a frame from its current version (a new execution, a `continue`, a child to start). */
  | { readonly kind: 'run'; readonly executionArn: string; readonly frameId: string; readonly version: number }
  /** A timer (Wait, retry back-off) came due; chained while `dueAt` is in the future. */
  | {
      readonly kind: 'timer';
      readonly executionArn: string;
      readonly frameId: string;
      readonly version: number;
      readonly dueAt: number;
    }
  /** A task waiting for a callback timed out, or missed its heartbeat. */
  | {
      readonly kind: 'taskTimeout';
      readonly executionArn: string;
      readonly frameId: string;
      readonly version: number;
      readonly dueAt: number;
      readonly heartbeat: boolean;
    }
  /**
   * Poll a `.sync` job (`states:startExecution.sync`, `glue:startJobRun.sync`, …) that the frame's
   * task started: the message carries what the poll needs (`job`, from the invoker), so that a poll
   * that finds the task no longer waiting — the execution stopped, the task timed out or was
   * answered through its token — can cancel the job. While the job runs, the poll re-sends itself.
   */
  | {
      readonly kind: 'job';
      readonly executionArn: string;
      readonly frameId: string;
      readonly version: number;
      /** The Task's `Resource`, which names the job's integration. */
      readonly resource: string;
      readonly job: unknown;
      /** The poll's number in its chain, 0 for the first (absent: 0). */
      readonly poll?: number | undefined;
    }
  /** A callback (SendTaskSuccess/Failure) for a task token. */
  | {
      readonly kind: 'callback';
      readonly executionArn: string;
      readonly frameId: string;
      readonly version: number;
      readonly token: string;
    }
  /** Every child of a join finished (or failed beyond tolerance): the parent may continue. */
  | { readonly kind: 'join'; readonly executionArn: string; readonly frameId: string; readonly version: number }
  /** The execution's `TimeoutSeconds` came due. */
  | { readonly kind: 'executionTimeout'; readonly executionArn: string; readonly dueAt: number }
  /**
   * A child frame's step reached the execution's history limit: the execution fails, its
   * `ExecutionFailed` event being event `limit` of the history. With `frameId`, the limit reached is
   * that of the distributed Map's child execution whose own frame it is: that child fails instead.
   */
  | {
      readonly kind: 'historyLimit';
      readonly executionArn: string;
      readonly limit: number;
      readonly frameId?: string | undefined;
    };

/** A message to send, with its delay. */
export interface OutgoingMessage {
  readonly body: StepMessage;
  /** Seconds, 0 to the queue's maximum (chained beyond it by the runtime). */
  readonly delaySeconds: number;
}

/**
 * One commit of a frame: the frame after the move, the history events of the move, and the messages
 * the move must send (an outbox, re-sent by whoever finds the commit without its sends).
 */
export interface FrameRecord {
  readonly executionArn: string;
  readonly frameId: string;
  /** 0 for the record that creates the frame; each commit adds one. */
  readonly version: number;
  readonly frame: Frame;
  readonly events: readonly HistoryEvent[];
  /**
   * For a distributed Map's iteration (a STANDARD child execution): the events of the child's own
   * history, numbered from 1 in the child's id space; never part of the execution's history.
   */
  readonly childHistory?: readonly HistoryEvent[] | undefined;
  /**
   * The distributed Maps' map runs whose end (`MapRunSucceeded`, `MapRunFailed`) is among `events`:
   * recorded on each run's record after the commit ({@link Store.endMapRun}), again on a redelivery.
   */
  readonly mapRunEnds?: readonly MapRunEndRecord[] | undefined;
  readonly outbox: readonly OutgoingMessage[];
  /** The id of the queue message whose handling made this commit (redeliveries keep it). */
  readonly causedBy: string;
  /**
   * Epoch ms after which the record may be deleted (TTL): for the record that ends its execution, the
   * execution's retention from its end; for any other, its write time plus the retention plus a
   * horizon (`recordExpiry` in `retention.ts`). Absent: the store's own long default.
   */
  readonly expiresAt?: number | undefined;
  /**
   * The record's events are indexed by id, for {@link Store.readHistoryPage}: true for every record of
   * an execution whose history is paged ({@link ExecutionRecord.pagedHistory}).
   */
  readonly pagedHistory?: boolean | undefined;
}

/**
 * Where a page of history starts and which way it reads: `from` the first id it may hold (ascending:
 * ids ≥ `from`, from 1 when absent; `reverse`: ids ≤ `from`, from the last when absent), at most
 * `limit` events.
 */
export interface HistoryPageQuery {
  readonly from?: number | undefined;
  readonly reverse?: boolean | undefined;
  readonly limit: number;
}

/** A page of history: its events in the order asked, and the id the next page starts `from`, if any. */
export interface HistoryPage {
  readonly events: HistoryEvent[];
  readonly next?: number | undefined;
}

/** How a conditional commit went. */
export type CommitResult = { readonly committed: true } | { readonly committed: false; readonly current: FrameRecord };

/**
 * A join's counts as a child's counting left them: that child and every child counted before it,
 * none after — the same answer on every repeat of that child's report. So exactly one child sees the
 * counts reach any given value, and exactly one sees the join reach its end: the child that must wake
 * the parent, and that wakes it again when its own report is redelivered after a crash.
 */
export interface JoinCounts {
  /** Children counted up to and including this one. */
  readonly completed: number;
  /** Failed children among them. */
  readonly failed: number;
  /** This child was counted as failed (its first recorded result stands). */
  readonly childFailed: boolean;
  /**
   * False when the store does not keep the children's order (the DynamoDB store, for a join of more
   * children than it lists in one item): the counts were read after this child's count and may
   * include children counted since, so more than one child may see the join's end.
   */
  readonly ordered: boolean;
}

/**
 * A page of a fed join's child inputs (a distributed Map reading its items in pages), stored once and
 * read by each of its children as it starts.
 */
export type ItemPage = InputPage;

/** What a waiting task token points at. */
export interface TaskTokenRecord {
  readonly token: string;
  readonly executionArn: string;
  readonly frameId: string;
  /** The frame version that waits for the callback. */
  readonly version: number;
  /** Set by a callback: the outcome to deliver. */
  readonly outcome?:
    | { readonly ok: true; readonly output: unknown }
    | { readonly ok: false; readonly error?: string | undefined; readonly cause?: string | undefined }
    | undefined;
  /** Epoch ms of the last heartbeat (or of the task's start). */
  readonly heartbeatAt: number;
  /** A `.sync` task's newest poll and the message that handles it (see `Store.claimJobPoll`). */
  readonly jobPoll?: { readonly poll: number; readonly messageId: string } | undefined;
}

/** A registered state machine: its ARN and the definition version new executions run. */
export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  /** Content hash of the current definition version (stored with `putDefinition`). */
  readonly definitionHash: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** Reported as `$$.Execution.RoleArn`. */
  readonly roleArn?: string | undefined;
  /** AWS's execution quotas lifted for this state machine's executions (all hold by default). */
  readonly quotas?: ExecutionQuotas | undefined;
  /** Seconds its executions are kept once ended. @default the engine's `RuntimeOptions.retentionSeconds` (90 days) */
  readonly retentionSeconds?: number | undefined;
  /** ISO-8601. */
  readonly updatedAt: string;
  /** ISO-8601 time of the first registration. @default updatedAt */
  readonly creationDate?: string | undefined;
  readonly description?: string | undefined;
  /** Changes with every update of the definition or configuration (`PublishStateMachineVersion` compares it). */
  readonly revisionId?: string | undefined;
  /** `LoggingConfiguration` and `TracingConfiguration` as given, reported back by `DescribeStateMachine`. */
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  /**
   * The deployment that registered it, when a CDK stack did (src/aws/deployed-workflows.ts): a cold
   * start of the API registers a deployed workflow only when this differs.
   */
  readonly deployment?: string | undefined;
}

/** How a map run ended: its `MapRunSucceeded` or `MapRunFailed` event's outcome and time (ISO-8601). */
export interface MapRunEnd {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly stopDate: string;
}

/** A map run's end, as a commit that holds it names it ({@link FrameRecord.mapRunEnds}). */
export interface MapRunEndRecord extends MapRunEnd {
  readonly mapRunArn: string;
}

/**
 * Where a map run record sorts among its execution's, as `ListMapRuns` lists them (newest first, the
 * greatest key): by the execution's `redriveCount` at the run's start, then its start, then its ARN
 * (runs started in the same millisecond of an attempt). A record without `redriveCount` (written
 * before it was kept) has its ARN for key, which sorts above the others (`arn:` above digits).
 */
export function mapRunOrder(record: MapRunRecord): string {
  if (record.redriveCount === undefined) return record.mapRunArn;
  return `${String(record.redriveCount).padStart(6, '0')}#${record.startDate}#${record.mapRunArn}`;
}

/**
 * A distributed Map's map run: where its execution and its child executions are, how it was
 * configured, and once its commit is made, how it ended. `DescribeMapRun` (src/runtime/map-runs.ts)
 * answers its status and dates from it and its execution's record (see `runOfRecord` in
 * src/runtime/map-run-history.ts), its counts from the join of its children.
 */
export interface MapRunRecord {
  readonly mapRunArn: string;
  readonly executionArn: string;
  /** The join its child executions report to. */
  readonly joinId: string;
  /**
   * ISO-8601: its `MapRunStarted` event's time (for a record without `redriveCount`, written before
   * that was kept, the time the record was put).
   */
  readonly startDate: string;
  /**
   * The execution's `redriveCount` when the run started: a run without an end whose execution has
   * been redriven since was aborted by an earlier stop. Absent on records written before ends were
   * recorded, whose status is read from the execution's history.
   */
  readonly redriveCount?: number | undefined;
  /** How it ended, recorded after the commit that holds its end ({@link Store.endMapRun}). */
  readonly ended?: MapRunEnd | undefined;
  /**
   * The record of the Map's frame whose commit starts the run: the record is put before that commit,
   * so a step that lost the commit (a racing worker, a crash before it) leaves a record of a run that
   * never started, which only that frame record tells apart (`ListMapRuns`). Absent on records
   * written before it was kept.
   */
  readonly startedBy?: { readonly frameId: string; readonly version: number } | undefined;
  /**
   * The child execution the run's Map runs in (a distributed Map inside a distributed Map's child
   * execution), whose history holds its `MapRunStarted`: the run is kept with `executionArn`'s records
   * (where its Map's frames are), but it is not `executionArn`'s to list.
   */
  readonly childExecutionArn?: string | undefined;
  /** 0: no limit. */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount?: number | undefined;
  readonly toleratedFailurePercentage?: number | undefined;
  /** Child executions. */
  readonly total: number;
  /** The items of each child, when they are batched (`ItemBatcher`); absent: one item each. */
  readonly itemsPerChild?: readonly number[] | undefined;
  /** The Map state writes its results (`ResultWriter` with a `Resource`). */
  readonly writesResults: boolean;
  /**
   * For a run whose items are read in pages: the Map's frame, whose plan counts the children fed so
   * far and the items read (`total` is then the first page's; `itemsPerChild` is not kept).
   */
  readonly fedFrameId?: string | undefined;
  /**
   * A run read in pages whose children's inputs are batches (`ItemBatcher`): each child's result
   * records its items (`ChildResult.items`), and a child not done has its items in its item page.
   */
  readonly batched?: boolean | undefined;
  /**
   * Its child executions are EXPRESS (`ProcessorConfig.ExecutionType`): they run on to their end when
   * the run stops, as on AWS, so none of them is ABORTED.
   */
  readonly express?: boolean | undefined;
}

/** A page of results. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string | undefined;
}

/** Durable state: executions, frame logs, joins and task tokens. */
export interface Store {
  /** Stores a definition version by its content hash (idempotent). */
  putDefinition(hash: string, definition: string): Promise<void>;
  getDefinition(hash: string): Promise<string | undefined>;
  /** Registers (or updates) a state machine; executions already running keep their version. */
  putStateMachine(record: StateMachineRecord): Promise<void>;
  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined>;

  /** Creates an execution and its root frame record (version 0) unless the name exists: then returns the existing one. */
  createExecution(
    record: ExecutionRecord,
    root: FrameRecord,
  ): Promise<{ created: true } | { created: false; existing: ExecutionRecord }>;
  getExecution(executionArn: string): Promise<ExecutionRecord | undefined>;
  /** Updates a RUNNING execution (or, for a redrive, a FAILED/TIMED_OUT/ABORTED one); false when its status was not `from`. */
  updateExecution(
    executionArn: string,
    from: readonly ExecutionStatus[],
    update: Partial<Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'stopDate' | 'expiresAt' | 'info'>>,
  ): Promise<boolean>;
  /**
   * Creates a distributed Map's child execution's record unless one exists (a repeat changes nothing);
   * `expiresAt` (epoch ms) is its TTL, as a record of its parent execution's.
   */
  putChildExecution(record: ExecutionRecord, expiresAt?: number): Promise<void>;
  /**
   * Executions of a state machine (or, by the ARN of a map run, its child executions: see
   * {@link listedUnder}), newest first, optionally by status.
   */
  listExecutions(query: {
    stateMachineArn: string;
    status?: ExecutionStatus | undefined;
    limit?: number | undefined;
    nextToken?: string | undefined;
  }): Promise<Page<ExecutionRecord>>;

  /** The newest record of a frame (strongly consistent), or undefined when the frame has none. */
  loadFrame(executionArn: string, frameId: string): Promise<FrameRecord | undefined>;
  /** The record of a frame at `version` (strongly consistent), or undefined when none holds it. */
  loadFrameVersion(executionArn: string, frameId: string, version: number): Promise<FrameRecord | undefined>;
  /** Puts a record at its version if no record holds that version yet. */
  commitFrame(record: FrameRecord): Promise<CommitResult>;
  /** Every history event of the execution, ordered by id. */
  readHistory(executionArn: string): Promise<HistoryEvent[]>;
  /**
   * A page of the history of an execution whose records were committed with
   * {@link FrameRecord.pagedHistory}: the events of {@link readHistory} from `query.from` on, in either
   * order, at most `query.limit`, read at about the cost of the page rather than of the whole history.
   * `next` is absent once the page holds the last event that way. On DynamoDB the index it reads is
   * eventually consistent: a page read at the moment of a commit may not hold that commit's events yet.
   */
  readHistoryPage(executionArn: string, query: HistoryPageQuery): Promise<HistoryPage>;
  /**
   * The history of the child execution that frame `frameId` runs (a distributed Map's iteration):
   * the {@link FrameRecord.childHistory} of its records and of the records of the frames it started
   * (those whose `frame.inChild.frameId` is `frameId`, at any depth; not those of a nested
   * distributed Map's own children), ordered by id.
   */
  readChildHistory(executionArn: string, frameId: string): Promise<HistoryEvent[]>;
  /**
   * Reserves `count` consecutive history event ids of the execution and returns the first. With
   * `expiresAt` (epoch ms), what keeps the count may expire then (the TTL of the commit the ids are
   * for: the same as its record's).
   *
   * With `after`, the count of a child execution (a distributed Map's iteration, which has no count
   * until its frames share one): the first reservation starts it at `after + 1`; later ones ignore
   * `after`. A child execution's record must exist.
   */
  reserveEventIds(executionArn: string, count: number, expiresAt?: number, after?: number): Promise<number>;

  /**
   * Records a child's result and counts it, exactly once whatever the repeats (a repeat changes
   * nothing), and returns the join's counts as this child's count left them (see {@link JoinCounts}).
   * `children` is the join's number of children; `expiresAt` (epoch ms) the TTL of what the result
   * and the count write.
   */
  completeChild(
    executionArn: string,
    joinId: string,
    result: ChildResult,
    children: number,
    expiresAt?: number,
  ): Promise<JoinCounts>;
  /**
   * Refreshes the TTL of every record of the execution (frame records, event-id counter, joins,
   * child results, and the records and event-id counters of its map runs' child executions): a record kept until before
   * `until` (epoch ms) is kept until `until`, and with `atMost`, so is a record kept until after
   * `atMost`. Then records `until` as the execution's `recordsKeptUntil`, and as that of each child
   * execution whose record it moved. A store without TTL only records it, on the execution and on
   * every child execution of its map runs.
   */
  keepRecords(executionArn: string, until: number, atMost?: number): Promise<void>;
  /** Every result recorded for a join. */
  childResults(executionArn: string, joinId: string): Promise<ChildResult[]>;
  /**
   * The results recorded for a join's children `from` onwards, in index order, at most `limit`:
   * a join read a page at a time (children never counted are absent).
   */
  childResultsFrom(executionArn: string, joinId: string, from: number, limit: number): Promise<ChildResult[]>;
  /** A join's counts as they stand (strongly consistent): its children counted, and how many of them failed. */
  joinCounts(executionArn: string, joinId: string): Promise<{ readonly completed: number; readonly failed: number }>;
  /**
   * Stores a page of a join's child inputs, idempotently (the same page is put again after a crash
   * before the commit that counts it; it replaces the first); `expiresAt` (epoch ms) is its TTL, as a
   * record of its execution's.
   */
  putItemPage(executionArn: string, joinId: string, page: ItemPage, expiresAt?: number): Promise<void>;
  /** The page of a join's child inputs that holds child `index` (strongly consistent), if any was put. */
  getItemPage(executionArn: string, joinId: string, index: number): Promise<ItemPage | undefined>;
  /** The last page of a join's child inputs (strongly consistent), if any was put: where its children fed end. */
  lastItemPage(executionArn: string, joinId: string): Promise<ItemPage | undefined>;

  /**
   * Records a map run as it starts (idempotent: a repeat puts the same record); `expiresAt` (epoch
   * ms) is its TTL, as a record of its execution's.
   */
  putMapRun(record: MapRunRecord, expiresAt?: number): Promise<void>;
  getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined>;
  /**
   * Records how a map run ended ({@link MapRunRecord.ended}), idempotently: an end recorded before
   * stays (a repeat, which brings the same one, changes nothing); nothing is written for a run
   * without a record.
   */
  endMapRun(mapRunArn: string, end: MapRunEnd): Promise<void>;
  /**
   * The map run records of an execution, newest first (by {@link mapRunOrder}), a page of at most
   * `limit` (100 by default) from `nextToken` on; `InvalidToken` for a token this store did not give.
   * Records of runs that never started (see {@link MapRunRecord.startedBy}) are among them.
   */
  listMapRuns(
    executionArn: string,
    query: { limit?: number | undefined; nextToken?: string | undefined },
  ): Promise<Page<MapRunRecord>>;

  putTaskToken(record: TaskTokenRecord): Promise<void>;
  getTaskToken(token: string): Promise<TaskTokenRecord | undefined>;
  /** Records a callback's outcome once; false when the token already has one. */
  resolveTaskToken(token: string, outcome: NonNullable<TaskTokenRecord['outcome']>): Promise<boolean>;
  /** Records a heartbeat. */
  touchTaskToken(token: string, at: number): Promise<void>;
  /**
   * Records that poll number `poll` of the `.sync` job waiting on `token` is handled by the message
   * `messageId`. False when that poll, or a later one, was recorded for another message (a duplicate
   * delivery, which must not poll again and start a second chain of polls) or the token is unknown;
   * true again for the same message (a redelivery after a crash).
   */
  claimJobPoll(token: string, poll: number, messageId: string): Promise<boolean>;
}

/**
 * Where a store keeps values too large for its own records (S3 on AWS): immutable objects by key. A
 * store writes an object before the record that names it, so a crash leaves at worst an object no
 * record names (which expires), never a record naming a missing object.
 */
export interface PayloadStore {
  /** Writes `data` under `key` (idempotent: a key always names the same bytes). */
  put(key: string, data: Uint8Array): Promise<void>;
  /** The bytes under `key`; throws when there are none. */
  get(key: string): Promise<Uint8Array>;
}

/** A received message. */
export interface ReceivedMessage {
  /** Stable across redeliveries of the same send; a duplicate send gets a new id. */
  readonly messageId: string;
  readonly receipt: string;
  readonly body: string;
  /** 1 on the first delivery. */
  readonly receiveCount: number;
}

/** The step queue. */
export interface Queue {
  /** The largest delay the queue takes, in seconds (SQS: 900). */
  readonly maxDelaySeconds: number;
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  receive(options: { maxMessages: number; waitSeconds: number }): Promise<ReceivedMessage[]>;
  ack(receipt: string): Promise<void>;
  /** Extends a received message's visibility timeout. */
  extendVisibility(receipt: string, seconds: number): Promise<void>;
}

/** How a task invocation ended. */
export type InvocationResult =
  | {
      readonly ok: true;
      readonly output: unknown;
      /**
       * A `.sync` task's job, started by this call (whose `output` is the start call's response): the
       * task waits until polling it ({@link TaskInvoker.pollJob}) finds it ended. Absent for a `.sync`
       * task, the call answered the whole job (a test stub).
       */
      readonly job?: StartedJob | undefined;
    }
  | { readonly ok: false; readonly error: string; readonly cause?: string | undefined };

/** A `.sync` job an invocation started. */
export interface StartedJob {
  /** What polling and cancelling it need (JSON, small: it travels in every poll message). */
  readonly job: unknown;
  /** Seconds until the first poll. */
  readonly pollSeconds: number;
}

/** What polling a `.sync` job found. */
export type JobStatus =
  | { readonly state: 'RUNNING' /** Seconds until the next poll. */; readonly pollSeconds: number }
  | { readonly state: 'SUCCEEDED'; readonly output: unknown }
  | { readonly state: 'FAILED'; readonly error: string; readonly cause?: string | undefined };

/** Runs tasks. */
export interface TaskInvoker {
  invoke(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult>;
  /**
   * Reads the status of a `.sync` job that `invoke` started for a Task of `resource`. Throws when the
   * status cannot be read (the poll is then delivered again).
   */
  pollJob?(resource: string, job: unknown, execution: ExecutionInfo): Promise<JobStatus>;
  /** Stops a `.sync` job whose task no longer waits for it; best effort, and harmless on an ended job. */
  cancelJob?(resource: string, job: unknown, execution: ExecutionInfo): Promise<void>;
}

/** What a sleep may be cancelled by: an `AbortSignal`, or anything with its `aborted` and `abort` event. */
export interface SleepSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
}

/** Time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms` of this clock's time. An aborted `signal` cancels the sleep (it then never
   * resolves), so that a timeout that lost its race holds no timer.
   */
  sleep(ms: number, signal?: SleepSignal): Promise<void>;
}
