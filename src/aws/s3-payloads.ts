/**
 * The {@link PayloadStore} on S3: a store's oversized values as objects of one bucket, under a
 * prefix, named by the SHA-256 of their bytes (so a repeated write is harmless and equal values share
 * one object). The bucket's lifecycle rule should expire them no earlier than the records naming them
 * (the CDK `StepstoneEngine` sets it to the record retention).
 *
 * @example
 * const store = new DynamoStore({ tableName: 'stepstone', payloads: { store: new S3PayloadStore({ bucket: 'stepstone-payloads' }) } });
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PayloadStore } from '../runtime/ports.js';

/** Options of {@link S3PayloadStore}. */
export interface S3PayloadStoreOptions {
  readonly bucket: string;
  /** Prepended to every key. @default 'payloads/' */
  readonly prefix?: string;
  /** @default new S3Client({}) — the standard SDK configuration (`AWS_ENDPOINT_URL_S3`, …) */
  readonly client?: S3Client;
}

/** Payloads as S3 objects. */
export class S3PayloadStore implements PayloadStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3PayloadStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? 'payloads/';
    this.s3 = options.client ?? new S3Client({});
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: data }));
  }

  async get(key: string): Promise<Uint8Array> {
    const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    if (response.Body === undefined) throw new Error(`payload s3://${this.bucket}/${this.prefix}${key} has no body`);
    return response.Body.transformToByteArray();
  }
}
