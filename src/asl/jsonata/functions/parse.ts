/**
 * `$parse(jsonString)`: Step Functions' replacement for JSONata's `$eval`, which AWS disables.
 * Deserialises a JSON text (v2_intrinsic_functions_test_json_manipulation_jsonata … test_parse_e0…e6).
 *
 * AWS's parser is strict (measured by the Floci project): an empty string, trailing text and a
 * repeated object key are all `D3137: Invalid JSON`. A missing argument evaluates to nothing; a
 * non-string argument or a second argument raises `T0410`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { rejectSurplusArguments, signatureError, valueError } from './function-error.js';

const NAME = 'parse';

/**
 * @example
 * parse('{"Arg1": 1, "Arg2": []}'); // { Arg1: 1, Arg2: [] }
 */
export function parse(...args: unknown[]): unknown {
  rejectSurplusArguments(NAME, args, 1);
  const [text] = args;
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw signatureError(NAME, 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw valueError('Invalid JSON');
  }
  if (hasRepeatedKey(text)) throw valueError('Invalid JSON');
  return value;
}

/**
 * True when some object in `json` (already known to be valid JSON) names a key twice.
 * A single pass over the text: a stack of the key sets of the open objects.
 */
function hasRepeatedKey(json: string): boolean {
  if (!json.includes('{')) return false;
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      const end = endOfString(json, i);
      const top = open[open.length - 1];
      if (expectKey && top !== undefined) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (top.has(key)) return true;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(undefined);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      expectKey = open[open.length - 1] !== undefined;
    }
  }
  return false;
}

/** The index of the quote closing the JSON string that opens at `start`. */
function endOfString(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    const c = json[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return json.length - 1;
}
