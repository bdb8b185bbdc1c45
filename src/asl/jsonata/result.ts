/**
 * Turning what jsonata returns into the JSON value a state carries on with.
 *
 * - Arrays lose JSONata's sequence markers; objects become plain objects.
 * - A non-finite number becomes the string JavaScript names it by: AWS answers `"Infinity"` for
 *   `1/0` and `"NaN"` where a JSONata function answers NaN (measured by the Floci project).
 * - `-0` becomes `0` (v2_intrinsic_functions_test_json_manipulation_jsonata … test_parse_e0:
 *   `$parse("-0")` is `0`).
 * - A function is not JSON: the caller reports an unsupported result.
 */

/** Why a value cannot become JSON. */
export class UnsupportedJsonataResult extends Error {
  constructor() {
    super('The JSONata result is not a JSON value');
    this.name = 'UnsupportedJsonataResult';
  }
}

/** True for a JSONata function value: a lambda, a built-in, a regex or a JavaScript function. */
export function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record._jsonata_lambda === true || record._jsonata_function === true;
}

/**
 * A JSON copy of a JSONata result (which must not be `undefined` at the top).
 * Inside arrays `undefined` becomes `null` and inside objects it is dropped, as JSON.stringify does.
 *
 * @throws UnsupportedJsonataResult when the value holds a function.
 */
export function toJsonValue(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (value === Number.POSITIVE_INFINITY) return 'Infinity';
      if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
      return value === 0 ? 0 : value;
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'object': {
      if (value === null) return null;
      if (isJsonataFunction(value)) throw new UnsupportedJsonataResult();
      if (Array.isArray(value)) return value.map(toJsonValue);
      const entries: [string, unknown][] = [];
      for (const [key, field] of Object.entries(value)) {
        if (field !== undefined) entries.push([key, toJsonValue(field)]);
      }
      // fromEntries defines own properties, so a key named "__proto__" stays a key.
      return Object.fromEntries(entries);
    }
    default:
      throw new UnsupportedJsonataResult();
  }
}

/**
 * The JSON type name AWS uses in its causes: `null`, `boolean`, `number`, `string`, `array`, `object`.
 *
 * @example
 * jsonTypeName({ foo: 'bar' }); // 'object'
 */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
