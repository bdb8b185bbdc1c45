import { describe, expect, it } from 'vitest';
import { optimisedServiceFailure, sdkErrorPrefix, sdkServiceFailure } from '../../../src/integrations/errors.js';
import { serviceError } from './fake-client.js';

const DYNAMODB = { prefix: 'DynamoDB', title: 'AmazonDynamoDBv2', serviceException: 'AmazonDynamoDBException' };

describe('optimisedServiceFailure', () => {
  it('names a modelled error <Prefix>.<Exception> with the SDK for Java 1.x cause', () => {
    const error = serviceError('ConditionalCheckFailedException', 'The conditional request failed', { modelled: true });
    expect(optimisedServiceFailure(error, DYNAMODB)).toEqual({
      ok: false,
      error: 'DynamoDB.ConditionalCheckFailedException',
      cause:
        'The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: req-9; Proxy: null)',
    });
  });

  it("names an unmodelled error code with the service's own exception", () => {
    const error = serviceError('MissingParameter', 'The request must contain the parameter MessageBody.', {
      modelled: false,
    });
    const names = { prefix: 'SQS', title: 'AmazonSQS', serviceException: 'AmazonSQSException' };
    expect(optimisedServiceFailure(error, names)).toEqual({
      ok: false,
      error: 'SQS.AmazonSQSException',
      cause:
        'The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: req-9; Proxy: null)',
    });
  });

  it('appends Exception to a modelled name that lacks it and reports the wire code', () => {
    const error = serviceError('NotFound', 'Topic does not exist', { modelled: true, status: 404 });
    const names = { prefix: 'SNS', title: 'AmazonSNS', serviceException: 'AmazonSNSException' };
    expect(optimisedServiceFailure(error, names)).toMatchObject({ error: 'SNS.NotFoundException' });
  });

  it('reports a call that got no response as <Prefix>.SdkClientException', () => {
    expect(optimisedServiceFailure(new Error('connect ECONNREFUSED 127.0.0.1:9'), DYNAMODB)).toEqual({
      ok: false,
      error: 'DynamoDB.SdkClientException',
      cause: 'Unable to execute HTTP request: connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});

describe('sdkServiceFailure', () => {
  it("names S3's errors with the Exception suffix and its extended request id", () => {
    const error = serviceError('NoSuchKey', 'The specified key does not exist.', {
      modelled: true,
      status: 404,
      extendedRequestId: 'ext-1',
    });
    expect(sdkServiceFailure(error, 'S3')).toEqual({
      ok: false,
      error: 'S3.NoSuchKeyException',
      cause:
        'The specified key does not exist. (Service: S3, Status Code: 404, Request ID: req-9, Extended Request ID: ext-1)',
    });
  });

  it('names the attempts for other services, and <Service>.<Service>Exception for an unmodelled code', () => {
    expect(sdkServiceFailure(serviceError('InvalidToken', "Invalid Token: 'x'", { modelled: true }), 'Sfn')).toEqual({
      ok: false,
      error: 'Sfn.InvalidTokenException',
      cause: "Invalid Token: 'x' (Service: Sfn, Status Code: 400, Request ID: req-9) (SDK Attempt Count: 1)",
    });
    expect(
      sdkServiceFailure(serviceError('ValidationException', 'bad', { modelled: false }), 'DynamoDb'),
    ).toMatchObject({
      error: 'DynamoDb.DynamoDbException',
    });
  });
});

describe('sdkErrorPrefix', () => {
  it('spells service ids as the SDK for Java 2.x names its clients', () => {
    expect(
      ['DynamoDB', 'SFN', 'S3', 'ACM PCA', 'Secrets Manager', 'EventBridge', 'EC2', 'CloudWatch Logs'].map(
        sdkErrorPrefix,
      ),
    ).toEqual(['DynamoDb', 'Sfn', 'S3', 'AcmPca', 'SecretsManager', 'EventBridge', 'Ec2', 'CloudWatchLogs']);
  });
});
