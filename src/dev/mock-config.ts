/**
 * Step Functions Local's mock configuration file (`MockConfigFile.json`), read as Step Functions
 * Local reads it, so teams keep the files they have:
 *
 * ```json
 * { "StateMachines": { "<state machine name>": { "TestCases": { "<test case>": { "<state name>": "<mocked response>" } } } },
 *   "MockedResponses": { "<mocked response>": { "0": { "Return": {…} }, "1-2": { "Throw": { "Error": "…", "Cause": "…" } } } } }
 * ```
 *
 * An execution started on `<stateMachineArn>#<test case>` runs that test case: each Task state it
 * names answers its n-th invocation (0 first, retries included) with the response whose key is `n`
 * or a range `a-b` holding n. An invocation beyond the last key gets the last response again. A state
 * the test case does not name calls its resource for real.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const Response = z.union([
  z.strictObject({ Return: z.unknown() }),
  z.strictObject({ Throw: z.strictObject({ Error: z.string(), Cause: z.string().optional() }) }),
]);

const Config = z.object({
  StateMachines: z
    .record(z.string(), z.object({ TestCases: z.record(z.string(), z.record(z.string(), z.string())) }))
    .default({}),
  MockedResponses: z.record(z.string(), z.record(z.string(), Response)).default({}),
});

/** One mocked answer. */
export type MockedAnswer = z.infer<typeof Response>;

/** A mock configuration, checked: every test case names a mocked response that exists. */
export class MockConfig {
  private constructor(private readonly config: z.infer<typeof Config>) {}

  /** Parses and checks a configuration; throws an `Error` naming what is wrong. */
  static parse(value: unknown, source = 'the mock configuration'): MockConfig {
    const parsed = Config.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    for (const [name, responses] of Object.entries(parsed.data.MockedResponses)) {
      for (const key of Object.keys(responses)) {
        if (!/^\d+(-\d+)?$/.test(key)) {
          throw new Error(`${source}: MockedResponses.${name}: '${key}' is not an invocation key ("0", "1-2", …)`);
        }
      }
    }
    for (const [machine, { TestCases }] of Object.entries(parsed.data.StateMachines)) {
      for (const [testCase, states] of Object.entries(TestCases)) {
        for (const [state, response] of Object.entries(states)) {
          if (parsed.data.MockedResponses[response] === undefined) {
            throw new Error(
              `${source}: StateMachines.${machine}.TestCases.${testCase}.${state} names the mocked response '${response}', which MockedResponses does not define`,
            );
          }
        }
      }
    }
    return new MockConfig(parsed.data);
  }

  /** Reads a `MockConfigFile.json`. */
  static async load(path: string): Promise<MockConfig> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new Error(
        `cannot read the mock configuration '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`the mock configuration '${path}' is not JSON: ${(error as Error).message}`);
    }
    return MockConfig.parse(value, path);
  }

  /** Whether the state machine has that test case. */
  hasTestCase(stateMachineName: string, testCase: string): boolean {
    return this.config.StateMachines[stateMachineName]?.TestCases[testCase] !== undefined;
  }

  /** The answer to a state's `invocation`-th call (0 first) in a test case, or undefined when the test case does not mock it. */
  answer(stateMachineName: string, testCase: string, stateName: string, invocation: number): MockedAnswer | undefined {
    const name = this.config.StateMachines[stateMachineName]?.TestCases[testCase]?.[stateName];
    const responses = name === undefined ? undefined : this.config.MockedResponses[name];
    if (responses === undefined) return undefined;
    let last: { upTo: number; answer: MockedAnswer } | undefined;
    for (const [key, answer] of Object.entries(responses)) {
      const [from, to = from] = key.split('-').map(Number) as [number, number?];
      if (invocation >= from && invocation <= to) return answer;
      if (last === undefined || to > last.upTo) last = { upTo: to, answer };
    }
    return last?.answer;
  }
}
