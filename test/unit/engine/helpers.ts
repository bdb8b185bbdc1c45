/**
 * Helpers of the engine tests that run definitions on the embedded engine.
 */
import type { Queue } from '../../../src/runtime/ports.js';
import type { TaskCall } from '../../../src/testing.js';

/** The ARN under which the embedded engine finds the handler called `name`. */
export function lambda(name: string): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
}

/** Engine milliseconds between consecutive calls of a task. */
export function gapsMs(calls: readonly TaskCall[]): number[] {
  return calls.slice(1).map((call, i) => call.atMs - calls[i]!.atMs);
}

/** A one-Task definition with the given extra Task fields. */
export function oneTask(fields: Record<string, unknown>, resource = lambda('Work')): object {
  return { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: resource, End: true, ...fields } } };
}

/** A distributed Map state `Each` whose iterations pass their input on, with `fields` added to it. */
export function distributedMap(fields: Record<string, unknown> = {}): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Echo',
          States: { Echo: { Type: 'Pass', End: true } },
        },
        End: true,
        ...fields,
      },
    },
  };
}

/**
 * A distributed Map state `Each` whose iterations fail on `{"fail": true}` (`Item.Bad`, cause `no`),
 * answer `$.out` when present, else pass their input on; `fields` are added to the state.
 */
export function checkingMap(fields: Record<string, unknown> = {}): object {
  return distributedMap({
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.fail', IsPresent: true, Next: 'Boom' },
            { Variable: '$.out', IsPresent: true, Next: 'Out' },
          ],
          Default: 'Echo',
        },
        Boom: { Type: 'Fail', Error: 'Item.Bad', Cause: 'no' },
        Out: { Type: 'Pass', OutputPath: '$.out', End: true },
        Echo: { Type: 'Pass', End: true },
      },
    },
    ...fields,
  });
}

/**
 * A queue that delivers every wake-up of a join twice, at once: as when a fed run's last child and its
 * last page's step both see the join end.
 */
export function doublingJoins(queue: Queue): Queue {
  return {
    maxDelaySeconds: queue.maxDelaySeconds,
    send: (messages) => queue.send(messages.flatMap((m) => (m.body.kind === 'join' ? [m, m] : [m]))),
    receive: (options) => queue.receive(options),
    ack: (receipt) => queue.ack(receipt),
    extendVisibility: (receipt, seconds) => queue.extendVisibility(receipt, seconds),
  };
}
