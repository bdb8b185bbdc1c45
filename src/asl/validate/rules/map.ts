/**
 * Rule `map`: a Map state has exactly one of `ItemProcessor` and its legacy name `Iterator`, at most
 * one of `ItemSelector` and its legacy name `Parameters`, at most one of each field and its `…Path`
 * form, and `ItemReader`, `ItemBatcher` and `ResultWriter` only when its processor runs in
 * `DISTRIBUTED` mode.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
import { DiagnosticCodes } from '../codes.js';
import type { Rule } from '../rule.js';
import { describeState, isJsonObject } from '../tree.js';
import { checkExclusive } from './exclusive-fields.js';

const STATE_PAIRS = [
  ['ItemProcessor', 'Iterator'],
  ['ItemSelector', 'Parameters'],
  ['MaxConcurrency', 'MaxConcurrencyPath'],
  ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
  ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
];

const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter'];

/** Checks a Map state's processor, exclusive pairs and distributed-only fields. */
export const map: Rule = {
  name: 'map',
  check(context) {
    for (const state of context.tree.states) {
      if (state.type !== 'Map') continue;
      const value = state.value;
      const where = describeState(state);
      for (const pair of STATE_PAIRS) checkExclusive(context, state, value, state.path, pair, where);
      const processor = value.ItemProcessor ?? value.Iterator;
      if (processor === undefined) {
        context.report({
          code: DiagnosticCodes.MAP_PROCESSOR_MISSING,
          message: `${where} needs ItemProcessor: the state machine to run for each item`,
          path: state.path,
          state,
        });
      }
      const reader = value.ItemReader;
      if (isJsonObject(reader) && isJsonObject(reader.ReaderConfig)) {
        checkExclusive(
          context,
          state,
          reader.ReaderConfig,
          [...state.path, 'ItemReader', 'ReaderConfig'],
          ['MaxItems', 'MaxItemsPath'],
          `ItemReader.ReaderConfig of ${where}`,
        );
      }
      const batcher = value.ItemBatcher;
      if (isJsonObject(batcher)) {
        for (const pair of [
          ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'],
          ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'],
        ]) {
          checkExclusive(context, state, batcher, [...state.path, 'ItemBatcher'], pair, `ItemBatcher of ${where}`);
        }
      }
      const writer = value.ResultWriter;
      if (isJsonObject(writer)) {
        const problem = resultWriterProblem(writer);
        if (problem !== undefined) {
          context.report({
            code: DiagnosticCodes.RESULT_WRITER_INCOMPLETE,
            message: `ResultWriter of ${where} ${problem}`,
            path: [...state.path, 'ResultWriter'],
            state,
            field: 'ResultWriter',
          });
        }
      }
      const config = isJsonObject(processor) ? processor.ProcessorConfig : undefined;
      const mode = isJsonObject(config) ? config.Mode : undefined;
      if (mode === 'DISTRIBUTED') continue;
      for (const field of DISTRIBUTED_ONLY) {
        if (value[field] === undefined) continue;
        context.report({
          code: DiagnosticCodes.DISTRIBUTED_MAP_ONLY_FIELD,
          message: `${field} of ${where} is only allowed in a distributed Map: set "ProcessorConfig": { "Mode": "DISTRIBUTED" } in its ItemProcessor`,
          path: [...state.path, field],
          state,
          field,
        });
      }
    }
  },
};

/**
 * What is missing from a `ResultWriter`: AWS takes a `WriterConfig` alone (the results formatted as
 * the state's output), a `Resource` with its `Parameters` (or JSONata `Arguments`) naming the bucket,
 * or all of them.
 */
function resultWriterProblem(writer: Record<string, unknown>): string | undefined {
  const hasResource = writer.Resource !== undefined;
  const hasParameters = writer.Parameters !== undefined || writer.Arguments !== undefined;
  if (!hasResource && !hasParameters && writer.WriterConfig === undefined) {
    return 'cannot be empty: give it a WriterConfig, or a Resource with the Parameters that name the bucket, or both';
  }
  if (hasResource && !hasParameters) return 'has a Resource without the Parameters (or Arguments) that name the bucket';
  if (!hasResource && hasParameters)
    return 'has Parameters (or Arguments) without a Resource: "arn:aws:states:::s3:putObject"';
  if (hasResource && writer.Resource !== 'arn:aws:states:::s3:putObject') {
    return `writes with "arn:aws:states:::s3:putObject", not ${JSON.stringify(writer.Resource)}`;
  }
  return undefined;
}
