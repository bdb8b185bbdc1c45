/**
 * Evaluates compiled paths with Jayway's semantics as AWS Step Functions runs them:
 *
 * - a definite path (only names and single indexes) yields its one value, or nothing;
 * - an indefinite path (wildcard, slice, union, `..`, filter) yields an array of every match, an
 *   empty array when nothing matches (AWS: `$.items[*]` on `{}` gives `[]`);
 * - a filter only ever matches objects (AWS: "The @ operator … does not match scalar values. It
 *   only matches objects"); applied to an object rather than an array it tests that object;
 * - a negative index selects nothing (AWS fails `$.array[-1]` as "could not be found").
 *
 * The common definite path made of names and indexes is followed in a tight loop without
 * allocation; everything else walks the token list.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 */
import { testFilter } from './filter-evaluate.js';
import { javaText } from './json-text.js';
import { fragment } from './parser.js';
import type { CompiledPath, PathToken } from './tokens.js';

/** Returned by {@link readPath} when a path selects nothing. */
export const NOT_FOUND: unique symbol = Symbol('jsonpath.notFound');

/** A JSON object, as JSON.parse builds it. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sets a member on an object built from JSON, safely for any key: `__proto__` becomes an own
 * member (as JSON.parse makes it), never the prototype.
 */
export function setMember(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A shallow copy of a JSON object (faster than spread on V8 for small objects). */
export function copyObject(source: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(source)) setMember(copy, key, source[key]);
  return copy;
}

/** Raised inside evaluation when a multi-property step is not the last one. */
class MultiPropertyNotLeaf extends Error {}

/**
 * Reads a compiled path from a document: the value for a definite path, the array of matches for
 * an indefinite one, or {@link NOT_FOUND}.
 *
 * @example
 * readPath(compilePath('$.a[1]'), { a: [1, 2] }); // 2
 * readPath(compilePath('$.a[*]'), {}); // []
 * readPath(compilePath('$.b'), {}); // NOT_FOUND
 */
export function readPath(path: CompiledPath, document: unknown): unknown {
  const steps = path.simpleSteps;
  if (steps !== undefined) return readSimple(steps, document);
  const out: unknown[] = [];
  try {
    collect(path.tokens, 0, document, document, out);
  } catch (error) {
    if (error instanceof MultiPropertyNotLeaf) return NOT_FOUND;
    throw error;
  }
  if (!path.definite) return out;
  return out.length === 0 ? NOT_FOUND : out[0];
}

function readSimple(steps: readonly (string | number)[], document: unknown): unknown {
  let node = document;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (typeof step === 'string') {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, step)) {
        return NOT_FOUND;
      }
      node = (node as JsonObject)[step];
      if (node === undefined) return NOT_FOUND;
    } else {
      if (!Array.isArray(node) || step === undefined || step >= node.length) return NOT_FOUND;
      node = node[step];
    }
  }
  return node;
}

function collect(tokens: readonly PathToken[], i: number, node: unknown, root: unknown, out: unknown[]): void {
  const token = tokens[i];
  if (token === undefined) {
    out.push(node);
    return;
  }
  switch (token.kind) {
    case 'property': {
      if (!isJsonObject(node)) return;
      const names = token.names;
      if (names.length === 1) {
        const name = names[0] ?? '';
        const value = Object.hasOwn(node, name) ? node[name] : undefined;
        if (value !== undefined) collect(tokens, i + 1, value, root, out);
        return;
      }
      if (i !== tokens.length - 1) throw new MultiPropertyNotLeaf();
      const merged: JsonObject = {};
      for (const name of names) {
        const value = Object.hasOwn(node, name) ? node[name] : undefined;
        if (value !== undefined) setMember(merged, name, value);
      }
      out.push(merged);
      return;
    }
    case 'index':
      if (!Array.isArray(node)) return;
      for (const index of token.indexes) {
        if (index >= 0 && index < node.length) collect(tokens, i + 1, node[index], root, out);
      }
      return;
    case 'lengthOffset': {
      if (!Array.isArray(node)) return;
      const index = node.length + token.offset;
      if (index >= 0 && index < node.length) collect(tokens, i + 1, node[index], root, out);
      return;
    }
    case 'slice': {
      if (!Array.isArray(node)) return;
      const [from, to] = sliceBounds(token.from, token.to, node.length);
      for (let index = from; index < to; index++) collect(tokens, i + 1, node[index], root, out);
      return;
    }
    case 'wildcard':
      if (Array.isArray(node)) {
        for (const element of node) collect(tokens, i + 1, element, root, out);
      } else if (isJsonObject(node)) {
        for (const key of Object.keys(node)) {
          const value = node[key];
          if (value !== undefined) collect(tokens, i + 1, value, root, out);
        }
      }
      return;
    case 'scan':
      scan(tokens, i + 1, node, root, out);
      return;
    case 'filter':
      if (Array.isArray(node)) {
        for (const element of node) {
          if (isJsonObject(element) && testFilter(token.predicate, element, root)) {
            collect(tokens, i + 1, element, root, out);
          }
        }
      } else if (isJsonObject(node) && testFilter(token.predicate, node, root)) {
        collect(tokens, i + 1, node, root, out);
      }
      return;
    default: {
      const unexpected: never = token;
      throw new Error(`unknown token ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * Jayway's slice bounds: `[from:]` and `[:to]` count a negative bound from the end; `[from:to]`
 * does not (so `[1:-1]` is empty); the upper bound is clipped to the length.
 */
function sliceBounds(from: number | undefined, to: number | undefined, length: number): [number, number] {
  if (to === undefined) {
    const start = from === undefined ? 0 : from < 0 ? Math.max(0, length + from) : from;
    return [start, length];
  }
  if (from === undefined) {
    const end = Math.min(length, to < 0 ? length + to : to);
    return [0, end];
  }
  return [Math.max(0, from), Math.min(length, to)];
}

/** `..`: applies the target token at every level, parents before children, in document order. */
function scan(tokens: readonly PathToken[], target: number, node: unknown, root: unknown, out: unknown[]): void {
  const token = tokens[target];
  if (token === undefined) return;
  if (isJsonObject(node)) {
    if (token.kind === 'filter') {
      if (testFilter(token.predicate, node, root)) collect(tokens, target + 1, node, root, out);
    } else if (
      token.kind === 'wildcard' ||
      (token.kind === 'property' && token.names.every((n) => Object.hasOwn(node, n)))
    ) {
      collect(tokens, target, node, root, out);
    }
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (value !== undefined) scan(tokens, target, value, root, out);
    }
  } else if (Array.isArray(node)) {
    if (
      token.kind === 'wildcard' ||
      token.kind === 'index' ||
      token.kind === 'slice' ||
      token.kind === 'lengthOffset'
    ) {
      collect(tokens, target, node, root, out);
    }
    for (const element of node) scan(tokens, target, element, root, out);
  }
}

/**
 * Explains, in Jayway's words, why a path selects nothing in a document (the text AWS puts after
 * "Invalid path '…' : "); `undefined` when the path does select something.
 *
 * @example
 * explainMiss(compilePath('$.no.such.path'), {}); // "Missing property in path $['no']"
 * explainMiss(compilePath('$.missing'), {}); // "No results for path: $['missing']"
 */
export function explainMiss(path: CompiledPath, document: unknown): string | undefined {
  const tokens = path.tokens;
  if (!path.definite) {
    try {
      collect(tokens, 0, document, document, []);
      return undefined;
    } catch (error) {
      if (!(error instanceof MultiPropertyNotLeaf)) throw error;
      const at = tokens.findIndex((t) => t.kind === 'property' && t.names.length > 1);
      return `Multi properties can only be used as path leafs: $${tokens
        .slice(0, at + 1)
        .map(fragment)
        .join('')}`;
    }
  }
  let node = document;
  let at = '$';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const leaf = i === tokens.length - 1;
    if (token?.kind === 'property') {
      if (token.names.length > 1 && !leaf)
        return `Multi properties can only be used as path leafs: ${at}${fragment(token)}`;
      if (!isJsonObject(node)) return `Property ${fragment(token)} not found in path ${at}`;
      if (token.names.length > 1) return undefined;
      const name = token.names[0] ?? '';
      const next = `${at}['${name}']`;
      const value = Object.hasOwn(node, name) ? node[name] : undefined;
      if (value === undefined) return leaf ? `No results for path: ${next}` : `Missing property in path ${next}`;
      node = value;
      at = next;
    } else if (token?.kind === 'index' || token?.kind === 'lengthOffset') {
      if (node === null) return `The path ${at} is null`;
      if (!Array.isArray(node)) {
        const rest = tokens.slice(i).map(fragment).join('');
        return `Filter: ${rest} can only be applied to arrays. Current context is: ${javaText(node)}`;
      }
      const index = token.kind === 'index' ? (token.indexes[0] ?? 0) : node.length + token.offset;
      const next = `${at}[${index}]`;
      if (index < 0 || index >= node.length) return `Index out of bounds when evaluating path ${next}`;
      node = node[index];
      at = next;
    }
  }
  return undefined;
}
