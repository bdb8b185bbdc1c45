/**
 * Rule `query-language`: each state uses only the fields of its query language. The effective
 * language of a state is its own `QueryLanguage`, else the state machine's, else JSONPath. A JSONPath
 * state machine may contain JSONata states, but a JSONata state machine may not contain JSONPath
 * states.
 *
 * JSONata states replace `InputPath`, `Parameters`, `ResultSelector`, `ResultPath` and `OutputPath`
 * with `Arguments` and `Output`, and every `…Path` field with a `{% … %}` expression in the field
 * itself; JSONPath states have no `Arguments`, `Output`, `Items` or Choice `Condition`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html (fields marked "JSONPath only")
 */
import { isJsonataExpression } from '../../jsonata/index.js';
import { isChoiceOperatorField } from '../../model/choice-rule.js';
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { Rule, RuleContext } from '../rule.js';
import { describeState, hasField, isJsonObject, type JsonObject, type StateNode } from '../tree.js';

/** State fields of JSONPath only, with what a JSONata state uses instead. */
const JSONPATH_STATE_FIELDS: Readonly<Record<string, string>> = {
  InputPath: 'Arguments',
  Parameters: 'Arguments',
  ResultSelector: 'Output',
  ResultPath: 'Output (and Assign)',
  OutputPath: 'Output',
  Result: 'Output',
  ItemsPath: 'Items',
  SecondsPath: 'Seconds with a {% … %} expression',
  TimestampPath: 'Timestamp with a {% … %} expression',
  TimeoutSecondsPath: 'TimeoutSeconds with a {% … %} expression',
  HeartbeatSecondsPath: 'HeartbeatSeconds with a {% … %} expression',
  ErrorPath: 'Error with a {% … %} expression',
  CausePath: 'Cause with a {% … %} expression',
  MaxConcurrencyPath: 'MaxConcurrency with a {% … %} expression',
  ToleratedFailurePercentagePath: 'ToleratedFailurePercentage with a {% … %} expression',
  ToleratedFailureCountPath: 'ToleratedFailureCount with a {% … %} expression',
};

/** State fields of JSONata only, with what a JSONPath state uses instead. */
const JSONATA_STATE_FIELDS: Readonly<Record<string, string>> = {
  Arguments: 'Parameters',
  Output: 'OutputPath or ResultSelector',
  Items: 'ItemsPath',
};

/** Number fields that a JSONata state may give as a `{% … %}` expression, but a JSONPath state may not. */
const EXPRESSION_NUMBER_FIELDS = [
  'Seconds',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
];

function languageSource(state: StateNode): string {
  return hasField(state.value, 'QueryLanguage')
    ? `"QueryLanguage": "${state.queryLanguage}"`
    : `the state machine's "QueryLanguage": "${state.queryLanguage}"`;
}

function reportJsonPathField(
  context: RuleContext,
  state: StateNode,
  path: readonly PathSegment[],
  field: string,
  instead: string,
  where: string,
): void {
  context.report({
    code: DiagnosticCodes.JSONPATH_ONLY_FIELD,
    message: `${field} in ${where} is a JSONPath field, but the state uses JSONata (${languageSource(state)}): use ${instead}`,
    path,
    state,
    field,
  });
}

function reportJsonataField(
  context: RuleContext,
  state: StateNode,
  path: readonly PathSegment[],
  field: string,
  instead: string,
  where: string,
): void {
  context.report({
    code: DiagnosticCodes.JSONATA_ONLY_FIELD,
    message: `${field} in ${where} is a JSONata field, but the state uses JSONPath: set "QueryLanguage": "JSONata" on the state (or the state machine), or use ${instead}`,
    path,
    state,
    field,
  });
}

function reportExpression(context: RuleContext, state: StateNode, path: readonly PathSegment[], field: string): void {
  context.report({
    code: DiagnosticCodes.JSONATA_EXPRESSION_IN_JSONPATH_STATE,
    message: `${field} of ${describeState(state)} is a JSONata expression, but the state uses JSONPath: give a number, use ${field}Path, or set "QueryLanguage": "JSONata"`,
    path,
    state,
    field,
  });
}

/** Fields of objects nested in a state (Catch rules, ItemReader, …), by language. */
function checkNested(context: RuleContext, state: StateNode): void {
  const jsonata = state.queryLanguage === 'JSONata';
  const value = state.value;
  const sub = (
    holder: unknown,
    holderPath: readonly PathSegment[],
    where: string,
    jsonPathFields: Readonly<Record<string, string>>,
    jsonataFields: Readonly<Record<string, string>>,
  ) => {
    if (!isJsonObject(holder)) return;
    for (const key of Object.keys(holder)) {
      if (jsonata && jsonPathFields[key] !== undefined) {
        reportJsonPathField(context, state, [...holderPath, key], key, jsonPathFields[key], where);
      } else if (!jsonata && jsonataFields[key] !== undefined) {
        reportJsonataField(context, state, [...holderPath, key], key, jsonataFields[key], where);
      }
    }
  };
  if (Array.isArray(value.Catch)) {
    value.Catch.forEach((catcher: unknown, index) => {
      sub(
        catcher,
        [...state.path, 'Catch', index],
        `Catch rule ${index} of ${describeState(state)}`,
        { ResultPath: 'Output' },
        { Output: 'ResultPath' },
      );
    });
  }
  if (state.type === 'Map') {
    for (const key of ['ItemReader', 'ResultWriter'] as const) {
      sub(
        value[key],
        [...state.path, key],
        `${key} of ${describeState(state)}`,
        { Parameters: 'Arguments' },
        { Arguments: 'Parameters' },
      );
    }
    const reader = value.ItemReader;
    if (isJsonObject(reader)) {
      sub(
        reader.ReaderConfig,
        [...state.path, 'ItemReader', 'ReaderConfig'],
        `ItemReader.ReaderConfig of ${describeState(state)}`,
        { MaxItemsPath: 'MaxItems with a {% … %} expression' },
        {},
      );
    }
    sub(
      value.ItemBatcher,
      [...state.path, 'ItemBatcher'],
      `ItemBatcher of ${describeState(state)}`,
      {
        MaxItemsPerBatchPath: 'MaxItemsPerBatch with a {% … %} expression',
        MaxInputBytesPerBatchPath: 'MaxInputBytesPerBatch with a {% … %} expression',
      },
      {},
    );
  }
  if (state.type === 'Choice' && Array.isArray(value.Choices)) {
    value.Choices.forEach((rule: unknown, index) => {
      if (!isJsonObject(rule)) return;
      const where = `Choice rule ${index} of ${describeState(state)}`;
      for (const key of Object.keys(rule)) {
        const path = [...state.path, 'Choices', index, key];
        const isJsonPathKey =
          key === 'Variable' || key === 'And' || key === 'Or' || key === 'Not' || isChoiceOperatorField(key);
        if (jsonata && isJsonPathKey) {
          reportJsonPathField(context, state, path, key, 'Condition with a {% … %} expression', where);
        } else if (!jsonata && (key === 'Condition' || key === 'Output')) {
          reportJsonataField(
            context,
            state,
            path,
            key,
            key === 'Condition' ? 'Variable with a comparison operator' : 'OutputPath',
            where,
          );
        }
      }
    });
  }
}

/** Number fields holding `{% … %}` in a JSONPath state. */
function checkExpressionValues(context: RuleContext, state: StateNode): void {
  if (state.queryLanguage !== 'JSONPath') return;
  const value = state.value;
  for (const field of EXPRESSION_NUMBER_FIELDS) {
    if (isJsonataExpression(value[field])) reportExpression(context, state, [...state.path, field], field);
  }
  if (state.type === 'Wait' && isJsonataExpression(value.Timestamp)) {
    reportExpression(context, state, [...state.path, 'Timestamp'], 'Timestamp');
  }
  if (state.type !== 'Map') return;
  const reader = value.ItemReader;
  const config: unknown = isJsonObject(reader) ? reader.ReaderConfig : undefined;
  if (isJsonObject(config) && isJsonataExpression(config.MaxItems)) {
    reportExpression(context, state, [...state.path, 'ItemReader', 'ReaderConfig', 'MaxItems'], 'MaxItems');
  }
  const batcher: unknown = value.ItemBatcher;
  if (isJsonObject(batcher)) {
    for (const field of ['MaxItemsPerBatch', 'MaxInputBytesPerBatch']) {
      if (isJsonataExpression((batcher as JsonObject)[field])) {
        reportExpression(context, state, [...state.path, 'ItemBatcher', field], field);
      }
    }
  }
}

/** Checks every state's fields against its effective query language. */
export const queryLanguage: Rule = {
  name: 'query-language',
  check(context) {
    const top = context.tree.queryLanguage;
    for (const state of context.tree.states) {
      if (top === 'JSONata' && state.value.QueryLanguage === 'JSONPath') {
        context.report({
          code: DiagnosticCodes.QUERY_LANGUAGE_CONFLICT,
          message: `${describeState(state)} sets "QueryLanguage": "JSONPath", but the state machine uses JSONata: a JSONata state machine cannot contain JSONPath states (set the state machine to JSONPath and mark its JSONata states instead)`,
          path: [...state.path, 'QueryLanguage'],
          state,
          field: 'QueryLanguage',
        });
      }
      const jsonata = state.queryLanguage === 'JSONata';
      for (const key of Object.keys(state.value)) {
        const jsonPathInstead =
          state.type === 'Map' && key === 'Parameters' ? 'ItemSelector' : JSONPATH_STATE_FIELDS[key];
        const jsonataInstead = JSONATA_STATE_FIELDS[key];
        if (jsonata && jsonPathInstead !== undefined) {
          reportJsonPathField(context, state, [...state.path, key], key, jsonPathInstead, describeState(state));
        } else if (!jsonata && jsonataInstead !== undefined) {
          reportJsonataField(context, state, [...state.path, key], key, jsonataInstead, describeState(state));
        }
      }
      checkNested(context, state);
      checkExpressionValues(context, state);
    }
  },
};
