import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choiceLabel } from '../../../src/dev/console/app/model/choice-label.js';
import { allNodes, definitionGraph, taskCaption } from '../../../src/dev/console/app/model/definition-graph.js';

const FAN_OUT = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../definitions/fan-out.asl.json'), 'utf8'));

describe('definitionGraph', () => {
  it('draws Next, every Choice rule with its rule, Default and Catch as edges of their own kind', () => {
    const graph = definitionGraph({
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.kind', StringEquals: 'a', Next: 'Work' },
            {
              And: [
                { Variable: '$.n', NumericGreaterThanEquals: 10 },
                { Variable: '$.vip', IsPresent: true },
              ],
              Next: 'Done',
            },
          ],
          Default: 'Done',
        },
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:DoWork',
          Catch: [{ ErrorEquals: ['States.Timeout', 'Work.Failed'], Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    expect(graph.edges.map((e) => [e.from, e.to, e.kind, e.label])).toEqual([
      ['__start__', 'Route', 'start', undefined],
      ['Route', 'Work', 'choice', '$.kind == "a"'],
      ['Route', 'Done', 'choice', '$.n >= 10 and $.vip is present'],
      ['Route', 'Done', 'default', 'Default'],
      ['Work', 'Done', 'next', undefined],
      ['Work', 'Done', 'catch', 'States.Timeout, Work.Failed'],
      ['Done', '__end__', 'end', undefined],
    ]);
    expect(graph.nodes.find((n) => n.name === 'Work')?.caption).toBe('Lambda: DoWork');
  });

  it('nests Parallel branches and a Map item processor inside their state, with ids unique across levels', () => {
    const graph = definitionGraph({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } },
            { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    expect(allNodes(graph).map((n) => n.id)).toEqual([
      'Both',
      'Both/b0/Step',
      'Both/b1/Step',
      'Each',
      'Each/items/Step',
    ]);
    expect(graph.nodes[0]?.children.map((c) => c.label)).toEqual(['Branch 1', 'Branch 2']);
  });

  it('reads the JSONata fan-out definition: a Map whose item processor calls a task', () => {
    const graph = definitionGraph(FAN_OUT);
    const map = graph.nodes.find((n) => n.name === 'ResizeImages');
    expect(map?.type).toBe('Map');
    expect(map?.children[0]?.nodes.map((n) => n.name)).toEqual(['Resize']);
    expect(graph.edges.filter((e) => e.kind === 'next').map((e) => [e.from, e.to])).toEqual([
      ['ResizeImages', 'Summarise'],
    ]);
  });
});

describe('choiceLabel', () => {
  it('reads type tests, path comparisons, Not and JSONata conditions', () => {
    expect(choiceLabel({ Variable: '$.x', IsNull: false })).toBe('$.x is not null');
    expect(choiceLabel({ Variable: '$.a', NumericLessThanPath: '$.b' })).toBe('$.a < $.b');
    expect(choiceLabel({ Not: { Variable: '$.s', StringMatches: 'log-*' } })).toBe('not $.s matches "log-*"');
    expect(
      choiceLabel({ Or: [{ Variable: '$.a', BooleanEquals: true }, { And: [{ Variable: '$.b', IsString: true }] }] }),
    ).toBe('$.a == true or ($.b is a string)');
    expect(choiceLabel({ Condition: '{% $states.input.total > 100 %}', Next: 'Big' })).toBe(
      '$states.input.total > 100',
    );
  });
});

describe('taskCaption', () => {
  it('names the service and call of an optimised integration and the function of lambda:invoke', () => {
    expect(taskCaption({ Resource: 'arn:aws:states:::dynamodb:putItem' })).toBe('dynamodb:putItem');
    expect(taskCaption({ Resource: 'arn:aws:states:::aws-sdk:s3:getObject' })).toBe('s3:getObject');
    expect(
      taskCaption({
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:1:function:Resize' },
      }),
    ).toBe('Lambda: Resize');
    expect(taskCaption({ Resource: 'arn:aws:states:us-east-1:1:activity:Review' })).toBe('Activity: Review');
  });
});
