/**
 * What happened to each state of an execution, derived from its history alone — the events
 * `GetExecutionHistory` returns — as Step Functions' console derives it.
 *
 * Every event names the event before it in its own thread of control (`previousEventId`): the
 * execution's top level, a Parallel branch, or a Map iteration. Following those links splits the
 * history into scopes (a branch begins with a state entered right after `ParallelStateStarted`, an
 * iteration after `MapIterationStarted`), each scope into state visits (a `…StateEntered` to its
 * `…StateExited`), and each visit into attempts (a `TaskScheduled`, `LambdaFunctionScheduled`, …
 * or a Parallel or Map run, once per retry). A Parallel's or Map's own events (`ParallelStateFailed`,
 * `MapIterationSucceeded`, …) follow the last event of a branch or an iteration; they belong to the
 * nearest enclosing Parallel or Map visit, found by climbing out of the scopes.
 */
import { allNodes, nodeId as graphNodeId, type SubGraph } from './definition-graph.js';
import {
  ATTEMPT_STARTS,
  details,
  EXECUTION_ENDS,
  enteredStateType,
  failureOf,
  type HistoryEvent,
  ITERATION_ENDS,
  isStateExited,
  MAP_EVENTS,
  PARALLEL_EVENTS,
} from './history-events.js';
import { retryPending } from './retry-pending.js';

/**
 * What happened to a state: `succeeded`, `retried` (succeeded after a failed attempt), `caught`
 * (failed, and a Catch went on), `failed`, `running`, `aborted` (stopped with its execution, branch
 * or iteration), or `not-reached`.
 */
export type StateStatus = 'succeeded' | 'retried' | 'caught' | 'failed' | 'running' | 'aborted' | 'not-reached';

/** An error as history events report it. */
export interface Failure {
  readonly error: string;
  readonly cause: string;
  /** The event that reported it. */
  readonly event: HistoryEvent;
}

/** One attempt of a Task (from its `…Scheduled` event) or one run of a Parallel or Map. */
export interface Attempt {
  readonly start: HistoryEvent;
  /** The events of the attempt, `start` first. */
  readonly events: HistoryEvent[];
  /** Branch scopes (by branch index) or iteration scopes (by index) of a Parallel or Map run. */
  readonly scopes: Scope[];
  failure?: Failure;
}

/** One entry into a state: from its `…StateEntered` event to its `…StateExited`, if any. */
export interface StateVisit {
  /** The state's node in the definition graph. */
  readonly nodeId: string;
  readonly name: string;
  /** `Task`, `Pass`, … from the entered event's type. */
  readonly type: string;
  readonly scope: Scope;
  readonly entered: HistoryEvent;
  exited?: HistoryEvent;
  /** Every event of the visit, in order. */
  readonly events: HistoryEvent[];
  readonly attempts: Attempt[];
  /** The last error reported in the visit. */
  failure?: Failure;
  /** The state entered next in the same scope. */
  next?: StateVisit;
  status: StateStatus;
}

/** A thread of control: the execution, a Parallel branch, or a Map iteration. */
export interface Scope {
  readonly kind: 'execution' | 'branch' | 'iteration';
  /** Branch index or iteration index (0 for the execution). */
  readonly index: number;
  /** The Parallel or Map visit the scope runs in. */
  readonly parent?: StateVisit;
  /** The attempt (run) of the parent the scope belongs to. */
  readonly run?: Attempt;
  /** The prefix of node ids of the states inside (`''` at the top level). */
  readonly prefix: string;
  readonly visits: StateVisit[];
  /** `MapIterationSucceeded`, … for an iteration. */
  end?: HistoryEvent;
  status: StateStatus;
}

/** An execution's history, read. */
export interface ExecutionModel {
  readonly root: Scope;
  /** Every event in id order. */
  readonly events: readonly HistoryEvent[];
  /** The visit each event belongs to (none for execution-level events). */
  readonly visitOf: ReadonlyMap<number, StateVisit>;
  /** Every visit, in the order they were entered. */
  readonly visits: readonly StateVisit[];
}

interface Owner {
  readonly scope: Scope;
  readonly visit?: StateVisit;
}

/**
 * Reads a history (any order; ids as `GetExecutionHistory` gives them). `graph` (the definition's)
 * tells which branch of a Parallel a state belongs to; without it branches are numbered in the order
 * they start.
 *
 * @example
 * const model = executionModel(events, definitionGraph(definition));
 * model.visits.find((v) => v.name === 'ShipOrder')?.status; // 'caught'
 */
export function executionModel(history: readonly HistoryEvent[], graph?: SubGraph): ExecutionModel {
  const events = [...history].sort((a, b) => a.id - b.id);
  const root = scope('execution', 0, '');
  const owners = new Map<number, Owner>();
  const scopesStartedBy = new Map<number, Scope>();
  const visitOf = new Map<number, StateVisit>();
  const visits: StateVisit[] = [];
  const executionEnds: HistoryEvent[] = [];
  /** The state inside a branch or iteration whose failure failed a Parallel or Map visit. */
  const failedFrom = new Map<StateVisit, StateVisit>();

  /** Gives an error to the state it came from, and on to the state inside that it came from. */
  const blame = (visit: StateVisit | undefined, event: HistoryEvent) => {
    for (let v = visit; v !== undefined; v = failedFrom.get(v)) {
      const failure = failureOf(event);
      if (failure === undefined || v.exited !== undefined) return;
      if (hasFinalFailure(v) && v.failure?.error !== '') return;
      v.failure = { ...failure, event: v.failure?.event ?? event };
    }
  };
  /**
   * A Parallel or Map failed because of a state inside: that state gets the error now if the event
   * tells it (Stepstone's events do), or when a later event does (AWS's `ParallelStateFailed` has no
   * details; the `ExecutionFailed` after it does).
   */
  const blameLater = (group: StateVisit, previous: StateVisit | undefined, event: HistoryEvent) => {
    const inside = previous !== undefined && previous !== group ? previous : culprit(group);
    if (inside === undefined) return;
    blame(inside, event);
    failedFrom.set(group, inside);
  };

  const attribute = (event: HistoryEvent, owner: Owner) => {
    owners.set(event.id, owner);
    if (owner.visit === undefined) return;
    visitOf.set(event.id, owner.visit);
    owner.visit.events.push(event);
    owner.visit.attempts.at(-1)?.events.push(event);
  };

  for (const event of events) {
    const previous: Owner = owners.get(event.previousEventId ?? 0) ?? { scope: root };
    const enteredType = enteredStateType(event);
    if (enteredType !== undefined) {
      const into =
        scopesStartedBy.get(event.previousEventId ?? 0) ?? branchScope(event, previous, graph) ?? previous.scope;
      const visit = stateVisit(event, enteredType, into);
      if (previous.visit !== undefined && previous.scope === into) previous.visit.next = visit;
      into.visits.push(visit);
      visits.push(visit);
      attribute(event, { scope: into, visit });
      continue;
    }
    if (EXECUTION_ENDS.has(event.type) || event.type === 'ExecutionStarted' || event.type === 'ExecutionRedriven') {
      if (EXECUTION_ENDS.has(event.type)) executionEnds.push(event);
      if (event.type === 'ExecutionFailed' || event.type === 'ExecutionTimedOut') blame(previous.visit, event);
      owners.set(event.id, { scope: root });
      continue;
    }
    if (ITERATION_ENDS.has(event.type)) {
      const iteration = enclosingScope(previous, (s) => s.kind === 'iteration' && s.index === details(event).index);
      const map = iteration?.parent;
      if (iteration !== undefined) iteration.end = event;
      if (event.type === 'MapIterationFailed' && map !== undefined) blameLater(map, previous.visit, event);
      attribute(event, map === undefined ? previous : { scope: map.scope, visit: map });
      continue;
    }
    const group = PARALLEL_EVENTS.has(event.type) ? 'Parallel' : MAP_EVENTS.has(event.type) ? 'Map' : undefined;
    if (group !== undefined) {
      const visit = enclosingVisit(previous, (v) => v.type === group && v.exited === undefined);
      if (visit === undefined) {
        attribute(event, previous);
        continue;
      }
      if (event.type === 'MapIterationStarted') {
        attribute(event, { scope: visit.scope, visit });
        const run = visit.attempts.at(-1);
        const index = Number(details(event).index ?? run?.scopes.length ?? 0);
        const iteration = scope('iteration', index, `${visit.nodeId}/items/`, visit, run);
        run?.scopes.push(iteration);
        scopesStartedBy.set(event.id, iteration);
        continue;
      }
      if (event.type.endsWith('Failed')) blameLater(visit, previous.visit, event);
      record(visit, event);
      attribute(event, { scope: visit.scope, visit });
      continue;
    }
    const visit = previous.visit;
    if (visit !== undefined) record(visit, event);
    attribute(event, previous);
  }

  const model: ExecutionModel = { root, events, visitOf, visits };
  const definitions = new Map((graph === undefined ? [] : allNodes(graph)).map((n) => [n.id, n.definition]));
  for (const visit of visits) visit.status = visitStatus(visit, executionEnds, definitions.get(visit.nodeId));
  settleScopes(root);
  return model;
}

function scope(kind: Scope['kind'], index: number, prefix: string, parent?: StateVisit, run?: Attempt): Scope {
  return { kind, index, prefix, parent, run, visits: [], status: 'running' };
}

function stateVisit(event: HistoryEvent, type: string, into: Scope): StateVisit {
  const name = String(details(event).name ?? '');
  return {
    nodeId: graphNodeId(into.prefix, name),
    name,
    type,
    scope: into,
    entered: event,
    events: [],
    attempts: [],
    status: 'running',
  };
}

/**
 * The branch a state entered right after `ParallelStateStarted` begins: its index is the branch of
 * the definition that holds the state (or the order branches start in, without a definition).
 */
function branchScope(event: HistoryEvent, previous: Owner, graph: SubGraph | undefined): Scope | undefined {
  const parallel = previous.visit;
  const run = parallel?.attempts.at(-1);
  if (parallel?.type !== 'Parallel' || run === undefined || run.start.id !== event.previousEventId) return undefined;
  const name = String(details(event).name ?? '');
  const node = graph === undefined ? undefined : findNode(graph, parallel.nodeId);
  const fromDefinition = node?.children.findIndex((branch) => branch.nodes.some((n) => n.name === name)) ?? -1;
  const index = fromDefinition >= 0 ? fromDefinition : run.scopes.length;
  const branch = scope('branch', index, `${parallel.nodeId}/b${index}/`, parallel, run);
  run.scopes.push(branch);
  return branch;
}

function findNode(graph: SubGraph, id: string): { children: readonly SubGraph[] } | undefined {
  for (const node of graph.nodes) {
    if (node.id === id) return node;
    for (const child of node.children) {
      const found = findNode(child, id);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Adds what an event says to its visit: an attempt begins, an error, the state's exit. */
function record(visit: StateVisit, event: HistoryEvent): void {
  if (ATTEMPT_STARTS.has(event.type)) visit.attempts.push({ start: event, events: [], scopes: [] });
  if (isStateExited(event)) visit.exited = event;
  const failure = failureOf(event) ?? (/(Failed|TimedOut)$/.test(event.type) ? { error: '', cause: '' } : undefined);
  if (failure !== undefined) {
    visit.failure = { ...failure, event };
    const attempt = visit.attempts.at(-1);
    if (attempt !== undefined) attempt.failure = visit.failure;
  }
}

/**
 * The state that failed a Parallel or Map run when the failure event does not follow it (Stepstone
 * links `ParallelStateFailed` to `ParallelStateStarted`): a Fail state, or a state whose last
 * attempt failed, left unfinished in the run.
 */
function culprit(group: StateVisit): StateVisit | undefined {
  const open = (group.attempts.at(-1)?.scopes ?? [])
    .flatMap((s) => s.visits)
    .filter((v) => v.exited === undefined && (v.type === 'Fail' || hasFinalFailure(v)));
  return open.find((v) => v.type === 'Fail') ?? open[0];
}

function enclosingVisit(owner: Owner, test: (visit: StateVisit) => boolean): StateVisit | undefined {
  let visit = owner.visit;
  let current: Scope | undefined = owner.scope;
  while (visit !== undefined || current !== undefined) {
    if (visit !== undefined && test(visit)) return visit;
    visit = current?.parent;
    current = current?.parent?.scope;
  }
  return undefined;
}

function enclosingScope(owner: Owner, test: (scope: Scope) => boolean): Scope | undefined {
  for (let current: Scope | undefined = owner.scope; current !== undefined; current = current.parent?.scope) {
    if (test(current)) return current;
  }
  return undefined;
}

/** Whether the visit's last attempt (or the visit itself, without attempts) ended in an error. */
function hasFinalFailure(visit: StateVisit): boolean {
  if (visit.failure === undefined) return false;
  const lastStart = visit.attempts.at(-1)?.start.id ?? visit.entered.id;
  return visit.failure.event.id > lastStart;
}

function visitStatus(
  visit: StateVisit,
  executionEnds: readonly HistoryEvent[],
  definition: Readonly<Record<string, unknown>> | undefined,
): StateStatus {
  const retried = visit.attempts.some((attempt) => attempt.failure !== undefined);
  if (visit.exited !== undefined) return hasFinalFailure(visit) ? 'caught' : retried ? 'retried' : 'succeeded';
  const closedBy = closingEvent(visit, executionEnds);
  if (closedBy === undefined) return 'running';
  // Stopped while a retry was pending (the execution stopped, or a Map or Parallel around it failed
  // first): its last attempt failed, but the state did not.
  if (/Aborted$/.test(closedBy.type)) return 'aborted';
  const errors = visit.attempts.flatMap((attempt) => (attempt.failure === undefined ? [] : [attempt.failure.error]));
  if (
    hasFinalFailure(visit) &&
    closedBy !== visit.failure?.event &&
    definition !== undefined &&
    retryPending(definition, errors)
  )
    return 'aborted';
  if (visit.type === 'Fail' || hasFinalFailure(visit)) return 'failed';
  if (closedBy.type === 'ExecutionTimedOut' && visit.scope.kind === 'execution') return 'failed';
  return 'aborted';
}

/** The event that ended the scopes around an unfinished visit, if one did. */
function closingEvent(visit: StateVisit, executionEnds: readonly HistoryEvent[]): HistoryEvent | undefined {
  const after = visit.entered.id;
  for (let s: Scope | undefined = visit.scope; s !== undefined; s = s.parent?.scope) {
    if (s.end !== undefined && s.end.id > after) return s.end;
    const parent = s.parent;
    if (s.kind === 'branch' && parent !== undefined) {
      const laterRun = parent.attempts.find((a) => a.start.id > after && a !== s.run);
      const groupEnd = parent.events.find(
        (e) => e.id > after && /^ParallelState(Succeeded|Failed|Aborted|Exited)$/.test(e.type),
      );
      if (laterRun !== undefined) return laterRun.start;
      if (groupEnd !== undefined) return groupEnd;
    }
    if (s.kind === 'iteration' && parent?.exited !== undefined && parent.exited.id > after) return parent.exited;
  }
  return executionEnds.find((end) => end.id > after);
}

/** A branch's or an iteration's status, from its end event or its states. */
function settleScopes(s: Scope): void {
  for (const visit of s.visits)
    for (const attempt of visit.attempts) for (const child of attempt.scopes) settleScopes(child);
  s.status = scopeStatus(s);
}

function scopeStatus(s: Scope): StateStatus {
  switch (s.end?.type) {
    case 'MapIterationSucceeded':
      return s.visits.some((v) => v.status === 'retried') ? 'retried' : 'succeeded';
    case 'MapIterationFailed':
      return 'failed';
    case 'MapIterationAborted':
      return 'aborted';
  }
  const statuses = s.visits.map((v) => v.status);
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('running')) return 'running';
  if (statuses.includes('aborted')) return 'aborted';
  const last = s.visits.at(-1);
  return last !== undefined && last.next === undefined && last.exited !== undefined ? 'succeeded' : 'running';
}
