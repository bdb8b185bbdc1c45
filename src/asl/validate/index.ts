/**
 * Validation of ASL definitions: the model's schema plus the semantic rules Step Functions applies
 * when a state machine is created, reported all at once with codes, JSON pointers and (for JSON text)
 * lines and columns.
 *
 * @example
 * const result = validateDefinition(readFileSync('order.asl.json', 'utf8'));
 * if (!result.ok) for (const d of result.diagnostics) console.log(`${d.line}:${d.column} ${d.message} [${d.code}]`);
 *
 * @see https://states-language.net/spec.html
 * @see docs/validation.md for every diagnostic code
 */
import type { StateMachine } from '../model/state-machine.js';
import type { PlaceholderResolver } from '../placeholders.js';
import { DiagnosticCodes } from './codes.js';
import { type DefinitionSource, readDefinitionSource } from './definition-source.js';
import { type Diagnostic, type DiagnosticDraft, formatDiagnostic, isError } from './diagnostic.js';
import { type Rule, runRules } from './rule.js';
import { RULES } from './rules/index.js';
import { checkSchema } from './schema.js';
import { isJsonObject, walkDefinition } from './tree.js';

export { type DiagnosticCode, DiagnosticCodes } from './codes.js';
export type { Diagnostic, DiagnosticSeverity } from './diagnostic.js';
export { formatDiagnostic, isError } from './diagnostic.js';
export type { Rule, RuleContext, RuleReport } from './rule.js';
export { describeState, type StateNode } from './tree.js';

/**
 * The outcome of {@link validateDefinition}: valid when no diagnostic is an error. A valid
 * definition's diagnostics are its warnings (none unless `rules` report some).
 */
export type ValidationResult =
  | {
      ok: true;
      definition: StateMachine;
      /** Its warnings. */
      diagnostics: Diagnostic[];
      /**
       * Problems of values that are placeholders left unresolved (judged at deployment, once they
       * have values): a definition with any cannot run as it is, and `definition` is then the raw value.
       */
      deferred?: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

function attachLocation(draft: DiagnosticDraft, source: DefinitionSource | undefined): Diagnostic {
  if (source === undefined) return draft;
  // A missing field has no position of its own: point at the nearest enclosing value.
  let pointer = draft.pointer;
  for (;;) {
    const position = source.locate(pointer);
    if (position !== undefined) return { ...draft, line: position.line, column: position.column };
    if (pointer === '') return draft;
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

function compareLocations(a: Diagnostic, b: Diagnostic): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** Options of {@link validateDefinition}. */
export interface ValidateOptions {
  /**
   * Rules to run after validation's own: checks a later layer adds, which the definition model
   * cannot make itself (which Task resources Stepstone can run is known to `src/integrations`). Their
   * diagnostics are placed and sorted with the others.
   * @default none
   */
  readonly rules?: readonly Rule[];
  /** Report every warning as an error (so that it makes the definition invalid). @default false */
  readonly strict?: boolean;
  /**
   * Resolves the `${Name}` placeholders of a definition given as text, substituted as CloudFormation
   * does before the text is read (see `../placeholders.ts`). A placeholder left unresolved where a
   * whole value goes is taken to be valid there: its value is only known at deployment.
   * @default every placeholder left as written
   */
  readonly resolve?: PlaceholderResolver;
}

/**
 * Validates a definition given as text — JSON or YAML, which enables line and column — or as a
 * parsed value. Reports ALL problems at once: schema problems and every semantic rule's, a rule's
 * diagnostic about a field replacing the schema's at the same pointer (it says more precisely what
 * is wrong).
 *
 * @example
 * validateDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}').ok; // true
 * validateDefinition('StartAt: A\nStates:\n  A: { Type: Pass, End: true }\n').ok; // true
 * validateDefinition({ StartAt: 'B', States: { A: { Type: 'Pass', End: true } } }).diagnostics;
 * // [{ code: 'START_AT_NOT_FOUND', pointer: '/StartAt', field: 'StartAt', message: "StartAt of the state machine names 'B', …" }]
 */
export function validateDefinition(source: string | unknown, options: ValidateOptions = {}): ValidationResult {
  let root: unknown = source;
  let located: DefinitionSource | undefined;
  if (typeof source === 'string') {
    const read = readDefinitionSource(source, options.resolve);
    if (!read.ok) {
      return {
        ok: false,
        diagnostics: [
          {
            code: read.format === 'JSON' ? DiagnosticCodes.INVALID_JSON : DiagnosticCodes.INVALID_YAML,
            message: `The definition is not valid ${read.format}: ${read.message}`,
            pointer: '',
            line: read.position.line,
            column: read.position.column,
          },
        ],
      };
    }
    located = read.source;
    root = read.source.value;
  }

  const schema = checkSchema(root);
  const rules = options.rules === undefined ? RULES : [...RULES, ...options.rules];
  let ruleDrafts = (isJsonObject(root) ? runRules(rules, walkDefinition(root)) : []).map((draft) =>
    options.strict === true && !isError(draft) ? { ...draft, severity: 'error' as const } : draft,
  );
  // A placeholder that stands for a whole value is judged once it has one, at deployment.
  const unresolved = located?.unresolved;
  const judged = (draft: DiagnosticDraft) => unresolved === undefined || !unresolved.has(draft.pointer);
  if (unresolved !== undefined && unresolved.size > 0) ruleDrafts = ruleDrafts.filter(judged);
  const schemaIssues = schema.ok ? [] : schema.drafts.filter(judged);
  const deferred = () => (schema.ok ? {} : { deferred: schema.drafts.map((draft) => attachLocation(draft, located)) });
  if (schemaIssues.length === 0 && ruleDrafts.length === 0) {
    if (schema.ok) return { ok: true, definition: schema.definition, diagnostics: [] };
    return { ok: true, definition: root as StateMachine, diagnostics: [], ...deferred() };
  }

  // A rule's diagnostic about a field says more than the schema's about the same field.
  const rulePointers = new Set(
    ruleDrafts.filter((draft) => draft.field !== undefined && isError(draft)).map((draft) => draft.pointer),
  );
  const schemaDrafts = schemaIssues.filter((draft) => !rulePointers.has(draft.pointer));
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const draft of [...schemaDrafts, ...ruleDrafts]) {
    const key = `${draft.code}\u0000${draft.pointer}\u0000${draft.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(attachLocation(draft, located));
  }
  if (located !== undefined) diagnostics.sort(compareLocations);
  if (diagnostics.some(isError)) return { ok: false, diagnostics };
  // Only warnings (and problems deferred to deployment).
  if (schema.ok) return { ok: true, definition: schema.definition, diagnostics };
  return { ok: true, definition: root as StateMachine, diagnostics, ...deferred() };
}

/** Thrown by {@link parseDefinition}; its message lists the diagnostics, one per line. */
export class InvalidDefinitionError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const count = diagnostics.length;
    super(
      `Invalid state machine definition (${count} problem${count === 1 ? '' : 's'}):\n${diagnostics.map(formatDiagnostic).join('\n')}`,
    );
    this.name = 'InvalidDefinitionError';
    this.diagnostics = diagnostics;
  }
}

/** How many definition texts {@link parseDefinition} remembers. */
const TEXT_CACHE_SIZE = 64;
const textCache = new Map<string, StateMachine>();
const objectCache = new WeakMap<object, StateMachine>();

/**
 * {@link validateDefinition}, returning the parsed model or throwing {@link InvalidDefinitionError}.
 * Results are cached by text and by object identity (so do not mutate a definition object after
 * parsing it); the returned model must be treated as read-only.
 *
 * @example
 * const definition = parseDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
 * definition.States.A?.Type; // 'Pass'
 */
export function parseDefinition(source: string | unknown): StateMachine {
  if (typeof source === 'string') {
    const cached = textCache.get(source);
    if (cached !== undefined) return cached;
  } else if (typeof source === 'object' && source !== null) {
    const cached = objectCache.get(source);
    if (cached !== undefined) return cached;
  }
  const result = validateDefinition(source);
  if (!result.ok) throw new InvalidDefinitionError(result.diagnostics);
  if (result.deferred !== undefined) throw new InvalidDefinitionError(result.deferred);
  if (typeof source === 'string') {
    if (textCache.size >= TEXT_CACHE_SIZE) {
      const oldest = textCache.keys().next().value;
      if (oldest !== undefined) textCache.delete(oldest);
    }
    textCache.set(source, result.definition);
  } else if (typeof source === 'object' && source !== null) {
    objectCache.set(source, result.definition);
  }
  return result.definition;
}
