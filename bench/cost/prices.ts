/**
 * AWS list prices, US East (N. Virginia), on-demand, without free tiers or volume tiers beyond the
 * first. Read on 2026-11-22 from the pages named in `source` (and, where the AWS page renders its
 * figures client-side, from the secondary page named after it, checked against AWS's own wording).
 */

/** A price with where it comes from. */
export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
}

/** The prices the cost benchmark uses. */
export const PRICES = {
  /** On-demand write request unit (1 KB written; transactional writes take 2). Halved on 2024-11-01. */
  dynamoWru: {
    usd: 0.625 / 1e6,
    unit: 'write request unit',
    source:
      'https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million WRU since the 2024-11-01 reduction; figure as quoted by https://airbyte.com/data-engineering-resources/dynamodb-pricing)',
  },
  /** On-demand read request unit (a strongly consistent read of up to 4 KB). */
  dynamoRru: {
    usd: 0.125 / 1e6,
    unit: 'read request unit',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.125 per million RRU, same source as WRU)',
  },
  /** Storage, Standard table class, after the first 25 GB a month (not in the per-transition figure). */
  dynamoStorageGbMonth: {
    usd: 0.25,
    unit: 'GB-month',
    source: 'https://aws.amazon.com/dynamodb/pricing/ ("prices start from $0.25 per GB-month" after 25 GB free)',
  },
  /** SQS standard queue request; each 64 KB chunk of a request's payload is billed as one request. */
  sqsRequest: {
    usd: 0.4 / 1e6,
    unit: 'request (64 KB chunk)',
    source:
      'https://aws.amazon.com/sqs/pricing/ ($0.40 per million standard requests, first 100 billion a month; per https://cloudburn.io/blog/amazon-sqs-pricing, March 2026)',
  },
  /** Lambda request (any architecture). */
  lambdaRequest: {
    usd: 0.2 / 1e6,
    unit: 'invocation',
    source: 'https://aws.amazon.com/lambda/pricing/ ($0.20 per million requests)',
  },
  /** Lambda duration on arm64, first 7.5 billion GB-seconds a month; billed per ms. */
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second (arm64)',
    source:
      'https://aws.amazon.com/lambda/pricing/ ($0.0000133334 per GB-s arm64, first 7.5 billion GB-s; per https://cloudchipr.com/blog/aws-lambda-pricing)',
  },
  /** Step Functions Standard state transition ($0.025 per 1,000). */
  sfnStandardTransition: {
    usd: 25 / 1e6,
    unit: 'state transition',
    source: 'https://aws.amazon.com/step-functions/pricing/ ($0.025 per 1,000 state transitions)',
  },
  /** Step Functions Express request. */
  sfnExpressRequest: {
    usd: 1 / 1e6,
    unit: 'execution',
    source: 'https://aws.amazon.com/step-functions/pricing/ ($1.00 per million requests)',
  },
  /**
   * Step Functions Express duration: $0.06 per GB-hour for the first 1,000 GB-hours, duration rounded
   * up to 100 ms, memory in 64 MB chunks (50 MB + definition + data per Map/Parallel step).
   */
  sfnExpressGbSecond: {
    usd: 0.06 / 3600,
    unit: 'GB-second (Express, first 1,000 GB-hours)',
    source: 'https://aws.amazon.com/step-functions/pricing/ ($0.06 per GB-hour, 100 ms and 64 MB increments)',
  },
} as const satisfies Record<string, Price>;

/** The date the prices were read. */
export const PRICES_READ_ON = '2026-11-22';

/** Memory of the functions as `cdk/lib/stepstone-engine.ts` deploys them (arm64), in MB. */
export const FUNCTION_MEMORY_MB = { worker: 1024, api: 512 } as const;

/** Express memory billed for these small workflows: one 64 MB chunk. */
export const EXPRESS_MEMORY_MB = 64;
