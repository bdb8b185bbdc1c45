/**
 * `stepstone dev` with the order saga of definitions/ created on it, for the console's browser
 * tests and scripts/console/screenshots.ts.
 *
 * An execution can be held in flight where its history shows it: `ReserveInventory` answers
 * `Inventory.Busy` once (the saga retries it after one second), and its retry waits until released.
 * (A task that is merely slow would not show: `stepstone dev` records a step's events when the step
 * commits, after its task returns.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  paginateGetExecutionHistory,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { taskError } from '../../functions/tasks/errors.js';
import * as handlers from '../../functions/tasks/index.js';
import { type DevServer, startDevServer } from '../../src/dev/server.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The order of definitions/order-saga.input.json. */
export const ORDER = JSON.parse(readFileSync(join(ROOT, 'definitions', 'order-saga.input.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** An order whose shipping fails (no postcode): the saga refunds, releases, and fails. */
export const UNSHIPPABLE = { ...ORDER, address: { street: 'Nowhere' } };

/** The running server, a client for it, and the saga. */
export interface SagaServer {
  readonly server: DevServer;
  readonly sfn: SFNClient;
  readonly stateMachineArn: string;
  /** The next `ReserveInventory` call fails with `Inventory.Busy`, and its retries wait until {@link release}. */
  hold(): void;
  /** Lets the held `ReserveInventory` retries go on. */
  release(): void;
  /** Starts an execution and returns its ARN. */
  start(name: string, input: object): Promise<string>;
  /** Waits for an execution to leave RUNNING. */
  finished(executionArn: string): Promise<DescribeExecutionCommandOutput>;
  /** Every event of `GetExecutionHistory`, through all pages. */
  history(executionArn: string): Promise<HistoryEvent[]>;
  close(): Promise<void>;
}

/** Starts `stepstone dev` on a free port with a fresh database and creates the saga as `OrderSaga`. */
export async function startSagaServer(): Promise<SagaServer> {
  const dir = mkdtempSync(join(tmpdir(), 'stepstone-console-'));
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  let busy = false;
  const tasks: Record<string, TaskHandler> = {
    ...(handlers as unknown as Record<string, TaskHandler>),
    ReserveInventory: async (input, context) => {
      if (busy) {
        busy = false;
        throw taskError('Inventory.Busy', 'The stock service is busy');
      }
      await gate;
      return (handlers.ReserveInventory as unknown as TaskHandler)(input, context);
    },
  };
  const server = await startDevServer({ database: join(dir, 'dev.db'), port: 0, tasks });
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    disableHostPrefix: true,
  });
  const created = await sfn.send(
    new CreateStateMachineCommand({
      name: 'OrderSaga',
      definition: readFileSync(join(ROOT, 'definitions', 'order-saga.asl.json'), 'utf8'),
      roleArn: 'arn:aws:iam::123456789012:role/StepFunctions',
    }),
  );
  const stateMachineArn = created.stateMachineArn ?? '';
  const release = () => {
    open();
    gate = Promise.resolve();
  };
  return {
    server,
    sfn,
    stateMachineArn,
    hold() {
      busy = true;
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release,
    async start(name, input) {
      const started = await sfn.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return started.executionArn ?? '';
    },
    async finished(executionArn) {
      for (;;) {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (described.status !== 'RUNNING') return described;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async history(executionArn) {
      const events: HistoryEvent[] = [];
      for await (const page of paginateGetExecutionHistory({ client: sfn }, { executionArn, maxResults: 7 }))
        events.push(...(page.events ?? []));
      return events;
    },
    async close() {
      release();
      sfn.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
