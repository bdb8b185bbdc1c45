/**
 * Rule `payload-templates`: in JSONPath states, every payload-template key ending in `.$` holds a
 * path (`$…`, `$$…`, `$name…`) or an intrinsic function call that parses with the right number of
 * arguments. Templates are `Parameters`, `ResultSelector`, `ItemSelector`, `Credentials`, `Assign`
 * (of the state, of Choice rules and of Catch rules), an `ItemReader`'s or `ResultWriter`'s
 * `Parameters` and an `ItemBatcher`'s `BatchInput`. A Pass state's `Result` is not a template: its
 * `.$` keys are literal.
 *
 * @see https://states-language.net/spec.html#payload-template
 */
import { checkIntrinsic, isIntrinsicCall } from '../../intrinsics/index.js';
import { checkPath } from '../../jsonpath/index.js';
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { Rule, RuleContext } from '../rule.js';
import { describeJsonValue, describeState, isJsonObject, type StateNode } from '../tree.js';

function checkTemplate(
  context: RuleContext,
  state: StateNode,
  template: unknown,
  path: readonly PathSegment[],
  field: string,
  where: string,
): void {
  if (Array.isArray(template)) {
    template.forEach((element: unknown, index) => {
      checkTemplate(context, state, element, [...path, index], field, where);
    });
    return;
  }
  if (!isJsonObject(template)) return;
  for (const [key, value] of Object.entries(template)) {
    const keyPath = [...path, key];
    if (!key.endsWith('.$')) {
      checkTemplate(context, state, value, keyPath, field, where);
      continue;
    }
    const subject = `'${key}' in ${field} of ${where}`;
    if (typeof value !== 'string') {
      context.report({
        code: DiagnosticCodes.INVALID_PAYLOAD_TEMPLATE,
        message: `${subject} must hold a path or an intrinsic function call (a string), not ${describeJsonValue(value)}: drop the '.$' to use the value as it is`,
        path: keyPath,
        state,
        field,
      });
    } else if (isIntrinsicCall(value)) {
      const problem = checkIntrinsic(value);
      if (problem !== undefined) {
        context.report({
          code: DiagnosticCodes.INVALID_INTRINSIC,
          message: `${subject} holds an invalid intrinsic function call: ${problem}`,
          path: keyPath,
          state,
          field,
        });
      }
    } else if (!value.startsWith('$')) {
      context.report({
        code: DiagnosticCodes.INVALID_PAYLOAD_TEMPLATE,
        message: `${subject} holds ${describeJsonValue(value)}, which is neither a path ($…) nor an intrinsic function call (States.…): drop the '.$' to use the string as it is`,
        path: keyPath,
        state,
        field,
      });
    } else {
      const problem = checkPath(value, 'path');
      if (problem !== undefined) {
        context.report({
          code: DiagnosticCodes.INVALID_PATH,
          message: `${subject}: ${problem}`,
          path: keyPath,
          state,
          field,
        });
      }
    }
  }
}

/** Checks every payload template of every JSONPath state. */
export const payloadTemplates: Rule = {
  name: 'payload-templates',
  check(context) {
    for (const state of context.tree.states) {
      if (state.queryLanguage !== 'JSONPath') continue;
      const value = state.value;
      const where = describeState(state);
      for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Credentials', 'Assign']) {
        checkTemplate(context, state, value[field], [...state.path, field], field, where);
      }
      for (const list of ['Choices', 'Catch'] as const) {
        const rules = value[list];
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule: unknown, index) => {
          if (!isJsonObject(rule)) return;
          const label = `${list === 'Choices' ? 'Choice' : 'Catch'} rule ${index} of ${where}`;
          checkTemplate(context, state, rule.Assign, [...state.path, list, index, 'Assign'], 'Assign', label);
        });
      }
      if (state.type !== 'Map') continue;
      for (const holder of ['ItemReader', 'ResultWriter'] as const) {
        const object = value[holder];
        if (isJsonObject(object)) {
          checkTemplate(
            context,
            state,
            object.Parameters,
            [...state.path, holder, 'Parameters'],
            'Parameters',
            `${holder} of ${where}`,
          );
        }
      }
      const batcher = value.ItemBatcher;
      if (isJsonObject(batcher)) {
        checkTemplate(
          context,
          state,
          batcher.BatchInput,
          [...state.path, 'ItemBatcher', 'BatchInput'],
          'BatchInput',
          `ItemBatcher of ${where}`,
        );
      }
    }
  },
};
