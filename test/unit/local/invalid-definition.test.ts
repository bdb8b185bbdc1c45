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
