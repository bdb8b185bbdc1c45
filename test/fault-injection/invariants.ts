/**
 * The correctness contract, checked on a disturbed run against the undisturbed run of the same
 * workflow (DESIGN.md, "The correctness contract"):
 *
 * 1. the execution ends with the same status, output, error and cause;
 * 2. every frame recorded the same transitions, each once (the sequence of its history events, by
 *    type and state name), and the history's ids are unique and increasing; so did every child
 *    execution of a distributed Map in its own history, which the store reads whole (every event its
 *    frames committed, none of another's), each event following one of it; its ids are 1 to n with
 *    none missing, or, once frames it started share its counter, unique and increasing (a crash
 *    between a reservation and its commit leaves a gap, which `GetExecutionHistory` closes);
 * 3. every task attempt was invoked, always with the same idempotency key and payload;
 * 4. a stale message committed and sent nothing, and on its first delivery cost one read and no
 *    write (exceptions below), nothing was sent once the execution ended (no
 *    echo), no message was dead-lettered and the driver never had to give up;
 * 5. a join woke its parent once: again only when a crash or a redelivery made the handling that
 *    woke it run again (every message sent twice or racing workers aside).
 */
import type { HistoryEvent } from '../../src/engine/types.js';
import { MAX_RECEIVES, type RunRecord } from './world.js';
import type { CommitLog } from './wrappers.js';

/** How a transition is compared across runs: the event type and the state it names. */
function transition(event: HistoryEvent): string {
  const entered = event.stateEnteredEventDetails as { name?: string } | undefined;
  const exited = event.stateExitedEventDetails as { name?: string } | undefined;
  const name = entered?.name ?? exited?.name;
  return name === undefined ? event.type : `${event.type}:${name}`;
}

function transitionsByFrame(log: CommitLog['byFrame']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [frameId, records] of log) out.set(frameId, records.flat().map(transition));
  return out;
}

/** The join a child frame belongs to (`root/3.0` for `root/3.0.2`), or undefined for the root. */
function joinOf(frameId: string): string | undefined {
  return frameId.includes('/') ? frameId.slice(0, frameId.lastIndexOf('.')) : undefined;
}

/** Joins in which a child failed: their parent may go on before the other children finish. */
function failedJoins(...logs: CommitLog[]): Set<string> {
  const joins = new Set<string>();
  for (const log of logs) for (const frameId of log.failedFrames) joins.add(joinOf(frameId) ?? '');
  return joins;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The outcome checks: same end, every frame's transitions once, ids in order. */
function checkOutcome(baseline: RunRecord, run: RunRecord, violations: string[]): void {
  const a = baseline.execution;
  const b = run.execution;
  if (b.status !== a.status) violations.push(`status ${b.status}, expected ${a.status}`);
  if (!sameJson(b.output, a.output)) violations.push(`output ${JSON.stringify(b.output)}`);
  if (b.error !== a.error) violations.push(`error ${b.error}, expected ${a.error}`);
  if (b.cause !== a.cause) violations.push(`cause ${b.cause}, expected ${a.cause}`);

  const cutShort = failedJoins(baseline.commits, run.commits);
  checkTransitions(baseline.commits.byFrame, run.commits.byFrame, cutShort, '', violations);
  checkTransitions(baseline.commits.childByFrame, run.commits.childByFrame, cutShort, 'child of ', violations);
  for (const [frameId, records] of run.commits.byFrame) {
    const ids = records.flat().map((e) => e.id);
    if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) violations.push(`frame ${frameId}: ids out of order ${ids}`);
  }
  checkChildHistories(run, violations);
  const ids = run.history.map((e) => e.id);
  if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) violations.push('history ids not unique and increasing');
  const committed = [...run.commits.byFrame.values()].flat(2).length;
  if (committed !== run.history.length)
    violations.push(`history has ${run.history.length} events, commits ${committed}`);
  if (run.pages !== undefined) {
    if (!sameJson(run.pages.forward, ids)) violations.push(`history read in pages: ${run.pages.forward}`);
    if (!sameJson(run.pages.reverse, [...ids].reverse()))
      violations.push(`history read in pages in reverse: ${run.pages.reverse}`);
  }
}

/** Each child execution's history as the store reads it: whole, its own, each event following one of it. */
function checkChildHistories(run: RunRecord, violations: string[]): void {
  for (const [child, events] of run.childHistories) {
    const what = `child of frame ${child}`;
    const ids = events.map((e) => e.id);
    const frames = [...run.commits.childOf].filter(([, of]) => of === child).map(([frameId]) => frameId);
    if (frames.length === 1 ? ids.some((id, i) => id !== i + 1) : ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) {
      violations.push(`${what}: history ids ${ids}`);
    }
    const known = new Set([0, ...ids]);
    const stray = events.find((e) => !known.has(e.previousEventId) || e.previousEventId >= e.id);
    if (stray !== undefined) violations.push(`${what}: event ${stray.id} follows ${stray.previousEventId}`);
    const committed = frames.reduce((n, frameId) => n + (run.commits.childByFrame.get(frameId) ?? []).flat().length, 0);
    if (committed !== events.length) {
      violations.push(`${what}: history has ${events.length} events, commits ${committed}`);
    }
  }
  // A frame a child started (its id goes on from the child's with `/`) writes to the child's history alone.
  for (const [frameId, records] of run.commits.byFrame) {
    const child = [...run.childHistories.keys()].find((c) => frameId.startsWith(`${c}/`));
    if (child !== undefined && records.flat().length > 0) {
      violations.push(`frame ${frameId} of the child of frame ${child} wrote to the execution's history`);
    }
  }
}

/** Each frame's transitions (or its child execution's), the same as the baseline's, each once. */
function checkTransitions(
  baseline: CommitLog['byFrame'],
  run: CommitLog['byFrame'],
  cutShort: ReadonlySet<string>,
  what: string,
  violations: string[],
): void {
  const expected = transitionsByFrame(baseline);
  const actual = transitionsByFrame(run);
  for (const frameId of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(frameId);
    const got = actual.get(frameId) ?? [];
    const join = joinOf(frameId);
    if (join !== undefined && cutShort.has(join)) {
      // A sibling failed: this child stops where its next step finds its parent gone on, sooner or
      // later than in the baseline (crashes and redeliveries move the failure), but on the same path:
      // the one is a prefix of the other.
      const shorter = want === undefined || got.length <= want.length;
      if (
        want !== undefined &&
        !(shorter ? sameJson(got, want.slice(0, got.length)) : sameJson(want, got.slice(0, want.length)))
      ) {
        violations.push(
          `${what}frame ${frameId}: transitions ${JSON.stringify(got)}, expected a prefix or an extension of ${JSON.stringify(want)}`,
        );
      }
    } else if (!sameJson(want ?? [], got)) {
      violations.push(
        `${what}frame ${frameId}: transitions ${JSON.stringify(got)}, expected ${JSON.stringify(want ?? [])}`,
      );
    }
  }
}

/** The frame of an idempotency key `<executionArn>/<frameId>/<transitions>/<retryCount>`. */
function frameOfKey(key: string): string {
  const parts = key.slice(key.indexOf('/') + 1).split('/');
  return parts.slice(0, -2).join('/');
}

/** The task checks: every attempt invoked, always with the same key and payload. */
function checkInvocations(baseline: RunRecord, run: RunRecord, violations: string[]): void {
  const cutShort = failedJoins(baseline.commits, run.commits);
  const mayDiffer = (key: string) => cutShort.has(joinOf(frameOfKey(key)) ?? '');
  const expected = new Map(baseline.invocations.map((i) => [i.key, i.payload]));
  const seen = new Set<string>();
  for (const invocation of run.invocations) {
    seen.add(invocation.key);
    const payload = expected.get(invocation.key);
    if (payload === undefined) {
      if (!mayDiffer(invocation.key)) violations.push(`task invoked with an unknown idempotency key ${invocation.key}`);
    } else if (payload !== invocation.payload) {
      violations.push(`task ${invocation.key} invoked with another payload`);
    }
  }
  for (const key of expected.keys()) {
    if (!seen.has(key) && !mayDiffer(key)) violations.push(`task attempt ${key} never invoked`);
  }
}

/** The delivery checks: stale messages are no-ops, nothing echoes, nothing is dead-lettered or stuck. */
function checkDelivery(run: RunRecord, violations: string[]): void {
  if (run.runaway) violations.push('messages never stopped coming (an echo?)');
  for (const error of run.clientErrors) violations.push(`client call failed: ${String(error)}`);
  for (const h of run.handlings) {
    if (h.error !== undefined) violations.push(`handling of ${h.body} threw ${String(h.error)}`);
    if (h.outcome === 'stale' && (h.commits > 0 || h.sent > 0)) {
      violations.push(`stale ${h.body} committed ${h.commits} and sent ${h.sent}`);
    }
    // A message stale on its first delivery costs one read: the frame's newest record. Exceptions: a
    // worker that lost a race did its work before it lost; a redelivery of a message whose commit
    // landed must check whether to re-send; a child whose parent went on before it started (a sibling
    // failed) has no record to read; once the execution ended, a message for a frame still at its
    // version also reads the execution's status; and a message for a child frame still at its version
    // whose parent went on (a sibling failed after it started) reads the execution's status and each
    // frame above it.
    const frameId = /"frameId":"([^"]+)"/.exec(h.body)?.[1] ?? 'root';
    const version = Number(/"version":(\d+)/.exec(h.body)?.[1] ?? Number.NaN);
    const started = run.commits.byFrame.has(frameId);
    const atItsVersion = run.commits.byFrame.get(frameId)?.length === version;
    const reads = h.afterEnd ? 2 : atItsVersion ? 2 + frameId.split('/').length - 1 : 1;
    if (
      h.outcome === 'stale' &&
      run.racers === 1 &&
      h.receiveCount === 1 &&
      started &&
      (h.reads > reads || h.writes > 0)
    ) {
      violations.push(`stale ${h.body} cost ${h.reads} reads and ${h.writes} writes`);
    }
    if (h.afterEnd && h.sent > 0) violations.push(`${h.body} sent ${h.sent} after the execution ended`);
  }
  if (run.deadLetters.length > 0) violations.push(`dead-lettered: ${run.deadLetters.join(', ')}`);
  checkJoinWakes(run, violations);
}

/** Contract point 5: one wake-up per join, more only after a crash or a redelivery. */
function checkJoinWakes(run: RunRecord, violations: string[]): void {
  if (run.duplicated || run.racers > 1) return;
  const redeliveries = run.handlings.filter((h) => h.receiveCount > 1).length;
  const wakes = new Map<string, number>();
  for (const h of run.handlings) {
    if (h.receiveCount === 1 && /"kind":"join"/.test(h.body)) wakes.set(h.body, (wakes.get(h.body) ?? 0) + 1);
  }
  for (const [body, count] of wakes) {
    if (count > 1 + run.crashes + redeliveries) violations.push(`${body} woke its parent ${count} times`);
  }
}

/** Every way `run` breaks the contract, judged against the undisturbed `baseline`. */
export function violationsOf(baseline: RunRecord, run: RunRecord): string[] {
  const violations: string[] = [];
  checkOutcome(baseline, run, violations);
  checkInvocations(baseline, run, violations);
  checkDelivery(run, violations);
  return violations;
}

/**
 * Contract point 5 for a run with a poison message: the message ends in the dead-letter queue and
 * the execution ends FAILED, with a cause that says why (`reason` matches it), its history closed by
 * an `ExecutionFailed` event.
 */
export function poisonViolationsOf(run: RunRecord, reason: RegExp): string[] {
  const violations: string[] = [];
  const { status, error, cause } = run.execution;
  if (status !== 'FAILED') violations.push(`status ${status}, expected FAILED`);
  if (error !== 'States.Runtime') violations.push(`error ${error}, expected States.Runtime`);
  const why = new RegExp(`failed ${MAX_RECEIVES} times and was moved to the dead-letter queue: ${reason.source}`);
  if (cause === undefined || !why.test(cause)) violations.push(`cause ${cause} does not say why`);
  const last = run.history[run.history.length - 1];
  const details = last?.executionFailedEventDetails as { cause?: string } | undefined;
  if (last?.type !== 'ExecutionFailed' || details?.cause !== cause) violations.push(`history ends with ${last?.type}`);
  if (run.deadLetters.length === 0) violations.push('nothing was dead-lettered');
  if (run.runaway) violations.push('messages never stopped coming');
  return violations;
}
