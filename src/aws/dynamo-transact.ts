/**
 * TransactWriteItems with the two outcomes the store cares about told apart: a condition failed
 * (the answer: "already there"), or the transaction collided with another one on the same items
 * (retried with jittered back-off, as AWS advises for `TransactionConflict`).
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** How a transaction ended. */
export type TransactOutcome =
  | { readonly ok: true }
  /** Indexes of the actions whose condition failed; nothing was written. */
  | { readonly ok: false; readonly failedConditions: readonly number[] };

/** Cancellation reasons that a retry may clear. */
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** Options of {@link transactWrite}. */
export interface TransactOptions {
  /** Attempts before a collision is reported as an error. @default 10 */
  readonly attempts?: number;
  /** Called with the response's consumed capacity (when the input asks for it). */
  readonly onConsumed?: (writeUnits: number) => void;
}

/** Runs a write transaction; see the module comment. */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  options: TransactOptions = {},
): Promise<TransactOutcome> {
  const attempts = options.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await doc.send(new TransactWriteCommand(input));
      const units = (response.ConsumedCapacity ?? []).reduce(
        (sum, c) => sum + (c.WriteCapacityUnits ?? c.CapacityUnits ?? 0),
        0,
      );
      options.onConsumed?.(units);
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) {
        if (attempt < attempts && isTransientError(error)) {
          await backOff(attempt);
          continue;
        }
        throw error;
      }
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      const failed = codes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
      if (failed.length > 0) return { ok: false, failedConditions: failed };
      if (attempt < attempts && codes.some((code) => TRANSIENT.has(code))) {
        await backOff(attempt);
        continue;
      }
      throw error;
    }
  }
}

/** `TransactionInProgressException` and throttling are worth another attempt. */
function isTransientError(error: unknown): boolean {
  return error instanceof Error && /TransactionInProgress|Throttl/.test(error.name);
}

/** Full-jitter exponential back-off: up to 20 ms × 2^attempt, at most 1 s. */
function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(1000, 20 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
