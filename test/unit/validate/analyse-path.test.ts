import { describe, expect, it } from 'vitest';
import { analysePath } from '../../../src/asl/validate/schema.js';

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'P',
  States: {
    P: {
      Type: 'Parallel',
      End: true,
      Branches: [
        {
          StartAt: 'M',
          States: {
            M: {
              Type: 'Map',
              QueryLanguage: 'JSONata',
              End: true,
              ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn', End: true } } },
            },
          },
        },
      ],
    },
    C: { Type: 'Choice', Choices: [{ And: [{ Variable: '$.a', IsPresent: true }], Next: 'P' }] },
    X: { Type: 'Pass', Parameters: { deep: { 'a.$': '$.b' } }, End: true },
  },
};

describe('analysePath', () => {
  it('finds the innermost state through Parallel branches and Map processors', () => {
    const info = analysePath(definition, [
      'States',
      'P',
      'Branches',
      0,
      'States',
      'M',
      'ItemProcessor',
      'States',
      'T',
      'Retry',
      0,
      'ErrorEquals',
    ]);
    expect(info.state).toMatchObject({ name: 'T', type: 'Task', queryLanguage: 'JSONata' });
    expect(info.field).toBe('ErrorEquals');
    expect(info.where).toBe("Retry rule 0 of state 'T' (Task)");
  });

  it('names the enclosing state and the field for a problem in a branch itself', () => {
    const info = analysePath(definition, ['States', 'P', 'Branches', 0, 'StartAt']);
    expect(info.state?.name).toBe('P');
    expect(info.field).toBe('StartAt');
    expect(info.where).toBe("branch 0 of state 'P' (Parallel)");
  });

  it('takes the deepest field of a nested Choice rule', () => {
    const info = analysePath(definition, ['States', 'C', 'Choices', 0, 'And', 0, 'Variable']);
    expect(info.field).toBe('Variable');
    expect(info.value).toBe('$.a');
  });

  it('stops at a free-form field such as Parameters', () => {
    expect(analysePath(definition, ['States', 'X', 'Parameters', 'deep', 'a.$']).field).toBe('Parameters');
  });

  it('has no state at the top level', () => {
    const info = analysePath(definition, ['StartAt']);
    expect(info.state).toBeUndefined();
    expect(info.field).toBe('StartAt');
    expect(info.where).toBe('the state machine');
  });
});
