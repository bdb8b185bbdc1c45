/**
 * The compiled form of a JSONPath: a list of steps, each the equivalent of one Jayway `PathToken`.
 *
 * AWS Step Functions evaluates JSONPath with the Java Jayway library; these tokens reproduce the
 * Jayway constructs that Step Functions accepts, with the behaviour AWS shows for each.
 *
 * @see https://states-language.net/spec.html#path
 * @see https://github.com/json-path/JsonPath
 */

/** `.name`, `['name']`, or the leaf-only multi-property `['a','b']`. */
export interface PropertyToken {
  readonly kind: 'property';
  /** One name, or several for a multi-property selection (only legal as the last step). */
  readonly names: readonly string[];
}

/** `[n]` or the union `[n,m,…]`. */
export interface IndexToken {
  readonly kind: 'index';
  readonly indexes: readonly number[];
}

/** `[from:]`, `[:to]` or `[from:to]` (no step). */
export interface SliceToken {
  readonly kind: 'slice';
  readonly from: number | undefined;
  readonly to: number | undefined;
}

/** `[(@.length-n)]` / `[(@.size()-n)]`: the element `n` places from the end. */
export interface LengthOffsetToken {
  readonly kind: 'lengthOffset';
  /** Added to the array length, so `-1` selects the last element. */
  readonly offset: number;
}

/** `.*` or `[*]`: every member of an object or element of an array. */
export interface WildcardToken {
  readonly kind: 'wildcard';
}

/** `..`: recursive descent; the token after it is what is searched for at every level. */
export interface ScanToken {
  readonly kind: 'scan';
}

/** `[?(…)]`: keeps the items for which the predicate holds. */
export interface FilterToken {
  readonly kind: 'filter';
  readonly predicate: FilterExpression;
  /** The filter text as written, for messages. */
  readonly text: string;
}

/** One step of a compiled path. */
export type PathToken =
  | PropertyToken
  | IndexToken
  | SliceToken
  | LengthOffsetToken
  | WildcardToken
  | ScanToken
  | FilterToken;

/** A path compiled once and evaluated many times. */
export interface CompiledPath {
  /** The path as written (after the root marker was normalised to `$`). */
  readonly source: string;
  readonly tokens: readonly PathToken[];
  /**
   * True when the path can select at most one value (Jayway's "definite" path): it then evaluates
   * to that value, or fails. An indefinite path evaluates to an array of every match.
   */
  readonly definite: boolean;
  /** Jayway's normalised form, e.g. `$['a'][0]`, as it appears in Jayway's messages. */
  readonly normalized: string;
  /**
   * For the common definite path made only of names and non-negative indexes, the steps to follow
   * (a string is a member name, a number an array index); evaluated without allocation.
   */
  readonly simpleSteps: readonly (string | number)[] | undefined;
}

/** The relational operators of Jayway's inline filters. */
export type RelationalOperator =
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'IN'
  | 'NIN'
  | 'CONTAINS'
  | 'ALL'
  | 'SIZE'
  | 'EMPTY'
  | 'SUBSETOF'
  | 'ANYOF'
  | 'NONEOF';

/** A path inside a filter: `@…` (relative to the item) or `$…` (the whole document). */
export interface FilterPathOperand {
  readonly kind: 'path';
  readonly relative: boolean;
  readonly path: CompiledPath;
}

/** A literal inside a filter: string, number, boolean, null, or a JSON array/object. */
export interface FilterLiteralOperand {
  readonly kind: 'literal';
  readonly value: unknown;
  /** For number literals: the text as written, which Jayway uses when it compares to a string. */
  readonly numberText: string | undefined;
}

/** A `/regex/` literal (with an optional `i` flag). Jayway requires the whole input to match. */
export interface FilterRegexOperand {
  readonly kind: 'regex';
  readonly regex: RegExp;
}

/** An operand of a filter comparison. */
export type FilterOperand = FilterPathOperand | FilterLiteralOperand | FilterRegexOperand;

/** A compiled filter predicate. */
export type FilterExpression =
  | { readonly kind: 'and'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | { readonly kind: 'exists'; readonly operand: FilterPathOperand; readonly shouldExist: boolean }
  | {
      readonly kind: 'compare';
      readonly operator: RelationalOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
    };
