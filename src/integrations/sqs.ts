/**
 * Amazon SQS's optimised integration `sqs:sendMessage` (request-response and `.waitForTaskToken`).
 * A `MessageBody` given as JSON is sent as its text; the result is the API's response
 * (`MD5OfMessageBody`, `MessageId`, …) with `SdkHttpMetadata` and `SdkResponseMetadata`. Errors are
 * `SQS.<Exception>`, `SQS.AmazonSQSException` for an unmodelled code (a missing `MessageBody`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import { queueArnOfUrl, statementFor } from './permissions.js';

/** `arn:aws:states:::sqs:sendMessage[.waitForTaskToken]`. */
export const sqsSendMessage: ServiceIntegration = {
  name: 'sqs:sendMessage',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId'],
  iamActions: ['sqs:SendMessage'],
  // The queue its URL names.
  permissions: (parameters, scope) => [
    statementFor(['sqs:SendMessage'], parameters, 'QueueUrl', (url) => queueArnOfUrl(scope, url)),
  ],
  call: (request) =>
    callOptimised(request, {
      client: SQSClient,
      command: SendMessageCommand,
      names: { prefix: 'SQS', title: 'AmazonSQS', serviceException: 'AmazonSQSException' },
      httpMetadata: true,
    }),
};
