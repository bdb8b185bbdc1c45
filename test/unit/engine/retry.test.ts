import { describe, expect, it } from 'vitest';
import { StatesErrors } from '../../../src/asl/errors.js';
import { type Retrier, RetrierSchema } from '../../../src/asl/model/common.js';
import { errorMatches, findCatcher, findRetrier, retryDelayMs } from '../../../src/engine/retry.js';

/** A retrier as the model parses it, so that defaults are filled as for a real definition. */
const retrier = (fields: Record<string, unknown>): Retrier => RetrierSchema.parse({ ErrorEquals: ['E'], ...fields });
const never = () => {
  throw new Error('random() must not be called without JitterStrategy FULL');
};

describe('errorMatches', () => {
  it('matches an error named exactly when the list names it', () => {
    expect(errorMatches(['Payment.Declined'], 'Payment.Declined')).toBe(true);
    expect(errorMatches(['Payment.Declined'], 'Payment.declined')).toBe(false);
  });

  it('matches every task error and States.Timeout with States.ALL, but not States.Runtime', () => {
    expect(errorMatches([StatesErrors.ALL], 'CustomError')).toBe(true);
    expect(errorMatches([StatesErrors.ALL], StatesErrors.Timeout)).toBe(true);
    expect(errorMatches([StatesErrors.ALL], StatesErrors.HeartbeatTimeout)).toBe(true);
    expect(errorMatches([StatesErrors.ALL], StatesErrors.Runtime)).toBe(false);
  });

  // AWS's documentation says States.ALL cannot catch States.DataLimitExceeded, but AWS itself caught
  // it: v2_error_handling_test_states_errors__TestStatesErrors_test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response
  // ends SUCCEEDED through a Catch on States.ALL. The recording is the spec.
  it('matches States.DataLimitExceeded with States.ALL, as AWS was recorded doing', () => {
    expect(errorMatches([StatesErrors.ALL], StatesErrors.DataLimitExceeded)).toBe(true);
    expect(errorMatches([StatesErrors.DataLimitExceeded], StatesErrors.DataLimitExceeded)).toBe(true);
  });

  it('matches any error but States.Timeout with States.TaskFailed', () => {
    expect(errorMatches([StatesErrors.TaskFailed], 'Lambda.ServiceException')).toBe(true);
    expect(errorMatches([StatesErrors.TaskFailed], 'CustomError')).toBe(true);
    expect(errorMatches([StatesErrors.TaskFailed], StatesErrors.Timeout)).toBe(false);
  });

  it('matches States.Timeout when the list names it beside States.TaskFailed', () => {
    expect(errorMatches([StatesErrors.TaskFailed, StatesErrors.Timeout], StatesErrors.Timeout)).toBe(true);
  });
});

describe('findRetrier', () => {
  const retry = [
    retrier({ ErrorEquals: ['A'] }),
    retrier({ ErrorEquals: ['B', 'C'] }),
    retrier({ ErrorEquals: ['States.ALL'] }),
  ];

  it('returns the first retrier whose ErrorEquals matches, with its index', () => {
    expect(findRetrier(retry, 'C')?.index).toBe(1);
    expect(findRetrier(retry, 'A')?.index).toBe(0);
    expect(findRetrier(retry, 'Other')?.index).toBe(2);
  });

  it('returns undefined when no retrier matches or there is no Retry field', () => {
    expect(findRetrier(retry.slice(0, 2), 'Other')).toBeUndefined();
    expect(findRetrier(undefined, 'A')).toBeUndefined();
  });
});

describe('findCatcher', () => {
  it('returns the first catcher that matches', () => {
    const catchers = [
      { ErrorEquals: ['States.Timeout'], Next: 'Late' },
      { ErrorEquals: ['States.TaskFailed'], Next: 'Broken' },
    ];
    expect(findCatcher(catchers, 'States.Timeout')?.Next).toBe('Late');
    expect(findCatcher(catchers, 'Custom')?.Next).toBe('Broken');
    expect(findCatcher(catchers, 'States.Runtime')).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('waits IntervalSeconds × BackoffRate^attempt', () => {
    const r = retrier({ IntervalSeconds: 3, BackoffRate: 1.5 });
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(r, attempt, never))).toEqual([3000, 4500, 6750, 10_125]);
  });

  it('uses IntervalSeconds 1 and BackoffRate 2 when they are not given', () => {
    const r = retrier({});
    expect([0, 1, 2].map((attempt) => retryDelayMs(r, attempt, never))).toEqual([1000, 2000, 4000]);
  });

  it('never waits longer than MaxDelaySeconds', () => {
    const r = retrier({ IntervalSeconds: 1, BackoffRate: 2, MaxDelaySeconds: 5 });
    expect([0, 1, 2, 3, 4].map((attempt) => retryDelayMs(r, attempt, never))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('waits a random part of the capped delay with JitterStrategy FULL', () => {
    const r = retrier({ IntervalSeconds: 2, BackoffRate: 2, MaxDelaySeconds: 5, JitterStrategy: 'FULL' });
    expect(retryDelayMs(r, 0, () => 0.5)).toBe(1000);
    expect(retryDelayMs(r, 3, () => 0.5)).toBe(2500);
    expect(retryDelayMs(r, 3, () => 0)).toBe(0);
    expect(retryDelayMs(r, 3, () => 0.999)).toBeLessThan(5000);
  });

  it('keeps a BackoffRate of 1 constant', () => {
    const r = retrier({ IntervalSeconds: 7, BackoffRate: 1 });
    expect(retryDelayMs(r, 0, never)).toBe(7000);
    expect(retryDelayMs(r, 10, never)).toBe(7000);
  });
});
