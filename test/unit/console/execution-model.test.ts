/**
 * The console's reading of a history: the order saga's histories from the embedded engine, and
 * AWS-recorded histories (../shared/conformance) for how AWS links Parallel and Map events.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { returns, sequence, type TestExecution, testWorkflow, throws } from 'stepstone/testing';
import { describe, expect, it } from 'vitest';
import * as handlers from '../../../functions/tasks/index.js';
import { definitionGraph, type SubGraph } from '../../../src/dev/console/app/model/definition-graph.js';
import { type ExecutionModel, executionModel } from '../../../src/dev/console/app/model/execution-model.js';
import { graphRun } from '../../../src/dev/console/app/model/graph-run.js';
import type { HistoryEvent } from '../../../src/dev/console/app/model/history-events.js';
import { retryPending } from '../../../src/dev/console/app/model/retry-pending.js';

const SAGA = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../definitions/order-saga.asl.json'), 'utf8'));
const ORDER = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../definitions/order-saga.input.json'), 'utf8'),
);
const RECORDED = resolve(import.meta.dirname, '../../../../shared/conformance/aws-recorded');

/** The events of a run as `GetExecutionHistory` sends them (dates as epoch seconds). */
function apiEvents(execution: TestExecution): HistoryEvent[] {
  return execution.events().map((e) => ({ ...e, timestamp: Date.parse(e.timestamp) / 1000 }));
}

async function runSaga(input: unknown, tasks = {}): Promise<{ model: ExecutionModel; graph: SubGraph }> {
  const saga = testWorkflow(SAGA, { tasks: handlers });
  const execution = await saga.run(input, { tasks });
  const graph = definitionGraph(SAGA);
  return { model: executionModel(apiEvents(execution), graph), graph };
}

function statuses(model: ExecutionModel, graph: SubGraph): Record<string, string> {
  const run = graphRun(graph, model);
  return Object.fromEntries(graph.nodes.map((n) => [n.name, run.nodes.get(n.id)?.status ?? 'not-reached']));
}

function recorded(name: string): { definition: unknown; history: HistoryEvent[] } {
  const raw = JSON.parse(readFileSync(resolve(RECORDED, `${name}.json`), 'utf8'));
  return { definition: raw.definition, history: raw.history.map((e: HistoryEvent) => ({ ...e, timestamp: 0 })) };
}

describe('executionModel', () => {
  it('marks every state of a succeeding saga succeeded and the compensation not reached', async () => {
    const { model, graph } = await runSaga(ORDER);
    expect(statuses(model, graph)).toEqual({
      ReserveInventory: 'succeeded',
      ChargePayment: 'succeeded',
      ShipOrder: 'succeeded',
      OrderConfirmed: 'succeeded',
      RefundPayment: 'not-reached',
      ReleaseInventory: 'not-reached',
      OrderFailed: 'not-reached',
    });
    const taken = graphRun(graph, model).takenEdges;
    expect([...taken].sort()).toEqual(
      ['e:start', 'e:ReserveInventory:next', 'e:ChargePayment:next', 'e:ShipOrder:next', 'e:end:OrderConfirmed'].sort(),
    );
  });

  it('marks the failed task caught and the compensation path taken when shipping fails', async () => {
    const { model, graph } = await runSaga({ ...ORDER, address: { street: 'Nowhere' } });
    expect(statuses(model, graph)).toEqual({
      ReserveInventory: 'succeeded',
      ChargePayment: 'succeeded',
      ShipOrder: 'caught',
      OrderConfirmed: 'not-reached',
      RefundPayment: 'succeeded',
      ReleaseInventory: 'succeeded',
      OrderFailed: 'failed',
    });
    const ship = model.visits.find((v) => v.name === 'ShipOrder');
    expect(ship?.failure?.error).toBe('Shipping.InvalidAddress');
    expect(JSON.parse(ship?.failure?.cause ?? '{}')).toMatchObject({ errorMessage: 'The address has no postcode' });
    const failed = model.visits.find((v) => v.name === 'OrderFailed');
    expect(failed?.failure?.error).toBe('Shipping.InvalidAddress');
    const taken = graphRun(graph, model).takenEdges;
    expect(taken).toContain('e:ShipOrder:catch0');
    expect(taken).toContain('e:RefundPayment:next');
    expect(taken).toContain('e:ReleaseInventory:next');
    expect(taken).not.toContain('e:ShipOrder:next');
  });

  it('marks a task retried, with each attempt and its error, when a retry succeeds', async () => {
    const { model } = await runSaga(ORDER, {
      ChargePayment: sequence(throws('Payment.GatewayTimeout'), returns({ chargeId: 'ch-2' })),
    });
    const charge = model.visits.find((v) => v.name === 'ChargePayment');
    expect(charge?.status).toBe('retried');
    expect(charge?.attempts.map((a) => a.failure?.error ?? 'ok')).toEqual(['Payment.GatewayTimeout', 'ok']);
  });

  it('shows the state in flight as running and the ones after it as not reached when the history stops midway', async () => {
    const saga = testWorkflow(SAGA, { tasks: handlers });
    const events = apiEvents(await saga.run(ORDER));
    const cut = events.slice(0, events.findIndex((e) => e.type === 'LambdaFunctionScheduled' && e.id > 5) + 1);
    const graph = definitionGraph(SAGA);
    expect(statuses(executionModel(cut, graph), graph)).toMatchObject({
      ReserveInventory: 'succeeded',
      ChargePayment: 'running',
      ShipOrder: 'not-reached',
    });
  });

  it('marks a state stopped with its execution aborted, and its visit after a redrive by what came next', () => {
    // Recorded from stepstone dev: StopExecution during the Wait, RedriveExecution, then the Fail state.
    const recording = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../fixtures/console/stopped-then-redriven.json'), 'utf8'),
    );
    const model = executionModel(recording.events, definitionGraph(recording.definition));
    expect(model.visits.map((v) => [v.name, v.status])).toEqual([
      ['P', 'succeeded'],
      ['W', 'aborted'],
      ['W', 'succeeded'],
      ['Fin', 'failed'],
    ]);
    expect(model.visits.at(-1)?.failure).toMatchObject({ error: 'X', cause: 'y' });
    expect(model.visits[1]?.failure).toBeUndefined();
  });

  it('keeps the variables a state assigns on its exit event', async () => {
    const definition = {
      StartAt: 'Init',
      States: { Init: { Type: 'Pass', Assign: { count: 2 }, End: true } },
    };
    const model = executionModel(apiEvents(await testWorkflow(definition).run({})));
    const exited = model.visits[0]?.exited as Record<string, { assignedVariables?: unknown }> | undefined;
    expect(exited?.stateExitedEventDetails?.assignedVariables).toEqual({ count: '2' });
  });

  it('puts each state of a Parallel in the branch the definition gives it, whatever order the branches start in', async () => {
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 5, End: true } } },
            { StartAt: 'Broken', States: { Broken: { Type: 'Fail', Error: 'Oops', Cause: 'broken branch' } } },
          ],
          End: true,
        },
      },
    };
    const graph = definitionGraph(definition);
    const model = executionModel(apiEvents(await testWorkflow(definition).run({})), graph);
    const run = graphRun(graph, model);
    expect(run.nodes.get('Both')?.status).toBe('failed');
    expect(run.nodes.get('Both/b1/Broken')?.status).toBe('failed');
    expect(run.nodes.get('Both/b0/Slow')?.status).toBe('aborted');
    expect(model.visits.find((v) => v.name === 'Broken')?.failure).toMatchObject({
      error: 'Oops',
      cause: 'broken branch',
    });
  });
});

describe('executionModel on a Map that fails while an iteration waits to retry', () => {
  it('marks that iteration aborted, not failed, and the iteration that failed for good failed', async () => {
    const fanOut = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../definitions/fan-out.asl.json'), 'utf8'),
    );
    // The throttled iteration must still be in its back-off when the corrupt image fails the Map. With
    // the definition's full jitter the back-off is a random fraction of a second, and one in two
    // thousand rounds to 0 ms: the retry then runs at once and succeeds, rightly, before the Map fails.
    // Without jitter it is a whole second.
    fanOut.States.ResizeImages.ItemProcessor.States.Resize.Retry[0].JitterStrategy = 'NONE';
    const images = ['a.png', 'b.png', 'throttle-me.png', 'c.png', 'broken.corrupt', 'd.png'];
    const execution = await testWorkflow(fanOut, { tasks: handlers }).run({ uploadId: 'u', bucket: 'b', images });
    expect(execution.status).toBe('FAILED'); // one corrupt image in six is over the 10% tolerated
    const graph = definitionGraph(fanOut);
    const map = executionModel(apiEvents(execution), graph).visits.find((v) => v.name === 'ResizeImages');
    const iterations = map?.attempts[0]?.scopes ?? [];
    expect(Object.fromEntries(iterations.map((s) => [images[s.index], s.visits[0]?.status]))).toEqual({
      'a.png': 'succeeded',
      'b.png': 'succeeded',
      'throttle-me.png': 'aborted',
      'c.png': 'succeeded',
      'broken.corrupt': 'failed',
      'd.png': 'succeeded',
    });
  });
});

describe('retryPending', () => {
  const state = {
    Retry: [
      { ErrorEquals: ['Images.Throttled'], MaxAttempts: 2 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 0 },
    ],
  };

  it('allows as many retries as the matching retrier has attempts, counted per retrier', () => {
    expect(retryPending(state, ['Images.Throttled'])).toBe(true);
    expect(retryPending(state, ['Images.Throttled', 'Images.Throttled'])).toBe(true);
    expect(retryPending(state, ['Images.Throttled', 'Images.Throttled', 'Images.Throttled'])).toBe(false);
    expect(retryPending(state, ['Images.Corrupt'])).toBe(false);
    expect(retryPending({ Retry: [{ ErrorEquals: ['States.ALL'] }] }, ['States.Runtime'])).toBe(false);
    expect(retryPending({}, ['Images.Throttled'])).toBe(false);
  });
});

describe.skipIf(!existsSync(RECORDED))('executionModel on AWS-recorded histories', () => {
  it('gives each run of a retried Parallel its own branches and blames the Fail state inside', () => {
    const { definition, history } = recorded(
      'v2_scenarios_test_base_scenarios__TestBaseScenarios_test_parallel_state_retry',
    );
    const graph = definitionGraph(definition);
    const model = executionModel(history, graph);
    const parallel = model.visits.find((v) => v.name === 'ParallelState');
    expect(parallel?.attempts).toHaveLength(3);
    expect(parallel?.attempts.map((a) => a.scopes.map((s) => s.visits.map((v) => v.name)))).toEqual([
      [['Branch1']],
      [['Branch1']],
      [['Branch1']],
    ]);
    expect(parallel?.status).toBe('failed');
    const run = graphRun(graph, model);
    expect(run.nodes.get('ParallelState/b0/Branch1')).toMatchObject({ status: 'failed' });
    expect(run.nodes.get('ParallelState/b0/Branch1')?.visits[0]?.failure?.error).toBe('FailureType');
    expect(run.nodes.get('Final')).toBeUndefined();
  });

  it('reads nested Map iterations, each iteration of the outer Map holding a whole inner Map', () => {
    const { definition, history } = recorded(
      'v2_scenarios_test_base_scenarios__TestBaseScenarios_test_map_state_nested',
    );
    const graph = definitionGraph(definition);
    const model = executionModel(history, graph);
    const outer = model.visits.find((v) => v.name === 'MapL1');
    const iterations = outer?.attempts[0]?.scopes ?? [];
    expect(iterations.map((s) => [s.index, s.status])).toEqual([
      [0, 'succeeded'],
      [1, 'succeeded'],
    ]);
    const inner = iterations[1]?.visits[0];
    expect(inner?.name).toBe('MapL2');
    expect(inner?.attempts[0]?.scopes.map((s) => s.visits.map((v) => v.status))).toEqual([
      ['succeeded'],
      ['succeeded'],
      ['succeeded'],
    ]);
    const run = graphRun(graph, model, new Map([['MapL1', 1]]));
    expect(run.iterations.get('MapL1')).toMatchObject({ shown: 1 });
    expect(run.nodes.get('MapL1/items/MapL2/items/MapL2Pass')?.status).toBe('succeeded');
  });

  it('shows the failed iteration of a Map by default, with the caught task and its retry inside', () => {
    const { definition, history } = recorded(
      'v2_states_variables_test_error_output__TestStateVariablesTemplate_test_map_catch_error_MAP_CATCH_ERROR_OUTPUT_WITH_RETRY',
    );
    const graph = definitionGraph(definition);
    const model = executionModel(history, graph);
    const run = graphRun(graph, model);
    expect(run.nodes.get('ProcessItems')?.status).toBe('failed');
    expect(run.iterations.get('ProcessItems')).toMatchObject({ shown: 0 });
    const task = run.nodes.get('ProcessItems/items/ProcessItem');
    expect(task?.status).toBe('caught');
    expect(task?.visits[0]?.attempts).toHaveLength(2);
    expect(run.takenEdges).toContain('e:ProcessItems/items/ProcessItem:catch0');
  });
});
