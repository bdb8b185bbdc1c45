/**
 * How long an execution is kept once it has ended: its execution item, history and every record of
 * it. Step Functions keeps a closed Standard execution 90 days, which is the default; a state
 * machine may choose its own (`StateMachineRef.retentionSeconds`, the CDK `Workflow`'s `retention`).
 */

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
