import { describe, expect, it } from 'vitest';
import {
  childExecutionArn,
  childExecutionName,
  childStateMachineArn,
} from '../../../src/engine/states/child-executions.js';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:orders/Batches:5e1f0c1e-7a0b-4c3e-9f51-0d7e5c4b2a19';

describe("a distributed Map's child executions", () => {
  it("are executions of the map run's labelled state machine", () => {
    expect(childStateMachineArn(RUN)).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:orders/Batches');
    expect(childExecutionArn(RUN, 3)).toBe(
      `arn:aws:states:us-east-1:123456789012:execution:orders/Batches:${childExecutionName(RUN, 3)}`,
    );
  });

  it('are named by their map run and index alone, as a UUID', () => {
    expect(childExecutionName(RUN, 7)).toBe(childExecutionName(RUN, 7));
    expect(childExecutionName(RUN, 7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('get a different name for each index and each map run', () => {
    const names = new Set<string>();
    for (let index = 0; index < 1000; index++) names.add(childExecutionName(RUN, index));
    names.add(childExecutionName(RUN.replace(/:[^:]+$/, ':another-run'), 0));
    expect(names.size).toBe(1001);
  });
});
