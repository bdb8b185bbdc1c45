/**
 * The Amazon S3 calls workflows make besides `aws-sdk:s3:*`: a Distributed Map's `ItemReader`
 * (`arn:aws:states:::s3:getObject`, `arn:aws:states:::s3:listObjectsV2`) and `ResultWriter`
 * (`arn:aws:states:::s3:putObject`). Each answers an {@link InvocationResult}: the object's text, the
 * listing, or the failure named as Step Functions names S3's errors (`S3.NoSuchKeyException`,
 * `S3.NoSuchBucketException`).
 *
 * @example
 * const read = await getObjectText(clients, 'us-east-1', { Bucket: 'inputs', Key: 'items.json' });
 * if (read.ok) items = JSON.parse(read.output as string);
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { InvocationResult } from '../runtime/ports.js';
import type { AwsClients } from './clients.js';
import { sdkServiceFailure } from './errors.js';
import { fromSdkOutput } from './sdk-shapes.js';

/** Where an object is. */
export interface ObjectLocation {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string | undefined;
}

/** Reads an object as UTF-8 text: `output` is the text. */
export async function getObjectText(
  clients: AwsClients,
  region: string,
  location: ObjectLocation,
): Promise<InvocationResult> {
  try {
    const response = await clients.get(S3Client, region).send(new GetObjectCommand(location));
    return { ok: true, output: (await response.Body?.transformToString('utf8')) ?? '' };
  } catch (error) {
    return sdkServiceFailure(error, 'S3');
  }
}

/** Writes UTF-8 text to an object: `output` is `PutObject`'s response (`ETag`, …). */
export async function putObjectText(
  clients: AwsClients,
  region: string,
  location: ObjectLocation & { readonly ContentType?: string },
  text: string,
): Promise<InvocationResult> {
  try {
    const response = await clients.get(S3Client, region).send(new PutObjectCommand({ ...location, Body: text }));
    return { ok: true, output: await fromSdkOutput(undefined, response, { pascalCase: false }) };
  } catch (error) {
    return sdkServiceFailure(error, 'S3');
  }
}

/** One page of `ListObjectsV2`: `output` is the response (`Contents`, `NextContinuationToken`, …), dates as ISO text. */
export async function listObjectsV2(
  clients: AwsClients,
  region: string,
  request: { readonly Bucket: string; readonly Prefix?: string; readonly ContinuationToken?: string },
): Promise<InvocationResult> {
  try {
    const response = await clients.get(S3Client, region).send(new ListObjectsV2Command(request));
    return { ok: true, output: await fromSdkOutput(undefined, response, { pascalCase: false }) };
  } catch (error) {
    return sdkServiceFailure(error, 'S3');
  }
}
