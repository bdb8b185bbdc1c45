/**
 * Rule `reachable`: every state can be reached from its state machine's `StartAt` by following
 * `Next`, `Default`, Choice rules and Catch rules. Step Functions rejects a definition with a state
 * that no transition leads to.
 *
 * A state machine whose `StartAt` names no state is skipped (`next-exists` reports it).
 */
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import type { StateNode } from '../tree.js';
import { transitionsOf } from './next-exists.js';

/** Reports every state no transition path from `StartAt` reaches. */
export const reachable: Rule = {
  name: 'reachable',
  check(context) {
    for (const machine of context.tree.machines) {
      const startAt = machine.value.StartAt;
      if (typeof startAt !== 'string' || !machine.stateNames.has(startAt)) continue;
      const byName = new Map<string, StateNode>(machine.states.map((state) => [state.name, state]));
      const seen = new Set<string>([startAt]);
      const queue = [startAt];
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const state = byName.get(name);
        if (state === undefined) continue;
        for (const { target } of transitionsOf(state)) {
          if (!seen.has(target) && machine.stateNames.has(target)) {
            seen.add(target);
            queue.push(target);
          }
        }
      }
      for (const state of machine.states) {
        if (seen.has(state.name)) continue;
        context.report({
          code: DiagnosticCodes.UNREACHABLE_STATE,
          message: `State '${state.name}' cannot be reached from StartAt '${startAt}' of ${machine.label}: no Next, Default, Choice rule or Catch rule leads to it`,
          path: state.path,
          state,
        });
      }
    }
  },
};
