/** Definitions that never end by themselves: what AWS's execution quotas exist for. */

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
