/**
 * Amazon SNS's optimised integration `sns:publish` (request-response and `.waitForTaskToken`). A
 * `Message` given as JSON is published as its text; the result is the API's response (`MessageId`,
 * `SequenceNumber` for FIFO topics) with `SdkHttpMetadata` and `SdkResponseMetadata`. Errors are
 * `SNS.<Exception>` (`SNS.NotFoundException`, `SNS.InvalidParameterException`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import { fieldOf, statementFor } from './permissions.js';

/** `arn:aws:states:::sns:publish[.waitForTaskToken]`. */
export const snsPublish: ServiceIntegration = {
  name: 'sns:publish',
  patterns: ['RESPONSE', 'WAIT_FOR_TASK_TOKEN'],
  fields: [
    'Message',
    'MessageAttributes',
    'MessageStructure',
    'MessageDeduplicationId',
    'MessageGroupId',
    'PhoneNumber',
    'Subject',
    'TargetArn',
    'TopicArn',
  ],
  iamActions: ['sns:Publish'],
  // The topic or endpoint it publishes to; an SMS to a phone number is authorised on no resource ('*').
  permissions: (parameters) => {
    const target = fieldOf(parameters, 'TopicArn').kind !== 'absent' ? 'TopicArn' : 'TargetArn';
    if (fieldOf(parameters, target).kind === 'absent' && fieldOf(parameters, 'PhoneNumber').kind !== 'absent') {
      return [{ actions: ['sns:Publish'], resources: ['*'], unresolved: [] }];
    }
    return [statementFor(['sns:Publish'], parameters, target, () => undefined)];
  },
  call: (request) =>
    callOptimised(request, {
      client: SNSClient,
      command: PublishCommand,
      names: { prefix: 'SNS', title: 'AmazonSNS', serviceException: 'AmazonSNSException' },
      httpMetadata: true,
    }),
};
