/**
 * Do the two runs of a workload agree? The meters count at the runtime's ports, so the in-memory and
 * the AWS adapters must show the same calls, units, sends and invocations — except where the AWS
 * adapters legitimately behave differently:
 *
 * - **Duplicate join wake-ups.** The DynamoDB store counts a finished child in a transaction and
 *   reads the counts back in a second request, so two children finishing together can both see the
 *   join complete and both send the parent's `join` message (the runtime expects it: "the parent takes
 *   the first wake and drops the rest"). The in-memory store counts and reads atomically, so there
 *   only the last child sends. Each extra wake-up costs a send, a delivery, and at most one parent step
 *   that loses its commit: one `loadFrame`, `getExecution`, `childResults`, `reserveEventIds` and
 *   `commitFrame` each, of any size; it may also split a batch differently.
 * - **Bytes.** A `lambda:invoke` task's output carries the HTTP headers of the Lambda response, which
 *   differ between the loopback endpoint and the in-process invoker; bytes are shown, never compared.
 *
 * Anything else is reported as unexplained.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PathFigures } from './figures.js';

/** The verdict for one workload. */
export interface Agreement {
  readonly agree: boolean;
  /** Extra `join` messages sent on AWS (negative: on the in-memory side). */
  readonly duplicateJoins: number;
  /** Every difference, with its explanation (`undefined`: unexplained). */
  readonly differences: readonly Difference[];
}

/** One count that differs between the two runs. */
export interface Difference {
  readonly what: string;
  readonly memory: number;
  readonly aws: number;
  readonly reason: string | undefined;
}

/** One line for a workload: whether the counts agree, and what differs and why. */
export function describeAgreement(agreement: Agreement): string {
  if (agreement.differences.length === 0) return 'the counts agree exactly';
  const byReason = new Map<string, Difference[]>();
  for (const d of agreement.differences) {
    const key = d.reason ?? 'UNEXPLAINED';
    byReason.set(key, [...(byReason.get(key) ?? []), d]);
  }
  const parts = [...byReason].map(([reason, list]) => {
    const deltas = list.map((d) => `${d.what} ${d.aws - d.memory > 0 ? '+' : ''}${d.aws - d.memory}`).join(', ');
    return `${reason === 'UNEXPLAINED' ? 'UNEXPLAINED' : `explained by ${reason}`} (AWS − in-memory: ${deltas})`;
  });
  return `${agreement.agree ? 'the counts agree' : 'THE COUNTS DIFFER'}; ${parts.join('; ')}`;
}

/** Operations a duplicate join wake-up may repeat. */
const JOIN_STEP_OPERATIONS = new Set(['loadFrame', 'getExecution', 'childResults', 'reserveEventIds', 'commitFrame']);

function joinSends(figures: PathFigures): number {
  return figures.recording.sent.filter((body) => (JSON.parse(body) as { kind?: unknown }).kind === 'join').length;
}

/**
 * Compares the in-memory and the AWS figures of one workload. `lambdaInvoke`: the workload has a
 * `lambda:invoke` task, whose output (kept in records and events) carries the Lambda response's HTTP
 * headers, which differ in size between the two invokers: units of size-dependent operations may
 * then differ, calls may not.
 */
export function compareRuns(memory: PathFigures, aws: PathFigures, lambdaInvoke: boolean): Agreement {
  const differences: Difference[] = [];
  let agree = true;
  const duplicateJoins = joinSends(aws) - joinSends(memory);
  const allowance = Math.abs(duplicateJoins);
  const sign = Math.sign(duplicateJoins);

  /**
   * `exact`: must be equal; `join`: may differ by the duplicate join wake-ups, in their direction;
   * `units`: may differ when sizes do (lambda:invoke); `step-units`: also with duplicate wake-ups.
   */
  const check = (what: string, a: number, b: number, allowed: 'exact' | 'join' | 'units' | 'step-units') => {
    const delta = b - a;
    if (delta === 0) return;
    let reason: string | undefined;
    if ((allowed === 'units' || allowed === 'step-units') && lambdaInvoke) {
      reason = 'lambda:invoke response headers differ in size';
    } else if (allowed === 'step-units' && allowance > 0) reason = `${allowance} duplicate join wake-up(s)`;
    else if (allowed === 'join' && allowance > 0 && Math.sign(delta) === sign && Math.abs(delta) <= allowance) {
      reason = `${allowance} duplicate join wake-up(s)`;
    }
    if (reason === undefined) agree = false;
    differences.push({ what, memory: a, aws: b, reason });
  };

  const m = memory.run;
  const a = aws.run;
  if (m.status !== a.status || !isDeepStrictEqual(m.output, a.output)) {
    agree = false;
    differences.push({
      what: `outcome (${m.status} vs ${a.status}, outputs compared)`,
      memory: 0,
      aws: 1,
      reason: undefined,
    });
  }
  check('state transitions', m.transitions, a.transitions, 'exact');
  check('history events', m.events, a.events, 'exact');
  for (const [op, meter] of memory.recording.store) {
    const other = aws.recording.store.get(op);
    if (other === undefined) continue;
    const repeatable = JOIN_STEP_OPERATIONS.has(op);
    check(
      `${op} calls`,
      meter.reads.calls + meter.writes.calls,
      other.reads.calls + other.writes.calls,
      repeatable ? 'join' : 'exact',
    );
    check(`${op} read units`, meter.reads.units, other.reads.units, repeatable ? 'step-units' : 'units');
    check(`${op} write units`, meter.writes.units, other.writes.units, repeatable ? 'step-units' : 'units');
  }
  const mq = memory.recording.queue;
  const aq = aws.recording.queue;
  check('queue send requests', mq.queueRequests, aq.queueRequests, 'join');
  check('messages sent', mq.messagesSent, aq.messagesSent, 'join');
  check('task invocations', memory.recording.invoker.invocations, aws.recording.invoker.invocations, 'exact');
  const md = m.delivery;
  const ad = a.delivery;
  check('messages delivered', md.messages, ad.messages, 'join');
  check('worker invocations', md.workerInvocations, ad.workerInvocations, 'join');
  check('event source receives', md.receives, ad.receives, 'join');
  check('event source deletes', md.deletes, ad.deletes, 'join');
  check('API invocations', md.apiMs.length, ad.apiMs.length, 'exact');
  return { agree, duplicateJoins, differences };
}
