/**
 * What a validation rule is: a named check over the whole definition tree that reports diagnostics.
 */
import type { DiagnosticCode } from './codes.js';
import { type DiagnosticDraft, type DiagnosticSeverity, sentence } from './diagnostic.js';
import { type PathSegment, pointerOf } from './pointer.js';
import type { DefinitionTree, StateNode } from './tree.js';

/** A problem as a rule reports it. */
export interface RuleReport {
  /** One of `DiagnosticCodes`, or a code of a rule a later layer adds (`UNSUPPORTED_RESOURCE`). */
  readonly code: DiagnosticCode | (string & {});
  /** @default 'error' */
  readonly severity?: DiagnosticSeverity | undefined;
  readonly message: string;
  /** Where the problem is, from the root of the definition. */
  readonly path: readonly PathSegment[];
  /** The innermost state it is in, if any (a {@link StateNode}, or just a name). */
  readonly state?: Pick<StateNode, 'name'> | undefined;
  /** The ASL field at fault. */
  readonly field?: string | undefined;
}

/** What a rule receives. */
export interface RuleContext {
  readonly tree: DefinitionTree;
  report(problem: RuleReport): void;
}

/** A semantic check of a definition. Rules read the raw JSON defensively: the schema may have failed. */
export interface Rule {
  /** The rule's name, as its file is named (e.g. `next-exists`). */
  readonly name: string;
  check(context: RuleContext): void;
}

/** Runs rules over a tree and collects their diagnostics. */
export function runRules(rules: readonly Rule[], tree: DefinitionTree): DiagnosticDraft[] {
  const drafts: DiagnosticDraft[] = [];
  const context: RuleContext = {
    tree,
    report(problem) {
      drafts.push({
        code: problem.code,
        ...(problem.severity === 'warning' ? { severity: problem.severity } : {}),
        message: sentence(problem.message),
        pointer: pointerOf(problem.path),
        ...(problem.state !== undefined ? { state: problem.state.name } : {}),
        ...(problem.field !== undefined ? { field: problem.field } : {}),
      });
    },
  };
  for (const rule of rules) rule.check(context);
  return drafts;
}
