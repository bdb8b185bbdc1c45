/**
 * Typed errors of the AWS adapters. Each says what was refused and why, with the figures, so that a
 * poisoned step message's cause (which quotes the error) tells an operator what to change.
 */

/** An item would exceed DynamoDB's 400 KB item limit, even compressed. */
export class ItemTooLargeError extends Error {
  /** The same item is refused on every attempt: the runtime fails the execution at once. */
  readonly permanent = true;

  constructor(
    /** What the item holds, e.g. `frame record root v12 of arn:…`. */
    readonly what: string,
    /** The item's size in bytes, as DynamoDB counts it (when known). */
    readonly bytes: number | undefined,
    /** The limit, in bytes. */
    readonly limit: number,
  ) {
    super(
      `${what} is ${bytes === undefined ? '' : `${bytes} bytes, `}over DynamoDB's item limit of ${limit} bytes even after compression; ` +
        'keep large payloads in S3 and pass references through the workflow',
    );
    this.name = 'ItemTooLargeError';
  }
}

/** A commit named a version that does not follow the frame's newest one. */
export class FrameVersionSkippedError extends Error {
  constructor(
    readonly executionArn: string,
    readonly frameId: string,
    readonly version: number,
  ) {
    super(`commit of frame '${frameId}' v${version} of ${executionArn} skips versions: v${version - 1} does not exist`);
    this.name = 'FrameVersionSkippedError';
  }
}

/** A frame id or join id holds the key separator `#`. */
export class InvalidKeyPartError extends Error {
  constructor(kind: string, value: string) {
    super(`${kind} '${value}' must not contain '#', the key separator of the DynamoDB table`);
    this.name = 'InvalidKeyPartError';
  }
}

/** Some messages of a batch could not be sent to SQS, after retries. */
export class QueueSendError extends Error {
  constructor(
    /** The failed entries: SQS's code and message for each. */
    readonly failures: readonly { readonly code: string; readonly message: string; readonly senderFault: boolean }[],
  ) {
    const first = failures[0];
    super(
      `SQS refused ${failures.length} message(s) of a batch after retries` +
        (first === undefined ? '' : `; first: ${first.code}: ${first.message}`),
    );
    this.name = 'QueueSendError';
  }
}

/** A required setting is missing from the environment. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
