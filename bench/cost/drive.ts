/**
 * Runs one execution to its end as AWS would: the API starts it (and answers its callback), and the
 * worker gets its messages the way Lambda's SQS event source mapping delivers them. The mapping is
 * modelled, not emulated, and its requests are counted by that model:
 *
 * - it receives in batches of up to 10 messages (one `ReceiveMessage` per batch, per started 64 KB
 *   of the bodies) and invokes the worker once per batch, which handles the batch's messages
 *   concurrently (as `processPartialResponse` does);
 * - it deletes a batch's messages with one `DeleteMessageBatch`;
 * - its empty long polls while the queue is idle are a fixed cost per hour, not per state, and are
 *   left out;
 * - a delayed message still pending when the execution ends (a `.waitForTaskToken` timeout, 900 s
 *   away) is delivered on its own later: one receive, one delete, one worker invocation, handled here
 *   at once with a synthetic delivery.
 *
 * The worker's duration per invocation is the wall time of its batch; it includes the tasks it runs
 * inline (here: in-process handlers, or a loopback Lambda endpoint, a few ms).
 */
import { performance } from 'node:perf_hooks';
import { substitute } from '../../src/local/definition.js';
import { registerStateMachine, sendTaskSuccess, startRegisteredExecution } from '../../src/runtime/lifecycle.js';
import type { ReceivedMessage } from '../../src/runtime/ports.js';
import type { HandleOutcome } from '../../src/runtime/runtime.js';
import { type AdapterSet, Recording } from './paths.js';
import type { Workload } from './workloads.js';

/** Account and region of the ARNs. */
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** What the modelled event source mapping and the API did for one execution. */
export interface Delivery {
  /** `ReceiveMessage` requests (per started 64 KB of a batch's bodies). */
  readonly receives: number;
  /** `DeleteMessageBatch` requests. */
  readonly deletes: number;
  /** Worker invocations (one per batch). */
  readonly workerInvocations: number;
  /** Messages delivered, including the late ones. */
  readonly messages: number;
  /** Delayed messages delivered after the execution ended. */
  readonly late: number;
  /** Wall time of each worker invocation, ms. */
  readonly workerMs: readonly number[];
  /** Wall time of each message's handling, ms. */
  readonly handleMs: readonly number[];
  /** API invocations: `StartExecution`, then each `SendTaskSuccess`. */
  readonly apiMs: readonly number[];
  readonly outcomes: Readonly<Partial<Record<HandleOutcome, number>>>;
}

/** How one execution ended, and what it took. */
export interface ExecutionRun {
  readonly executionArn: string;
  readonly status: string;
  readonly output: unknown;
  /** `…StateEntered` events of the history. */
  readonly transitions: number;
  readonly events: number;
  /** Whether the history's event ids run 1, 2, 3, … with no gap (as Step Functions' do). */
  readonly idsContiguous: boolean;
  /** Start to end, ms (wall time on this machine, emulators included). */
  readonly wallMs: number;
  readonly delivery: Delivery;
}

const SQS_CHUNK = 65_536;

function chunks(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / SQS_CHUNK));
}

/**
 * Runs `workload` once on `adapters`, recording into `recording`. The state machine is registered
 * first, unrecorded (a deployment does it once); the execution is started by ARN, as the API
 * function's `StartExecution` does.
 */
export async function runExecution(
  adapters: AdapterSet,
  recording: Recording,
  workload: Workload,
  name: string,
): Promise<ExecutionRun> {
  const runtime = adapters.runtime(recording);
  const definition = JSON.stringify(substitute(workload.definition, { region: REGION, accountId: ACCOUNT }));
  const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
  const received: string[] = [];
  const workerMs: number[] = [];
  const handleMs: number[] = [];
  const apiMs: number[] = [];
  const outcomes: Partial<Record<HandleOutcome, number>> = {};
  let receives = 0;
  let deletes = 0;
  let workerInvocations = 0;
  let late = 0;
  const answered = new Set<string>();

  /** Reads the bench needs (status, history) are not the runtime's: they are not recorded. */
  const unrecorded = async <T>(read: () => Promise<T>): Promise<T> => {
    adapters.record(undefined);
    try {
      return await read();
    } finally {
      adapters.record(recording);
    }
  };

  const handleBatch = async (messages: readonly ReceivedMessage[]) => {
    workerInvocations++;
    const began = performance.now();
    await Promise.all(
      messages.map(async (message) => {
        const start = performance.now();
        const outcome = await runtime.handle(message);
        handleMs.push(performance.now() - start);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }),
    );
    workerMs.push(performance.now() - began);
  };

  await registerStateMachine(adapters.runtime(new Recording()), { stateMachineArn, definition });
  adapters.record(recording);
  const began = performance.now();
  let at = performance.now();
  const { executionArn } = await startRegisteredExecution(runtime, stateMachineArn, {
    name,
    input: JSON.stringify(workload.input),
  });
  apiMs.push(performance.now() - at);

  let idleSince: number | undefined;
  for (;;) {
    const batch = await adapters.queue.receive({ maxMessages: 10, waitSeconds: 0 });
    if (batch.length === 0) {
      const status = (await unrecorded(() => adapters.store.getExecution(executionArn)))?.status;
      if (status !== 'RUNNING') break;
      const token = recording.tokens.find((t) => !answered.has(t));
      if (token !== undefined && workload.callbackOutput !== undefined) {
        answered.add(token);
        at = performance.now();
        await sendTaskSuccess(runtime, token, JSON.stringify(workload.callbackOutput));
        apiMs.push(performance.now() - at);
        continue;
      }
      idleSince ??= performance.now();
      if (performance.now() - idleSince > 10_000) {
        throw new Error(`${workload.name} on ${adapters.label}: still RUNNING with no message for 10 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    idleSince = undefined;
    receives += chunks(batch.reduce((sum, m) => sum + Buffer.byteLength(m.body), 0));
    await handleBatch(batch);
    await Promise.all(batch.map((m) => adapters.queue.ack(m.receipt)));
    deletes++;
    for (const m of batch) received.push(m.body);
  }
  const wallMs = performance.now() - began;

  // Delayed messages still waiting (sent but never received): each comes alone, later.
  const pending = new Map<string, number>();
  for (const body of recording.sent) pending.set(body, (pending.get(body) ?? 0) + 1);
  for (const body of received) pending.set(body, (pending.get(body) ?? 0) - 1);
  for (const [body, count] of pending) {
    for (let i = 0; i < count; i++) {
      late++;
      receives += chunks(Buffer.byteLength(body));
      deletes++;
      await handleBatch([{ messageId: `late-${late}-${name}`, receipt: 'late', body, receiveCount: 1 }]);
    }
  }
  adapters.record(undefined);

  const execution = await adapters.store.getExecution(executionArn);
  const history = await adapters.store.readHistory(executionArn);
  return {
    executionArn,
    status: execution?.status ?? 'MISSING',
    output: execution?.output,
    transitions: history.filter((e) => e.type.endsWith('StateEntered')).length,
    events: history.length,
    idsContiguous: history.every((event, i) => event.id === i + 1),
    wallMs,
    delivery: {
      receives,
      deletes,
      workerInvocations,
      messages: received.length + late,
      late,
      workerMs,
      handleMs,
      apiMs,
      outcomes,
    },
  };
}
