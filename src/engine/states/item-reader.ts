/**
 * A distributed Map's `ItemReader`: the engine resolves where and how to read (the reader's
 * `Parameters` or `Arguments`, its `ReaderConfig` with `MaxItems`) into an invocation the runtime
 * carries out like a task's; the runtime's invoker reads the items from Amazon S3 and answers them
 * as an array (src/integrations/item-reader.ts).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { StatesError, StatesErrors } from '../../asl/errors.js';
import { isJsonataExpression } from '../../asl/jsonata/index.js';
import type { MapState } from '../../asl/model/index.js';
import {
  effectiveInput,
  jsonataBindings,
  jsonataField,
  jsonataTemplate,
  numberAtPath,
  payloadOf,
} from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper } from '../step.js';
import type { ReaderConfig, TaskInvocation } from '../types.js';
import { classifyResource } from './task.js';

/** The `ItemReader` of a Map state, when it has one. */
export type ItemReader = NonNullable<MapState['ItemReader']>;

/** AWS's most items a reader reads (`MaxItems` above it reads them all). */
export const MAX_ITEMS_LIMIT = 100_000_000;

/**
 * The invocation that reads a Map state's items. A negative `MaxItems` fails with
 * `States.ItemReaderFailed` as AWS words it (recorded: `field MaxItems must be positive`).
 */
export async function itemReaderInvocation(
  stepper: Stepper,
  ps: ProgramState,
  reader: ItemReader,
): Promise<TaskInvocation> {
  const kind = classifyResource(reader.Resource);
  const config = reader.ReaderConfig ?? {};
  let parameters: unknown;
  let maxItems: number | undefined;
  if (ps.language === 'JSONata') {
    const input = stepper.frame.input;
    const bindings = jsonataBindings(stepper, { input });
    parameters =
      reader.Arguments === undefined ? {} : await jsonataTemplate(stepper, reader.Arguments, bindings, 'Arguments');
    if (typeof config.MaxItems === 'number') maxItems = config.MaxItems;
    else if (typeof config.MaxItems === 'string' && isJsonataExpression(config.MaxItems)) {
      maxItems = (await jsonataField(stepper, config.MaxItems, bindings, 'MaxItems', 'integer')) as number;
    }
  } else {
    const effective = effectiveInput(stepper, ps.state as MapState);
    parameters = reader.Parameters === undefined ? {} : payloadOf(stepper, reader.Parameters, effective, 'Parameters');
    if (typeof config.MaxItems === 'number') maxItems = config.MaxItems;
    else if (config.MaxItemsPath !== undefined) {
      maxItems = numberAtPath(stepper, 'MaxItemsPath', config.MaxItemsPath, effective, 'int');
    }
  }
  if (maxItems !== undefined && maxItems < 0) {
    throw new StatesError(StatesErrors.ItemReaderFailed, 'field MaxItems must be positive');
  }
  const readerConfig: ReaderConfig = {
    InputType: config.InputType,
    CSVHeaderLocation: config.CSVHeaderLocation,
    CSVHeaders: config.CSVHeaders,
    CSVDelimiter: config.CSVDelimiter,
    ManifestType: config.ManifestType,
    MaxItems: maxItems === undefined || maxItems > MAX_ITEMS_LIMIT ? 0 : maxItems,
  };
  return {
    resource: reader.Resource,
    stateName: stepper.frame.state,
    integration: kind.integration,
    pattern: 'RESPONSE',
    payload: parameters,
    parameters,
    idempotencyKey: `${stepper.execution.executionArn}/${stepper.frame.id}/${stepper.frame.transitions}/${stepper.frame.retryCount}/ItemReader`,
    itemReader: readerConfig,
  };
}
