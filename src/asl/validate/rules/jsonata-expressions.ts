/**
 * Rule `jsonata-expressions`: in a JSONata state, every `{% … %}` string — in `Arguments`, `Output`,
 * `Assign`, `Items`, `Seconds`, a Choice `Condition`, a Catch rule's `Output`, … — is an expression
 * that JSONata can parse.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import { checkJsonata, isJsonataExpression } from '../../jsonata/index.js';
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { Rule, RuleContext } from '../rule.js';
import { analysePath } from '../schema.js';
import { describeState, isJsonObject, type StateNode } from '../tree.js';

/** State fields that never hold expressions (nested state machines are visited as states of their own). */
const SKIPPED_FIELDS: ReadonlySet<string> = new Set([
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Default',
  'Resource',
  'Branches',
  'ItemProcessor',
  'Iterator',
  'Retry',
]);

/** Fields of Choice and Catch rules that never hold expressions. */
const SKIPPED_RULE_FIELDS: ReadonlySet<string> = new Set(['Next', 'Comment', 'ErrorEquals']);

function visit(
  context: RuleContext,
  state: StateNode,
  value: unknown,
  path: readonly PathSegment[],
  skip: ReadonlySet<string>,
): void {
  if (typeof value === 'string') {
    if (!isJsonataExpression(value)) return;
    const problem = checkJsonata(value);
    if (problem === undefined) return;
    const field = analysePath(context.tree.root, path).field;
    context.report({
      code: DiagnosticCodes.INVALID_JSONATA,
      message: `${field ?? 'A field'} of ${describeState(state)} holds a JSONata expression that does not parse: ${problem}`,
      path,
      state,
      field,
    });
  } else if (Array.isArray(value)) {
    value.forEach((element: unknown, index) => {
      visit(context, state, element, [...path, index], new Set());
    });
  } else if (isJsonObject(value)) {
    for (const [key, element] of Object.entries(value)) {
      if (!skip.has(key)) visit(context, state, element, [...path, key], new Set());
    }
  }
}

/** Checks that every JSONata expression of every JSONata state parses. */
export const jsonataExpressions: Rule = {
  name: 'jsonata-expressions',
  check(context) {
    for (const state of context.tree.states) {
      if (state.queryLanguage !== 'JSONata') continue;
      for (const [key, value] of Object.entries(state.value)) {
        if (SKIPPED_FIELDS.has(key)) continue;
        if ((key === 'Choices' || key === 'Catch') && Array.isArray(value)) {
          value.forEach((rule: unknown, index) => {
            visit(context, state, rule, [...state.path, key, index], SKIPPED_RULE_FIELDS);
          });
        } else {
          visit(context, state, value, [...state.path, key], new Set());
        }
      }
    }
  },
};
