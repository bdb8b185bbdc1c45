/**
 * Rule `paths`: in JSONPath states, path fields hold valid JSONPath, and fields that must name a
 * single value hold reference paths (no wildcards, filters, slices or `..`): `ResultPath`,
 * `SecondsPath`, `TimestampPath`, `TimeoutSecondsPath`, `HeartbeatSecondsPath`, the Map's `…Path`
 * fields, a Choice rule's `Variable` and its `…Path` operands. `ErrorPath` and `CausePath` may also
 * hold an intrinsic function call. Paths may start at the input (`$`), the Context object (`$$`) or a
 * variable (`$name`).
 *
 * @see https://states-language.net/spec.html#path
 * @see https://states-language.net/spec.html#ref-paths
 */
import { checkIntrinsic, isIntrinsicCall } from '../../intrinsics/index.js';
import { checkPath, type PathKind } from '../../jsonpath/index.js';
import { isChoiceOperatorField } from '../../model/choice-rule.js';
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { Rule, RuleContext } from '../rule.js';
import { describeState, isJsonObject, type JsonObject, type StateNode } from '../tree.js';

/** A path field: what kind of path it takes, and whether an intrinsic call may stand in for it. */
interface PathField {
  readonly kind: PathKind;
  readonly intrinsic?: boolean;
}

const STATE_PATH_FIELDS: Readonly<Record<string, PathField>> = {
  InputPath: { kind: 'path' },
  OutputPath: { kind: 'path' },
  ItemsPath: { kind: 'path' },
  ResultPath: { kind: 'reference' },
  SecondsPath: { kind: 'reference' },
  TimestampPath: { kind: 'reference' },
  TimeoutSecondsPath: { kind: 'reference' },
  HeartbeatSecondsPath: { kind: 'reference' },
  MaxConcurrencyPath: { kind: 'reference' },
  ToleratedFailurePercentagePath: { kind: 'reference' },
  ToleratedFailureCountPath: { kind: 'reference' },
  ErrorPath: { kind: 'reference', intrinsic: true },
  CausePath: { kind: 'reference', intrinsic: true },
};

/**
 * Checks one path value and reports what is wrong with it.
 *
 * @returns true when the value is fine (or not a string, which the schema reports).
 */
export function checkPathValue(
  context: RuleContext,
  state: StateNode,
  value: unknown,
  path: readonly PathSegment[],
  field: string,
  spec: PathField,
  where: string,
): boolean {
  if (typeof value !== 'string') return true;
  if (spec.intrinsic === true && isIntrinsicCall(value)) {
    const problem = checkIntrinsic(value);
    if (problem === undefined) return true;
    context.report({
      code: DiagnosticCodes.INVALID_INTRINSIC,
      message: `${field} of ${where} holds an invalid intrinsic function call: ${problem}`,
      path,
      state,
      field,
    });
    return false;
  }
  const syntax = checkPath(value, 'path');
  if (syntax !== undefined) {
    context.report({
      code: DiagnosticCodes.INVALID_PATH,
      message: `${field} of ${where}: ${syntax}${spec.intrinsic === true ? ' (nor an intrinsic function call)' : ''}`,
      path,
      state,
      field,
    });
    return false;
  }
  if (spec.kind !== 'reference') return true;
  const reference = checkPath(value, 'reference');
  if (reference === undefined) return true;
  context.report({
    code: DiagnosticCodes.INVALID_REFERENCE_PATH,
    message: `${field} of ${where} must name a single value: ${reference}`,
    path,
    state,
    field,
  });
  return false;
}

function checkFields(
  context: RuleContext,
  state: StateNode,
  holder: unknown,
  holderPath: readonly PathSegment[],
  fields: Readonly<Record<string, PathField>>,
  where: string,
): void {
  if (!isJsonObject(holder)) return;
  for (const [field, spec] of Object.entries(fields)) {
    if (Object.hasOwn(holder, field)) {
      checkPathValue(context, state, holder[field], [...holderPath, field], field, spec, where);
    }
  }
}

/** A Choice rule's `Variable` and `…Path` operands, through `And`, `Or` and `Not`. */
function checkChoiceRule(
  context: RuleContext,
  state: StateNode,
  rule: JsonObject,
  path: readonly PathSegment[],
  where: string,
): void {
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || (isChoiceOperatorField(key) && key.endsWith('Path'))) {
      checkPathValue(context, state, value, [...path, key], key, { kind: 'reference' }, where);
    } else if ((key === 'And' || key === 'Or') && Array.isArray(value)) {
      value.forEach((inner: unknown, index) => {
        if (isJsonObject(inner)) checkChoiceRule(context, state, inner, [...path, key, index], where);
      });
    } else if (key === 'Not' && isJsonObject(value)) {
      checkChoiceRule(context, state, value, [...path, key], where);
    }
  }
}

/** Checks every path field of every JSONPath state. */
export const paths: Rule = {
  name: 'paths',
  check(context) {
    for (const state of context.tree.states) {
      if (state.queryLanguage !== 'JSONPath') continue;
      const value = state.value;
      const where = describeState(state);
      checkFields(context, state, value, state.path, STATE_PATH_FIELDS, where);
      if (Array.isArray(value.Catch)) {
        value.Catch.forEach((catcher: unknown, index) => {
          checkFields(
            context,
            state,
            catcher,
            [...state.path, 'Catch', index],
            { ResultPath: { kind: 'reference' } },
            `Catch rule ${index} of ${where}`,
          );
        });
      }
      if (state.type === 'Map') {
        const reader = value.ItemReader;
        if (isJsonObject(reader)) {
          checkFields(
            context,
            state,
            reader.ReaderConfig,
            [...state.path, 'ItemReader', 'ReaderConfig'],
            { MaxItemsPath: { kind: 'reference' } },
            `ItemReader.ReaderConfig of ${where}`,
          );
        }
        checkFields(
          context,
          state,
          value.ItemBatcher,
          [...state.path, 'ItemBatcher'],
          { MaxItemsPerBatchPath: { kind: 'reference' }, MaxInputBytesPerBatchPath: { kind: 'reference' } },
          `ItemBatcher of ${where}`,
        );
      }
      if (state.type === 'Choice' && Array.isArray(value.Choices)) {
        value.Choices.forEach((rule: unknown, index) => {
          if (isJsonObject(rule)) {
            checkChoiceRule(
              context,
              state,
              rule,
              [...state.path, 'Choices', index],
              `Choice rule ${index} of ${where}`,
            );
          }
        });
      }
    }
  },
};
