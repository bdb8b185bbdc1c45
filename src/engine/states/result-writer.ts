/**
 * A distributed Map's `ResultWriter`: what the map run's child executions returned, formatted by
 * `WriterConfig` and, when the writer has a `Resource`, written to Amazon S3 under
 * `<Prefix>/<map run id>/` as AWS writes it — `SUCCEEDED_0.json`, `FAILED_0.json`, `PENDING_0.json`
 * (those that have records) and `manifest.json` naming them. The engine builds the objects; the
 * runtime's invoker puts them (src/integrations/result-writer.ts).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import { StatesError, StatesErrors } from '../../asl/errors.js';
import type { MapState } from '../../asl/model/index.js';
import { effectiveInput, jsonataBindings, jsonataTemplate, payloadOf } from '../io-processing.js';
import type { ProgramState } from '../program.js';
import type { Stepper } from '../step.js';
import type { ChildResult, ResultStatus, TaskInvocation } from '../types.js';
import { childExecutionArn, childExecutionName, childStateMachineArn } from './child-executions.js';
import { classifyResource } from './task.js';

/** The `ResultWriter` of a Map state, when it has one. */
export type ResultWriter = NonNullable<MapState['ResultWriter']>;

/** `WriterConfig.Transformation`: how each succeeded child's result is written. */
export type Transformation = 'NONE' | 'COMPACT' | 'FLATTEN';

/** `WriterConfig.OutputType`: a JSON array, or JSON Lines. */
export type OutputType = 'JSON' | 'JSONL';

/**
 * A map run's children: their inputs, and how those that ran ended (in index order). A run whose
 * children were fed a page at a time (`fed`) keeps them in the store instead, and its results are
 * streamed from there to S3.
 */
export interface MapRunChildren {
  readonly mapRunArn: string;
  readonly inputs: readonly unknown[];
  readonly results: readonly ChildResult[];
  readonly fed?: { readonly joinId: string; readonly total: number } | undefined;
}

/** Where the manifest is: the Map state's `ResultWriterDetails`. */
export interface ResultWriterDetails {
  readonly Bucket: string;
  readonly Key: string;
}

/** A status a result file holds. */
type FileStatus = ResultStatus;

const FILE_STATUSES: readonly FileStatus[] = ['FAILED', 'PENDING', 'SUCCEEDED'];

/** The files a manifest names, by status. */
export type ResultFiles = Record<FileStatus, { Key: string; Size: number }[]>;

/** The key of the (first) file of a status: `<folder><status>_0.json` or `.jsonl`. */
export function resultFileKey(folder: string, status: FileStatus, outputType: OutputType): string {
  return `${folder}${status}_0.${outputType === 'JSONL' ? 'jsonl' : 'json'}`;
}

/** `manifest.json`, naming the files written (sizes in bytes). */
export function manifestBody(bucket: string, mapRunArn: string, files: ResultFiles): string {
  return JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files });
}

/**
 * The writer's `WriterConfig` with AWS's defaults: `Transformation` `NONE` when the results are
 * exported to S3, `COMPACT` when they are only the state's output; `OutputType` `JSON`.
 */
export function writerConfig(writer: ResultWriter): { transformation: Transformation; outputType: OutputType } {
  const config = writer.WriterConfig ?? {};
  return {
    transformation: config.Transformation ?? (writer.Resource === undefined ? 'COMPACT' : 'NONE'),
    outputType: config.OutputType ?? 'JSON',
  };
}

/**
 * The results as the state's output when the writer has only a `WriterConfig`: each child's output
 * in item order, transformed; a failed child's record is kept whole, as AWS keeps it.
 */
export function transformedResults(stepper: Stepper, children: MapRunChildren, writer: ResultWriter): unknown[] {
  const { transformation } = writerConfig(writer);
  const byIndex = new Map(children.results.map((r) => [r.index, r]));
  const out: unknown[] = [];
  for (let index = 0; index < children.inputs.length; index++) {
    const result = byIndex.get(index);
    if (result === undefined) continue;
    if (result.status === 'SUCCEEDED' && transformation !== 'NONE') {
      addTransformed(out, result.output, transformation);
    } else {
      out.push(childRecord(stepper, children, index, result));
    }
  }
  return out;
}

function addTransformed(out: unknown[], output: unknown, transformation: Transformation): void {
  if (transformation === 'FLATTEN' && Array.isArray(output)) for (const element of output) out.push(element);
  else out.push(output);
}

/** A child execution's record as {@link resultRecord} writes it, from the step's ids and time. */
function childRecord(
  stepper: Stepper,
  children: MapRunChildren,
  index: number,
  result: ChildResult | undefined,
): Record<string, unknown> {
  return resultRecord(children.mapRunArn, children.inputs[index], result, index, stepper.isoNow());
}

/**
 * A child execution's record, in `DescribeExecution`'s shape with its members in PascalCase (the
 * `NONE` transformation, and every failed child): its ARN under the map run's state machine
 * (`…:execution:<state machine>/<label>:<name>`, child `index`'s name, see child-executions.ts), input and output as JSON text,
 * status, dates (`now` for those the result lacks). A child that never started (`PENDING`) has its
 * input only.
 */
export function resultRecord(
  mapRunArn: string,
  childInput: unknown,
  result: ChildResult | undefined,
  index: number,
  now: string,
): Record<string, unknown> {
  const input = { Input: JSON.stringify(childInput ?? null), InputDetails: { Included: true } };
  if (result === undefined) return { ...input, Status: 'PENDING' };
  const stateMachineArn = childStateMachineArn(mapRunArn);
  const executionArn = childExecutionArn(mapRunArn, index);
  const name = childExecutionName(mapRunArn, index);
  const dates = { StartDate: result.startDate ?? now };
  if (result.status === 'SUCCEEDED') {
    return {
      ExecutionArn: executionArn,
      ...input,
      Name: name,
      Output: JSON.stringify(result.output ?? null),
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      ...dates,
      StateMachineArn: stateMachineArn,
      Status: 'SUCCEEDED',
      StopDate: result.stopDate ?? now,
    };
  }
  return {
    ...(result.cause === undefined ? {} : { Cause: result.cause }),
    Error: result.error,
    ExecutionArn: executionArn,
    ...input,
    Name: name,
    RedriveCount: 0,
    RedriveStatus: 'REDRIVABLE',
    ...dates,
    StateMachineArn: stateMachineArn,
    Status: 'FAILED',
    StopDate: result.stopDate ?? now,
  };
}

/**
 * The records of one child in the files a writer puts, with each one's status: a succeeded child's
 * output transformed (a `FLATTEN`ed array gives one record per element), or its record (`NONE`, and
 * every failed or never started child).
 */
export function* recordsOfChild(
  mapRunArn: string,
  childInput: () => unknown,
  result: ChildResult | undefined,
  transformation: Transformation,
  index: number,
  now: string,
): Generator<{ status: FileStatus; record: unknown }> {
  if (result?.status === 'SUCCEEDED' && transformation !== 'NONE') {
    const out: unknown[] = [];
    addTransformed(out, result.output, transformation);
    for (const record of out) yield { status: 'SUCCEEDED', record };
    return;
  }
  const status: FileStatus = result === undefined ? 'PENDING' : result.status;
  yield { status, record: resultRecord(mapRunArn, childInput(), result, index, now) };
}

/** Where under a writer's `Prefix` its map runs' folders go: the prefix, with a `/` added unless empty. */
export function resultsPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** The writer's `Parameters` (JSONPath) or `Arguments` (JSONata), resolved: the bucket and prefix. */
async function destination(
  stepper: Stepper,
  ps: ProgramState,
  writer: ResultWriter,
): Promise<{ Bucket: string; Prefix: string }> {
  let parameters: unknown;
  if (ps.language === 'JSONata') {
    const bindings = jsonataBindings(stepper, { input: stepper.frame.input });
    parameters =
      writer.Arguments === undefined ? {} : await jsonataTemplate(stepper, writer.Arguments, bindings, 'Arguments');
  } else {
    const effective = effectiveInput(stepper, ps.state as MapState);
    parameters = writer.Parameters === undefined ? {} : payloadOf(stepper, writer.Parameters, effective, 'Parameters');
  }
  const { Bucket, Prefix } = (parameters ?? {}) as { Bucket?: unknown; Prefix?: unknown };
  if (typeof Bucket !== 'string' || Bucket === '') {
    throw new StatesError(
      StatesErrors.ResultWriterFailed,
      `The ResultWriter's Bucket must be a non-empty string, not ${JSON.stringify(Bucket ?? null)}.`,
    );
  }
  if (Prefix !== undefined && typeof Prefix !== 'string') {
    throw new StatesError(
      StatesErrors.ResultWriterFailed,
      `The ResultWriter's Prefix must be a string, not ${JSON.stringify(Prefix)}.`,
    );
  }
  return { Bucket, Prefix: Prefix ?? '' };
}

/**
 * The invocation that puts a map run's result files and its manifest, and the manifest's location.
 * The files go under `<Prefix>/<map run id>/` (a `/` is added to a prefix that does not end with
 * one); a file holds the records of one status, in item order, as a JSON array or JSON Lines
 * (`.json` / `.jsonl`).
 */
export async function resultWriterInvocation(
  stepper: Stepper,
  ps: ProgramState,
  writer: ResultWriter,
  children: MapRunChildren,
): Promise<{ task: TaskInvocation; details: ResultWriterDetails }> {
  const { Bucket, Prefix } = await destination(stepper, ps, writer);
  const { transformation, outputType } = writerConfig(writer);
  const runId = children.mapRunArn.slice(children.mapRunArn.lastIndexOf(':') + 1);
  const folder = `${resultsPrefix(Prefix)}${runId}/`;
  const manifest = `${folder}manifest.json`;
  const resource = writer.Resource as string;
  const parameters = { Bucket, Prefix };
  const task = {
    resource,
    stateName: stepper.frame.state,
    integration: classifyResource(resource).integration,
    pattern: 'RESPONSE' as const,
    payload: parameters,
    parameters,
    idempotencyKey: `${stepper.execution.executionArn}/${stepper.frame.id}/${stepper.frame.transitions}/${stepper.frame.retryCount}/ResultWriter`,
  };
  if (children.fed !== undefined) {
    const stream = { mapRunArn: children.mapRunArn, ...children.fed, folder, transformation, outputType };
    return { task: { ...task, resultWriter: { Bucket, objects: [], stream } }, details: { Bucket, Key: manifest } };
  }
  const records: Record<FileStatus, unknown[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const byIndex = new Map(children.results.map((r) => [r.index, r]));
  for (let index = 0; index < children.inputs.length; index++) {
    const input = () => children.inputs[index];
    const now = stepper.isoNow();
    for (const { status, record } of recordsOfChild(
      children.mapRunArn,
      input,
      byIndex.get(index),
      transformation,
      index,
      now,
    )) {
      records[status].push(record);
    }
  }
  const objects: { Key: string; Body: string }[] = [];
  const files: ResultFiles = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of FILE_STATUSES) {
    if (records[status].length === 0) continue;
    const Key = resultFileKey(folder, status, outputType);
    const Body =
      outputType === 'JSONL'
        ? records[status].map((record) => JSON.stringify(record)).join('\n')
        : JSON.stringify(records[status]);
    objects.push({ Key, Body });
    files[status].push({ Key, Size: Buffer.byteLength(Body, 'utf8') });
  }
  objects.push({ Key: manifest, Body: manifestBody(Bucket, children.mapRunArn, files) });
  return { task: { ...task, resultWriter: { Bucket, objects } }, details: { Bucket, Key: manifest } };
}
