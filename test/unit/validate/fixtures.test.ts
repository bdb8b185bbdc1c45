/**
 * Every fixture under test/fixtures/invalid/<topic>/<name>.asl.json (or .asl.yaml) is rejected with exactly the
 * diagnostics its <name>.expected.json lists (code, state and field; line and column where given);
 * every fixture under test/fixtures/valid/ is accepted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, DiagnosticCodes, validateDefinition } from '../../../src/asl/validate/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
/** A definition file's extension. */
const DEFINITION_FILE = /\.asl\.(json|yaml)$/;

interface Expected {
  code: string;
  state?: string;
  field?: string;
  line?: number;
  column?: number;
}

function invalidFixtures(): { topic: string; name: string; file: string; expected: Expected[] }[] {
  const root = join(FIXTURES, 'invalid');
  return readdirSync(root).flatMap((topic) =>
    readdirSync(join(root, topic))
      .filter((file) => DEFINITION_FILE.test(file))
      .map((file) => {
        const name = file.replace(DEFINITION_FILE, '');
        const expected = JSON.parse(readFileSync(join(root, topic, `${name}.expected.json`), 'utf8')) as Expected[];
        return { topic, name, file: join(root, topic, file), expected };
      }),
  );
}

function key(diagnostic: Expected | Diagnostic, withPosition: boolean): string {
  const parts = [diagnostic.code, diagnostic.state ?? '-', diagnostic.field ?? '-'];
  if (withPosition) parts.push(String(diagnostic.line), String(diagnostic.column));
  return parts.join(' | ');
}

const invalid = invalidFixtures();

describe('validateDefinition on invalid fixtures', () => {
  it('has at least 60 fixtures', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(60);
  });

  it('covers every diagnostic code', () => {
    const covered = new Set(invalid.flatMap(({ expected }) => expected.map((e) => e.code)));
    expect([...Object.values(DiagnosticCodes)].filter((code) => !covered.has(code))).toEqual([]);
  });

  it.each(invalid.map((fixture) => [`${fixture.topic}/${fixture.name}`, fixture] as const))(
    'rejects %s with exactly the expected diagnostics',
    (_label, { file, expected }) => {
      const result = validateDefinition(readFileSync(file, 'utf8'));
      expect(result.ok).toBe(false);
      const withPosition = expected.some((e) => e.line !== undefined);
      const actual = result.diagnostics.map((d) => key(d, withPosition)).sort();
      expect(actual).toEqual(expected.map((e) => key(e, withPosition)).sort());
      for (const diagnostic of result.diagnostics) {
        expect(diagnostic.message.length).toBeGreaterThan(20);
        expect(diagnostic.line).toBeGreaterThanOrEqual(1);
      }
    },
  );
});

describe('validateDefinition on valid fixtures', () => {
  const root = join(FIXTURES, 'valid');
  const files = readdirSync(root).filter((file) => DEFINITION_FILE.test(file));

  it.each(files)('accepts %s', (file) => {
    const result = validateDefinition(readFileSync(join(root, file), 'utf8'));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
