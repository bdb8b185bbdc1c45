// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { describe, expect, it } from 'vitest';
import { resolverOf } from '../../../src/asl/placeholders.js';
import { type DefinitionSource, readDefinitionSource } from '../../../src/asl/validate/definition-source.js';
import { validateDefinition } from '../../../src/asl/validate/index.js';

function read(text: string, values?: Record<string, string | number | boolean>): DefinitionSource {
  const result = readDefinitionSource(text, resolverOf(values));
  if (!result.ok) throw new Error(`${result.format}: ${result.message} at ${JSON.stringify(result.position)}`);
  return result.source;
}

const YAML = `StartAt: Remind
States:
  Remind:
    Type: Wait
    Seconds: \${ReminderTimeout}
    Comment: "\${ReminderTimeout}"
    Next: Done
  Done:
    Type: Pass
    Result: \${Config}
    End: \${Finish}
`;

describe('readDefinitionSource', () => {
  it('gives a whole-value YAML placeholder the type of its value, and a quoted one a string', () => {
    const source = read(YAML, { ReminderTimeout: 60, Finish: true, Config: '{ retries: 3 }' });
    expect(source.format).toBe('YAML');
    expect(source.value).toMatchObject({
      States: {
        Remind: { Seconds: 60, Comment: '60' },
        Done: { Result: { retries: 3 }, End: true },
      },
    });
    expect(source.unresolved.size).toBe(0);
  });

  it('reads a bare JSON placeholder as its value once substituted, and a quoted one as a string', () => {
    const text = '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":${T},"Comment":"${T}","End":true}}}';
    expect(read(text, { T: 60 }).value).toMatchObject({ States: { W: { Seconds: 60, Comment: '60' } } });
  });

  it('lists the whole-value placeholders left unresolved, and reads them as strings', () => {
    const json = read('{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":${T},"Comment":"${T}","End":true}}}');
    expect(json.value).toMatchObject({ States: { W: { Seconds: '${T}', Comment: '${T}' } } });
    expect([...json.unresolved]).toEqual(['/States/W/Seconds']);
    const yaml = read(YAML);
    expect([...yaml.unresolved].sort()).toEqual(['/States/Done/End', '/States/Done/Result', '/States/Remind/Seconds']);
  });

  it('locates values in the text as written when substitution changes its length', () => {
    const text = '{"StartAt": "${Start}", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}';
    const source = read(text, { Start: 'A-much-longer-name-than-the-placeholder' });
    expect(source.locate('/States/A/Next')).toEqual({ line: 1, column: text.indexOf('"Next"') + 1 });
    const yaml = read('StartAt: ${Start}\nStates:\n  A: {Type: Pass, End: true}\n', { Start: 'A' });
    expect(yaml.locate('/States/A')).toEqual({ line: 3, column: 3 });
  });

  it('reports where the YAML goes wrong, in the text as written', () => {
    const result = readDefinitionSource('StartAt: A\nStates:\n  A: [\n');
    expect(result).toMatchObject({ ok: false, format: 'YAML', position: { line: 4 } });
  });
});

describe('validateDefinition on text with placeholders', () => {
  it('accepts a whole-value placeholder left unresolved, and judges it once it has a value', () => {
    const text = 'StartAt: W\nStates:\n  W: {Type: Wait, Seconds: ${T}, End: true}\n';
    expect(validateDefinition(text).ok).toBe(true);
    expect(validateDefinition(text, { resolve: resolverOf({ T: 30 }) }).ok).toBe(true);
    const wrong = validateDefinition(text, { resolve: resolverOf({ T: 'soon' }) });
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics).toEqual([
      expect.objectContaining({ code: 'SCHEMA_WRONG_TYPE', state: 'W', field: 'Seconds', line: 3, column: 19 }),
    ]);
  });

  it('keeps a quoted placeholder a string, as CloudFormation does, so a number field refuses it', () => {
    const text = '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"${T}","End":true}}}';
    const result = validateDefinition(text, { resolve: resolverOf({ T: 30 }) });
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'SCHEMA_WRONG_TYPE', field: 'Seconds' })]);
  });
});
