/**
 * Rule `unsupported-fields`: a field that Step Functions accepts but Stepstone does not carry out
 * yet is refused, never ignored — ignoring it would run the definition and give a wrong result with
 * no error (a distributed Map would iterate its input instead of the items its `ItemReader` names).
 * Each entry leaves the table (`asl/unsupported-fields.ts`) when it is implemented; the engine refuses
 * the same fields at run time for a definition that reaches it without validation.
 */
import { UNSUPPORTED_FIELDS } from '../../unsupported-fields.js';
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import { describeState, isJsonObject } from '../tree.js';

/** Reports every unsupported field a state has. */
export const unsupportedFields: Rule = {
  name: 'unsupported-fields',
  check(context) {
    for (const state of context.tree.states) {
      for (const entry of UNSUPPORTED_FIELDS) {
        if (state.type !== entry.stateType || state.value[entry.field] === undefined) continue;
        // An inline Map with a distributed-only field already has its own diagnostic.
        if (entry.distributedOnly && !isDistributed(state.value)) continue;
        context.report({
          code: DiagnosticCodes.UNSUPPORTED_FIELD,
          message: `${entry.field} of ${describeState(state)} is not supported by Stepstone yet (${entry.what}): remove it, or run this state machine on AWS Step Functions`,
          path: [...state.path, entry.field],
          state,
          field: entry.field,
        });
      }
    }
  },
};

function isDistributed(value: Record<string, unknown>): boolean {
  const processor = value.ItemProcessor ?? value.Iterator;
  const config = isJsonObject(processor) ? processor.ProcessorConfig : undefined;
  return isJsonObject(config) && config.Mode === 'DISTRIBUTED';
}
