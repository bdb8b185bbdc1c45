/**
 * The lines of a byte stream with the byte offset each starts and ends at, as an `ItemReader` reads
 * JSON Lines, CSV and inventory files a page at a time: a page's cursor is the offset of the line
 * after its last record, where a ranged `GetObject` resumes.
 *
 * Lines are split on the byte `\n` before they are decoded, so a chunk (or a page) that ends inside
 * a multi-byte UTF-8 character never garbles it: `\n` (0x0A) is never part of another character's
 * encoding. Memory holds one line and one chunk.
 */

/** One line: its text as UTF-8 with its line break (`\n` or `\r\n`, absent on a last line without one). */
export interface ByteLine {
  readonly text: string;
  /** Byte offset of the line's first byte in the object. */
  readonly start: number;
  /** Byte offset after the line (its line break included): where the next line starts. */
  readonly end: number;
}

const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The lines of `stream`, whose first byte is at `offset` in the object. A UTF-8 byte order mark at
 * the object's start (offset 0) is dropped, as a `TextDecoder` drops it.
 */
export async function* byteLines(stream: AsyncIterable<Uint8Array | string>, offset = 0): AsyncGenerator<ByteLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let start = offset;
  const line = (tail: Buffer): ByteLine => {
    const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    const lineStart = start;
    start += bytes.length;
    const text = (lineStart === 0 && startsWithBom(bytes) ? bytes.subarray(BOM.length) : bytes).toString('utf8');
    return { text, start: lineStart, end: start };
  };
  for await (const piece of stream) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece, 'utf8')
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let from = 0;
    let at = chunk.indexOf(NEWLINE, from);
    while (at >= 0) {
      yield line(chunk.subarray(from, at + 1));
      from = at + 1;
      at = chunk.indexOf(NEWLINE, from);
    }
    if (from < chunk.length) {
      // A copy: the stream may reuse its chunk's memory.
      pending.push(Buffer.from(chunk.subarray(from)));
      pendingBytes += chunk.length - from;
    }
  }
  if (pendingBytes > 0) yield line(Buffer.alloc(0));
}

function startsWithBom(bytes: Buffer): boolean {
  return bytes.length >= BOM.length && bytes.subarray(0, BOM.length).equals(BOM);
}

/** `text` without its line break. */
export function withoutLineBreak(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** The bytes of `stream` after its first `count`, as a gzipped file is resumed: decompressed from its start, skipping. */
export async function* skipBytes(
  stream: AsyncIterable<Uint8Array | string>,
  count: number,
): AsyncGenerator<Uint8Array | string> {
  let left = count;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left === 0 ? chunk : chunk.subarray(left);
    left = 0;
  }
}
