/**
 * Rule `next-or-end`: a Pass, Task, Wait, Parallel or Map state has exactly one of `Next` and
 * `"End": true`; a Choice, Succeed or Fail state has neither (a Choice state moves on through its
 * rules and `Default`, Succeed and Fail end their state machine). `"End": false` beside `Next` is
 * accepted, as AWS's reference linter accepts it (awslabs/statelint `StateMachine.j2119`: only a
 * state whose End is true is terminal, and only a terminal state must not have Next).
 *
 * @see https://states-language.net/spec.html#transition
 */
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import { describeState, hasField } from '../tree.js';

const NON_TERMINAL: ReadonlySet<string> = new Set(['Pass', 'Task', 'Wait', 'Parallel', 'Map']);
const TERMINAL: ReadonlySet<string> = new Set(['Choice', 'Succeed', 'Fail']);

/** Checks `Next` and `End` against the state's type. */
export const nextOrEnd: Rule = {
  name: 'next-or-end',
  check(context) {
    for (const state of context.tree.states) {
      if (state.type === undefined) continue;
      const hasNext = hasField(state.value, 'Next');
      const hasEnd = hasField(state.value, 'End');
      if (NON_TERMINAL.has(state.type)) {
        if (hasNext && state.value.End === true) {
          context.report({
            code: DiagnosticCodes.CONFLICTING_TRANSITION,
            message: `${describeState(state)} has both Next and "End": true: keep Next to continue to another state, or "End": true to end here`,
            path: [...state.path, 'End'],
            state,
            field: 'End',
          });
        } else if (!hasNext && state.value.End !== true) {
          context.report({
            code: DiagnosticCodes.MISSING_TRANSITION,
            message: hasEnd
              ? `${describeState(state)} has "End": ${JSON.stringify(state.value.End)}: End must be true, or be replaced by Next naming the following state`
              : `${describeState(state)} needs Next (the state to run after it) or "End": true`,
            path: hasEnd ? [...state.path, 'End'] : state.path,
            state,
            ...(hasEnd ? { field: 'End' } : {}),
          });
        }
      } else if (TERMINAL.has(state.type)) {
        for (const field of ['Next', 'End'] as const) {
          if (!hasField(state.value, field)) continue;
          context.report({
            code: DiagnosticCodes.TERMINAL_STATE_TRANSITION,
            message:
              state.type === 'Choice'
                ? `${describeState(state)} cannot have ${field}: a Choice state moves on through its Choices rules and Default`
                : `${describeState(state)} cannot have ${field}: a ${state.type} state always ends its state machine`,
            path: [...state.path, field],
            state,
            field,
          });
        }
      }
    }
  },
};
