import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/cli/commands/validate.js';
import { captureIo } from '../../support/capture-io.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const VALID = join(FIXTURES, 'valid/jsonata-everything.asl.json');
const VALID_TOO = join(FIXTURES, 'valid/result-with-dollar-keys.asl.json');
const INVALID = join(FIXTURES, 'invalid/next-exists/next-not-found.asl.json');
const TWO_PROBLEMS = join(FIXTURES, 'invalid/reachable/orphan-cycle.asl.json');
const NOT_JSON = join(FIXTURES, 'invalid/json/trailing-comma.asl.json');
const MISSING = join(FIXTURES, 'no-such-file.asl.json');
const YAML_WITH_PLACEHOLDERS = join(FIXTURES, 'valid/wait-seconds-placeholder.asl.yaml');
const YAML_INVALID = join(FIXTURES, 'invalid/yaml/next-not-found.asl.yaml');
const UNSUPPORTED = join(FIXTURES, 'warnings/unsupported-resources.asl.json');

const capture = captureIo;

describe('validateCommand', () => {
  it('exits 0 and says so when every file is valid', async () => {
    const io = capture();
    expect(await validateCommand([VALID, VALID_TOO], io)).toBe(0);
    expect(io.out).toBe(`${VALID}  valid\n${VALID_TOO}  valid\n2 files checked: 2 valid, 0 invalid\n`);
    expect(io.err).toBe('');
  });

  it('accepts a YAML file whose placeholders stand for a number, a function and a boolean', async () => {
    const io = capture();
    expect(await validateCommand([YAML_WITH_PLACEHOLDERS], io)).toBe(0);
    expect(io.out).toBe(`${YAML_WITH_PLACEHOLDERS}  valid\n1 file checked: 1 valid, 0 invalid\n`);
  });

  it('prints the line and column of a problem in a YAML file', async () => {
    const io = capture();
    expect(await validateCommand([YAML_INVALID], io)).toBe(1);
    expect(io.out).toContain(`${YAML_INVALID}:8:5  State 'Remind' › Next:`);
  });

  it('exits 1 and prints file:line:col, state, field, message and code for an invalid file', async () => {
    const io = capture();
    expect(await validateCommand([INVALID], io)).toBe(1);
    expect(io.out.split('\n')).toEqual([
      `${INVALID}:6:7  State 'A' › Next: Next of state 'A' (Pass) names 'B', but the state machine has no such state [NEXT_NOT_FOUND]`,
      '1 file checked: 0 valid, 1 invalid (1 problem)',
      '',
    ]);
  });

  it('reports valid and invalid files together and exits 1', async () => {
    const io = capture();
    expect(await validateCommand([VALID, TWO_PROBLEMS, NOT_JSON], io)).toBe(1);
    const lines = io.out.trimEnd().split('\n');
    expect(lines[0]).toBe(`${VALID}  valid`);
    expect(lines.filter((line) => line.includes('[UNREACHABLE_STATE]'))).toHaveLength(2);
    expect(lines).toContain(
      `${NOT_JSON}:5:3  The definition is not valid JSON: Unexpected character "}": expected a property name in double quotes [INVALID_JSON]`,
    );
    expect(lines.at(-1)).toBe('3 files checked: 1 valid, 2 invalid (3 problems)');
  });

  it('prints JSON with --json', async () => {
    const io = capture();
    expect(await validateCommand(['--json', VALID, INVALID], io)).toBe(1);
    const report = JSON.parse(io.out) as {
      valid: number;
      invalid: number;
      files: {
        file: string;
        valid: boolean;
        diagnostics: { code: string; state?: string; field?: string; line?: number }[];
      }[];
    };
    expect(report.valid).toBe(1);
    expect(report.invalid).toBe(1);
    expect(report.files.map((f) => [f.file, f.valid])).toEqual([
      [VALID, true],
      [INVALID, false],
    ]);
    expect(report.files[1]?.diagnostics).toMatchObject([
      { code: 'NEXT_NOT_FOUND', state: 'A', field: 'Next', line: 6, column: 7 },
    ]);
  });

  it('exits 2 with a message and no stack trace when a file cannot be read', async () => {
    const io = capture();
    expect(await validateCommand([VALID, MISSING], io)).toBe(2);
    expect(io.err).toBe(`stepstone validate: cannot read '${MISSING}': no such file\n`);
    expect(io.out).toContain('2 files checked: 1 valid, 0 invalid, 1 unreadable');
  });

  it('exits 2 when a directory is given instead of a file', async () => {
    const io = capture();
    expect(await validateCommand([FIXTURES], io)).toBe(2);
    expect(io.err).toBe(`stepstone validate: cannot read '${FIXTURES}': is a directory\n`);
  });

  it('exits 2 with usage when no file is given', async () => {
    const io = capture();
    expect(await validateCommand([], io)).toBe(2);
    expect(io.err).toMatch(
      /^stepstone validate: no definition files given\n\nusage: stepstone validate <files…> \[--strict\] \[--json\]/,
    );
    expect(io.out).toBe('');
  });

  it('exits 2 with usage on an unknown option', async () => {
    const io = capture();
    expect(await validateCommand(['--yaml', VALID], io)).toBe(2);
    expect(io.err).toMatch(/^stepstone validate: Unknown option '--yaml'/);
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it('prints usage on stdout and exits 0 with --help', async () => {
    const io = capture();
    expect(await validateCommand(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^usage: stepstone validate/);
  });

  it('prints the resources Stepstone cannot run as warnings and exits 0', async () => {
    const io = capture();
    expect(await validateCommand([UNSUPPORTED, VALID], io)).toBe(0);
    const lines = io.out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${UNSUPPORTED}:11:31  warning: State 'Scan' › Resource: Resource of state 'Scan' (Task) is 'arn:aws:states:::dynamodb:scan', which Stepstone cannot run: the dynamodb integration has no action 'scan' (Stepstone runs dynamodb:getItem, dynamodb:putItem, dynamodb:updateItem, dynamodb:deleteItem; any other action through arn:aws:states:::aws-sdk:dynamodb:<action>) [UNSUPPORTED_RESOURCE]`,
    );
    expect(lines.filter((line) => line.endsWith('[UNSUPPORTED_RESOURCE]'))).toHaveLength(6);
    expect(lines.slice(-3)).toEqual([
      `${UNSUPPORTED}  valid (6 warnings)`,
      `${VALID}  valid`,
      '2 files checked: 2 valid, 0 invalid, 6 warnings',
    ]);
  });

  it('reports them as errors and exits 1 with --strict', async () => {
    const io = capture();
    expect(await validateCommand(['--strict', UNSUPPORTED], io)).toBe(1);
    const lines = io.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^.*:11:31 {2}State 'Scan' › Resource: .*\[UNSUPPORTED_RESOURCE\]$/);
    expect(lines.at(-1)).toBe('1 file checked: 0 valid, 1 invalid (6 problems)');
  });

  it('gives every diagnostic its severity and counts the warnings with --json', async () => {
    const io = capture();
    expect(await validateCommand(['--json', UNSUPPORTED, INVALID], io)).toBe(1);
    const report = JSON.parse(io.out) as {
      valid: number;
      invalid: number;
      unreadable: number;
      warnings: number;
      files: { valid: boolean; diagnostics: { code: string; severity: string }[] }[];
    };
    expect(report).toMatchObject({ valid: 1, invalid: 1, unreadable: 0, warnings: 6 });
    expect(report.files[0]?.diagnostics.map((d) => [d.code, d.severity])).toEqual(
      Array.from({ length: 6 }, () => ['UNSUPPORTED_RESOURCE', 'warning']),
    );
    expect(report.files[1]?.diagnostics).toMatchObject([{ code: 'NEXT_NOT_FOUND', severity: 'error' }]);
  });
});
