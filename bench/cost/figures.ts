/**
 * From what a run recorded to what it costs: DynamoDB units, SQS requests, Lambda invocations and
 * GB-seconds, priced with prices.ts, next to what Step Functions Standard and Express would charge
 * for the same execution.
 */
import type { ExecutionRun } from './drive.js';
import type { Recording } from './paths.js';
import { EXPRESS_MEMORY_MB, FUNCTION_MEMORY_MB, PRICES } from './prices.js';
import type { Workload } from './workloads.js';

/** Store operations a warm API function does not repeat: left out of the priced units. */
const ONCE_PER_CONTAINER = new Set(['putDefinition']);

/** One execution's figures on one adapter set. */
export interface PathFigures {
  readonly run: ExecutionRun;
  readonly recording: Recording;
  /** DynamoDB units as priced: billed (AWS) or metered (in-memory), once-per-container writes left out. */
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly sqs: { readonly sends: number; readonly receives: number; readonly deletes: number; readonly total: number };
  readonly invocations: { readonly worker: number; readonly api: number; readonly tasks: number };
  readonly gbSeconds: { readonly worker: number; readonly api: number };
  readonly usd: Cost;
  /** Bytes × months the execution's items are kept (billed basis only). */
  readonly storedByteMonths: number;
}

/** Dollars for one execution. */
export interface Cost {
  /** DynamoDB requests. */
  readonly dynamo: number;
  /** DynamoDB storage of the items the execution wrote, for as long as their TTL keeps them. */
  readonly storage: number;
  readonly sqs: number;
  readonly lambdaRequests: number;
  readonly lambdaDuration: number;
  /** What Stepstone costs: all of the above, storage included (the task functions' own invocations are the user's). */
  readonly stepstone: number;
  /** The task functions' invocation requests (the user's, as on Step Functions; not in `stepstone`). */
  readonly taskRequests: number;
  readonly standard: number;
  /** `undefined` when Express cannot run the workflow. */
  readonly express: number | undefined;
}

/** Lambda bills duration per started millisecond. */
function gbSeconds(durationsMs: readonly number[], memoryMb: number): number {
  return (durationsMs.reduce((sum, ms) => sum + Math.ceil(ms), 0) / 1000) * (memoryMb / 1024);
}

/** Prices one run; `basis` says whose DynamoDB units count. */
export function pathFigures(
  workload: Workload,
  run: ExecutionRun,
  recording: Recording,
  basis: 'billed' | 'metered',
): PathFigures {
  let writeUnits = 0;
  let readUnits = 0;
  let byteMonths = 0;
  if (basis === 'billed') {
    for (const [op, billed] of recording.billed) {
      if (ONCE_PER_CONTAINER.has(op)) continue;
      writeUnits += billed.writeUnits;
      readUnits += billed.readUnits;
      byteMonths += billed.storedByteMonths;
    }
  } else {
    for (const [op, meter] of recording.store) {
      if (ONCE_PER_CONTAINER.has(op)) continue;
      writeUnits += meter.writes.units;
      readUnits += meter.reads.units;
    }
  }
  const d = run.delivery;
  const sends = recording.queue.queueRequests;
  const sqs = { sends, receives: d.receives, deletes: d.deletes, total: sends + d.receives + d.deletes };
  const invocations = { worker: d.workerInvocations, api: d.apiMs.length, tasks: recording.invoker.invocations };
  const gb = {
    worker: gbSeconds(d.workerMs, FUNCTION_MEMORY_MB.worker),
    api: gbSeconds(d.apiMs, FUNCTION_MEMORY_MB.api),
  };
  const dynamo = writeUnits * PRICES.dynamoWru.usd + readUnits * PRICES.dynamoRru.usd;
  const storage = (byteMonths / 1e9) * PRICES.dynamoStorageGbMonth.usd;
  const sqsUsd = sqs.total * PRICES.sqsRequest.usd;
  const lambdaRequests = (invocations.worker + invocations.api) * PRICES.lambdaRequest.usd;
  const lambdaDuration = (gb.worker + gb.api) * PRICES.lambdaArmGbSecond.usd;
  const expressSeconds = Math.max(1, Math.ceil(run.wallMs / 100)) / 10;
  return {
    run,
    recording,
    writeUnits,
    readUnits,
    sqs,
    invocations,
    gbSeconds: gb,
    storedByteMonths: byteMonths,
    usd: {
      dynamo,
      storage,
      sqs: sqsUsd,
      lambdaRequests,
      lambdaDuration,
      stepstone: dynamo + storage + sqsUsd + lambdaRequests + lambdaDuration,
      taskRequests: invocations.tasks * PRICES.lambdaRequest.usd,
      standard: run.transitions * PRICES.sfnStandardTransition.usd,
      express: workload.expressEligible
        ? PRICES.sfnExpressRequest.usd + expressSeconds * (EXPRESS_MEMORY_MB / 1024) * PRICES.sfnExpressGbSecond.usd
        : undefined,
    },
  };
}

/** Dollars per million state transitions. */
export function perMillion(usd: number, transitions: number): number {
  return (usd / transitions) * 1e6;
}
