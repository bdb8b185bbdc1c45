/**
 * The names an expression reads from the top-level context item, which AWS refuses at definition
 * time: a JSONata state's expression has no context item (the input is `$states.input`, variables
 * are `$name`). AWS answers `UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level
 * is not supported.` (measured by the Floci project), one diagnostic per distinct name.
 *
 * What counts as top level here (a conservative reading; AWS's exact rule is not documented):
 * the first step of a path that is evaluated against the root, i.e. not inside a predicate, a
 * later path step, a sort or group clause, or a function body. `$` and `$$` read the root too and
 * are reported as `$` and `$$`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

import { compileJsonata } from './compile.js';
import { jsonataBodyOrText } from './expression.js';

interface AstNode {
  readonly type?: string;
  readonly value?: unknown;
  readonly steps?: readonly AstNode[];
  readonly expressions?: readonly AstNode[];
  readonly arguments?: readonly AstNode[];
  readonly procedure?: AstNode;
  readonly expression?: AstNode;
  readonly lhs?: AstNode | readonly (readonly AstNode[])[];
  readonly rhs?: AstNode;
  readonly condition?: AstNode;
  readonly then?: AstNode;
  readonly else?: AstNode;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function visit(node: AstNode | undefined, found: Set<string>): void {
  if (node === undefined) return;
  switch (node.type) {
    case 'name':
      if (typeof node.value === 'string') found.add(node.value);
      return;
    case 'variable':
      if (node.value === '') found.add('$');
      else if (node.value === '$') found.add('$$');
      return;
    case 'path': {
      // Only the first step reads the root; later steps read the previous step's items.
      visit(node.steps?.[0], found);
      return;
    }
    case 'unary':
      if (node.value === '{' && Array.isArray(node.lhs)) {
        for (const pair of node.lhs as readonly (readonly AstNode[])[]) for (const part of pair) visit(part, found);
      } else {
        for (const item of node.expressions ?? []) visit(item, found);
        visit(node.expression, found);
      }
      return;
    case 'binary':
    case 'bind':
    case 'apply':
      if (isNode(node.lhs)) visit(node.lhs, found);
      visit(node.rhs, found);
      return;
    case 'condition':
      visit(node.condition, found);
      visit(node.then, found);
      visit(node.else, found);
      return;
    case 'block':
      for (const item of node.expressions ?? []) visit(item, found);
      return;
    case 'function':
    case 'partial':
      visit(node.procedure, found);
      for (const argument of node.arguments ?? []) visit(argument, found);
      return;
    default:
      // lambda bodies, literals, regexes, wildcards, transforms: not read from the root here.
      return;
  }
}

/**
 * The distinct names an expression reads from the (absent) top-level context, in first-seen
 * order; empty when it reads none or does not parse (see `checkJsonata` for that).
 *
 * @example
 * findTopLevelReferences('{% phone.number %}'); // ['phone']
 * findTopLevelReferences('{% $states.input.items[price > 10].name %}'); // []
 */
export function findTopLevelReferences(text: string): string[] {
  const compiled = compileJsonata(jsonataBodyOrText(text));
  if (!compiled.ok) return [];
  const found = new Set<string>();
  visit(compiled.expression.ast() as AstNode, found);
  return [...found];
}
