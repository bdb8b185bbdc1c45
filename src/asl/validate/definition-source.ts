/**
 * A definition's text as people keep it — JSON (`.asl.json`) or YAML (`.asl.yaml`, `.asl.yml`, as
 * Workflow Studio and SAM write it) — read into its value with the position of every value and key,
 * after its `${Name}` placeholders are substituted as CloudFormation does (in the text, before
 * parsing: see `../placeholders.ts`). Positions are those of the text as written.
 *
 * A placeholder left unresolved where a whole value goes (`Seconds: ${Timeout}`; in JSON the bare
 * `"Seconds": ${Timeout}`, not valid JSON until substituted) reads as the string `${Timeout}` and is
 * listed in `unresolved`: validation cannot judge a value that is only known at deployment.
 *
 * YAML is read by the `yaml` package (YAML 1.2, core schema; duplicate keys are errors).
 */
import { isMap, isPair, isScalar, isSeq, type Node, parseDocument, Scalar } from 'yaml';
import { OffsetMap, type PlaceholderResolver, substituteText } from '../placeholders.js';
import { computeLineStarts, parseJsonSource, positionAt, type SourcePosition } from './json-source.js';
import { pointerOf } from './pointer.js';

/** A definition read from its text. */
export interface DefinitionSource {
  readonly format: 'JSON' | 'YAML';
  /** The value after substitution (what the engine runs). */
  readonly value: unknown;
  /** Where the member's key (for an object member) or the value is, in the text as written. */
  locate(pointer: string): SourcePosition | undefined;
  /** Pointers of values that are a placeholder left unresolved where a whole value goes. */
  readonly unresolved: ReadonlySet<string>;
}

/** The result of {@link readDefinitionSource}. */
export type DefinitionSourceResult =
  | { readonly ok: true; readonly source: DefinitionSource }
  | {
      readonly ok: false;
      readonly format: 'JSON' | 'YAML';
      readonly message: string;
      readonly position: SourcePosition;
    };

/** A whole-value placeholder as a plain YAML scalar or a quoted JSON string reads it. */
const WHOLE_PLACEHOLDER = /^\$\{[A-Za-z][A-Za-z0-9_-]*\}$/;

/**
 * Reads a definition's text, JSON when it starts with `{` or `[`, else YAML, after replacing the
 * placeholders `resolve` knows.
 *
 * @example
 * const read = readDefinitionSource('StartAt: W\nStates:\n  W: { Type: Wait, Seconds: ${T}, End: true }\n', (n) => (n === 'T' ? '60' : undefined));
 * // read.ok && read.source.value.States.W.Seconds === 60
 */
export function readDefinitionSource(
  text: string,
  resolve: PlaceholderResolver = () => undefined,
): DefinitionSourceResult {
  const substituted = substituteText(text, resolve);
  const originalLines = computeLineStarts(text);
  const editedLines = computeLineStarts(substituted.text);
  const toOriginal = (offset: number): SourcePosition =>
    positionAt(originalLines, substituted.offsets.original(offset));
  return /^\uFEFF?\s*[[{]/.test(substituted.text)
    ? readJson(substituted.text, editedLines, toOriginal)
    : readYaml(substituted.text, toOriginal);
}

function readJson(
  text: string,
  editedLines: readonly number[],
  toOriginal: (offset: number) => SourcePosition,
): DefinitionSourceResult {
  // A placeholder left bare (outside a string) is not JSON: read it as a marked string.
  const quoted = quotePlaceholders(text, barePlaceholdersInJson(text));
  const quotedLines = quoted.text === text ? editedLines : computeLineStarts(quoted.text);
  const back = (position: SourcePosition): SourcePosition => {
    const inQuoted = (quotedLines[position.line - 1] ?? 0) + position.column - 1;
    return toOriginal(quoted.offsets.original(inQuoted));
  };
  const parsed = parseJsonSource(quoted.text);
  if (!parsed.ok) return { ok: false, format: 'JSON', message: parsed.message, position: back(parsed.position) };
  const unresolved = new Set<string>();
  const value = quoted.text === text ? parsed.source.value : unmark(parsed.source.value, [], unresolved);
  return {
    ok: true,
    source: {
      format: 'JSON',
      value,
      locate(pointer) {
        const position = parsed.source.locate(pointer);
        return position === undefined ? undefined : back(position);
      },
      unresolved,
    },
  };
}

/** Marks a bare placeholder's string so that it can be told from one written in quotes. */
const BARE_MARK = '\u0000';

/** A placeholder starting at `lastIndex`. */
const PLACEHOLDER_HERE = /\$\{[A-Za-z][A-Za-z0-9_-]*\}/y;

/** Where the placeholders outside JSON strings start. */
function barePlaceholdersInJson(text: string): number[] {
  const starts: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '$') {
      PLACEHOLDER_HERE.lastIndex = i;
      if (PLACEHOLDER_HERE.test(text)) starts.push(i);
    }
  }
  return starts;
}

/**
 * Where the whole-value placeholders of YAML text start: after `key:`, `-`, `[`, `{` or `,`, and
 * before the end of the line, a comment, `,`, `]` or `}`. Needed only inside a flow collection
 * (`{ Seconds: ${T} }`), where `{` ends a plain scalar: in block style a placeholder reads as a string.
 */
function barePlaceholdersInYaml(text: string): number[] {
  const starts: number[] = [];
  const pattern = /(?:^|[:[{,]|-(?=\s))[ \t]*(\$\{[A-Za-z][A-Za-z0-9_-]*\})(?=[ \t]*(?:[,\]}]|#|$))/gm;
  for (const match of text.matchAll(pattern)) starts.push(match.index + match[0].length - match[1]!.length);
  return starts;
}

/** The placeholders at `starts` quoted and marked (`"\u0000${Name}"`), so that they read as strings. */
function quotePlaceholders(text: string, starts: readonly number[]): { text: string; offsets: OffsetMap } {
  const offsets = new OffsetMap();
  if (starts.length === 0) return { text, offsets };
  let out = '';
  let last = 0;
  for (const start of starts) {
    PLACEHOLDER_HERE.lastIndex = start;
    const placeholder = PLACEHOLDER_HERE.exec(text)![0];
    const quoted = `"\\u0000${placeholder}"`;
    out += text.slice(last, start);
    offsets.add(out.length, start, quoted.length, placeholder.length);
    out += quoted;
    last = start + placeholder.length;
  }
  return { text: out + text.slice(last), offsets };
}

/** The value with marked strings restored, recording where they are. */
function unmark(value: unknown, path: (string | number)[], unresolved: Set<string>): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(BARE_MARK)) return value;
    unresolved.add(pointerOf(path));
    return value.slice(BARE_MARK.length);
  }
  if (Array.isArray(value)) return value.map((v, i) => unmark(v, [...path, i], unresolved));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unmark(v, [...path, k], unresolved);
    return out;
  }
  return value;
}

function readYaml(text: string, toOriginal: (offset: number) => SourcePosition): DefinitionSourceResult {
  let document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  let back = toOriginal;
  let marked = false;
  const error = document.errors[0];
  if (error !== undefined) {
    // Unresolved placeholders inside flow collections are not YAML until substituted: quote them.
    const quoted = quotePlaceholders(text, barePlaceholdersInYaml(text));
    const again =
      quoted.text === text ? document : parseDocument(quoted.text, { prettyErrors: false, uniqueKeys: true });
    if (again.errors.length > 0) {
      return { ok: false, format: 'YAML', message: error.message, position: toOriginal(error.pos[0]) };
    }
    document = again;
    marked = true;
    back = (offset) => toOriginal(quoted.offsets.original(offset));
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    return { ok: false, format: 'YAML', message: (cause as Error).message, position: back(0) };
  }
  const locations = new Map<string, number>();
  const unresolved = new Set<string>();
  if (marked) value = unmark(value, [], unresolved);
  const visit = (node: Node | null | undefined, path: (string | number)[], keyAt: number | undefined): void => {
    if (node === null || node === undefined) return;
    const pointer = pointerOf(path);
    const at = keyAt ?? node.range?.[0];
    if (at !== undefined) locations.set(pointer, at);
    if (isScalar(node)) {
      if (node.type === Scalar.PLAIN && typeof node.value === 'string' && WHOLE_PLACEHOLDER.test(node.value)) {
        unresolved.add(pointer);
      }
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value as Node | null, [...path, key], (pair.key as Node | null)?.range?.[0]);
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) visit(node.items[i] as Node | null, [...path, i], undefined);
    }
    // An alias stands for its anchor's value, located where the alias is written.
  };
  visit(document.contents as Node | null, [], undefined);
  return {
    ok: true,
    source: {
      format: 'YAML',
      value,
      locate(pointer) {
        const at = locations.get(pointer);
        return at === undefined ? undefined : back(at);
      },
      unresolved,
    },
  };
}
