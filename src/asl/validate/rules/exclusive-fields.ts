/**
 * Shared by the per-state rules: fields of which at most one may be given.
 */
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { RuleContext } from '../rule.js';
import { hasField, type JsonObject, type StateNode } from '../tree.js';

/**
 * Reports every field of `group` present in `holder` after the first one present.
 *
 * @param where describes `holder` in the message, e.g. "state 'W' (Wait)".
 * @returns the fields of the group that are present, in group order.
 */
export function checkExclusive(
  context: RuleContext,
  state: StateNode,
  holder: JsonObject,
  holderPath: readonly PathSegment[],
  group: readonly string[],
  where: string,
): string[] {
  const present = group.filter((field) => hasField(holder, field));
  const [first, ...others] = present;
  for (const field of others) {
    context.report({
      code: DiagnosticCodes.EXCLUSIVE_FIELDS,
      message: `${where} has both ${first} and ${field}: give only one of ${group.join(', ')}`,
      path: [...holderPath, field],
      state,
      field,
    });
  }
  return present;
}
