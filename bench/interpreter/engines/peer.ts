/**
 * Engine (c): the peer, `aws-local-stepfunctions` (it needs Node 22). One `StateMachine` per workload
 * (it validates the definition when constructed), one `run` per execution, tasks overridden with
 * local handlers by state name.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import type { PreparedWorkload } from '../measure.js';
import type { Workload } from '../workloads.js';

type JsonValue = Parameters<StateMachine['run']>[0];
type LocalHandlers = Record<string, (input: JsonValue) => JsonValue>;

/** Prepares the peer for a workload. */
export function preparePeer(workload: Workload): PreparedWorkload {
  const machine = new StateMachine(workload.definition as unknown as ConstructorParameters<typeof StateMachine>[0]);
  const handlers: LocalHandlers = {};
  // In the saga every Task state is named after the function it calls.
  for (const [name, stub] of Object.entries(workload.tasks)) {
    handlers[name] = (input) => stub(input as Record<string, unknown>) as JsonValue;
  }
  const input = workload.input as JsonValue;
  return {
    async execute(count) {
      const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: handlers } });
      if (!count) return { output: await execution.result };
      // Reading the event log costs time quadratic in its length (its queue is drained with
      // Array.shift): the harness only counts on small instances.
      let entered = 0;
      const reading = (async () => {
        for await (const event of execution.eventLogs) if (event.type === 'StateEntered') entered++;
      })();
      const output = await execution.result;
      await reading;
      return { output, entered };
    },
  };
}
