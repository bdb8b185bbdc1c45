import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError, parseDefinition } from '../../../src/asl/validate/index.js';
import { compileProgram, ROOT_MACHINE } from '../../../src/engine/program.js';
import { startFrame, step } from '../../../src/engine/step.js';
import type { ExecutionInfo, StepEnv } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { distributedMap } from './helpers.js';

const FIELDS: Record<string, { value: unknown; error: string }> = {
  ResultWriter: {
    value: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'out' } },
    error: 'States.ResultWriterFailed',
  },
};

const EXECUTION: ExecutionInfo = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:run',
  name: 'run',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
  stateMachineName: 'M',
  roleArn: 'arn:aws:iam::123456789012:role/R',
  startTime: '2024-05-01T10:00:00.000Z',
  input: [1, 2, 3],
  redriveCount: 0,
  type: 'STANDARD',
  region: 'us-east-1',
  accountId: '123456789012',
};

function env(): StepEnv {
  let id = 1;
  return {
    execution: EXECUTION,
    now: () => Date.parse(EXECUTION.startTime),
    uuid: () => '00000000-0000-4000-8000-000000000000',
    random: () => 0.5,
    nextEventId: () => ++id,
    finalEventId: async (n) => n,
  };
}

describe('fields Stepstone does not carry out', () => {
  it.each(Object.keys(FIELDS))('refuses a distributed Map with %s before it runs', async (field) => {
    const run = createLocalEngine().run(distributedMap({ [field]: FIELDS[field]!.value }), [1, 2, 3]);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    expect((error as InvalidDefinitionError).diagnostics).toEqual([
      expect.objectContaining({ code: 'UNSUPPORTED_FIELD', state: 'Each', field }),
    ]);
  });

  it.each(Object.keys(FIELDS))(
    'fails the Map state with the error AWS names when %s reaches the engine unvalidated',
    async (field) => {
      const program = compileProgram(parseDefinition(distributedMap()));
      const map = program.machines.get(ROOT_MACHINE)?.states.get('Each')?.state as Record<string, unknown>;
      map[field] = FIELDS[field]!.value;
      const { frame } = startFrame(program, EXECUTION);
      const result = await step(program, frame, { type: 'start' }, env());
      expect(result.frame.outcome).toMatchObject({ status: 'FAILED', error: FIELDS[field]!.error });
      expect(result.events.map((e) => e.type)).not.toContain('MapIterationStarted');
    },
  );
});
