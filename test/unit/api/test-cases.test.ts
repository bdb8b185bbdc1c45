import { describe, expect, it } from 'vitest';
import { apiOnEngine, PASS } from './support.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

describe('StartExecution on <arn>#<TestCase>', () => {
  it('selects the test case for the very execution it starts, standard or express', async () => {
    const selected: { executionArn: string; stateMachineName: string; testCase: string }[] = [];
    const { call } = apiOnEngine({}, { selectTestCase: async (s) => void selected.push(s) });
    await call('CreateStateMachine', { name: 'Std', definition: PASS });
    await call('CreateStateMachine', { name: 'Fast', definition: PASS, type: 'EXPRESS' });
    const standard = await call('StartExecution', { stateMachineArn: `${SM}:Std#HappyPath`, name: 'one' });
    const express = await call('StartExecution', { stateMachineArn: `${SM}:Fast#RetryPath` });
    expect(selected).toEqual([
      { executionArn: standard.body.executionArn, stateMachineName: 'Std', testCase: 'HappyPath' },
      { executionArn: express.body.executionArn, stateMachineName: 'Fast', testCase: 'RetryPath' },
    ]);
    expect(String(express.body.executionArn)).toMatch(/:express:Fast:/);
  });

  it('answers InvalidArn for a test case where the endpoint takes none, and starts nothing', async () => {
    const { call } = apiOnEngine();
    await call('CreateStateMachine', { name: 'Std', definition: PASS });
    const response = await call('StartExecution', { stateMachineArn: `${SM}:Std#HappyPath`, name: 'x' });
    expect(response.body.__type).toBe('InvalidArn');
    const listed = await call('ListExecutions', { stateMachineArn: `${SM}:Std` });
    expect(listed.body.executions).toEqual([]);
  });
});
