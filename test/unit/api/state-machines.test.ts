import { describe, expect, it } from 'vitest';
import { apiOnEngine, PASS } from './support.js';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

describe('state machine actions', () => {
  it('creates a state machine once and answers the same request again with the same ARN', async () => {
    const { call } = apiOnEngine();
    const first = await call('CreateStateMachine', {
      name: 'Orders',
      definition: PASS,
      roleArn: 'arn:aws:iam::123456789012:role/R',
    });
    expect(first.status).toBe(200);
    expect(first.body.stateMachineArn).toBe(`${SM}:Orders`);
    expect(typeof first.body.creationDate).toBe('number');
    const again = await call('CreateStateMachine', {
      name: 'Orders',
      definition: PASS,
      roleArn: 'arn:aws:iam::123456789012:role/R',
    });
    expect(again.body).toEqual(first.body);
    const other = await call('CreateStateMachine', { name: 'Orders', definition: PASS.replace('true', 'false') });
    expect(other.body.__type).toBe('StateMachineAlreadyExists');
  });

  it('answers InvalidDefinition naming the state and field when the definition is broken', async () => {
    const { call } = apiOnEngine();
    const broken = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    const response = await call('CreateStateMachine', { name: 'Broken', definition: broken });
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe('InvalidDefinition');
    expect(response.body.message).toMatch(/State 'A' › Next/);
  });

  it('describes, updates and lists state machines page by page', async () => {
    const { call } = apiOnEngine();
    for (const name of ['A', 'B', 'C']) await call('CreateStateMachine', { name, definition: PASS });
    const described = await call('DescribeStateMachine', { stateMachineArn: `${SM}:B` });
    expect(described.body).toMatchObject({ name: 'B', status: 'ACTIVE', type: 'STANDARD', definition: PASS });
    const changed = PASS.replace('"ok":true', '"ok":"v2"');
    const updated = await call('UpdateStateMachine', { stateMachineArn: `${SM}:B`, definition: changed });
    expect(updated.body.revisionId).not.toBe(described.body.revisionId);
    expect((await call('DescribeStateMachine', { stateMachineArn: `${SM}:B` })).body.definition).toBe(changed);
    const names: string[] = [];
    let nextToken: unknown;
    do {
      const page = await call('ListStateMachines', { maxResults: 2, nextToken });
      names.push(...(page.body.stateMachines as { name: string }[]).map((m) => m.name));
      nextToken = page.body.nextToken;
    } while (nextToken !== undefined);
    expect(names).toEqual(['A', 'B', 'C']);
    await call('DeleteStateMachine', { stateMachineArn: `${SM}:A` });
    expect((await call('DescribeStateMachine', { stateMachineArn: `${SM}:A` })).body.__type).toBe(
      'StateMachineDoesNotExist',
    );
  });

  it('publishes versions, routes an alias to them and starts executions on the alias', async () => {
    const { call, engine } = apiOnEngine();
    const created = await call('CreateStateMachine', { name: 'Versioned', definition: PASS, publish: true });
    expect(created.body.stateMachineVersionArn).toBe(`${SM}:Versioned:1`);
    const same = await call('PublishStateMachineVersion', { stateMachineArn: `${SM}:Versioned` });
    expect(same.body.stateMachineVersionArn).toBe(`${SM}:Versioned:1`);
    await call('UpdateStateMachine', {
      stateMachineArn: `${SM}:Versioned`,
      definition: PASS.replace('true', '2'),
      publish: true,
    });
    const versions = await call('ListStateMachineVersions', { stateMachineArn: `${SM}:Versioned` });
    expect(
      (versions.body.stateMachineVersions as { stateMachineVersionArn: string }[]).map((v) => v.stateMachineVersionArn),
    ).toEqual([`${SM}:Versioned:2`, `${SM}:Versioned:1`]);
    const alias = await call('CreateStateMachineAlias', {
      name: 'live',
      routingConfiguration: [{ stateMachineVersionArn: `${SM}:Versioned:1`, weight: 100 }],
    });
    expect(alias.body.stateMachineAliasArn).toBe(`${SM}:Versioned:live`);
    const started = await call('StartExecution', { stateMachineArn: `${SM}:Versioned:live`, name: 'by-alias' });
    await engine.settle(started.body.executionArn as string);
    const described = await call('DescribeExecution', { executionArn: started.body.executionArn });
    expect(described.body).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
      stateMachineArn: `${SM}:Versioned`,
      stateMachineVersionArn: `${SM}:Versioned:1`,
      stateMachineAliasArn: `${SM}:Versioned:live`,
    });
    const conflict = await call('DeleteStateMachineVersion', { stateMachineVersionArn: `${SM}:Versioned:1` });
    expect(conflict.body.__type).toBe('ConflictException');
    const byAlias = await call('ListExecutions', { stateMachineArn: `${SM}:Versioned:live` });
    expect((byAlias.body.executions as unknown[]).length).toBe(1);
    const unrouted = await call('CreateStateMachineAlias', {
      name: 'bad',
      routingConfiguration: [{ stateMachineVersionArn: `${SM}:Versioned:1`, weight: 60 }],
    });
    expect(unrouted.body.__type).toBe('ValidationException');
  });

  it('validates a definition with every diagnostic in the API shape', async () => {
    const { call } = apiOnEngine();
    const broken = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'Missing' }, B: { Type: 'Succeed' } },
    });
    const response = await call('ValidateStateMachineDefinition', { definition: broken });
    expect(response.body.result).toBe('FAIL');
    const diagnostics = response.body.diagnostics as { severity: string; code: string; location: string }[];
    expect(diagnostics.map((d) => d.location)).toContain('/States/A/Next');
    expect(diagnostics.every((d) => d.severity === 'ERROR')).toBe(true);
    expect((await call('ValidateStateMachineDefinition', { definition: PASS })).body).toEqual({
      result: 'OK',
      diagnostics: [],
      truncated: false,
    });
  });
});

describe('protocol errors', () => {
  it('answers each kind of bad request with the error AWS answers', async () => {
    const { call, raw } = apiOnEngine();
    expect((await raw('ListStateMachines', '{"maxResults":')).body.__type).toBe('SerializationException');
    expect((await raw('ListStateMachines', '[1]')).body.__type).toBe('SerializationException');
    expect((await call('UpdateMapRun', {})).body.__type).toBe('UnknownOperationException');
    expect((await call('ListStateMachines', { maxResults: 'ten' })).body.__type).toBe('SerializationException');
    expect((await call('ListStateMachines', { maxResults: 5000 })).body.__type).toBe('ValidationException');
    expect((await call('CreateStateMachine', { definition: PASS })).body.message).toMatch(/Value null at 'name'/);
    expect((await call('CreateStateMachine', { name: 'has space', definition: PASS })).body.__type).toBe('InvalidName');
    expect((await call('DescribeStateMachine', { stateMachineArn: 'not-an-arn' })).body.__type).toBe('InvalidArn');
    expect((await call('DescribeExecution', { executionArn: `${SM}:X` })).body.__type).toBe('InvalidArn');
    expect((await call('StartExecution', { stateMachineArn: `${SM}:Nope` })).body.__type).toBe(
      'StateMachineDoesNotExist',
    );
    expect((await call('ListStateMachines', { nextToken: 'bogus' })).body.__type).toBe('InvalidToken');
    await call('CreateStateMachine', { name: 'Big', definition: PASS });
    const big = JSON.stringify({ data: 'x'.repeat(262_144) });
    const oversize = await call('StartExecution', { stateMachineArn: `${SM}:Big`, input: big });
    expect(oversize.status).toBe(400);
    expect(oversize.body.__type).toBe('ValidationException');
  });
});
