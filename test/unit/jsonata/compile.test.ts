import { describe, expect, it } from 'vitest';
import { checkJsonata, compileJsonata, diagnoseJsonata } from '../../../src/asl/jsonata/index.js';

describe('checkJsonata', () => {
  it('accepts an expression that parses', () => {
    expect(checkJsonata('{% $states.input.items[price > 10].name %}')).toBeUndefined();
    expect(checkJsonata('$partition($states.input, 2)')).toBeUndefined();
  });

  // AWS refuses these at definition time with the parser's message and no code (measured by the Floci
  // project, floci-io/floci#2745): INVALID_JSONATA_EXPRESSION: <message> at <field>.
  it.each([
    ['a[1,2)', 'Expected "]", got ","'],
    ['"unterminated', 'String literal must be terminated by a matching quote'],
    ['1 +', 'Unexpected end of expression'],
    ['{"a":}', 'The symbol "}" cannot be used as a unary operator'],
    ['$x :=', 'Unexpected end of expression'],
    ['$match("a", /abc', 'No terminating / in regular expression'],
  ])('rejects %s with the parser message', (expression, message) => {
    expect(checkJsonata(`{% ${expression} %}`)).toBe(message);
  });

  it('rejects an empty expression', () => {
    expect(checkJsonata('{%  %}')).toBe('Unexpected end of expression');
  });
});

describe('diagnoseJsonata', () => {
  it('gives the code and the position in the expression body', () => {
    expect(diagnoseJsonata('{% [1, 2 %}')).toEqual({
      code: 'S0203',
      message: 'Expected "]" before end of expression',
      position: 5,
      token: '(end)',
    });
  });

  it('returns undefined when the expression parses', () => {
    expect(diagnoseJsonata('{% 1 %}')).toBeUndefined();
  });
});

describe('compileJsonata', () => {
  it('compiles each expression once', () => {
    const first = compileJsonata('$states.input.cached + 1');
    const second = compileJsonata('$states.input.cached + 1');
    expect(first.ok).toBe(true);
    expect(second).toBe(first);
  });
});
