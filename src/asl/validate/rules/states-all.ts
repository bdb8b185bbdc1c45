/**
 * Rule `states-all`: in `Retry` and `Catch`, the wildcard `States.ALL` stands alone in its
 * `ErrorEquals` and only in the last rule (a rule after it could never match).
 *
 * @see https://states-language.net/spec.html#error-names
 */
import { StatesErrors } from '../../errors.js';
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import { describeState, isJsonObject } from '../tree.js';

/** Checks where `States.ALL` appears in Retry and Catch rules. */
export const statesAll: Rule = {
  name: 'states-all',
  check(context) {
    for (const state of context.tree.states) {
      for (const list of ['Retry', 'Catch'] as const) {
        const rules = state.value[list];
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule: unknown, index) => {
          if (!isJsonObject(rule) || !Array.isArray(rule.ErrorEquals)) return;
          const errors: unknown[] = rule.ErrorEquals;
          if (!errors.includes(StatesErrors.ALL)) return;
          const path = [...state.path, list, index, 'ErrorEquals'];
          const where = `${list} rule ${index} of ${describeState(state)}`;
          if (errors.length > 1) {
            context.report({
              code: DiagnosticCodes.STATES_ALL_NOT_ALONE,
              message: `ErrorEquals of ${where} lists States.ALL with other errors: States.ALL must be the only error in its rule`,
              path,
              state,
              field: 'ErrorEquals',
            });
          }
          if (index < rules.length - 1) {
            context.report({
              code: DiagnosticCodes.STATES_ALL_NOT_LAST,
              message: `${where} matches States.ALL, so it must be the last ${list} rule, but ${rules.length - 1 - index} more follow${rules.length - 1 - index === 1 ? 's' : ''}`,
              path,
              state,
              field: 'ErrorEquals',
            });
          }
        });
      }
    }
  },
};
