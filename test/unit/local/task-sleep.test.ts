import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/engine/types.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import type { TaskHandler } from '../../../src/local/task-invoker.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';

function at(history: readonly HistoryEvent[], type: string, nth = 0): number {
  const event = history.filter((e) => e.type === type)[nth];
  if (event === undefined) throw new Error(`no ${type} #${nth}`);
  return Date.parse(event.timestamp) - Date.parse(history[0]!.timestamp);
}

const TASK_THEN_WAIT = {
  StartAt: 'Task',
  States: {
    Task: { Type: 'Task', Resource: `${FN}T`, Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 10, End: true },
  },
};

describe('embedded engine task context sleep', () => {
  it('moves engine time by the awaited sleep when a handler awaits it', async () => {
    const T: TaskHandler = async (_payload, context) => {
      await context.sleep(2500);
      return 'done';
    };
    const result = await createLocalEngine({ tasks: { T } }).run(TASK_THEN_WAIT);
    expect(result.status).toBe('SUCCEEDED');
    expect(at(result.history, 'LambdaFunctionSucceeded')).toBe(2500);
    expect(at(result.history, 'WaitStateExited')).toBe(12_500);
  });

  it('records a result returned at once at the call time when the handler starts a sleep it does not await', async () => {
    const T: TaskHandler = (_payload, context) => {
      void context.sleep(1000);
      return 'at once';
    };
    const result = await createLocalEngine({ tasks: { T } }).run(TASK_THEN_WAIT);
    expect(result.status).toBe('SUCCEEDED');
    expect(at(result.history, 'LambdaFunctionSucceeded')).toBe(0);
    expect(at(result.history, 'WaitStateExited')).toBe(10_000);
  });

  it('runs code after a sleep that outlives its handler before time moves past it, and keeps time moving', async () => {
    const log: string[] = [];
    const engine = createLocalEngine({
      tasks: {
        T: (_payload, context) => {
          void context.sleep(4000).then(() => log.push('woke'));
          return 'at once';
        },
      },
      onEvent: (event) => log.push(event.type),
    });
    const result = await engine.run({
      StartAt: 'Task',
      States: {
        Task: { Type: 'Task', Resource: `${FN}T`, Next: 'Wait' },
        Wait: { Type: 'Wait', Seconds: 10, Next: 'Again' },
        Again: { Type: 'Wait', Seconds: 10, End: true },
      },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(log.slice(log.indexOf('TaskStateExited'))).toEqual([
      'TaskStateExited',
      'WaitStateEntered',
      'woke',
      'WaitStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'ExecutionSucceeded',
    ]);
    expect(at(result.history, 'ExecutionSucceeded')).toBe(20_000);
  });
});
