/**
 * AWS's execution quotas, which every execution is held to unless they are lifted: a STANDARD
 * execution fails when its history reaches 25,000 events, an EXPRESS one times out after 5 minutes.
 * Without them a runaway loop would take steps — and on AWS cost money — for ever.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-state-machine-executions
 */
import { StatesErrors } from '../asl/errors.js';

/** Events a STANDARD execution's history may hold: the 25,000th is the `ExecutionFailed` event. */
export const MAX_HISTORY_EVENTS = 25_000;

/** Longest an EXPRESS execution runs before it times out, in seconds (5 minutes). */
export const MAX_EXPRESS_DURATION_SECONDS = 300;

/**
 * Which of AWS's execution quotas hold. Each is on unless set to `false`; lifting one is a choice
 * made per engine (`RuntimeOptions.quotas`) or per state machine (`StateMachineRef.quotas`, which
 * wins), e.g. to let a long-running workflow keep an uncapped history.
 *
 * @example
 * new Runtime(deps, { quotas: { historyLimit: false } }); // no 25,000-event cap on this engine
 */
export interface ExecutionQuotas {
  /**
   * A STANDARD execution whose history reaches 25,000 events fails: event 25,000 is
   * `ExecutionFailed` with `States.Runtime` and the cause "The execution reached the maximum number
   * of history events (25000).", as on AWS. EXPRESS executions have no history limit.
   * @default true
   */
  readonly historyLimit?: boolean | undefined;
  /**
   * An EXPRESS execution still running after 5 minutes of engine time times out (`TIMED_OUT`,
   * `ExecutionTimedOut` with `States.Timeout`), as on AWS; a definition's `TimeoutSeconds` can only
   * shorten that. (STANDARD's one-year maximum is not enforced.)
   * @default true
   */
  readonly durationLimit?: boolean | undefined;
}

/** The quotas in force: the state machine's choice over the engine's, each defaulting to on. */
export function effectiveQuotas(
  engine: ExecutionQuotas | undefined,
  stateMachine: ExecutionQuotas | undefined,
): Required<{ [K in keyof ExecutionQuotas]: boolean }> {
  return {
    historyLimit: stateMachine?.historyLimit ?? engine?.historyLimit ?? true,
    durationLimit: stateMachine?.durationLimit ?? engine?.durationLimit ?? true,
  };
}

/** The history limit an execution of `type` gets, or undefined for none. */
export function historyLimitOf(type: 'STANDARD' | 'EXPRESS', quotas: { historyLimit: boolean }): number | undefined {
  return type === 'STANDARD' && quotas.historyLimit ? MAX_HISTORY_EVENTS : undefined;
}

/**
 * Seconds after which an execution times out: its definition's `TimeoutSeconds`, shortened to 5
 * minutes for an EXPRESS execution under the duration quota; undefined when nothing bounds it.
 */
export function executionTimeoutSeconds(
  type: 'STANDARD' | 'EXPRESS',
  definitionTimeout: number | undefined,
  quotas: { durationLimit: boolean },
): number | undefined {
  if (type !== 'EXPRESS' || !quotas.durationLimit) return definitionTimeout;
  return Math.min(definitionTimeout ?? MAX_EXPRESS_DURATION_SECONDS, MAX_EXPRESS_DURATION_SECONDS);
}

/** The error an execution fails with when its history reaches `limit` events (AWS's words). */
export function historyLimitFailure(limit: number): { readonly error: string; readonly cause: string } {
  return {
    error: StatesErrors.Runtime,
    cause: `The execution reached the maximum number of history events (${limit}).`,
  };
}
