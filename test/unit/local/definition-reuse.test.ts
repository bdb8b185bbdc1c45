import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../../src/local/engine.js';

describe('running one definition object many times on the embedded engine', () => {
  it('runs the definition as it is at each run, even when the object was changed in between', async () => {
    const definition = {
      StartAt: 'Answer',
      States: { Answer: { Type: 'Pass', Result: 'first', End: true } as Record<string, unknown> },
    };
    const engine = createLocalEngine();
    expect((await engine.run(definition, {})).output).toBe('first');
    definition.States.Answer.Result = 'second';
    expect((await engine.run(definition, {})).output).toBe('second');
    definition.States.Answer.Next = 'Missing';
    await expect(engine.run(definition, {})).rejects.toThrow(/Missing/);
  });
});
