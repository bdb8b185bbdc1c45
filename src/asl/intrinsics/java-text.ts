/**
 * Text renderings of JSON values as Step Functions' Java runtime produces them.
 *
 * AWS evaluates intrinsic functions in Java on plain Java values (`LinkedHashMap`, `ArrayList`,
 * `Integer`/`Long`/`BigInteger`, `Double`, `String`, `Boolean`, `null`). Two renderings follow
 * from that and show in AWS's output:
 *
 * - `Object.toString()`, used by `States.Format` for its arguments: strings print raw, objects as
 *   `{key=value, key2=value2}`, arrays as `[a, b]` (recorded case
 *   `v2_intrinsic_functions_test_generic__TestGeneric_test_context_json_path` formats
 *   `$$.StateMachine` as `{Id=arn:…, Name=…}`).
 * - Jackson's compact JSON writer, used by `States.JsonToString`: no whitespace, `"` `\` and control
 *   characters escaped (`\u00XX` in upper-case hex), nothing else escaped.
 *
 * Numbers: a JSON integer becomes an `Integer`/`Long`/`BigInteger` in Java and prints as its digits;
 * a JSON number with a fraction or exponent becomes a `Double` and prints with `Double.toString`
 * (`1.5E-7`, `1.23456785E8`). A JavaScript number no longer says how it was written, so an
 * integral value is taken to have been written as an integer (`1.0` in the input prints as `1`,
 * where AWS prints `1.0`).
 *
 * @see https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/lang/Double.html#toString(double)
 */

/**
 * Formats a number as Java prints the value the JSON parser made of it.
 *
 * @example
 * formatJavaNumber(3) // '3'
 * formatJavaNumber(1e21) // '1000000000000000000000'
 * formatJavaNumber(1.5e-7) // '1.5E-7'
 */
export function formatJavaNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value)) return BigInt(value).toString();
  return formatJavaDouble(value);
}

/**
 * Java's `Double.toString(double)` for a finite value: the shortest digits that identify the
 * double, in plain notation when 10^-3 <= |d| < 10^7 and in computerized scientific notation
 * (`d.dddE±n`) otherwise, always with at least one digit after the point.
 *
 * @example
 * formatJavaDouble(1.1) // '1.1'
 * formatJavaDouble(2) // '2.0'
 * formatJavaDouble(0.0001) // '1.0E-4'
 */
export function formatJavaDouble(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-tripping digits.
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Math.abs(value).toExponential());
  if (match === null) return String(value);
  const digits = `${match[1]}${match[2] ?? ''}`;
  const exponent = Number(match[3]);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1);
      return `${sign}${integerPart}.${fraction === '' ? '0' : fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const fraction = digits.slice(1);
  return `${sign}${digits[0]}.${fraction === '' ? '0' : fraction}E${exponent}`;
}

/**
 * Renders a JSON value as Java's `String.valueOf` does for the value AWS holds: what
 * `States.Format` substitutes for `{}`.
 *
 * @example
 * javaToString({ Id: 'arn', Name: 'sm' }) // '{Id=arn, Name=sm}'
 * javaToString([1, 'a', null]) // '[1, a, null]'
 */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatJavaNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(javaToString).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${javaToString(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** Quotes a string as Jackson's JSON writer does: `"` `\` and C0 controls escaped, nothing else. */
export function jacksonQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) {
      out += short;
    } else if (char.charCodeAt(0) < 0x20) {
      out += `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += char;
    }
  }
  return `${out}"`;
}

/**
 * Serialises a JSON value as compact JSON the way AWS's Jackson writer does: what
 * `States.JsonToString` returns, and how error causes quote an input.
 *
 * @example
 * toJacksonJson({ test: 'object' }) // '{"test":"object"}'
 * toJacksonJson([1.5e-7, 2]) // '[1.5E-7,2]'
 */
export function toJacksonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jacksonQuote(value);
  if (typeof value === 'number') return formatJavaNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(toJacksonJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${jacksonQuote(k)}:${toJacksonJson(v)}`,
    );
    return `{${entries.join(',')}}`;
  }
  return 'null';
}
