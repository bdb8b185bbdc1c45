import { errorOutputOf, StatesError, type StatesErrorName, StatesErrors } from '../../asl/errors.js';
import { isJsonataExpression, jsonTypeName } from '../../asl/jsonata/index.js';
import type { MapState } from '../../asl/model/index.js';
import { contextObject } from '../context-object.js';
import {
  effectiveInput,
  fieldValue,
  jsonataBindings,
  jsonataField,
  jsonataTemplate,
  numberAtPath,
  payloadOf,
  runtimeError,
} from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';
import type { FailureTolerance, FrameEvent, HistoryEvent, TaskInvocation } from '../types.js';
import { type Carry, exceedsTolerance, type Feed, joinIdOf, startChildren } from './children.js';
import { exitWithResult } from './finish.js';
import { batchItemCount, batchItems, resolveBatcher } from './item-batcher.js';
import { itemReaderInvocation } from './item-reader.js';
import {
  type MapRunChildren,
  type ResultWriterDetails,
  resultWriterInvocation,
  transformedResults,
} from './result-writer.js';

/** What a Map state resolved before starting its iterations. */
interface ResolvedMap {
  readonly inputs: unknown[];
  readonly maxConcurrency: number;
  /** Resolves the tolerated failure thresholds: AWS does so once the state has started. */
  readonly tolerance: () => Promise<FailureTolerance> | FailureTolerance;
}

/** What a started Map state keeps while its iterations run (plain data: it lives in the frame). */
interface MapPlan {
  readonly inputs: readonly unknown[];
  readonly maxConcurrency: number;
  readonly tolerance: FailureTolerance;
}

/**
 * Map: runs its processor once per item; the result is the array of the iterations' outputs in item
 * order. Iterations that fail beyond the tolerated count or percentage fail the state.
 *
 * @see https://states-language.net/spec.html#map-state
 */
export async function runMap(stepper: Stepper, ps: ProgramState, state: MapState): Promise<Transition> {
  if (state.ItemReader !== undefined) return startReading(stepper, ps, state);
  const plan = await planOf(stepper, ps, state, undefined);
  stepper.record('MapStateStarted', { mapStateStartedEventDetails: { length: plan.inputs.length } });
  return spawn(stepper, ps, state, plan);
}

/** The plan of a Map state's iterations, from its input's items or from the items its reader read. */
async function planOf(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  read: readonly unknown[] | undefined,
  firstIndex = 0,
): Promise<MapPlan> {
  const resolved = await resolvedOf(stepper, ps, state, read, firstIndex);
  let inputs = resolved.inputs;
  if (state.ItemBatcher !== undefined) {
    inputs = batchItems(inputs, await resolveBatcher(stepper, ps, state.ItemBatcher), firstIndex);
  }
  return { inputs, maxConcurrency: resolved.maxConcurrency, tolerance: await resolved.tolerance() };
}

/** The items (from the input, or `read` from `firstIndex` on) after `ItemSelector`, and the run's limits. */
function resolvedOf(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  read: readonly unknown[] | undefined,
  firstIndex: number,
): ResolvedMap | Promise<ResolvedMap> {
  return ps.language === 'JSONata'
    ? planJsonata(stepper, state, read, firstIndex)
    : planJsonPath(stepper, state, read, firstIndex);
}

/**
 * Starts the map run of a Map state with an `ItemReader` and asks the runtime to read the items; the
 * iterations start when they arrive (`taskSucceeded`). AWS records `MapStateStarted` with length 0
 * before the run starts, as the items are not known yet.
 */
async function startReading(stepper: Stepper, ps: ProgramState, state: MapState): Promise<Transition> {
  stepper.record('MapStateStarted', { mapStateStartedEventDetails: { length: 0 } });
  const { mapRunArn, startDate } = recordMapRunStarted(stepper, ps, state);
  stepper.setStage({ name: 'task', payload: { [READING]: mapRunArn, [READING_SINCE]: startDate } });
  let task: TaskInvocation;
  try {
    task = await pageInvocation(stepper, ps, state, nextPage(undefined));
  } catch (error) {
    stepper.endMapRun(mapRunArn, 'MapRunFailed');
    throw error;
  }
  stepper.emit({ type: 'invokeTask', frameId: stepper.frame.id, task });
  return { kind: 'wait' };
}

/**
 * The most new items a distributed Map's reader reads in one page: rounded down to whole batches when
 * `MaxItemsPerBatch` is set (at least one batch), so that a page by count ends with a full batch. A
 * page that still ends with a batch that is not full (closed by bytes) carries it to the next
 * ({@link Carry}).
 */
export const PAGE_ITEMS = 1_000;

/** Where the next page is read from: the reader's cursor, the items read before it, and how many it reads again. */
interface PageStart {
  readonly cursor: unknown;
  readonly read: number;
  /** Items read again before the new ones: those before a carried batch on its page, then the batch's. */
  readonly again: number;
}

/**
 * The start of the page after `feed`: where the last one ended, or, for a carried batch whose items
 * are not kept, the page its first item was on, so that its items are read again with the new ones.
 */
function nextPage(feed: Feed | undefined): PageStart {
  const carry = feed?.carry;
  if (carry === undefined || carry.items !== undefined)
    return { cursor: feed?.cursor, read: feed?.items ?? 0, again: 0 };
  return { cursor: carry.from.cursor, read: carry.from.read, again: carry.skip + carry.count };
}

/** The largest JSON of a carried batch's items kept in the Map's record; a larger one is read again. */
const CARRIED_BYTES = 256;

/**
 * The reader's invocation of the page that starts at `start.cursor`, `start.read` items having been
 * read before it: `start.again` items read again, then a page of new ones.
 */
async function pageInvocation(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  start: PageStart,
): Promise<TaskInvocation & { itemPage: { cursor?: unknown; maxItems: number } }> {
  const { cursor, read } = start;
  const task = await itemReaderInvocation(stepper, ps, state.ItemReader as NonNullable<MapState['ItemReader']>);
  const perBatch =
    state.ItemBatcher === undefined ? 0 : (await resolveBatcher(stepper, ps, state.ItemBatcher)).maxItems;
  let maxItems =
    start.again +
    (perBatch <= 0 ? PAGE_ITEMS : perBatch >= PAGE_ITEMS ? perBatch : PAGE_ITEMS - (PAGE_ITEMS % perBatch));
  const limit = task.itemReader?.MaxItems ?? 0;
  if (limit > 0) maxItems = Math.max(0, Math.min(maxItems, limit - read));
  return { ...task, itemPage: { ...(cursor === undefined ? {} : { cursor }), maxItems } };
}

/** One page as the reader answered it; a stub that answers every item as an array is paged here. */
interface ReadPage {
  readonly items: readonly unknown[];
  readonly more: boolean;
  readonly cursor?: unknown;
}

function pageOf(
  output: unknown,
  page: { readonly cursor?: unknown; readonly maxItems: number },
  read: number,
  limit: number,
): ReadPage {
  let items: readonly unknown[];
  let cursor: unknown;
  if (Array.isArray(output)) {
    const from = typeof page.cursor === 'number' ? page.cursor : 0;
    const to = from + page.maxItems;
    items = output.slice(from, to);
    cursor = to < output.length ? to : undefined;
  } else {
    const answered = payloadMember(output, 'Items');
    if (!Array.isArray(answered)) throw new Error('an item reader answered neither an array nor a page of items');
    items = answered.length > page.maxItems ? answered.slice(0, page.maxItems) : answered;
    cursor = payloadMember(output, 'Cursor');
  }
  const more = cursor !== undefined && (limit === 0 || read + items.length < limit) && page.maxItems > 0;
  return more ? { items, more, cursor } : { items, more };
}

/**
 * Feeds the children of a page the reader answered (`output`): the first page starts the map run's
 * children (`startChildren`), each later one adds its own (`feedChildren`); while the reader has more,
 * the state asks to be stepped again (`feed`) for the next page. The children's inputs go to the
 * store's item pages, never into the plan: the Map's record stays the same size however many items.
 */
async function feedPage(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  mapRunArn: string,
  feed: Feed | undefined,
  output: unknown,
  startDate?: string,
): Promise<Transition> {
  const count = feed?.count ?? 0;
  const start = nextPage(feed);
  let plan: MapPlan;
  let page: ReadPage;
  let fresh: readonly unknown[];
  let carry: Carry | undefined;
  try {
    const asked = await pageInvocation(stepper, ps, state, start);
    page = pageOf(output, asked.itemPage, start.read, asked.itemReader?.MaxItems ?? 0);
    if (page.items.length < start.again) {
      throw runtimeError(
        `The ItemReader answered ${page.items.length} items, fewer than the ${start.again} read again to finish the batch a page before began.`,
      );
    }
    fresh = page.items.slice(start.again);
    ({ plan, carry } = await pagePlan(stepper, ps, state, feed, page, fresh));
  } catch (error) {
    stepper.endMapRun(mapRunArn, 'MapRunFailed');
    throw error;
  }
  const next: Feed = {
    more: page.more,
    ...(page.more ? { cursor: page.cursor } : {}),
    items: (feed?.items ?? 0) + fresh.length,
    count: count + plan.inputs.length,
    from: count,
    ...(state.ItemBatcher === undefined ? {} : { batched: true }),
    ...(carry === undefined ? {} : { carry }),
  };
  const stage = stepper.frame.stage;
  if (feed === undefined || stage.name !== 'children') {
    const machine = ps.children[0];
    if (machine === undefined) throw runtimeError(`The Map state '${ps.name}' has no ItemProcessor.`);
    startChildren(stepper, 'iteration', [machine], plan.inputs, {
      maxConcurrency: plan.maxConcurrency,
      tolerance: plan.tolerance,
      detached: isDistributed(state),
      mapRunArn,
      ...(startDate === undefined ? {} : { mapRunStartDate: startDate }),
      express: isExpress(state),
      feed: next,
    });
  } else {
    stepper.setStage({ name: 'children', children: { ...stage.children, feed: next } });
    stepper.emit({
      type: 'feedChildren',
      frameId: stepper.frame.id,
      joinId: joinIdOf(stepper.frame),
      page: { first: count, inputs: plan.inputs },
      maxConcurrency: stage.children.maxConcurrency,
    });
  }
  if (next.more) stepper.emit({ type: 'continue', frameId: stepper.frame.id });
  return { kind: 'wait' };
}

/**
 * The children of a page read after `feed`: the batch `feed` carries (its items kept, or read again at
 * the page's start) and the page's new items (`fresh`), after `ItemSelector` and `ItemBatcher`. When
 * the reader has more, a last batch that is not full is held back and carried to the next page.
 */
async function pagePlan(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  feed: Feed | undefined,
  page: ReadPage,
  fresh: readonly unknown[],
): Promise<{ plan: MapPlan; carry?: Carry }> {
  const firstFresh = feed?.items ?? 0;
  const resolved = await resolvedOf(stepper, ps, state, fresh, firstFresh);
  const tolerance = await resolved.tolerance();
  const carried = feed?.carry;
  if (state.ItemBatcher === undefined) {
    return { plan: { inputs: resolved.inputs, maxConcurrency: resolved.maxConcurrency, tolerance } };
  }
  let kept: readonly unknown[] = [];
  if (carried !== undefined) {
    kept =
      carried.items ??
      (
        await resolvedOf(
          stepper,
          ps,
          state,
          page.items.slice(carried.skip, carried.skip + carried.count),
          carried.from.read + carried.skip,
        )
      ).inputs;
  }
  const all = [...kept, ...resolved.inputs];
  const config = await resolveBatcher(stepper, ps, state.ItemBatcher);
  let inputs = batchItems(all, config, firstFresh - kept.length);
  let carry: Carry | undefined;
  const last = batchItemCount(inputs[inputs.length - 1]);
  if (page.more && inputs.length > 0 && !(config.maxItems > 0 && last >= config.maxItems)) {
    inputs = inputs.slice(0, -1);
    const first = all.length - last;
    const items = all.slice(first);
    const small = Buffer.byteLength(JSON.stringify(items), 'utf8') <= CARRIED_BYTES;
    // The batch starts in the carried one's items (it took every new item), or in this page's.
    const where =
      carried !== undefined && first < kept.length
        ? { from: carried.from, skip: carried.skip + first }
        : {
            from: { ...(feed?.cursor === undefined ? {} : { cursor: feed.cursor }), read: firstFresh },
            skip: first - kept.length,
          };
    carry = { ...where, count: last, ...(small ? { items } : {}) };
  }
  return {
    plan: { inputs, maxConcurrency: resolved.maxConcurrency, tolerance },
    ...(carry === undefined ? {} : { carry }),
  };
}

/** The `task` stage payload of a Map state reading its items: `{ ItemReader: <map run ARN> }`. */
const READING = 'ItemReader';
/** With {@link READING}: when the map run started (its `MapRunStarted` event's time), for its record. */
const READING_SINCE = 'MapRunStartDate';

/** The `task` stage payload of a Map state writing its results: `{ ResultWriter: Writing }`. */
const WRITING = 'ResultWriter';

/** What a Map state writing its results keeps until they are written. */
interface Writing {
  readonly mapRunArn: string;
  readonly details: ResultWriterDetails;
  /** The map run's failure, which fails the state once the results are written. */
  readonly failure?: { readonly error: string; readonly cause?: string | undefined } | undefined;
  /** For a retry of the state. */
  readonly plan: MapPlan;
  /** A run fed a page at a time, whose results the writer reads from its join. */
  readonly fed?: { readonly joinId: string; readonly total: number } | undefined;
}

/** The stage payload's member `key`, when the payload is an object that has it. */
function payloadMember(payload: unknown, key: string): unknown {
  return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[key] : undefined;
}

function isDistributed(state: MapState): boolean {
  return (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/** A distributed Map whose child executions are EXPRESS (`ProcessorConfig.ExecutionType`; STANDARD when absent). */
function isExpress(state: MapState): boolean {
  return (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.ExecutionType === 'EXPRESS';
}

/** Records the start of a distributed Map's map run and returns its ARN and its event's time. */
function recordMapRunStarted(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
): { mapRunArn: string; startDate: string } {
  const e = stepper.execution;
  const mapRunArn = `${e.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${state.Label ?? ps.name}:${stepper.env.uuid()}`;
  stepper.record('MapRunStarted', { mapRunStartedEventDetails: { mapRunArn } });
  return { mapRunArn, startDate: (stepper.events.at(-1) as HistoryEvent).timestamp };
}

/**
 * Starts the iterations. A distributed Map's map run starts with them (one whose items are read
 * starts before, in {@link startReading}, and its pages start its iterations in {@link feedPage}).
 */
function spawn(stepper: Stepper, ps: ProgramState, state: MapState, plan: MapPlan): Transition {
  const distributed = isDistributed(state);
  const run = distributed ? recordMapRunStarted(stepper, ps, state) : undefined;
  const machine = ps.children[0];
  if (machine === undefined) throw runtimeError(`The Map state '${ps.name}' has no ItemProcessor.`);
  startChildren(stepper, 'iteration', [machine], plan.inputs, {
    maxConcurrency: plan.maxConcurrency,
    tolerance: plan.tolerance,
    detached: distributed,
    ...(run === undefined
      ? {}
      : { mapRunArn: run.mapRunArn, mapRunStartDate: run.startDate, express: isExpress(state) }),
  });
  return { kind: 'wait' };
}

/**
 * The iterations of a JSONPath Map. With an `ItemReader`, the items are the ones it read, and
 * `ItemsPath` is not applied to them (recorded on AWS: a reader's items are iterated whatever
 * `ItemsPath` selects, even a path absent from the input).
 */
function planJsonPath(
  stepper: Stepper,
  state: MapState,
  read: readonly unknown[] | undefined,
  firstIndex: number,
): ResolvedMap {
  const effective = effectiveInput(stepper, state);
  const items =
    read ?? (state.ItemsPath === undefined ? effective : fieldValue(stepper, 'ItemsPath', state.ItemsPath, effective));
  if (!Array.isArray(items)) throw notAnArray(StatesErrors.Runtime, items);
  const selector = state.ItemSelector ?? state.Parameters;
  const inputs =
    selector === undefined
      ? items
      : items.map((value, index) =>
          payloadOf(stepper, selector, effective, 'ItemSelector', itemContext(stepper, firstIndex + index, value)),
        );
  const number = (
    field: string,
    literal: unknown,
    path: string | undefined,
    kind: 'int' | 'float',
  ): number | undefined => {
    if (typeof literal === 'number') return literal;
    return path === undefined ? undefined : numberAtPath(stepper, `${field}Path`, path, effective, kind);
  };
  const maxConcurrency = checkMaxConcurrency(
    number('MaxConcurrency', state.MaxConcurrency, state.MaxConcurrencyPath, 'int') ?? 0,
  );
  const tolerance = () =>
    checkTolerance(
      number('ToleratedFailureCount', state.ToleratedFailureCount, state.ToleratedFailureCountPath, 'int'),
      number(
        'ToleratedFailurePercentage',
        state.ToleratedFailurePercentage,
        state.ToleratedFailurePercentagePath,
        'float',
      ),
    );
  return { inputs, maxConcurrency, tolerance };
}

/**
 * A negative `MaxConcurrencyPath` value fails as AWS words it (LocalStack's `max_concurrency.py`,
 * written against AWS snapshots).
 */
function checkMaxConcurrency(value: number): number {
  if (value < 0) throw runtimeError(`Expected non-negative integer for MaxConcurrency, got '${value}' instead.`);
  return value;
}

function checkTolerance(count: number | undefined, percentage: number | undefined): FailureTolerance {
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
    throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  }
  if (count !== undefined && count < 0) throw runtimeError('ToleratedFailureCount cannot be negative.');
  return { count, percentage };
}

async function planJsonata(
  stepper: Stepper,
  state: MapState,
  read: readonly unknown[] | undefined,
  firstIndex: number,
): Promise<ResolvedMap> {
  const input = stepper.frame.input;
  const bindings = jsonataBindings(stepper, { input });
  let items: unknown = input;
  if (read !== undefined) {
    items = read;
  } else if (typeof state.Items === 'string') {
    items = await jsonataField(stepper, state.Items, bindings, 'Items', 'array');
  } else if (state.Items !== undefined) {
    items = await jsonataTemplate(stepper, state.Items, bindings, 'Items');
  }
  if (!Array.isArray(items)) throw notAnArray(StatesErrors.QueryEvaluationError, items);
  const selector = state.ItemSelector;
  const inputs: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    const value: unknown = items[index];
    inputs.push(
      selector === undefined
        ? value
        : await jsonataTemplate(
            stepper,
            selector,
            jsonataBindings(stepper, { input, context: itemContext(stepper, firstIndex + index, value) }),
            'ItemSelector',
          ),
    );
  }
  const number = async (field: string, value: unknown, kind: 'int' | 'float'): Promise<number | undefined> => {
    if (value === undefined || typeof value === 'number') return value;
    if (!isJsonataExpression(value)) return undefined;
    return (await jsonataField(stepper, value, bindings, field, kind === 'int' ? 'integer' : 'number')) as number;
  };
  const maxConcurrency = checkMaxConcurrency((await number('MaxConcurrency', state.MaxConcurrency, 'int')) ?? 0);
  const tolerance = async () =>
    checkTolerance(
      await number('ToleratedFailureCount', state.ToleratedFailureCount, 'int'),
      await number('ToleratedFailurePercentage', state.ToleratedFailurePercentage, 'float'),
    );
  return { inputs, maxConcurrency, tolerance };
}

/**
 * The failure of a Map state whose items are not an array: its effective input (or what `ItemsPath`
 * selects) in JSONPath, `States.Runtime`; its input when it has no `Items` in JSONata,
 * `States.QueryEvaluationError`. The wording is LocalStack's (`state_map.py`), whose AWS-validated
 * test of it names the type as JSONata does (`number`, `string`, `boolean`, `object`, `null`); an
 * `Items` expression of the wrong type fails in the expression's own words instead.
 */
function notAnArray(error: StatesErrorName, items: unknown): StatesError {
  return new StatesError(error, `Map state input must be an array but was: ${jsonTypeName(items)}`);
}

function itemContext(stepper: Stepper, index: number, value: unknown): Record<string, unknown> {
  return contextObject(stepper.execution, { ...stepper.frame, mapItem: { index, value } });
}

/** Continues a Map state when its iterations are done or a retry back-off ends. */
export async function resumeMap(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  event: FrameEvent,
): Promise<Transition> {
  const stage = stepper.frame.stage;
  if (event.type === 'timerFired' && stage.name === 'retry') {
    if (state.ItemReader !== undefined) return startReading(stepper, ps, state);
    const plan = stage.payload as MapPlan;
    stepper.record('MapStateStarted', { mapStateStartedEventDetails: { length: plan.inputs.length } });
    return spawn(stepper, ps, state, plan);
  }
  const writing = stage.name === 'task' ? payloadMember(stage.payload, WRITING) : undefined;
  if (writing !== undefined) return resumeWriting(stepper, ps, state, writing as Writing, event);
  const reading = stage.name === 'task' ? payloadMember(stage.payload, READING) : undefined;
  if (typeof reading === 'string') {
    if (event.type === 'taskSucceeded') {
      const since = stage.name === 'task' ? payloadMember(stage.payload, READING_SINCE) : undefined;
      const startDate = typeof since === 'string' ? since : undefined;
      return feedPage(stepper, ps, state, reading, undefined, event.output, startDate);
    }
    if (event.type === 'taskFailed') {
      stepper.endMapRun(reading, 'MapRunFailed');
      return stepper.handleError(ps, new StatesError(event.error, event.cause));
    }
    return { kind: 'wait' };
  }
  if (stage.name !== 'children') return { kind: 'wait' };
  const feed = stage.children.feed;
  if (feed?.more === true) {
    // Feeding: read the next page, then feed it.
    const mapRunArn = stage.children.mapRunArn ?? '';
    if (event.type === 'feed') {
      let task: TaskInvocation;
      try {
        task = await pageInvocation(stepper, ps, state, nextPage(feed));
      } catch (error) {
        stepper.endMapRun(mapRunArn, 'MapRunFailed');
        throw error;
      }
      stepper.emit({ type: 'invokeTask', frameId: stepper.frame.id, task });
      return { kind: 'wait' };
    }
    if (event.type === 'taskSucceeded') return feedPage(stepper, ps, state, mapRunArn, feed, event.output);
    if (event.type === 'taskFailed') {
      stepper.endMapRun(mapRunArn, 'MapRunFailed');
      return stepper.handleError(ps, new StatesError(event.error, event.cause));
    }
  }
  if (event.type !== 'childrenDone') return { kind: 'wait' };
  const { maxConcurrency, tolerance } = stage.children;
  const inputs = event.fed?.inputs ?? stage.children.inputs;
  const plan: MapPlan = { inputs: feed === undefined ? inputs : [], maxConcurrency, tolerance };
  const total = feed?.count ?? inputs.length;
  const failures = event.results.filter((r) => r.status === 'FAILED');
  const failed = event.fed?.failed ?? failures.length;
  const distributed = isDistributed(state);
  let failure: StatesError | undefined;
  if (exceedsTolerance(failed, total, plan.tolerance)) {
    const tolerant = plan.tolerance.count !== undefined || plan.tolerance.percentage !== undefined;
    const first = event.fed?.firstFailure ?? failures[0];
    failure =
      tolerant || first === undefined || !('error' in first)
        ? new StatesError(
            StatesErrors.ExceedToleratedFailureThreshold,
            'The specified tolerated failure threshold was exceeded',
          )
        : new StatesError(first.error, first.cause);
  }
  const writer = state.ResultWriter;
  const children = {
    mapRunArn: stage.children.mapRunArn ?? '',
    inputs,
    results: event.results,
    ...(feed === undefined ? {} : { fed: { joinId: joinIdOf(stepper.frame), total } }),
  };
  if (writer?.Resource !== undefined) return startWriting(stepper, ps, state, plan, children, failure);
  if (failure !== undefined) {
    if (distributed) stepper.endMapRun(children.mapRunArn, 'MapRunFailed');
    return stepper.handleError(ps, failure, plan);
  }
  if (writer !== undefined) {
    stepper.endMapRun(children.mapRunArn, 'MapRunSucceeded');
    stepper.record('MapStateSucceeded');
    return exitWithResult(stepper, ps, state, transformedResults(stepper, children, writer));
  }
  const outputs: unknown[] = new Array(total).fill(null);
  for (const r of event.results) {
    if (r.status === 'SUCCEEDED') outputs[r.index] = r.output;
    else outputs[r.index] = errorOutputOf(new StatesError(r.error, r.cause));
  }
  if (distributed) stepper.endMapRun(children.mapRunArn, 'MapRunSucceeded');
  stepper.record('MapStateSucceeded');
  return exitWithResult(stepper, ps, state, outputs);
}

/**
 * The invocation that writes a map run's results; a write that cannot be made (a `Bucket` that is not
 * a string) fails the map run and the state instead.
 */
async function writerInvocation(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  children: MapRunChildren,
  plan: MapPlan,
): Promise<Awaited<ReturnType<typeof resultWriterInvocation>> | Transition> {
  try {
    return await resultWriterInvocation(
      stepper,
      ps,
      state.ResultWriter as NonNullable<MapState['ResultWriter']>,
      children,
    );
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    stepper.endMapRun(children.mapRunArn, 'MapRunFailed');
    return stepper.handleError(ps, error, plan);
  }
}

/**
 * Asks the runtime to write a finished map run's results to S3 (`ResultWriter` with a `Resource`);
 * the state goes on when they are written (`resumeWriting`), failing then if the run failed.
 */
async function startWriting(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  plan: MapPlan,
  children: MapRunChildren,
  failure: StatesError | undefined,
): Promise<Transition> {
  const written = await writerInvocation(stepper, ps, state, children, plan);
  if (!('task' in written)) return written;
  const writing: Writing = {
    mapRunArn: children.mapRunArn,
    details: written.details,
    failure: failure === undefined ? undefined : { error: failure.error, cause: failure.cause },
    plan,
    fed: children.fed,
  };
  if (children.fed !== undefined) {
    // A fed run's end may be seen by two steps at once (its last child's and its last page's): the
    // writing, which reads every result, is claimed by a commit first, and done once, on its message.
    stepper.setStage({ name: 'task', payload: { [WRITING]: writing }, claimed: true });
    stepper.emit({ type: 'continue', frameId: stepper.frame.id });
    return { kind: 'wait' };
  }
  stepper.setStage({ name: 'task', payload: { [WRITING]: writing } });
  stepper.emit({ type: 'invokeTask', frameId: stepper.frame.id, task: written.task });
  return { kind: 'wait' };
}

/** Writes the results of a fed run whose writing this frame claimed (`startWriting`). */
async function writeClaimed(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  writing: Writing,
): Promise<Transition> {
  const children = { mapRunArn: writing.mapRunArn, inputs: [], results: [], fed: writing.fed };
  const written = await writerInvocation(stepper, ps, state, children, writing.plan);
  if (!('task' in written)) return written;
  stepper.setStage({ name: 'task', payload: { [WRITING]: writing } });
  stepper.emit({ type: 'invokeTask', frameId: stepper.frame.id, task: written.task });
  return { kind: 'wait' };
}

/**
 * Continues a Map state once its results are written: its output is the map run's ARN and where the
 * manifest is (`ResultWriterDetails`); a failed write fails it with `States.ResultWriterFailed`.
 */
function resumeWriting(
  stepper: Stepper,
  ps: ProgramState,
  state: MapState,
  writing: Writing,
  event: FrameEvent,
): Transition | Promise<Transition> {
  if (event.type === 'claimed') return writeClaimed(stepper, ps, state, writing);
  if (event.type === 'taskFailed') {
    stepper.endMapRun(writing.mapRunArn, 'MapRunFailed');
    const cause = event.cause ?? event.error;
    return stepper.handleError(ps, new StatesError(StatesErrors.ResultWriterFailed, cause), writing.plan);
  }
  if (event.type !== 'taskSucceeded') return { kind: 'wait' };
  if (writing.failure !== undefined) {
    stepper.endMapRun(writing.mapRunArn, 'MapRunFailed');
    return stepper.handleError(ps, new StatesError(writing.failure.error, writing.failure.cause), writing.plan);
  }
  stepper.endMapRun(writing.mapRunArn, 'MapRunSucceeded');
  stepper.record('MapStateSucceeded');
  return exitWithResult(stepper, ps, state, { MapRunArn: writing.mapRunArn, ResultWriterDetails: writing.details });
}
