import { describe, expect, it } from 'vitest';
import { exceedsTolerance } from '../../../src/engine/states/children.js';

describe('exceedsTolerance', () => {
  it('is false when nothing failed, whatever the tolerance', () => {
    expect(exceedsTolerance(0, 10, {})).toBe(false);
    expect(exceedsTolerance(0, 0, { count: 0 })).toBe(false);
  });

  it('is true on the first failure when no tolerance is set', () => {
    expect(exceedsTolerance(1, 100, {})).toBe(true);
  });

  it('tolerates up to ToleratedFailureCount failures', () => {
    expect(exceedsTolerance(2, 10, { count: 2 })).toBe(false);
    expect(exceedsTolerance(3, 10, { count: 2 })).toBe(true);
    expect(exceedsTolerance(1, 10, { count: 0 })).toBe(true);
  });

  it('tolerates failures up to ToleratedFailurePercentage of the items', () => {
    expect(exceedsTolerance(1, 10, { percentage: 10 })).toBe(false);
    expect(exceedsTolerance(2, 10, { percentage: 10 })).toBe(true);
    expect(exceedsTolerance(1, 3, { percentage: 33.4 })).toBe(false);
    expect(exceedsTolerance(1, 3, { percentage: 33.3 })).toBe(true);
    expect(exceedsTolerance(10, 10, { percentage: 100 })).toBe(false);
    expect(exceedsTolerance(1, 10, { percentage: 0 })).toBe(true);
  });

  it('fails as soon as either threshold is exceeded when both are set', () => {
    expect(exceedsTolerance(3, 10, { count: 2, percentage: 50 })).toBe(true);
    expect(exceedsTolerance(2, 4, { count: 5, percentage: 25 })).toBe(true);
    expect(exceedsTolerance(1, 4, { count: 5, percentage: 25 })).toBe(false);
  });
});
