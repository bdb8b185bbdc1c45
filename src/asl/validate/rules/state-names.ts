/**
 * Rule `state-names`: a state's name is 1 to 80 characters long, as Step Functions requires.
 * (Names may contain spaces: "Choice State" is recorded as accepted.)
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
 */
import { MAX_STATE_NAME_LENGTH } from '../../model/common.js';
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';

/** Checks the length of every state name. */
export const stateNames: Rule = {
  name: 'state-names',
  check(context) {
    for (const machine of context.tree.machines) {
      for (const name of machine.stateNames) {
        const length = [...name].length;
        if (length >= 1 && length <= MAX_STATE_NAME_LENGTH) continue;
        context.report({
          code: DiagnosticCodes.INVALID_STATE_NAME,
          message:
            length === 0
              ? `A state in ${machine.label} has an empty name: a state name has 1 to ${MAX_STATE_NAME_LENGTH} characters`
              : `State name '${name.slice(0, 20)}…' in ${machine.label} has ${length} characters: a state name has at most ${MAX_STATE_NAME_LENGTH}`,
          path: [...machine.path, 'States', name],
          state: { name },
        });
      }
    }
  },
};
