/**
 * Every `v2_choice_operators_*` case recorded on AWS Step Functions: the Choice state's rules are
 * parsed with the model's schema, evaluated against the recorded input, and the branch taken is
 * compared with the branch AWS took. Each definition routes to Pass states whose `Result` names the
 * branch, so the recorded output identifies the state AWS went to.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChoiceRuleSchema, isJsonPathChoiceRule } from '../../../src/asl/model/choice-rule.js';
import { selectChoice } from '../../../src/engine/choice/select-choice.js';

interface RecordedState {
  Type: string;
  Choices?: unknown;
  Default?: string;
  Result?: unknown;
}
interface RecordedCase {
  id: string;
  definition: { StartAt: string; States: Record<string, RecordedState> };
  input: unknown;
  expected: { status: string; output?: unknown };
}

const directory = fileURLToPath(new URL('../../../../shared/conformance/aws-recorded/', import.meta.url));
const cases: RecordedCase[] = readdirSync(directory)
  .filter((name) => name.startsWith('v2_choice_operators_') && name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(directory + name, 'utf8')) as RecordedCase);

/** The state whose Pass `Result` is the recorded output: the branch AWS took. */
function branchTakenOnAws(recorded: RecordedCase): string {
  const matches = Object.entries(recorded.definition.States)
    .filter(
      ([, state]) => state.Type === 'Pass' && JSON.stringify(state.Result) === JSON.stringify(recorded.expected.output),
    )
    .map(([name]) => name);
  if (matches.length !== 1) throw new Error(`${recorded.id}: cannot tell the branch from the output`);
  return matches[0] as string;
}

describe('recorded v2_choice_operators cases', () => {
  it('loads all 366 recorded cases', () => {
    expect(cases).toHaveLength(366);
  });

  it.each(cases.map((recorded) => [recorded.id, recorded] as const))(
    'takes the branch AWS took in %s',
    (_id, recorded) => {
      expect(recorded.expected.status).toBe('SUCCEEDED');
      const choiceState = recorded.definition.States[recorded.definition.StartAt];
      expect(choiceState?.Type).toBe('Choice');
      const rules = z.array(ChoiceRuleSchema).parse(choiceState?.Choices);
      const jsonPathRules = rules.filter(isJsonPathChoiceRule);
      expect(jsonPathRules).toHaveLength(rules.length);
      const selection = selectChoice(jsonPathRules, { input: recorded.input, context: {}, variables: {} });
      const taken = selection?.next ?? choiceState?.Default;
      expect(taken).toBe(branchTakenOnAws(recorded));
    },
  );
});
