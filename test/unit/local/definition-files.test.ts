import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError } from '../../../src/asl/validate/index.js';
import { createLocalEngine } from '../../../src/local/engine.js';
import { loadWorkflow, returns } from '../../../src/testing.js';

/** A YAML definition with placeholders for a number, a function and a boolean (see the file). */
const REMINDER = join(import.meta.dirname, '../../fixtures/valid/wait-seconds-placeholder.asl.yaml');
/** The JSON counterpart, with the bare `"Seconds": ${ReminderTimeout}` SAM users write. */
const REMINDER_JSON = join(import.meta.dirname, '../../fixtures/valid/wait-seconds-bare-placeholder.asl.json');

describe('definition files as people keep them', () => {
  it('runs a YAML file whose numeric placeholder becomes a number, through loadWorkflow', async () => {
    const workflow = await loadWorkflow(REMINDER, {
      definitionSubstitutions: { ReminderTimeout: 90, MaxAttempts: 2, Finish: true },
      tasks: { SendReminder: returns({ sent: true }) },
    });
    const wait = workflow.definition.States.Remind;
    expect(wait?.Type === 'Wait' ? wait.Seconds : undefined).toBe(90);
    const execution = await workflow.run({ to: 'ana' });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ sent: true });
    expect(execution.calls('SendReminder')[0]).toEqual({ to: 'ana' });
    expect(execution.elapsedMs(execution.events('TaskStateEntered')[0])).toBe(90_000);
  });

  it('runs a JSON file with a bare numeric placeholder on the embedded engine given its text', async () => {
    const engine = createLocalEngine({
      definitionSubstitutions: { ReminderTimeout: 5 },
      tasks: { SendReminder: async () => 'sent' },
    });
    const result = await engine.run(readFileSync(REMINDER_JSON, 'utf8'), {});
    expect(result.status).toBe('SUCCEEDED');
    const [started, ...rest] = result.history;
    const ended = rest.find((e) => e.type === 'WaitStateExited');
    expect(Date.parse(ended!.timestamp) - Date.parse(started!.timestamp)).toBe(5_000);
  });

  it('refuses a YAML file whose placeholder has no value where a number goes, naming the line', async () => {
    const error = await loadWorkflow(REMINDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    // Unlisted placeholders name Lambda functions: an ARN is no number of seconds.
    expect((error as InvalidDefinitionError).diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SCHEMA_WRONG_TYPE', state: 'Remind', field: 'Seconds', line: 6, column: 5 }),
      ]),
    );
  });
});
