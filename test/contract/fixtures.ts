/**
 * Records for the port contract suites: executions, frame records and history events built by hand,
 * each with names unique to the call, so that the suites can share one table or queue across tests.
 * Every value is plain JSON (no `undefined` fields), so that a round trip through an adapter must
 * give back exactly what was put.
 */
import { randomUUID } from 'node:crypto';
import type { Frame, HistoryEvent } from '../../src/engine/types.js';
import type { ExecutionRecord, ExecutionStatus, FrameRecord, StepMessage } from '../../src/runtime/ports.js';

/** A state machine ARN no other test uses. */
export function uniqueStateMachineArn(): string {
  return `arn:aws:states:us-east-1:123456789012:stateMachine:contract-${randomUUID().slice(0, 8)}`;
}

/** An execution record of `stateMachineArn` (a unique one when absent). */
export function executionRecord(
  options: {
    stateMachineArn?: string;
    name?: string;
    status?: ExecutionStatus;
    startTime?: string;
    input?: unknown;
  } = {},
): ExecutionRecord {
  const stateMachineArn = options.stateMachineArn ?? uniqueStateMachineArn();
  const stateMachineName = stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1);
  const name = options.name ?? randomUUID();
  return {
    info: {
      executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      name,
      stateMachineArn,
      stateMachineName,
      roleArn: 'arn:aws:iam::123456789012:role/ContractRole',
      startTime: options.startTime ?? '2024-05-01T10:00:00.000Z',
      input: options.input ?? { order: 'o-1' },
      redriveCount: 0,
      type: 'STANDARD',
      region: 'us-east-1',
      accountId: '123456789012',
    },
    definitionHash: 'def0123456789abcdef0123456789abc',
    status: options.status ?? 'RUNNING',
  };
}

/** A frame standing at `state`. */
export function frame(id: string, state: string, lastEventId: number): Frame {
  return {
    id,
    kind: id === 'root' ? 'execution' : 'iteration',
    machine: '',
    state,
    stage: { name: 'enter' },
    input: { at: state },
    variables: {},
    enteredTime: '2024-05-01T10:00:00.000Z',
    enteredEventId: lastEventId,
    lastEventId,
    retryCounts: [],
    retryCount: 0,
    transitions: lastEventId,
  };
}

/** A history event. */
export function event(id: number, type: string, previousEventId = id - 1): HistoryEvent {
  return { id, previousEventId, timestamp: '2024-05-01T10:00:00.000Z', type };
}

/** A `run` message for a frame version. */
export function runMessage(executionArn: string, frameId: string, version: number): StepMessage {
  return { kind: 'run', executionArn, frameId, version };
}

/** A frame record of `executionArn`: events with the given ids, one `run` message in its outbox. */
export function frameRecord(
  executionArn: string,
  frameId: string,
  version: number,
  options: { eventIds?: readonly number[]; causedBy?: string; state?: string } = {},
): FrameRecord {
  const ids = options.eventIds ?? [];
  return {
    executionArn,
    frameId,
    version,
    frame: frame(frameId, options.state ?? `State${version}`, ids[ids.length - 1] ?? 0),
    events: ids.map((id) => event(id, 'PassStateEntered')),
    outbox: [{ body: runMessage(executionArn, frameId, version), delaySeconds: 0 }],
    causedBy: options.causedBy ?? `message-${version}`,
  };
}
