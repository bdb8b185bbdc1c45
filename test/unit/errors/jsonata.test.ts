/**
 * JSONata evaluation failures, in AWS's words. Sources: the recorded cases named on each test, and
 * LocalStack's `state_map/items/items.py` (beside its AWS-only test of a function-valued `Items`).
 */
import { describe, expect, it } from 'vitest';
import { expectFailure, inState, runOne } from './helpers.js';

const JSONATA = { language: 'JSONata' } as const;

describe('JSONata Output and Assign', () => {
  it('fails with States.QueryEvaluationError naming the field path when an expression returns nothing', async () => {
    // v2_assign_test_assign_reference_variables__TestAssignReferenceVariables_test_undefined_reference_BASE_UNDEFINED_OUTPUT_FIELD
    const execution = await runOne({ Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true }, {}, JSONATA);
    expectFailure(
      execution,
      'States.QueryEvaluationError',
      inState(
        'S',
        "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
      ),
    );
    expect(execution.events('EvaluationFailed')[0]?.evaluationFailedEventDetails).toMatchObject({ location: 'Output' });
  });

  it('fails with the JSONata error code and message when an expression throws', async () => {
    // v2_intrinsic_functions_test_math_operations_jsonata__TestMathOperationsJSONata_test_math_random_seeded
    const execution = await runOne({ Type: 'Pass', Output: { r: '{% $nope(1) %}' }, End: true }, {}, JSONATA);
    expectFailure(
      execution,
      'States.QueryEvaluationError',
      inState(
        'S',
        "The JSONata expression '$nope(1)' specified for the field 'Output/r' threw an error during evaluation. T1006: Attempted to invoke a non-function",
      ),
    );
  });

  it('words the field without "specified" when an expression returns a function', async () => {
    const execution = await runOne(
      {
        Type: 'Map',
        Items: '{% $fn := function($x){$x} %}',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
      {},
      JSONATA,
    );
    expectFailure(
      execution,
      'States.QueryEvaluationError',
      inState(
        'S',
        "The JSONata expression '$fn := function($x){$x}' for the field 'Items' returned an unsupported result type.",
      ),
    );
  });
});
