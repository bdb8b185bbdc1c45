/**
 * The 18 intrinsic functions of the Amazon States Language, by name.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { statesArray } from './array.js';
import { statesArrayContains } from './array-contains.js';
import { statesArrayGetItem } from './array-get-item.js';
import { statesArrayLength } from './array-length.js';
import { statesArrayPartition } from './array-partition.js';
import { statesArrayRange } from './array-range.js';
import { statesArrayUnique } from './array-unique.js';
import { statesBase64Decode } from './base64-decode.js';
import { statesBase64Encode } from './base64-encode.js';
import { statesFormat } from './format.js';
import type { IntrinsicFunction } from './function.js';
import { statesHash } from './hash.js';
import { statesJsonMerge } from './json-merge.js';
import { statesJsonToString } from './json-to-string.js';
import { statesMathAdd } from './math-add.js';
import { statesMathRandom } from './math-random.js';
import { statesStringSplit } from './string-split.js';
import { statesStringToJson } from './string-to-json.js';
import { statesUuid } from './uuid.js';

/** Every intrinsic function, keyed by its full name (`States.Format`, …). */
export const INTRINSIC_FUNCTIONS: ReadonlyMap<string, IntrinsicFunction> = new Map(
  [
    statesFormat,
    statesStringToJson,
    statesJsonToString,
    statesArray,
    statesArrayPartition,
    statesArrayContains,
    statesArrayRange,
    statesArrayGetItem,
    statesArrayLength,
    statesArrayUnique,
    statesBase64Encode,
    statesBase64Decode,
    statesHash,
    statesJsonMerge,
    statesMathRandom,
    statesMathAdd,
    statesStringSplit,
    statesUuid,
  ].map((fn) => [fn.name, fn]),
);
