/**
 * Resolving a JSON template of a JSONata state (`Arguments`, `Output`, each `Assign` value,
 * `Items` as an array, `ItemSelector`, `Credentials`…): every string that is a whole `{% … %}`
 * expression is replaced by its value; everything else, including strings that look like JSONPath
 * (`"$.a"`, keys ending in `.$`) or intrinsic calls, is a literal (v2_outputdecl … BASE_LITERALS,
 * v2_arguments … BASE_LAMBDA_LITERALS).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { evaluateJsonata } from './evaluate.js';
import { isJsonataExpression } from './expression.js';
import type { JsonataBindings, JsonataEnv, JsonataLocation } from './types.js';

/**
 * The path AWS names a nested template position by: `/key` per object key, `[i]` per array index,
 * e.g. `Output/result`, `Arguments/Payload/items[2]`.
 */
export function childField(field: string | undefined, key: string | number): string {
  if (typeof key === 'number') return `${field ?? ''}[${key}]`;
  return field === undefined || field === '' ? key : `${field}/${key}`;
}

/**
 * Walks a JSON template, evaluating every `{% … %}` string, in document order and one at a
 * time (so `$uuid()` and `$random()` draw in a stable order). A failure names the position:
 * with `field: 'Output'`, an expression under key `result` fails as `Output/result`
 * (v2_assign_test_assign_reference_variables … BASE_UNDEFINED_OUTPUT_FIELD).
 *
 * @param where `field` is the template's own field name (`Output`, `Assign`, `Arguments`,
 *   `Catch[0]/Output`); `state` adds AWS's opening sentence to a failure's cause
 * @returns a new value; the template is not modified
 * @throws JsonataEvaluationError as {@link evaluateJsonata} does
 *
 * @example
 * await resolveJsonataTemplate({ static: 'Hello', title: '{% $states.input.title %}' }, bindings, env, { field: 'Arguments' });
 * // { static: 'Hello', title: 'Doctor' }
 */
export async function resolveJsonataTemplate(
  template: unknown,
  bindings: JsonataBindings,
  env: JsonataEnv,
  where: JsonataLocation = {},
): Promise<unknown> {
  if (isJsonataExpression(template)) {
    return evaluateJsonata(template, bindings, env, where);
  }
  if (Array.isArray(template)) {
    const resolved: unknown[] = [];
    for (let i = 0; i < template.length; i++) {
      resolved.push(
        await resolveJsonataTemplate(template[i], bindings, env, { ...where, field: childField(where.field, i) }),
      );
    }
    return resolved;
  }
  if (typeof template === 'object' && template !== null) {
    const entries: [string, unknown][] = [];
    for (const [key, value] of Object.entries(template)) {
      entries.push([
        key,
        await resolveJsonataTemplate(value, bindings, env, { ...where, field: childField(where.field, key) }),
      ]);
    }
    // fromEntries defines own properties, so a key named "__proto__" stays a key.
    return Object.fromEntries(entries);
  }
  return template;
}
