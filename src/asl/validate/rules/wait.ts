/**
 * Rule `wait`: a Wait state has exactly one of `Seconds`, `SecondsPath`, `Timestamp` and
 * `TimestampPath`, and a literal `Timestamp` is one Step Functions accepts (RFC 3339 with an
 * uppercase `T`, and `Z` or a numeric offset).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
import { isJsonataExpression } from '../../jsonata/index.js';
import { parseTimestamp } from '../../timestamp.js';
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import { describeState } from '../tree.js';
import { checkExclusive } from './exclusive-fields.js';

const DURATION_FIELDS = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];

/** Checks the Wait state's duration fields. */
export const wait: Rule = {
  name: 'wait',
  check(context) {
    for (const state of context.tree.states) {
      if (state.type !== 'Wait') continue;
      const present = checkExclusive(context, state, state.value, state.path, DURATION_FIELDS, describeState(state));
      if (present.length === 0) {
        context.report({
          code: DiagnosticCodes.WAIT_DURATION_MISSING,
          message: `${describeState(state)} needs one of Seconds, SecondsPath, Timestamp or TimestampPath to say how long to wait`,
          path: state.path,
          state,
        });
      }
      const timestamp = state.value.Timestamp;
      if (typeof timestamp === 'string' && !isJsonataExpression(timestamp) && parseTimestamp(timestamp) === undefined) {
        context.report({
          code: DiagnosticCodes.INVALID_TIMESTAMP,
          message: `Timestamp of ${describeState(state)} is ${JSON.stringify(timestamp)}, which is not a timestamp Step Functions accepts: use RFC 3339 with an uppercase T and Z or an offset, e.g. 2026-01-01T00:00:00Z`,
          path: [...state.path, 'Timestamp'],
          state,
          field: 'Timestamp',
        });
      }
    }
  },
};
