/**
 * awsRuntimeFromEnv and the item codec: pure checks that need no emulator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson, itemSize } from '../../src/aws/codec.js';
import { awsRuntimeFromEnv, awsSettingsFromEnv } from '../../src/aws/config.js';
import { DynamoStore } from '../../src/aws/dynamo-store.js';
import { ConfigurationError } from '../../src/aws/errors.js';
import { SqsQueue } from '../../src/aws/sqs-queue.js';
import { IntegrationInvoker } from '../../src/integrations/invoker.js';

const QUEUE = 'http://127.0.0.1:4566/000000000000/steps';

describe('awsRuntimeFromEnv', () => {
  it('builds a runtime on DynamoDB, SQS and the integrations invoker when the table and queue are named', () => {
    const runtime = awsRuntimeFromEnv({ env: { STEPSTONE_TABLE: 'stepstone', STEPSTONE_QUEUE_URL: QUEUE } });
    expect(runtime.deps.store).toBeInstanceOf(DynamoStore);
    expect(runtime.deps.queue).toBeInstanceOf(SqsQueue);
    expect(runtime.deps.queue.maxDelaySeconds).toBe(900);
    expect(runtime.deps.invoker).toBeInstanceOf(IntegrationInvoker);
  });

  it('names the missing variable when STEPSTONE_TABLE or STEPSTONE_QUEUE_URL is absent', () => {
    expect(() => awsRuntimeFromEnv({ env: { STEPSTONE_QUEUE_URL: QUEUE } })).toThrow(/STEPSTONE_TABLE/);
    expect(() => awsRuntimeFromEnv({ env: { STEPSTONE_TABLE: 't', STEPSTONE_QUEUE_URL: '' } })).toThrow(
      ConfigurationError,
    );
  });

  it('reads STEPSTONE_MAX_RECEIVES as a whole number and refuses anything else', () => {
    const env = { STEPSTONE_TABLE: 't', STEPSTONE_QUEUE_URL: QUEUE };
    expect(awsSettingsFromEnv({ ...env, STEPSTONE_MAX_RECEIVES: '3' }).maxReceives).toBe(3);
    expect(awsSettingsFromEnv(env).maxReceives).toBeUndefined();
    expect(() => awsSettingsFromEnv({ ...env, STEPSTONE_MAX_RECEIVES: 'five' })).toThrow(/STEPSTONE_MAX_RECEIVES/);
    expect(() => awsSettingsFromEnv({ ...env, STEPSTONE_MAX_RECEIVES: '0' })).toThrow(ConfigurationError);
  });
});

describe('item codec', () => {
  it('keeps JSON of 512 bytes or less as text', async () => {
    const value = { text: 'x'.repeat(480) };
    expect(await encodeJson(value)).toBe(JSON.stringify(value));
  });

  it('compresses longer JSON into bytes that decode to the same value', async () => {
    const value = { items: Array.from({ length: 200 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i % 5 })) };
    const encoded = await encodeJson(value);
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect((encoded as Uint8Array).length).toBeLessThan(JSON.stringify(value).length / 4);
    expect(decodeJson(encoded)).toEqual(value);
  });

  it('spends the best compression when the fast one leaves the item just over a write unit', async () => {
    // The order saga's start, as its first commit records it.
    const value = {
      input: JSON.parse(readFileSync(new URL('../../definitions/order-saga.input.json', import.meta.url), 'utf8')),
      definition: JSON.parse(readFileSync(new URL('../../definitions/order-saga.asl.json', import.meta.url), 'utf8')),
    };
    const fast = (await encodeJson(value)) as Uint8Array;
    // The rest of the item takes the body 4 bytes over the 1 KB boundary.
    const overhead = 1024 - fast.length + 4;
    const best = (await encodeJson(value, overhead)) as Uint8Array;
    expect(best.length).toBeLessThan(fast.length);
    expect(overhead + best.length).toBeLessThanOrEqual(1024);
    expect(decodeJson(best)).toEqual(value);
  });

  it('sizes an item as DynamoDB does: UTF-8 names and values, numbers by digits', () => {
    // "pk"(2) + 5 bytes, "name"(4) + "café"(5 bytes), "b"(1) + 3 bytes, "n"(1) + 123456 (3 + 1)
    expect(itemSize({ pk: 'EXEC#', name: 'café', b: new Uint8Array(3), n: 123456 })).toBe(
      2 + 5 + 4 + 5 + 1 + 3 + 1 + 4,
    );
  });
});
