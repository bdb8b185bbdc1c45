/**
 * JSON pointers (RFC 6901), the location format of every diagnostic.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */

/** One step of a path into a JSON document: an object member name or an array index. */
export type PathSegment = string | number;

/**
 * Builds a JSON pointer from path segments, escaping `~` as `~0` and `/` as `~1`.
 *
 * @example
 * pointerOf(['States', 'a/b', 'Retry', 0]); // '/States/a~1b/Retry/0'
 * pointerOf([]); // '' (the whole document)
 */
export function pointerOf(path: readonly PathSegment[]): string {
  let pointer = '';
  for (const segment of path) {
    pointer += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return pointer;
}

/**
 * Splits a JSON pointer into its unescaped segments (all strings).
 *
 * @example
 * segmentsOf('/States/a~1b/Retry/0'); // ['States', 'a/b', 'Retry', '0']
 */
export function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}
