/**
 * Amazon EventBridge's optimised integration `events:putEvents` (request-response and
 * `.waitForTaskToken`). Each entry's `Detail` given as JSON is sent as its text, and the state
 * machine's and the execution's ARNs are appended to its `Resources`, as Step Functions does. The
 * result is `{Entries, FailedEntryCount}`; when an entry failed the task fails with
 * `EventBridge.FailedEntry`, the cause being that response as JSON.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import {
  arnOf,
  COMPUTED_PARAMETERS,
  fieldOf,
  mergeStatements,
  type PermissionStatement,
  statementFor,
} from './permissions.js';

const PUT_EVENTS = ['events:PutEvents'];

/** `arn:aws:states:::events:putEvents[.waitForTaskToken]`. */
export const eventsPutEvents: ServiceIntegration = {
  name: 'events:putEvents',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: ['Entries'],
  iamActions: PUT_EVENTS,
  // Each entry's event bus, by name or ARN; the account's default bus when an entry names none.
  permissions: (parameters, scope) => {
    const entries = fieldOf(parameters, 'Entries');
    if (entries.kind !== 'literal' || !Array.isArray(entries.value)) {
      return [{ actions: PUT_EVENTS, resources: [], unresolved: ['Entries'] }];
    }
    const bus = (name: string) => arnOf(scope, 'events', `event-bus/${name}`);
    return mergeStatements(
      entries.value.map((entry: unknown): PermissionStatement => {
        const fields = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : undefined;
        // An entry the definition computes whole may name any bus.
        const statement = statementFor(PUT_EVENTS, fields ?? COMPUTED_PARAMETERS, 'EventBusName', bus, bus('default'));
        return { ...statement, unresolved: statement.unresolved.map(() => 'Entries[].EventBusName') };
      }),
    );
  },
  call: (request) =>
    callOptimised(request, {
      client: EventBridgeClient,
      command: PutEventsCommand,
      names: { prefix: 'EventBridge', title: 'AmazonEventBridge', serviceException: 'AmazonEventBridgeException' },
      httpMetadata: false,
      input: (parameters, { execution }) => ({
        ...parameters,
        Entries: Array.isArray(parameters.Entries)
          ? parameters.Entries.map((entry: unknown) =>
              entry !== null && typeof entry === 'object'
                ? {
                    ...entry,
                    Resources: [
                      ...(((entry as { Resources?: unknown }).Resources as unknown[] | undefined) ?? []),
                      execution.stateMachineArn,
                      execution.executionArn,
                    ],
                  }
                : entry,
            )
          : parameters.Entries,
      }),
      check: (output) =>
        typeof output.FailedEntryCount === 'number' && output.FailedEntryCount > 0
          ? { ok: false, error: 'EventBridge.FailedEntry', cause: JSON.stringify(output) }
          : undefined,
    }),
};
