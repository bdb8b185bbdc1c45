/**
 * `${Name}` placeholders, substituted as CloudFormation substitutes a state machine's
 * `DefinitionSubstitutions`: in the definition's text, before it is parsed, so that a placeholder
 * written where a whole value goes (`Seconds: ${Timeout}` in YAML, `"Seconds": ${Timeout}` in JSON)
 * takes the type of what it is replaced with (a number, a boolean, an object), while one written
 * inside a string (`"Seconds": "${Timeout}"`) stays a string. A definition given as an object has no
 * text: its placeholders are substituted inside its strings, as CloudFormation does with an inline
 * `Definition` (which it turns into JSON text first).
 *
 * (CloudFormation's handler replaces each `${key}` of the map in the text, with the value's text —
 * a string, an integer or a boolean — then parses the result as JSON or else YAML.)
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
 */

/** What a placeholder may stand for, as `DefinitionSubstitutions` takes it. */
export type SubstitutionValue = string | number | boolean;

/** A placeholder: `${Name}`. */
export const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_-]*)\}/g;

/** The text a placeholder is replaced with, or undefined to leave it as written. */
export type PlaceholderResolver = (name: string) => string | undefined;

/** A resolver over explicit values (a value's text, as CloudFormation writes it), then `fallback`. */
export function resolverOf(
  values: Readonly<Record<string, SubstitutionValue>> | undefined,
  fallback: PlaceholderResolver = () => undefined,
): PlaceholderResolver {
  return (name) => {
    const value = values !== undefined && Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? fallback(name) : String(value);
  };
}

/**
 * Where a text edited by replacements came from: maps an offset in the edited text back to the
 * offset in the text before the edits (an offset inside a replacement maps to its start).
 */
export class OffsetMap {
  /** Each replacement: its start in the edited text and in the original, and both lengths. */
  private readonly edits: { at: number; from: number; length: number; originalLength: number }[] = [];

  /** Records a replacement of `originalLength` characters at original offset `from` by `length` at `at`. */
  add(at: number, from: number, length: number, originalLength: number): void {
    this.edits.push({ at, from, length, originalLength });
  }

  /** The original offset of `offset`. */
  original(offset: number): number {
    let shift = 0;
    for (const edit of this.edits) {
      if (offset < edit.at) break;
      if (offset < edit.at + edit.length) return edit.from;
      shift = edit.from + edit.originalLength - (edit.at + edit.length);
    }
    return offset + shift;
  }
}

/** Replaces every placeholder `resolve` knows in `text`; returns the text and where it came from. */
export function substituteText(text: string, resolve: PlaceholderResolver): { text: string; offsets: OffsetMap } {
  const offsets = new OffsetMap();
  if (!text.includes('${')) return { text, offsets };
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const replacement = resolve(match[1]!);
    if (replacement === undefined) continue;
    out += text.slice(last, match.index);
    offsets.add(out.length, match.index, replacement.length, match[0].length);
    out += replacement;
    last = match.index + match[0].length;
  }
  return { text: out + text.slice(last), offsets };
}

/** Replaces every placeholder `resolve` knows inside the strings (and keys) of a value. */
export function substituteValue(value: unknown, resolve: PlaceholderResolver): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(PLACEHOLDER, (whole, name: string) => resolve(name) ?? whole);
  }
  if (Array.isArray(value)) return value.map((v) => substituteValue(v, resolve));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [substituteValue(k, resolve) as string, substituteValue(v, resolve)]),
    );
  }
  return value;
}
