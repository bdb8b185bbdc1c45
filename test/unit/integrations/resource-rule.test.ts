import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/asl/validate/index.js';
import { classifyResource } from '../../../src/engine/states/task.js';
import { IntegrationInvoker } from '../../../src/integrations/invoker.js';
import {
  UNSUPPORTED_RESOURCE,
  unsupportedResourceDetail,
  validateWorkflowDefinition,
} from '../../../src/integrations/resource-rule.js';
import { EXECUTION, FakeClient, fakeClients, taskOf } from './fake-client.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/warnings/unsupported-resources.asl.json');
const TEXT = readFileSync(FIXTURE, 'utf8');
const EXPECTED = JSON.parse(readFileSync(FIXTURE.replace('.asl.json', '.expected.json'), 'utf8')) as object[];

/** Every Task resource of a definition, at any depth. */
function resourcesOf(machine: { States: Record<string, Record<string, unknown>> }): string[] {
  return Object.values(machine.States).flatMap((state) => [
    ...(typeof state.Resource === 'string' ? [state.Resource] : []),
    ...((state.Branches as (typeof machine)[] | undefined) ?? []).flatMap(resourcesOf),
  ]);
}

describe('unsupported-resources rule', () => {
  it('warns of each resource Stepstone cannot run, naming the state, the field and the resource', () => {
    const result = validateWorkflowDefinition(TEXT);
    expect(result.ok).toBe(true);
    expect(
      result.diagnostics.map(({ code, state, field, line, column }) => ({ code, state, field, line, column })),
    ).toEqual(EXPECTED);
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(formatDiagnostic(result.diagnostics[0]!)).toBe(
      "11:31  warning: State 'Scan' › Resource: Resource of state 'Scan' (Task) is 'arn:aws:states:::dynamodb:scan', which Stepstone cannot run: the dynamodb integration has no action 'scan' (Stepstone runs dynamodb:getItem, dynamodb:putItem, dynamodb:updateItem, dynamodb:deleteItem; any other action through arn:aws:states:::aws-sdk:dynamodb:<action>) [UNSUPPORTED_RESOURCE]",
    );
  });

  it('makes them errors, and the definition invalid, when strict', () => {
    const result = validateWorkflowDefinition(TEXT, { strict: true });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual(
      EXPECTED.map(() => [UNSUPPORTED_RESOURCE, 'error']),
    );
  });

  it('keeps the errors of an invalid definition beside its warnings', () => {
    const definition = JSON.parse(TEXT) as { States: Record<string, Record<string, unknown>> };
    definition.States.Charge!.Next = 'Missing';
    const result = validateWorkflowDefinition(definition);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity !== 'warning').map((d) => d.code)).toContain(
      'CONFLICTING_TRANSITION',
    );
    expect(result.diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(EXPECTED.length);
  });

  it('warns exactly of the resources the invoker fails with States.Runtime', async () => {
    const invoker = new IntegrationInvoker({
      clients: fakeClients(new FakeClient('DynamoDB'), new FakeClient('S3')),
      lambda: { invoke: async () => ({ ok: true, output: {} }) },
    });
    const warned = new Set(validateWorkflowDefinition(TEXT).diagnostics.map((d) => d.pointer));
    const resources = resourcesOf(JSON.parse(TEXT));
    expect(resources).toHaveLength(10);
    for (const resource of resources) {
      // A client package that is not installed here runs on Lambda, whose runtime has every client.
      if (resource.includes(':transcribe:')) continue;
      const kind = classifyResource(resource);
      const result = await invoker.invoke(taskOf(resource, kind.integration, {}, kind.pattern), EXECUTION);
      const refused = !result.ok && result.error === 'States.Runtime';
      expect([resource, refused]).toEqual([resource, unsupportedResourceDetail(resource) !== undefined]);
    }
    expect(warned.size).toBe(EXPECTED.length);
  });

  it('leaves a placeholder resource to be judged once it is bound', () => {
    const result = validateWorkflowDefinition({
      StartAt: 'A',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder is a literal `${Name}` string.
      States: { A: { Type: 'Task', Resource: 'arn:aws:states:::${Service}:run', End: true } },
    });
    expect(result).toMatchObject({ ok: true, diagnostics: [] });
  });

  it('accepts an aws-sdk service the SDK has although its client is not installed here', () => {
    expect(unsupportedResourceDetail('arn:aws:states:::aws-sdk:transcribe:startTranscriptionJob')).toBeUndefined();
    expect(unsupportedResourceDetail('arn:aws:states:::aws-sdk:s3:getObject.sync')).toBe(
      'aws-sdk integrations support request-response and .waitForTaskToken, not .sync',
    );
  });
});
