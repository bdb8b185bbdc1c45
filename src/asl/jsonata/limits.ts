/**
 * The bounds AWS puts on one JSONata evaluation, enforced through the jsonata library's
 * per-step entry and exit hooks. All are deterministic: nothing here reads a clock.
 *
 * Measured on AWS by the Floci project (not in the recorded cases here):
 * - nesting depth: accepted at 100, refused at 101 (`Stack overflow error: …`);
 * - the largest value one step builds: `[1..873782]` accepted, one element more refused, a string
 *   of 2^22 characters accepted and 2^23 refused (`Expression evaluation memory limit exceeded: …`),
 *   read here as 8 bytes a number and 1 a character against 6,990,256 bytes;
 * - AWS also stops a runaway evaluation by time. A clock is not allowed here, so the stand-in is a
 *   budget of evaluation steps, {@link JSONATA_MAX_STEPS}, far above what a real payload needs.
 *
 * These errors carry no JSONata code, so AWS's cause reads `threw an error during evaluation: <message>`.
 */

/** Deepest evaluation nesting AWS accepts. */
export const JSONATA_MAX_DEPTH = 100;

/** What one number counts for against {@link JSONATA_MAX_VALUE_BYTES}. */
export const JSONATA_NUMBER_BYTES = 8;

/** The largest value (in bytes) one evaluation step may build: 873,782 numbers. */
export const JSONATA_MAX_VALUE_BYTES = 873_782 * JSONATA_NUMBER_BYTES;

/**
 * Evaluation steps one expression may take before it is stopped as a runaway loop: about two
 * seconds of jsonata on a laptop, and some twenty times what mapping a lambda over 100,000 items takes.
 */
export const JSONATA_MAX_STEPS = 2_000_000;

/** An evaluation bound tripped: a JSONata error without a code. */
export class JsonataLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonataLimitError';
  }
}

/** AWS's message when one step builds a value past {@link JSONATA_MAX_VALUE_BYTES}. */
export function memoryLimitError(): JsonataLimitError {
  return new JsonataLimitError('Expression evaluation memory limit exceeded: Check for excessive memory usage');
}

/** AWS's message when evaluation nests deeper than {@link JSONATA_MAX_DEPTH}. */
export function stackOverflowError(): JsonataLimitError {
  return new JsonataLimitError(
    'Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.',
  );
}

/** The message when evaluation takes more than {@link JSONATA_MAX_STEPS} steps (JSONata's timeout text). */
export function stepLimitError(): JsonataLimitError {
  return new JsonataLimitError('Expression evaluation timeout: Check for infinite loop');
}

/** The slice of a jsonata evaluation frame the hooks touch. */
export interface JsonataFrame {
  lookup(name: string | symbol): unknown;
  timestamp?: Date | null;
}

/**
 * The state of one evaluation: its nesting depth, its step count, and the engine's timestamp,
 * which replaces the wall-clock one the library puts on every frame (read by `$toMillis` when a
 * picture leaves date parts out).
 */
export class EvaluationBudget {
  /** The engine's time for this evaluation. */
  readonly timestamp: Date;
  private depth = 0;
  private steps = 0;

  constructor(nowMs: number) {
    this.timestamp = new Date(nowMs);
  }

  /** Called as a step starts: counts it, checks depth and steps, fixes the frame's timestamp. */
  enter(frame: JsonataFrame): void {
    this.depth++;
    this.steps++;
    if (this.depth > JSONATA_MAX_DEPTH) throw stackOverflowError();
    if (this.steps > JSONATA_MAX_STEPS) throw stepLimitError();
    if (frame.timestamp !== this.timestamp) frame.timestamp = this.timestamp;
  }

  /** Called as a step ends with its value: checks the value's size (strings and arrays, shallowly). */
  exit(result: unknown): void {
    this.depth--;
    if (typeof result === 'string') {
      if (result.length > JSONATA_MAX_VALUE_BYTES) throw memoryLimitError();
    } else if (Array.isArray(result)) {
      if (result.length * JSONATA_NUMBER_BYTES > JSONATA_MAX_VALUE_BYTES) throw memoryLimitError();
    }
  }
}

/**
 * The binding through which the library's per-step hooks find the current evaluation's
 * {@link EvaluationBudget}. The name holds a space, so no JSONata expression can refer to it.
 */
export const JSONATA_EVALUATION_KEY = 'stepstone evaluation';
