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

/** `arn:aws:states:::events:putEvents[.waitForTaskToken]`. */
export const eventsPutEvents: ServiceIntegration = {
  name: 'events:putEvents',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: ['Entries'],
  iamActions: ['events:PutEvents'],
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
