/**
 * Every definition recorded on AWS Step Functions (/work/shared/conformance/aws-recorded, 692 cases)
 * was accepted by AWS when its state machine was created, so validation must accept it too, with no
 * diagnostic at all — whether it ran to success or failed at run time (e.g. the
 * INVALID_JSONPATH_IN_* cases, whose paths only fail against their input).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/asl/validate/index.js';

const RECORDED = join(import.meta.dirname, '../../../../shared/conformance/aws-recorded');

interface RecordedCase {
  id: string;
  definition: unknown;
}

const cases: RecordedCase[] = readdirSync(RECORDED)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as RecordedCase);

describe('validateDefinition on definitions recorded on AWS', () => {
  it('finds all 692 recorded cases', () => {
    expect(cases).toHaveLength(692);
  });

  it('accepts every recorded definition given as a parsed value', () => {
    const rejected = cases
      .map((c) => ({ id: c.id, diagnostics: validateDefinition(c.definition).diagnostics }))
      .filter((c) => c.diagnostics.length > 0);
    expect(rejected).toEqual([]);
  });

  it('accepts every recorded definition given as JSON text', () => {
    const rejected = cases
      .map((c) => ({ id: c.id, result: validateDefinition(JSON.stringify(c.definition, null, 2)) }))
      .filter((c) => !c.result.ok);
    expect(rejected.map((c) => c.id)).toEqual([]);
  });
});
