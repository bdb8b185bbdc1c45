/** Definitions that never end by themselves, or only after a long history: what AWS's execution quotas exist for. */

/** Two Pass states that send each other on for ever, and nothing to wait for. */
export const PASS_LOOP = {
  StartAt: 'A',
  States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
};

/** A Wait of one second, then back to the Wait, for ever. */
export const WAIT_LOOP = {
  StartAt: 'Pause',
  States: { Pause: { Type: 'Wait', Seconds: 1, Next: 'Again' }, Again: { Type: 'Pass', Next: 'Pause' } },
};

/**
 * Counts to `n` through a Pass and a Choice, then succeeds: 4n + 4 history events (28,004 for
 * 7,000), past the 25,000-event limit from n = 6,250.
 */
export function countTo(n: number) {
  return {
    StartAt: 'Count',
    States: {
      Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Enough?' },
      'Enough?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericLessThan: n, Next: 'Count' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}
