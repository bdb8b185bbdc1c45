/**
 * Rule `task`: a Task state has at most one of `TimeoutSeconds` and `TimeoutSecondsPath`, at most one
 * of `HeartbeatSeconds` and `HeartbeatSecondsPath`, and a literal `HeartbeatSeconds` below a literal
 * `TimeoutSeconds`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import { describeState } from '../tree.js';
import { checkExclusive } from './exclusive-fields.js';

/** Checks the Task state's timeouts. */
export const task: Rule = {
  name: 'task',
  check(context) {
    for (const state of context.tree.states) {
      if (state.type !== 'Task') continue;
      for (const pair of [
        ['TimeoutSeconds', 'TimeoutSecondsPath'],
        ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
      ]) {
        checkExclusive(context, state, state.value, state.path, pair, describeState(state));
      }
      const timeout = state.value.TimeoutSeconds;
      const heartbeat = state.value.HeartbeatSeconds;
      if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
        context.report({
          code: DiagnosticCodes.HEARTBEAT_NOT_BELOW_TIMEOUT,
          message: `HeartbeatSeconds of ${describeState(state)} is ${heartbeat}, but it must be less than TimeoutSeconds (${timeout})`,
          path: [...state.path, 'HeartbeatSeconds'],
          state,
          field: 'HeartbeatSeconds',
        });
      }
    }
  },
};
