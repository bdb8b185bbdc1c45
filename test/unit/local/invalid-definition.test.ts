import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError } from '../../../src/asl/validate/index.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { loadWorkflow, testWorkflow } from '../../../src/testing.js';

const FIXTURE = new URL('../../fixtures/invalid/next-exists/next-not-found.asl.json', import.meta.url);

async function rejection(promise: Promise<unknown>): Promise<InvalidDefinitionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidDefinitionError);
  return error as InvalidDefinitionError;
}

describe('invalid definitions', () => {
  it('makes run() reject with InvalidDefinitionError listing every problem', async () => {
    const error = await rejection(
      createLocalEngine().run({
        StartAt: 'Missing',
        States: { A: { Type: 'Pass', End: true }, B: { Type: 'Wait', End: true } },
      }),
    );
    expect(error.diagnostics.map((d) => [d.code, d.pointer]).sort()).toEqual([
      ['START_AT_NOT_FOUND', '/StartAt'],
      ['WAIT_DURATION_MISSING', '/States/B'],
    ]);
    expect(error.message).toMatch(/^Invalid state machine definition \(2 problems\):\n/);
  });

  it('reports lines and columns of a definition given as JSON text', async () => {
    const text = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" }\n  }\n}\n';
    const error = await rejection(createLocalEngine().run(text));
    expect(error.diagnostics).toMatchObject([{ code: 'NEXT_NOT_FOUND', state: 'A', field: 'Next', line: 4 }]);
  });

  it('makes loadWorkflow() reject before any run, with the file lines and columns', async () => {
    const error = await rejection(loadWorkflow(FIXTURE));
    expect(error.diagnostics).toMatchObject([{ code: 'NEXT_NOT_FOUND', line: 6, column: 7 }]);
  });

  it('makes testWorkflow() throw for JSON text that does not parse, with where', () => {
    expect(() => testWorkflow('{"StartAt": "A", ')).toThrow(InvalidDefinitionError);
    try {
      testWorkflow('{"StartAt": "A",\n  "States": }');
    } catch (error) {
      expect((error as InvalidDefinitionError).diagnostics[0]).toMatchObject({ code: 'INVALID_JSON', line: 2 });
    }
  });
});

describe('loadWorkflow with resources Stepstone cannot run', () => {
  const UNSUPPORTED = new URL('../../fixtures/warnings/unsupported-resources.asl.json', import.meta.url);

  it('loads with the warnings, emitted as process warnings, and runs with a stub standing in', async () => {
    const emitted: Error[] = [];
    const listen = (warning: Error) => emitted.push(warning);
    process.on('warning', listen);
    try {
      const workflow = testWorkflow({
        StartAt: 'Scan',
        States: { Scan: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:scan', End: true } },
      });
      expect(workflow.warnings).toMatchObject([
        { code: 'UNSUPPORTED_RESOURCE', severity: 'warning', state: 'Scan', field: 'Resource' },
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(emitted.filter((w) => w.name === 'StepstoneWarning').map((w) => w.message)).toEqual([
        expect.stringContaining(
          "State 'Scan' › Resource: Resource of state 'Scan' (Task) is 'arn:aws:states:::dynamodb:scan'",
        ),
      ]);
      const execution = await workflow.run({}, { tasks: { Scan: () => ({ Count: 0 }) } });
      expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { Count: 0 } });
    } finally {
      process.off('warning', listen);
    }
  });

  it('rejects with strict, naming every such state with its line and column', async () => {
    const error = await rejection(loadWorkflow(UNSUPPORTED, { strict: true }));
    expect(error.diagnostics.map((d) => [d.code, d.state, d.line])).toEqual([
      ['UNSUPPORTED_RESOURCE', 'Scan', 11],
      ['UNSUPPORTED_RESOURCE', 'Crawl', 12],
      ['UNSUPPORTED_RESOURCE', 'Wait for put', 21],
      ['UNSUPPORTED_RESOURCE', 'Review', 31],
      ['UNSUPPORTED_RESOURCE', 'Nothing', 45],
      ['UNSUPPORTED_RESOURCE', 'Nowhere', 46],
    ]);
  });
});
