/**
 * `tsx scripts/localstack/deploy-check.ts <outputs.json>` — runs the three example workflows on the
 * stack `Stepstone` deployed to LocalStack (`npm run deploy:local -- --outputs-file <outputs.json>`):
 * through the deployed API (its function URL, with `stepstone/client`) and worker (the step queue's
 * event source mapping), as a user would. Each execution must end SUCCEEDED with the output and the
 * history event types of the embedded engine's run of the same definition and input (the fan-out's
 * iterations interleave freely, so its types are compared as a multiset); the approval is answered
 * with `SendTaskSuccess` and the task token read from the history. The first request registers the
 * workflows (src/aws/deployed-workflows.ts). Prints
 * `localstack deploy: 3 workflows SUCCEEDED through the deployed API`, or fails saying what differed.
 */
import { readFileSync } from 'node:fs';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import * as tasks from '../../functions/tasks/index.js';
import { stepstoneClient } from '../../src/client.js';
import type { TaskHandler } from '../../src/local/task-invoker.js';
import { callback, loadWorkflow, type TestExecution } from '../../src/testing.js';

const handlers = tasks as unknown as Record<string, TaskHandler>;
const definition = (file: string) => new URL(`../../definitions/${file}`, import.meta.url);
const ORDER = JSON.parse(readFileSync(definition('order-saga.input.json'), 'utf8')) as object;
const UPLOAD = {
  uploadId: 'up-7',
  bucket: 'photos',
  images: ['a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png', 'g.png', 'h.corrupt', 'i.png', 'j.png'],
};
const EXPENSE = { expenseId: 'e-7', amount: 420, approver: 'ana@example.com' };
const DECISION = { approved: true, by: 'ana' };
/** How long one execution may take on LocalStack, in milliseconds. */
const EXECUTION_TIMEOUT_MS = 180_000;

function fail(message: string): never {
  process.stderr.write(`localstack deploy: ${message}\n`);
  process.exit(1);
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 200, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** Polls until `done` returns a value, or fails after {@link EXECUTION_TIMEOUT_MS}. */
async function until<T>(what: string, done: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const value = await done();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  fail(`${what}: still waiting after ${EXECUTION_TIMEOUT_MS / 1000} s`);
}

async function finished(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return until(`${executionArn} to finish`, async () => {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  });
}

/** Checks one deployed run against the embedded run; returns a line describing it. */
function compare(
  name: string,
  described: DescribeExecutionCommandOutput,
  events: readonly HistoryEvent[],
  local: TestExecution,
  ordered: boolean,
): string {
  const types = events.map((event) => event.type ?? '');
  const expected = local.history.map((event) => event.type);
  const sameTypes = ordered
    ? JSON.stringify(types) === JSON.stringify(expected)
    : JSON.stringify([...types].sort()) === JSON.stringify([...expected].sort());
  const output = JSON.parse(described.output ?? 'null') as unknown;
  if (described.status !== 'SUCCEEDED' || local.status !== 'SUCCEEDED') {
    fail(
      `${name} ended ${described.status} (${described.error ?? ''}: ${described.cause ?? ''}); embedded: ${local.status}`,
    );
  }
  if (JSON.stringify(output) !== JSON.stringify(local.output)) {
    fail(`${name}'s output ${JSON.stringify(output)} is not the embedded engine's ${JSON.stringify(local.output)}`);
  }
  if (!sameTypes) fail(`${name}'s history ${types.join(',')} is not the embedded engine's ${expected.join(',')}`);
  return `${name}: SUCCEEDED, output ${JSON.stringify(output)}, ${events.length} history events as on the embedded engine`;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (file === undefined) fail('usage: tsx scripts/localstack/deploy-check.ts <cdk outputs file>');
  const outputs = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>).Stepstone;
  if (outputs?.ApiUrl === undefined) fail(`${file} holds no outputs of the stack Stepstone`);
  const sfn = stepstoneClient({ url: outputs.ApiUrl });
  const run = `${Date.now()}`;
  const start = async (machine: string, input: object) => {
    const stateMachineArn = outputs[`${machine}Arn`];
    if (stateMachineArn === undefined) fail(`no output ${machine}Arn`);
    const name = `check-${machine}-${run}`;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
    return { executionArn: executionArn ?? '', name };
  };
  const embedded = async (file: string, machine: string) =>
    loadWorkflow(definition(file), { tasks: handlers, stateMachineName: machine });

  // Started together: the worker runs them side by side.
  const saga = await start('OrderSaga', ORDER);
  const fanOut = await start('FanOut', UPLOAD);
  const approval = await start('HumanApproval', EXPENSE);
  const lines: string[] = [];

  const sagaDone = await finished(sfn, saga.executionArn);
  const sagaLocal = await (await embedded('order-saga.asl.json', 'OrderSaga')).run(ORDER, { name: saga.name });
  lines.push(compare('OrderSaga', sagaDone, await history(sfn, saga.executionArn), sagaLocal, true));

  const fanOutDone = await finished(sfn, fanOut.executionArn);
  const fanOutLocal = await (await embedded('fan-out.asl.json', 'FanOut')).run(UPLOAD, { name: fanOut.name });
  lines.push(compare('FanOut', fanOutDone, await history(sfn, fanOut.executionArn), fanOutLocal, false));

  // The request the approval task sent carries its token, as the history's TaskScheduled shows it.
  const token = await until('the approval task to be scheduled', async () => {
    const scheduled = (await history(sfn, approval.executionArn)).find((e) => e.type === 'TaskScheduled');
    const parameters = scheduled?.taskScheduledEventDetails?.parameters;
    if (parameters === undefined) return undefined;
    return (JSON.parse(parameters) as { Payload?: { taskToken?: string } }).Payload?.taskToken;
  });
  await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(DECISION) }));
  const approvalDone = await finished(sfn, approval.executionArn);
  const approvalLocal = await (await embedded('human-approval.asl.json', 'HumanApproval')).run(EXPENSE, {
    name: approval.name,
    tasks: { RequestApproval: callback({ handler: handlers.RequestApproval, success: DECISION }) },
  });
  lines.push(compare('HumanApproval', approvalDone, await history(sfn, approval.executionArn), approvalLocal, true));

  sfn.destroy();
  for (const line of lines) process.stdout.write(`  ${line}\n`);
  process.stdout.write('localstack deploy: 3 workflows SUCCEEDED through the deployed API\n');
}

await main();
