import { describe, expect, it } from 'vitest';
import {
  formatDiagnostic,
  InvalidDefinitionError,
  parseDefinition,
  validateDefinition,
} from '../../../src/asl/validate/index.js';

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:work';

describe('validateDefinition', () => {
  it('returns the parsed model with the specification defaults filled in when valid', () => {
    const result = validateDefinition({
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: ARN, Retry: [{ ErrorEquals: ['States.TaskFailed'] }], End: true } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.diagnostics).toEqual([]);
    // ASL spec: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 by default.
    expect(result.definition.States.Call).toMatchObject({
      Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
    });
  });

  it('names the field, the state and its type for an unknown field', () => {
    const [diagnostic] = validateDefinition({
      StartAt: 'X',
      States: { X: { Type: 'Task', Resource: ARN, Foo: 1, End: true } },
    }).diagnostics;
    expect(diagnostic).toEqual({
      code: 'SCHEMA_UNKNOWN_FIELD',
      message: "Field 'Foo' is not supported by state 'X' (Task)",
      pointer: '/States/X/Foo',
      state: 'X',
      field: 'Foo',
    });
  });

  it('reports every problem at once, schema and rules together', () => {
    const result = validateDefinition({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Bogus: true, Next: 'Missing' },
        B: { Type: 'Wait', Seconds: -1, End: true },
      },
    });
    expect(result.diagnostics.map((d) => `${d.code} ${d.pointer}`).sort()).toEqual([
      'NEXT_NOT_FOUND /States/A/Next',
      'SCHEMA_INVALID_VALUE /States/B/Seconds',
      'SCHEMA_UNKNOWN_FIELD /States/A/Bogus',
      'UNREACHABLE_STATE /States/B',
    ]);
  });

  it("lets a rule's diagnostic replace the schema's at the same pointer", () => {
    // The schema alone would say "Field 'Next' is not supported by state 'S' (Succeed)".
    const result = validateDefinition({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'S' }, S: { Type: 'Succeed', Next: 'A' } },
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['TERMINAL_STATE_TRANSITION']);
  });

  it('gives lines and columns, in document order, only when given JSON text', () => {
    const text =
      '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" },\n    "C": { "Type": "Pass" }\n  }\n}';
    const fromText = validateDefinition(text).diagnostics;
    expect(fromText.map((d) => [d.code, d.line, d.column])).toEqual([
      ['NEXT_NOT_FOUND', 4, 28],
      ['UNREACHABLE_STATE', 5, 5],
      ['MISSING_TRANSITION', 5, 5],
    ]);
    const fromValue = validateDefinition(JSON.parse(text)).diagnostics;
    expect(fromValue.every((d) => d.line === undefined && d.column === undefined)).toBe(true);
  });

  it('locates a missing field at the object that lacks it', () => {
    const [diagnostic] = validateDefinition(
      '{\n  "StartAt": "T",\n  "States": {\n    "T": {\n      "Type": "Task",\n      "End": true\n    }\n  }\n}',
    ).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'SCHEMA_MISSING_FIELD',
      pointer: '/States/T/Resource',
      line: 4,
      column: 5,
    });
  });

  it('reports a definition that is not an object', () => {
    expect(validateDefinition([]).diagnostics).toMatchObject([{ code: 'SCHEMA_WRONG_TYPE', pointer: '' }]);
    expect(validateDefinition('"just a string"').diagnostics).toMatchObject([
      { code: 'SCHEMA_WRONG_TYPE', pointer: '' },
    ]);
  });

  it('reports invalid JSON text as one diagnostic with its position', () => {
    expect(validateDefinition('{"StartAt": }').diagnostics).toEqual([
      {
        code: 'INVALID_JSON',
        message: 'The definition is not valid JSON: Unexpected character "}": expected a JSON value',
        pointer: '',
        line: 1,
        column: 13,
      },
    ]);
  });

  it('names the innermost state for a problem inside a Map inside a Parallel branch', () => {
    const [diagnostic] = validateDefinition({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            {
              StartAt: 'M',
              States: {
                M: {
                  Type: 'Map',
                  End: true,
                  ItemProcessor: { StartAt: 'Deep', States: { Deep: { Type: 'Pass', ResultPath: 'nope', End: true } } },
                },
              },
            },
          ],
        },
      },
    }).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'INVALID_PATH',
      state: 'Deep',
      field: 'ResultPath',
      pointer: '/States/P/Branches/0/States/M/ItemProcessor/States/Deep/ResultPath',
    });
  });

  it("uses the state machine's query language for nested states, not the enclosing Map's", () => {
    // The Map is JSONata, its processor's states inherit the top level's JSONPath.
    const result = validateDefinition({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          QueryLanguage: 'JSONata',
          Items: '{% $states.input.items %}',
          ItemProcessor: {
            StartAt: 'Inner',
            States: { Inner: { Type: 'Pass', Parameters: { 'v.$': '$' }, ResultPath: '$.v', End: true } },
          },
          End: true,
        },
      },
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('escapes state names in pointers', () => {
    const [diagnostic] = validateDefinition({ StartAt: 'a/b', States: { 'a/b': { Type: 'Pass' } } }).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'MISSING_TRANSITION', pointer: '/States/a~1b', state: 'a/b' });
  });
});

describe('parseDefinition', () => {
  const valid = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

  it('returns the model of a valid definition', () => {
    expect(parseDefinition(JSON.stringify(valid)).States.A?.Type).toBe('Pass');
  });

  it('returns the cached model for the same text and for the same object', () => {
    const text = JSON.stringify(valid);
    expect(parseDefinition(text)).toBe(parseDefinition(text));
    expect(parseDefinition(valid)).toBe(parseDefinition(valid));
  });

  it('throws InvalidDefinitionError listing the diagnostics one per line', () => {
    const bad = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" }\n  }\n}';
    let error: unknown;
    try {
      parseDefinition(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    const invalid = error as InvalidDefinitionError;
    expect(invalid.diagnostics.map((d) => d.code)).toEqual(['NEXT_NOT_FOUND']);
    expect(invalid.message.split('\n')).toEqual([
      'Invalid state machine definition (1 problem):',
      "4:28  State 'A' › Next: Next of state 'A' (Pass) names 'B', but the state machine has no such state [NEXT_NOT_FOUND]",
    ]);
  });
});

describe('formatDiagnostic', () => {
  it('falls back to the pointer when there is no line', () => {
    expect(
      formatDiagnostic({
        code: 'START_AT_NOT_FOUND',
        message: 'StartAt names X.',
        pointer: '/StartAt',
        field: 'StartAt',
      }),
    ).toBe('/StartAt  StartAt: StartAt names X. [START_AT_NOT_FOUND]');
  });
});
