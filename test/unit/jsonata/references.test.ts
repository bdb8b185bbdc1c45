import { describe, expect, it } from 'vitest';
import { findTopLevelReferences } from '../../../src/asl/jsonata/index.js';

describe('findTopLevelReferences', () => {
  // AWS: UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported.
  // (measured by the Floci project, floci-io/floci#2670)
  it('reports a path that starts from the context item', () => {
    expect(findTopLevelReferences('{% phone %}')).toEqual(['phone']);
    expect(findTopLevelReferences('{% phone.number %}')).toEqual(['phone']);
  });

  it('reports each name once, inside operators, calls and constructors', () => {
    expect(findTopLevelReferences("{% a + $sum(b) & [c, {'k': a}] %}")).toEqual(['a', 'b', 'c']);
  });

  it('reports $ and $$', () => {
    expect(findTopLevelReferences('{% $ %}')).toEqual(['$']);
    expect(findTopLevelReferences('{% $$.x %}')).toEqual(['$$']);
  });

  it('ignores names read relative to a step, a predicate or a function argument', () => {
    expect(findTopLevelReferences('{% $states.input.items[price > 10].name %}')).toEqual([]);
    expect(findTopLevelReferences("{% $states.input.items.{'id': id} %}")).toEqual([]);
    expect(findTopLevelReferences('{% $map($states.input.items, function($v) { $v.id }) %}')).toEqual([]);
    expect(findTopLevelReferences('{% $myVar.field %}')).toEqual([]);
  });

  it('returns nothing for an expression that does not parse', () => {
    expect(findTopLevelReferences('{% 1 + %}')).toEqual([]);
  });
});
