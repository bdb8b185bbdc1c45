/**
 * How long an execution is kept once it has ended: its execution item, history and every record of
 * it. Step Functions keeps a closed Standard execution 90 days, which is the default; a state
 * machine may choose its own (`StateMachineRef.retentionSeconds`, the CDK `Workflow`'s `retention`).
 */
import type { Program } from '../engine/program.js';
import { classifyResource } from '../engine/states/task.js';

/** 90 days, as Step Functions keeps closed executions. */
export const DEFAULT_RETENTION_SECONDS = 90 * 24 * 3600;
/** One hour: enough for a parent polling a nested execution (every 60 s at most) to read its end. */
export const MIN_RETENTION_SECONDS = 3600;
/** Ten years. */
export const MAX_RETENTION_SECONDS = 3650 * 24 * 3600;

/** Why `seconds` is not a retention, or undefined when it is one. */
export function retentionProblem(seconds: number): string | undefined {
  if (Number.isInteger(seconds) && seconds >= MIN_RETENTION_SECONDS && seconds <= MAX_RETENTION_SECONDS) {
    return undefined;
  }
  return `retention must be a whole number of seconds from ${MIN_RETENTION_SECONDS} (1 hour) to ${MAX_RETENTION_SECONDS} (3,650 days); got ${seconds}`;
}

/**
 * Seconds beyond its retention that every record of an execution (frame records, the event-id
 * counter, joins and child results) is kept from when it is written: one day. A record written at
 * `t` expires at `t + retention + horizon`, so an execution that ends within the horizon of its start
 * has every record already kept until at least its end plus its retention, and its end changes none
 * of them. The price is storage: up to a day more per record, about 1 % at the default 90 days.
 */
export const RECORD_HORIZON_SECONDS = 24 * 3600;

/**
 * The horizon of the records of an execution that may wait for a callback without any timer (a
 * `.waitForTaskToken` task or an activity with neither a timeout nor a heartbeat): a year, Step
 * Functions' longest execution. Nothing wakes such an execution while it waits, so its records must
 * outlast the wait without being refreshed.
 */
export const UNTIMED_WAIT_HORIZON_SECONDS = 365 * 24 * 3600;

/**
 * Epoch ms until which a record of an execution written at `now` is kept: its retention plus a
 * horizon that grows with the execution's age (`now - start`), never less than `horizonSeconds`. The
 * growing horizon makes refreshing a long execution's records rare: each refresh at age `a` keeps
 * them for `a` more, so the next one is due at twice that age.
 */
export function recordExpiry(now: number, start: number, retentionSeconds: number, horizonSeconds: number): number {
  return now + retentionSeconds * 1000 + Math.max(horizonSeconds * 1000, now - start);
}

/** Step Functions' default task timeout: no timeout at all. */
const NO_TIMEOUT_SECONDS = 99_999_999;

/**
 * Whether a state of the program may wait for a callback with no timer to wake it: a
 * `.waitForTaskToken` task or an activity without `TimeoutSeconds` (or with AWS's default,
 * 99999999), `TimeoutSecondsPath`, `HeartbeatSeconds` or `HeartbeatSecondsPath`. Its executions'
 * records get {@link UNTIMED_WAIT_HORIZON_SECONDS}.
 */
export function waitsWithoutTimer(program: Program): boolean {
  for (const machine of program.machines.values()) {
    for (const { state } of machine.states.values()) {
      if (state.Type !== 'Task') continue;
      const kind = classifyResource(state.Resource);
      if (kind.pattern !== 'WAIT_FOR_TASK_TOKEN' && kind.integration !== 'activity') continue;
      const timeout = state.TimeoutSeconds;
      const timed =
        (timeout !== undefined && !(typeof timeout === 'number' && timeout >= NO_TIMEOUT_SECONDS)) ||
        state.TimeoutSecondsPath !== undefined ||
        state.HeartbeatSeconds !== undefined ||
        state.HeartbeatSecondsPath !== undefined;
      if (!timed) return true;
    }
  }
  return false;
}
