/**
 * A distributed Map's `ResultWriter` on Amazon S3: puts the result files and then the manifest that
 * the engine built (src/engine/states/result-writer.ts), in order, so that a manifest exists only
 * once every file it names does. A failure of S3 (a missing bucket, access denied) answers
 * `States.ResultWriterFailed` with S3's message.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import { StatesErrors } from '../asl/errors.js';
import { resultsPrefix } from '../engine/states/result-writer.js';
import type { ResultObjects, TaskInvocation } from '../engine/types.js';
import type { InvocationResult } from '../runtime/ports.js';
import type { AwsClients } from './clients.js';
import { type ArnScope, literalString, type PermissionStatement, type TaskParameters } from './permissions.js';
import { putObjectText } from './s3.js';

/** Puts the objects of `task` (an invocation with `resultWriter`); `output` is the manifest's location. */
export async function writeResults(
  task: TaskInvocation,
  clients: AwsClients,
  region: string,
): Promise<InvocationResult> {
  const { Bucket, objects } = task.resultWriter as ResultObjects;
  for (const { Key, Body } of objects) {
    const put = await putObjectText(clients, region, { Bucket, Key, ContentType: 'application/json' }, Body);
    if (!put.ok) return { ok: false, error: StatesErrors.ResultWriterFailed, cause: put.cause ?? put.error };
  }
  return { ok: true, output: { Bucket, Key: objects.at(-1)?.Key } };
}

/**
 * What a `ResultWriter` needs, from its `Parameters`/`Arguments` as written: `s3:PutObject` on the
 * objects under its prefix (`arn:aws:s3:::<bucket>/<prefix>/*`; every object of the bucket when the
 * prefix is computed at run time); a computed bucket is left to the deployer.
 */
export function resultWriterPermissions(parameters: TaskParameters, scope: ArnScope): PermissionStatement[] {
  const actions = ['s3:PutObject'];
  const bucket = literalString(parameters, 'Bucket');
  if (bucket === undefined) return [{ actions, resources: [], unresolved: ['Bucket'] }];
  const prefix = Object.hasOwn(parameters, 'Prefix') ? literalString(parameters, 'Prefix') : '';
  const folder = prefix === undefined ? '' : resultsPrefix(prefix);
  return [{ actions, resources: [`arn:${scope.partition}:s3:::${bucket}/${folder}*`], unresolved: [] }];
}
