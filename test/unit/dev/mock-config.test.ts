import { describe, expect, it } from 'vitest';
import { MockConfig } from '../../../src/dev/mock-config.js';

const CONFIG = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { '0': { Return: { StatusCode: 200, Payload: { body: 'Hello' } } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'not ready' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'timed out' } },
      '3': { Return: { StatusCode: 200 } },
    },
  },
};

describe('MockConfig', () => {
  it('answers each invocation with the response whose key or range holds it, and the last one beyond', () => {
    const mocks = MockConfig.parse(CONFIG);
    const answers = [0, 1, 2, 3, 4].map((n) => mocks.answer('LambdaSQSIntegration', 'RetryPath', 'LambdaState', n));
    expect(answers.map((a) => (a !== undefined && 'Throw' in a ? a.Throw.Error : 'Return'))).toEqual([
      'Lambda.ResourceNotReadyException',
      'Lambda.TimeoutException',
      'Lambda.TimeoutException',
      'Return',
      'Return',
    ]);
    expect(mocks.answer('LambdaSQSIntegration', 'HappyPath', 'LambdaState', 0)).toEqual({
      Return: { StatusCode: 200, Payload: { body: 'Hello' } },
    });
  });

  it('answers nothing for a state or test case the configuration does not mock', () => {
    const mocks = MockConfig.parse(CONFIG);
    expect(mocks.answer('LambdaSQSIntegration', 'HappyPath', 'SQSState', 0)).toBeUndefined();
    expect(mocks.hasTestCase('LambdaSQSIntegration', 'HybridPath')).toBe(false);
    expect(mocks.hasTestCase('LambdaSQSIntegration', 'RetryPath')).toBe(true);
  });

  it('refuses a test case naming a response that MockedResponses does not define, and a bad invocation key', () => {
    expect(() => MockConfig.parse({ ...CONFIG, StateMachines: { M: { TestCases: { T: { S: 'Missing' } } } } })).toThrow(
      /StateMachines\.M\.TestCases\.T\.S names the mocked response 'Missing'/,
    );
    expect(() => MockConfig.parse({ MockedResponses: { R: { first: { Return: 1 } } } })).toThrow(
      /'first' is not an invocation key/,
    );
  });
});
