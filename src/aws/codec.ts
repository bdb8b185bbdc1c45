/**
 * How JSON payloads are stored in DynamoDB items: compact JSON text in a string attribute, or, when
 * the text is longer than {@link COMPRESS_ABOVE_BYTES}, Brotli-compressed in a binary attribute of
 * the same name (when that is smaller). Readers accept both, so the threshold can change without a
 * migration. Brotli rather than gzip: on the small JSON documents of a frame record it gives 10–20%
 * less (its built-in dictionary knows JSON's common strings). Quality 5 by default (about 0.3 ms for
 * 7 KB); quality 10 (about 6 ms for 7 KB) only where it is likely to save a whole write unit.
 * Compression runs in libuv's thread pool (`zlib.brotliCompress`), never on the event loop, so a
 * worker's other messages go on while a commit's body is compressed. Also: DynamoDB's item size
 * rule, to refuse an item over the 400 KB limit with a clear error before sending it.
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompressSync, constants } from 'node:zlib';

const compress = promisify(brotliCompress);

/** An encoded JSON value: text, or Brotli of the text. */
export type EncodedJson = string | Uint8Array;

/**
 * Text longer than this (in UTF-8 bytes) is compressed when that makes it smaller; shorter text stays
 * readable in the console, and compressing it would rarely take an item under a 1 KB write unit.
 */
export const COMPRESS_ABOVE_BYTES = 512;

/** Text up to this size may get the slow, best compression when that saves a write unit. */
const BEST_EFFORT_MAX_BYTES = 32 * 1024;

/** Brotli's quality for every compressed attribute: fast, within 10% of the best on small JSON. */
const FAST_QUALITY = 5;

/**
 * The quality tried when the fast one leaves an item just over a write-unit boundary. Measured on the
 * benchmark's commit bodies (BENCHMARKS.md): quality 10 gets within 1–2% of quality 11's size in a
 * third to a sixth of its time (7 KB: 848 bytes in 6 ms, against 836 bytes in 18 ms).
 */
const BEST_QUALITY = 10;

/** DynamoDB's item size limit (names and values together), in bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * Encodes a JSON value for an item attribute. With `itemOverhead` (the bytes of the rest of the
 * item, attribute names included), spends the best compression when the fast one leaves the item
 * just over a 1 KB write-unit boundary and the best one may bring it under. Compresses off the event
 * loop; text too short to compress is returned at once.
 * @example await encodeJson({ a: 1 }) // '{"a":1}'
 */
export function encodeJson(value: unknown, itemOverhead?: number): Promise<EncodedJson> {
  return encodeText(JSON.stringify(value === undefined ? null : value), itemOverhead);
}

/** Encodes text for an item attribute: as is, or compressed when long and smaller so (see {@link encodeJson}). */
export async function encodeText(text: string, itemOverhead?: number): Promise<EncodedJson> {
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= COMPRESS_ABOVE_BYTES) return text;
  const fast = await brotli(text, size, FAST_QUALITY);
  let best: EncodedJson = fast.length < size ? fast : text;
  if (itemOverhead !== undefined && size <= BEST_EFFORT_MAX_BYTES) {
    const length = typeof best === 'string' ? size : best.length;
    const total = itemOverhead + length;
    const over = total - Math.floor((total - 1) / 1024) * 1024;
    // The best quality shrinks small JSON by up to ~12% more: try it when that could drop a unit.
    if (total > 1024 && over <= length * 0.12) {
      const small = await brotli(text, size, BEST_QUALITY);
      if (Math.ceil((itemOverhead + small.length) / 1024) < Math.ceil(total / 1024)) best = small;
    }
  }
  return best;
}

/** Text over this many bytes is compressed with Brotli's largest standard window (16 MiB). */
const WIDE_WINDOW_ABOVE_BYTES = 4 * 1024 * 1024;

/** Brotli of `text` (`size` UTF-8 bytes), computed in libuv's thread pool. */
async function brotli(text: string, size: number, quality: number): Promise<Uint8Array> {
  const zipped = await compress(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: size,
      // A large payload recurs in a record (the state's input, its events' copies): a window that
      // spans them stores it about once.
      ...(size > WIDE_WINDOW_ABOVE_BYTES ? { [constants.BROTLI_PARAM_LGWIN]: 24 } : {}),
    },
  });
  return new Uint8Array(zipped.buffer, zipped.byteOffset, zipped.length);
}

/** Decodes what {@link encodeJson} produced (as the document client returns it). */
export function decodeJson(value: unknown): unknown {
  return JSON.parse(decodeText(value));
}

/** Decodes what {@link encodeText} produced (synchronously: a few microseconds per KB). */
export function decodeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return brotliDecompressSync(value).toString('utf8');
  throw new TypeError(`expected an encoded text attribute, found ${typeof value}`);
}

/** Size of a number attribute: about one byte per two significant digits, plus one. */
export function numberSize(value: number): number {
  const digits = String(Math.abs(value))
    .replace(/[.e+-]/g, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1 + (value < 0 ? 1 : 0);
}

/**
 * An item's size as DynamoDB counts it (UTF-8 length of each attribute name plus its value), for the
 * flat items this store writes: strings, numbers, binaries, booleans.
 */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8');
    if (typeof value === 'string') size += Buffer.byteLength(value, 'utf8');
    else if (typeof value === 'number') size += numberSize(value);
    else if (value instanceof Uint8Array) size += value.length;
    else if (typeof value === 'boolean' || value === null) size += 1;
    else size += Buffer.byteLength(JSON.stringify(value), 'utf8');
  }
  return size;
}
