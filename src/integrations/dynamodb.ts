/**
 * Amazon DynamoDB's optimised integrations: `getItem`, `putItem`, `updateItem`, `deleteItem`
 * (request-response only). Items are DynamoDB JSON (`{"S": "…"}`), binary values base64; the result
 * is the API's response with `SdkHttpMetadata` and `SdkResponseMetadata`. Errors are
 * `DynamoDB.<Exception>` (`DynamoDB.ConditionalCheckFailedException`), `DynamoDB.AmazonDynamoDBException`
 * for an unmodelled code.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { JavaV1ServiceNames } from './errors.js';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import { arnOf, statementFor } from './permissions.js';

const DYNAMODB: JavaV1ServiceNames = {
  prefix: 'DynamoDB',
  title: 'AmazonDynamoDBv2',
  serviceException: 'AmazonDynamoDBException',
};

const WRITE_FIELDS = [
  'TableName',
  'ConditionalOperator',
  'ConditionExpression',
  'Expected',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
  'ReturnConsumedCapacity',
  'ReturnItemCollectionMetrics',
  'ReturnValues',
  'ReturnValuesOnConditionCheckFailure',
];

function dynamodb(
  action: string,
  iamAction: string,
  command: new (input: never) => unknown,
  fields: readonly string[],
): ServiceIntegration {
  return {
    name: `dynamodb:${action}`,
    patterns: ['RESPONSE'],
    fields,
    iamActions: [`dynamodb:${iamAction}`],
    // The table, by name or ARN.
    permissions: (parameters, scope) => [
      statementFor([`dynamodb:${iamAction}`], parameters, 'TableName', (name) =>
        arnOf(scope, 'dynamodb', `table/${name}`),
      ),
    ],
    call: (request) => callOptimised(request, { client: DynamoDBClient, command, names: DYNAMODB, httpMetadata: true }),
  };
}

/** `arn:aws:states:::dynamodb:getItem`. */
export const dynamodbGetItem = dynamodb('getItem', 'GetItem', GetItemCommand, [
  'TableName',
  'Key',
  'AttributesToGet',
  'ConsistentRead',
  'ExpressionAttributeNames',
  'ProjectionExpression',
  'ReturnConsumedCapacity',
]);

/** `arn:aws:states:::dynamodb:putItem`. */
export const dynamodbPutItem = dynamodb('putItem', 'PutItem', PutItemCommand, ['Item', ...WRITE_FIELDS]);

/** `arn:aws:states:::dynamodb:updateItem`. */
export const dynamodbUpdateItem = dynamodb('updateItem', 'UpdateItem', UpdateItemCommand, [
  'Key',
  'AttributeUpdates',
  'UpdateExpression',
  ...WRITE_FIELDS,
]);

/** `arn:aws:states:::dynamodb:deleteItem`. */
export const dynamodbDeleteItem = dynamodb('deleteItem', 'DeleteItem', DeleteItemCommand, ['Key', ...WRITE_FIELDS]);
