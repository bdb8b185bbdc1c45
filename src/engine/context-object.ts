/**
 * The Context object (`$$` in JSONPath, `$states.context` in JSONata).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
import type { ExecutionInfo, Frame } from './types.js';

/** Builds the Context object a state sees. */
export function contextObject(
  execution: ExecutionInfo,
  frame: Frame,
  options: { readonly taskToken?: string | undefined; readonly retryCount?: boolean } = {},
): Record<string, unknown> {
  const state: Record<string, unknown> = { EnteredTime: frame.enteredTime, Name: frame.state };
  if (options.retryCount === true) state.RetryCount = frame.retryCount;
  const context: Record<string, unknown> = {
    Execution: {
      Id: execution.executionArn,
      Input: execution.input,
      StartTime: execution.startTime,
      Name: execution.name,
      RoleArn: execution.roleArn,
      // Express executions cannot be redriven, and their Context object has no RedriveCount.
      ...(execution.type === 'EXPRESS' ? {} : { RedriveCount: execution.redriveCount }),
    },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    State: state,
  };
  if (options.taskToken !== undefined) context.Task = { Token: options.taskToken };
  if (frame.mapItem !== undefined) context.Map = { Item: { Index: frame.mapItem.index, Value: frame.mapItem.value } };
  return context;
}
