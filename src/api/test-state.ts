/**
 * `TestState`: runs one state on its own — given alone, or by `stateName` inside a whole definition
 * (the 2025 form) — with its input, optional variables, and an optional mocked result or error in
 * place of the task's call, and reports its output or error, the next state and, at the `DEBUG`
 * level, what the state's input and result looked like.
 *
 * The state runs on an embedded engine of its own with a virtual clock, inside a small state machine
 * whose other states are stand-ins (`Succeed` states with the names the tested state transitions to),
 * so the answer comes from the same interpreter as every execution. A retrier that matches the error
 * makes the status `RETRIABLE`, with the back-off the engine would wait.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
 */
import { StatesErrors } from '../asl/errors.js';
import { InvalidDefinitionError } from '../asl/validate/index.js';
import type { HistoryEvent } from '../engine/types.js';
import { createLocalEngine } from '../local/engine.js';
import { InvalidDefinition, ValidationException } from '../runtime/errors.js';
import type { InvocationResult, TaskInvoker } from '../runtime/ports.js';

/** A `TestState` request (the members this implementation reads). */
export interface TestStateRequest {
  readonly definition: string;
  readonly stateName?: string | undefined;
  readonly input?: string | undefined;
  readonly variables?: string | undefined;
  readonly inspectionLevel?: 'INFO' | 'DEBUG' | 'TRACE' | undefined;
  readonly mock?:
    | {
        readonly result?: string | undefined;
        readonly errorOutput?: { readonly error?: string | undefined; readonly cause?: string | undefined } | undefined;
      }
    | undefined;
}

/** A `TestState` response. */
export interface TestStateResponse {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** Runs a `TestState` request; `invoker` calls the task when no mock is given. */
export async function testState(request: TestStateRequest, invoker: TaskInvoker): Promise<TestStateResponse> {
  const { name, state, queryLanguage } = stateUnderTest(request);
  const machine = testMachine(name, state, queryLanguage, parseJson(request.variables, 'variables'));
  let calls = 0;
  let firstFailure: { at: number } | undefined;
  let retryAt: number | undefined;
  const mock = request.mock;
  const answer = async (
    invocation: Parameters<TaskInvoker['invoke']>[0],
    execution: Parameters<TaskInvoker['invoke']>[1],
  ): Promise<InvocationResult> => {
    if (mock?.errorOutput !== undefined) {
      return { ok: false, error: mock.errorOutput.error ?? '', cause: mock.errorOutput.cause };
    }
    if (mock?.result !== undefined) return { ok: true, output: parseJson(mock.result, 'mock.result') };
    return invoker.invoke(invocation, execution);
  };
  const engine = createLocalEngine({
    adapters: {
      invoker: () => ({
        invoke: async (invocation, execution) => {
          calls += 1;
          if (calls > 1) {
            // A retrier took the error: that is the answer; let the run end without calling again.
            retryAt = engine.runtime.deps.clock.now();
            return { ok: true, output: {} };
          }
          const result = await answer(invocation, execution);
          if (!result.ok) firstFailure = { at: engine.runtime.deps.clock.now() };
          if (result.ok && invocation.taskToken !== undefined) {
            // A callback task's mocked result is its answer.
            const token = invocation.taskToken;
            setImmediate(() => void engine.sendTaskSuccess(token, result.output).catch(() => undefined));
          }
          return result;
        },
      }),
    },
  });
  const input = parseJson(request.input ?? '{}', 'input');
  let result: Awaited<ReturnType<typeof engine.run>>;
  try {
    result = await engine.run(machine, input, { stateMachineName: 'TestState' });
  } catch (error) {
    if (error instanceof InvalidDefinitionError) throw new InvalidDefinition(error.message);
    throw error;
  }
  const history = result.history;
  const inspection = request.inspectionLevel === 'DEBUG' || request.inspectionLevel === 'TRACE';
  const inspectionData = inspection ? inspect(history, name) : undefined;
  const failure = failureOf(history);
  if (retryAt !== undefined && firstFailure !== undefined && failure !== undefined) {
    return withData(
      { status: 'RETRIABLE', error: failure.error, ...(failure.cause === undefined ? {} : { cause: failure.cause }) },
      inspectionData === undefined
        ? undefined
        : {
            ...inspectionData,
            errorDetails: { retryBackoffIntervalSeconds: Math.round((retryAt - firstFailure.at) / 1000) },
          },
    );
  }
  if (result.status !== 'SUCCEEDED') {
    return withData(
      {
        status: 'FAILED',
        error: result.error ?? StatesErrors.Runtime,
        ...(result.cause === undefined ? {} : { cause: result.cause }),
      },
      inspectionData,
    );
  }
  const next = nextStateOf(history, name);
  const output = JSON.stringify(result.output ?? null);
  if (failure !== undefined) {
    return withData(
      {
        status: 'CAUGHT_ERROR',
        output,
        error: failure.error,
        ...(failure.cause === undefined ? {} : { cause: failure.cause }),
        ...(next === undefined ? {} : { nextState: next }),
      },
      inspectionData,
    );
  }
  return withData({ status: 'SUCCEEDED', output, ...(next === undefined ? {} : { nextState: next }) }, inspectionData);
}

function withData(response: TestStateResponse, inspectionData: Record<string, unknown> | undefined): TestStateResponse {
  return inspectionData === undefined ? response : { ...response, inspectionData };
}

/** The state to test, its name and the query language it runs in. */
function stateUnderTest(request: TestStateRequest): { name: string; state: Json; queryLanguage: unknown } {
  const definition = parseJson(request.definition, 'definition', true);
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new InvalidDefinition('The definition must be a JSON object: a state, or a state machine with States');
  }
  const root = definition as Json;
  if (root.States === undefined) {
    if (typeof root.Type !== 'string')
      throw new InvalidDefinition('The definition must be a state (with Type) or a state machine (with States)');
    return { name: request.stateName ?? 'TestState', state: root, queryLanguage: root.QueryLanguage };
  }
  const name = request.stateName ?? (typeof root.StartAt === 'string' ? root.StartAt : undefined);
  const state = name === undefined ? undefined : findState(root, name);
  if (name === undefined || state === undefined) {
    throw new ValidationException(`The state machine has no state '${name ?? ''}' (stateName)`);
  }
  return { name, state, queryLanguage: state.QueryLanguage ?? root.QueryLanguage };
}

/** A state by name, at the top level or inside a Parallel branch or Map processor. */
function findState(machine: Json, name: string): Json | undefined {
  const states = (machine.States ?? {}) as Record<string, Json>;
  if (states[name] !== undefined) return states[name];
  for (const state of Object.values(states)) {
    const nested = [
      ...((state.Branches as Json[] | undefined) ?? []),
      state.ItemProcessor as Json | undefined,
      state.Iterator as Json | undefined,
    ];
    for (const machineInside of nested) {
      const found = machineInside === undefined ? undefined : findState(machineInside, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The state alone in a state machine: the states it goes to are stand-ins that end the run. */
function testMachine(name: string, state: Json, queryLanguage: unknown, variables: unknown): Json {
  const targets = new Set<string>();
  if (typeof state.Next === 'string') targets.add(state.Next);
  if (typeof state.Default === 'string') targets.add(state.Default);
  for (const rule of (state.Choices as Json[] | undefined) ?? [])
    if (typeof rule.Next === 'string') targets.add(rule.Next);
  for (const catcher of (state.Catch as Json[] | undefined) ?? [])
    if (typeof catcher.Next === 'string') targets.add(catcher.Next);
  const states: Record<string, unknown> = { [name]: state };
  for (const target of targets) if (target !== name) states[target] = { Type: 'Succeed' };
  const start = '__stepstone_test_state_variables';
  const hasVariables = variables !== undefined && variables !== null && typeof variables === 'object';
  if (hasVariables) states[start] = { Type: 'Pass', Assign: variables, Next: name };
  return {
    ...(queryLanguage === undefined ? {} : { QueryLanguage: queryLanguage }),
    StartAt: hasVariables ? start : name,
    States: states,
  };
}

function parseJson(text: string | undefined, member: string, definition = false): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = `The ${member} is not valid JSON: ${(error as Error).message}`;
    throw definition ? new InvalidDefinition(message) : new ValidationException(message);
  }
}

/** The first error a task or state reported, if any. */
function failureOf(history: readonly HistoryEvent[]): { error: string; cause?: string } | undefined {
  for (const event of history) {
    if (!/(Failed|TimedOut)$/.test(event.type) || event.type.startsWith('Execution')) continue;
    const details = detailsOf(event);
    if (typeof details?.error === 'string') {
      return typeof details.cause === 'string'
        ? { error: details.error, cause: details.cause }
        : { error: details.error };
    }
  }
  return undefined;
}

/** The state entered after the tested one exited. */
function nextStateOf(history: readonly HistoryEvent[], name: string): string | undefined {
  let exited = false;
  for (const event of history) {
    const details = detailsOf(event);
    if (event.type.endsWith('StateExited') && details?.name === name) exited = true;
    else if (exited && event.type.endsWith('StateEntered')) return String(details?.name);
  }
  return undefined;
}

/** What the state looked like on the way: its input, the task's parameters and result, its output. */
function inspect(history: readonly HistoryEvent[], name: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const event of history) {
    const details = detailsOf(event);
    if (details === undefined) continue;
    if (event.type.endsWith('StateEntered') && details.name === name) data.input = details.input;
    else if (event.type === 'TaskScheduled') data.afterParameters = details.parameters;
    else if (event.type === 'LambdaFunctionScheduled' || event.type === 'ActivityScheduled')
      data.afterParameters = details.input;
    else if (/^(Task|LambdaFunction|Activity)Succeeded$/.test(event.type)) data.result = details.output;
    else if (event.type.endsWith('StateExited') && details.name === name) data.afterResultPath = details.output;
  }
  return data;
}

function detailsOf(event: HistoryEvent): Json | undefined {
  const entry = Object.entries(event).find(([key]) => key.endsWith('EventDetails'));
  return entry === undefined ? undefined : (entry[1] as Json);
}
