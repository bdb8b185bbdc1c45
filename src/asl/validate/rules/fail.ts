/**
 * Rule `fail`: a Fail state has at most one of `Error` and `ErrorPath`, and at most one of `Cause`
 * and `CausePath`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
import type { Rule } from '../rule.js';
import { describeState } from '../tree.js';
import { checkExclusive } from './exclusive-fields.js';

/** Checks the Fail state's exclusive pairs. */
export const fail: Rule = {
  name: 'fail',
  check(context) {
    for (const state of context.tree.states) {
      if (state.type !== 'Fail') continue;
      for (const pair of [
        ['Error', 'ErrorPath'],
        ['Cause', 'CausePath'],
      ]) {
        checkExclusive(context, state, state.value, state.path, pair, describeState(state));
      }
    }
  },
};
