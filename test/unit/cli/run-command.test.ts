import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/cli/commands/run.js';
import { captureIo } from '../../support/capture-io.js';

const ROOT = join(import.meta.dirname, '../../..');
const SAGA = join(ROOT, 'definitions/order-saga.asl.json');
const SAGA_INPUT = join(ROOT, 'definitions/order-saga.input.json');
const TASKS = join(ROOT, 'functions/tasks/index.ts');
const INVALID = join(ROOT, 'test/fixtures/invalid/next-exists/next-not-found.asl.json');
const REMINDER_YAML = join(ROOT, 'test/fixtures/valid/wait-seconds-placeholder.asl.yaml');

const capture = captureIo;

describe('runCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stepstone-run-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints each state and the output when the execution succeeds', async () => {
    const io = capture();
    const code = await runCommand([SAGA, '--tasks', TASKS, '--input', `@${SAGA_INPUT}`], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const lines = io.out.split('\n');
    for (const state of ['ReserveInventory', 'ChargePayment', 'ShipOrder', 'OrderConfirmed']) {
      expect(lines.some((line) => line.startsWith('✓ ') && line.includes(state))).toBe(true);
    }
    expect(io.out).toContain('\nSUCCEEDED\n');
    const json = io.out.slice(io.out.indexOf('SUCCEEDED\n') + 'SUCCEEDED\n'.length);
    expect(JSON.parse(json)).toEqual({
      orderId: 'o-1001',
      status: 'CONFIRMED',
      chargeId: 'ch-o-1001',
      trackingNumber: 'TRK-o-1001',
    });
  });

  it('exits 1 and prints the error and cause when the execution fails', async () => {
    const io = capture();
    const input = JSON.stringify({ orderId: 'o-2', items: [], amount: 10, card: '4000-0000-0000-0002' });
    const code = await runCommand([SAGA, '--tasks', TASKS, '--input', input], io);
    expect(code).toBe(1);
    expect(io.out).toContain('\nFAILED\nerror: Payment.Declined\ncause: ');
    expect(io.out).toMatch(/^! ChargePayment +Task +failed: Payment\.Declined$/m);
  });

  it('calls a service integration at the --endpoint it is given, and explains how to stub one without it', async () => {
    const definition = join(dir, 'publish.asl.json');
    await writeFile(
      definition,
      JSON.stringify({
        StartAt: 'Announce',
        States: {
          Announce: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sns:publish',
            Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'hi' },
            End: true,
          },
        },
      }),
    );
    const previous = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      const unstubbed = capture();
      expect(await runCommand([definition], unstubbed)).toBe(1);
      expect(unstubbed.out).toContain(
        "error: States.Runtime\ncause: The state 'Announce' calls arn:aws:states:::sns:publish",
      );
      // Nothing listens on port 9: the call is made there and gets no response.
      const endpoint = capture();
      expect(await runCommand([definition, '--endpoint', 'http://127.0.0.1:9'], endpoint)).toBe(1);
      expect(endpoint.out).toContain('error: SNS.SdkClientException');
    } finally {
      if (previous !== undefined) process.env.AWS_ENDPOINT_URL = previous;
    }
  });

  it('exits 2 and prints every diagnostic, without a stack trace, for an invalid definition', async () => {
    const io = capture();
    const code = await runCommand([INVALID], io);
    expect(code).toBe(2);
    expect(io.out).toBe('');
    expect(io.err.split('\n')).toEqual([
      `stepstone run: ${INVALID} is not a valid definition`,
      `  ${INVALID}:6:7  State 'A' › Next: Next of state 'A' (Pass) names 'B', but the state machine has no such state [NEXT_NOT_FOUND]`,
      '',
    ]);
  });

  it('exits 2 and names the file when the definition file does not exist', async () => {
    const io = capture();
    const missing = join(dir, 'missing.asl.json');
    expect(await runCommand([missing], io)).toBe(2);
    expect(io.err).toBe(`stepstone run: cannot read the definition file '${missing}': ENOENT\n`);
  });

  it('exits 2 when --input is not JSON', async () => {
    const io = capture();
    expect(await runCommand([SAGA, '--input', '{orderId: 1}'], io)).toBe(2);
    expect(io.err).toMatch(/^stepstone run: the execution input is not valid JSON: .+\n$/);
    expect(io.out).toBe('');
  });

  it('exits 2 when the --input file does not exist', async () => {
    const io = capture();
    const missing = join(dir, 'input.json');
    expect(await runCommand([SAGA, '--input', `@${missing}`], io)).toBe(2);
    expect(io.err).toBe(`stepstone run: cannot read the input file '${missing}': ENOENT\n`);
  });

  it('exits 2 when the --tasks module cannot be loaded', async () => {
    const broken = join(dir, 'broken-tasks.mjs');
    await writeFile(broken, "throw new Error('boom at import');\n");
    const io = capture();
    expect(await runCommand([SAGA, '--tasks', broken], io)).toBe(2);
    expect(io.err).toBe(`stepstone run: cannot load the task module '${broken}': boom at import\n`);
    const missing = capture();
    expect(await runCommand([SAGA, '--tasks', join(dir, 'none.mjs')], missing)).toBe(2);
    expect(missing.err).toMatch(/^stepstone run: cannot load the task module '.*none\.mjs': /);
  });

  it('exits 2 with the usage when no definition is given', async () => {
    const io = capture();
    expect(await runCommand([], io)).toBe(2);
    expect(io.err).toMatch(/^usage: stepstone run <definition\.asl\.json\|\.asl\.yaml>/);
  });

  it('runs a YAML definition whose placeholders take the type of their --substitution values', async () => {
    const tasks = join(dir, 'reminder-tasks.mjs');
    await writeFile(tasks, 'export const SendReminder = async (input) => ({ sent: input.to });\n');
    const io = capture();
    const args = ['--substitution', 'ReminderTimeout=120', '-s', 'MaxAttempts=2', '-s', 'Finish=true'];
    const code = await runCommand([REMINDER_YAML, '--tasks', tasks, '--input', '{"to":"ana"}', ...args], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toMatch(/^✓ Remind +Wait +2\.0 min$/m);
    expect(io.out).toContain('\nSUCCEEDED\n{\n  "sent": "ana"\n}');
  });

  it('exits 2 when a --substitution is not Name=Value', async () => {
    const io = capture();
    expect(await runCommand([REMINDER_YAML, '--substitution', 'ReminderTimeout'], io)).toBe(2);
    expect(io.err).toContain("--substitution 'ReminderTimeout' is not Name=Value");
  });

  it('prints the history as a table with --history', async () => {
    const definition = join(dir, 'two-passes.asl.json');
    await writeFile(
      definition,
      JSON.stringify({
        StartAt: 'First',
        States: { First: { Type: 'Pass', Result: 'one', Next: 'Second' }, Second: { Type: 'Pass', End: true } },
      }),
    );
    const io = capture();
    expect(await runCommand([definition, '--history'], io)).toBe(0);
    const [header, ...rows] = io.out
      .slice(io.out.indexOf('\nid') + 1)
      .trimEnd()
      .split('\n');
    expect(header).toMatch(/^id +prev +type +state +details$/);
    const starts = ['id', 'prev', 'type', 'state', 'details'].map((name) => header!.indexOf(name));
    const cells = (row: string) => starts.map((start, i) => row.slice(start, starts[i + 1]).trim());
    // Event ids and links as GetExecutionHistory gives them: the first state's entry points at 0.
    expect(rows.map(cells)).toEqual([
      ['1', '0', 'ExecutionStarted', '', 'input={}'],
      ['2', '0', 'PassStateEntered', 'First', 'input={}'],
      ['3', '2', 'PassStateExited', 'First', 'output="one"'],
      ['4', '3', 'PassStateEntered', 'Second', 'input="one"'],
      ['5', '4', 'PassStateExited', 'Second', 'output="one"'],
      ['6', '5', 'ExecutionSucceeded', '', 'output="one"'],
    ]);
  });
});
