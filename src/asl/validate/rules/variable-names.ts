/**
 * Rule `variable-names`: every variable an `Assign` declares (in a state, a Choice rule or a Catch
 * rule) has a name Step Functions accepts: a Unicode identifier (the first character `ID_Start` or
 * `_`, the others `ID_Continue`, per Unicode Standard Annex #31) of at most 80 characters — the
 * JSONPath module's {@link isValidVariableName}, so that what can be assigned can be referenced — and
 * not the reserved `states`. In a JSONPath state, a key ending in `.$` declares the variable named
 * without it.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
import { isValidVariableName, MAX_VARIABLE_NAME_LENGTH } from '../../jsonpath/index.js';
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { Rule, RuleContext } from '../rule.js';
import { describeState, isJsonObject, type StateNode } from '../tree.js';

const RESERVED: ReadonlySet<string> = new Set(['states']);

/** Why a variable name is not accepted, or undefined when it is. */
export function checkVariableName(name: string): string | undefined {
  if (name === '') return 'a variable name must not be empty';
  if ([...name].length > MAX_VARIABLE_NAME_LENGTH) {
    return `a variable name has at most ${MAX_VARIABLE_NAME_LENGTH} characters`;
  }
  if (!isValidVariableName(name)) {
    return 'a variable name starts with a letter or an underscore and continues with letters, digits or underscores (Unicode identifier rules)';
  }
  return undefined;
}

function checkAssign(
  context: RuleContext,
  state: StateNode,
  assign: unknown,
  path: readonly PathSegment[],
  where: string,
): void {
  if (!isJsonObject(assign)) return;
  for (const key of Object.keys(assign)) {
    const name = state.queryLanguage === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (RESERVED.has(name)) {
      context.report({
        code: DiagnosticCodes.RESERVED_VARIABLE_NAME,
        message: `Assign in ${where} declares '${name}', a name Step Functions reserves ($states): choose another name`,
        path: [...path, key],
        state,
        field: 'Assign',
      });
      continue;
    }
    const problem = checkVariableName(name);
    if (problem === undefined) continue;
    context.report({
      code: DiagnosticCodes.INVALID_VARIABLE_NAME,
      message: `Assign in ${where} declares ${JSON.stringify(name)}: ${problem}`,
      path: [...path, key],
      state,
      field: 'Assign',
    });
  }
}

/** Checks the variable names of every `Assign`. */
export const variableNames: Rule = {
  name: 'variable-names',
  check(context) {
    for (const state of context.tree.states) {
      const value = state.value;
      checkAssign(context, state, value.Assign, [...state.path, 'Assign'], describeState(state));
      for (const list of ['Choices', 'Catch'] as const) {
        const rules = value[list];
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule: unknown, index) => {
          if (!isJsonObject(rule)) return;
          const label = list === 'Choices' ? 'Choice rule' : 'Catch rule';
          checkAssign(
            context,
            state,
            rule.Assign,
            [...state.path, list, index, 'Assign'],
            `${label} ${index} of ${describeState(state)}`,
          );
        });
      }
    }
  },
};
