/**
 * Runs the definition model's zod schema and turns its issues into diagnostics in ASL's terms:
 * "Field 'Foo' is not supported by state 'X' (Task)" rather than "Unrecognized key".
 */
import type { z } from 'zod';
import { JSONATA_EXPRESSION } from '../model/common.js';
import type { StateMachine } from '../model/state-machine.js';
import { StateMachineSchema } from '../model/state-machine.js';
import { type DiagnosticCode, DiagnosticCodes } from './codes.js';
import { type DiagnosticDraft, sentence } from './diagnostic.js';
import { type PathSegment, pointerOf } from './pointer.js';
import { describeJsonValue, describeState, isJsonObject, type QueryLanguage } from './tree.js';

/** The state types the schema knows, for messages. */
const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];

/** Fields whose value is free-form JSON: a diagnostic inside one names the field itself. */
const FREE_FORM_FIELDS: ReadonlySet<string> = new Set([
  'Parameters',
  'Arguments',
  'Result',
  'ResultSelector',
  'ItemSelector',
  'Output',
  'Assign',
  'Credentials',
  'BatchInput',
  'WriterConfig',
  'Items',
]);

/** The outcome of checking a definition against the model. */
export type SchemaResult =
  | { readonly ok: true; readonly definition: StateMachine }
  | { readonly ok: false; readonly drafts: DiagnosticDraft[] };

/**
 * Parses a raw definition with {@link StateMachineSchema}.
 *
 * @returns the parsed model (defaults filled in), or one diagnostic per schema issue.
 */
export function checkSchema(root: unknown): SchemaResult {
  const result = StateMachineSchema.safeParse(root);
  if (result.success) return { ok: true, definition: result.data };
  const drafts: DiagnosticDraft[] = [];
  for (const issue of result.error.issues) drafts.push(...translateIssue(issue, root));
  return { ok: false, drafts };
}

/** Where a path leads: the innermost state and the field at fault. */
export interface PathInfo {
  /** The innermost state on the path, if any. */
  readonly state?: {
    readonly name: string;
    readonly type: string | undefined;
    readonly queryLanguage: QueryLanguage;
    /** Length of the path prefix that leads to the state object. */
    readonly depth: number;
  };
  /** The ASL field at fault. */
  readonly field?: string;
  /** The raw value at the path, if any. */
  readonly value: unknown;
  /** A phrase describing the object that holds the field, e.g. "Retry rule 0 of state 'A' (Task)". */
  readonly where: string;
}

function asQueryLanguage(value: unknown): QueryLanguage | undefined {
  return value === 'JSONPath' || value === 'JSONata' ? value : undefined;
}

function child(value: unknown, segment: PathSegment): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (isJsonObject(value) && Object.hasOwn(value, String(segment))) return value[String(segment)];
  return undefined;
}

/**
 * Follows a path through a raw definition, finding the innermost state (a state inside a Parallel
 * branch or a Map processor wins over the Parallel or Map itself) and the field at fault.
 *
 * @example
 * analysePath(definition, ['States', 'Charge', 'Retry', 0, 'ErrorEquals']);
 * // { state: { name: 'Charge', type: 'Task', … }, field: 'ErrorEquals', where: "Retry rule 0 of state 'Charge' (Task)" }
 */
export function analysePath(root: unknown, path: readonly PathSegment[]): PathInfo {
  const topLanguage = isJsonObject(root) ? (asQueryLanguage(root.QueryLanguage) ?? 'JSONPath') : 'JSONPath';
  let value: unknown = root;
  let atMachine = true;
  let state: PathInfo['state'];
  let machineLabel = 'the state machine';
  let machineDepth = 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    const next = path[i + 1];
    if (atMachine && segment === 'States' && next !== undefined) {
      const stateValue = child(child(value, 'States'), next);
      const stateObject = isJsonObject(stateValue) ? stateValue : undefined;
      state = {
        name: String(next),
        type: typeof stateObject?.Type === 'string' ? stateObject.Type : undefined,
        queryLanguage: asQueryLanguage(stateObject?.QueryLanguage) ?? topLanguage,
        depth: i + 2,
      };
      value = stateValue;
      atMachine = false;
      i++;
      continue;
    }
    if (!atMachine && state !== undefined && i === state.depth) {
      if (segment === 'Branches' && typeof next === 'number') {
        value = child(child(value, 'Branches'), next);
        machineLabel = `branch ${next} of ${describeState(state)}`;
        machineDepth = i + 2;
        atMachine = true;
        i++;
        continue;
      }
      if (segment === 'ItemProcessor' || segment === 'Iterator') {
        value = child(value, segment);
        machineLabel = `the ${segment} of ${describeState(state)}`;
        machineDepth = i + 1;
        atMachine = true;
        continue;
      }
    }
    value = child(value, segment);
  }

  // The field: the last named segment after the state (or the state machine), stopping inside free-form JSON.
  const start = state !== undefined ? state.depth : 0;
  let field: string | undefined;
  for (const segment of path.slice(Math.min(start, path.length))) {
    if (typeof segment !== 'string') continue;
    field = segment;
    if (FREE_FORM_FIELDS.has(segment)) break;
  }

  return {
    ...(state !== undefined ? { state } : {}),
    ...(field !== undefined ? { field } : {}),
    value,
    where: describeHolder(
      path.slice(0, -1),
      state,
      atMachine ? { label: machineLabel, depth: machineDepth } : undefined,
    ),
  };
}

/** Describes the object at `holder` (the parent of the field at fault). */
function describeHolder(
  holder: readonly PathSegment[],
  state: PathInfo['state'],
  machine: { label: string; depth: number } | undefined,
): string {
  if (machine !== undefined && holder.length <= machine.depth) return machine.label;
  if (state === undefined) return 'the state machine';
  if (holder.length <= state.depth) return describeState(state);
  const rest = holder.slice(state.depth);
  const [first, second] = rest;
  if (typeof second === 'number') {
    if (first === 'Retry') return `Retry rule ${second} of ${describeState(state)}`;
    if (first === 'Catch') return `Catch rule ${second} of ${describeState(state)}`;
    if (first === 'Choices') return `Choice rule ${second} of ${describeState(state)}`;
  }
  const dotted = rest.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');
  return `${dotted.slice(1)} of ${describeState(state)}`;
}

/** Describes what a zod type expects, for messages. */
function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'an array';
    case 'object':
    case 'record':
      return 'an object';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

const JSONATA_PATTERN = String(JSONATA_EXPRESSION);

function isJsonataFormatIssue(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_format' && 'pattern' in issue && issue.pattern === JSONATA_PATTERN;
}

/** Describes one branch's failure in a union: what that branch expected. */
function describeBranch(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (first === undefined) return 'another value';
  if (first.code === 'invalid_type') return describeExpected(first.expected);
  if (isJsonataFormatIssue(first)) return 'a JSONata expression {% … %}';
  return first.message;
}

function sizeMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return issue.message;
  if (!issue.message.startsWith('Too small') && !issue.message.startsWith('Too big')) return issue.message;
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (small && limit === 1) return 'must not be empty';
      return `must have ${small ? 'at least' : 'at most'} ${limit} characters`;
    case 'array':
      return `must hold ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
    default:
      if (small) return inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
      return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
  }
}

function draft(code: DiagnosticCode, message: string, path: readonly PathSegment[], info: PathInfo): DiagnosticDraft {
  return {
    code,
    message: sentence(message),
    pointer: pointerOf(path),
    ...(info.state !== undefined ? { state: info.state.name } : {}),
    ...(info.field !== undefined ? { field: info.field } : {}),
  };
}

function translateIssue(issue: z.core.$ZodIssue, root: unknown): DiagnosticDraft[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyPath = [...path, key];
      const info = analysePath(root, keyPath);
      return draft(
        DiagnosticCodes.SCHEMA_UNKNOWN_FIELD,
        `Field '${key}' is not supported by ${info.where}`,
        keyPath,
        info,
      );
    });
  }

  // State names are checked by the state-names rule, which says why.
  if (issue.code === 'invalid_key' && path[path.length - 2] === 'States') return [];

  const info = analysePath(root, path);
  const fieldName = `Field '${info.field ?? String(path[path.length - 1] ?? '')}' of ${info.where}`;

  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'Type') {
    const stateInfo = analysePath(root, path.slice(0, -1));
    const stateValue = stateInfo.value;
    const type = isJsonObject(stateValue) ? stateValue.Type : undefined;
    const name = info.state?.name ?? '';
    if (type === undefined) {
      return [
        draft(
          DiagnosticCodes.SCHEMA_MISSING_FIELD,
          `State '${name}' is missing the required field 'Type' (one of ${STATE_TYPES.join(', ')})`,
          path,
          info,
        ),
      ];
    }
    if (typeof type !== 'string') {
      return [
        draft(
          DiagnosticCodes.SCHEMA_WRONG_TYPE,
          `Field 'Type' of state '${name}' must be a string (one of ${STATE_TYPES.join(', ')}), not ${describeJsonValue(type)}`,
          path,
          info,
        ),
      ];
    }
    return [
      draft(
        DiagnosticCodes.SCHEMA_UNKNOWN_STATE_TYPE,
        `State '${name}' has Type '${type}', which is not a state type: use one of ${STATE_TYPES.join(', ')}`,
        path,
        info,
      ),
    ];
  }

  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0) {
        return [
          draft(
            DiagnosticCodes.SCHEMA_WRONG_TYPE,
            `The definition must be a JSON object with StartAt and States, not ${describeJsonValue(info.value)}`,
            path,
            info,
          ),
        ];
      }
      if (info.state !== undefined && path.length === info.state.depth) {
        return [
          draft(
            DiagnosticCodes.SCHEMA_WRONG_TYPE,
            `State '${info.state.name}' must be an object, not ${describeJsonValue(info.value)}`,
            path,
            info,
          ),
        ];
      }
      if (info.value === undefined) {
        return [
          draft(
            DiagnosticCodes.SCHEMA_MISSING_FIELD,
            `${sentence(info.where)} is missing the required field '${info.field ?? ''}'`,
            path,
            info,
          ),
        ];
      }
      return [
        draft(
          DiagnosticCodes.SCHEMA_WRONG_TYPE,
          `${fieldName} must be ${describeExpected(issue.expected)}, not ${describeJsonValue(info.value)}`,
          path,
          info,
        ),
      ];
    }
    case 'invalid_union': {
      const branches = 'errors' in issue ? issue.errors : [];
      const expected = [...new Set(branches.map(describeBranch))];
      const allTypes = branches.every((branch) => branch[0]?.code === 'invalid_type');
      return [
        draft(
          allTypes ? DiagnosticCodes.SCHEMA_WRONG_TYPE : DiagnosticCodes.SCHEMA_INVALID_VALUE,
          `${fieldName} must be ${expected.join(' or ')}, not ${describeJsonValue(info.value)}`,
          path,
          info,
        ),
      ];
    }
    case 'invalid_format': {
      if (isJsonataFormatIssue(issue)) {
        if (info.state?.queryLanguage === 'JSONata') {
          return [
            draft(
              DiagnosticCodes.JSONATA_EXPRESSION_REQUIRED,
              `${fieldName} holds ${describeJsonValue(info.value)}, which is not a JSONata expression: write it as {% … %}`,
              path,
              info,
            ),
          ];
        }
        return [
          draft(
            DiagnosticCodes.SCHEMA_WRONG_TYPE,
            `${fieldName} must not be a string in a JSONPath state, found ${describeJsonValue(info.value)} (JSONata expressions need "QueryLanguage": "JSONata")`,
            path,
            info,
          ),
        ];
      }
      return [draft(DiagnosticCodes.SCHEMA_INVALID_VALUE, `${fieldName} ${issue.message}`, path, info)];
    }
    case 'too_small':
    case 'too_big':
      return [draft(DiagnosticCodes.SCHEMA_INVALID_VALUE, `${fieldName} ${sizeMessage(issue)}`, path, info)];
    case 'invalid_value':
      return [
        draft(
          DiagnosticCodes.SCHEMA_INVALID_VALUE,
          `${fieldName} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, not ${describeJsonValue(info.value)}`,
          path,
          info,
        ),
      ];
    case 'custom': {
      if (path.includes('Choices')) {
        const where = choiceWhere(path, info);
        const unknown = /^unknown field "(.*)" in [^(]*?(?: \((did you mean [^)]*)\))?$/.exec(issue.message);
        if (unknown !== null) {
          const hint = unknown[2] === undefined ? '' : `: ${unknown[2]}`;
          return [
            draft(
              DiagnosticCodes.SCHEMA_UNKNOWN_FIELD,
              `Field '${unknown[1]}' is not supported by ${where}${hint}`,
              path,
              info,
            ),
          ];
        }
        return [draft(DiagnosticCodes.CHOICE_RULE_INVALID, `${sentence(where)}: ${issue.message}`, path, info)];
      }
      const separator = issue.message.startsWith('must ') ? ' ' : ': ';
      return [draft(DiagnosticCodes.SCHEMA_INVALID_VALUE, `${fieldName}${separator}${issue.message}`, path, info)];
    }
    default:
      return [draft(DiagnosticCodes.SCHEMA_INVALID_VALUE, `${fieldName}: ${issue.message}`, path, info)];
  }
}

/** "Choice rule 0 of state 'C' (Choice)" for any path inside a Choice rule. */
function choiceWhere(path: readonly PathSegment[], info: PathInfo): string {
  if (info.state === undefined) return info.where;
  const rest = path.slice(info.state.depth);
  if (rest[0] === 'Choices' && typeof rest[1] === 'number')
    return `Choice rule ${rest[1]} of ${describeState(info.state)}`;
  return info.where;
}
