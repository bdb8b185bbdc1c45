/**
 * Creates the Stepstone table for tests and tooling (the CDK construct declares the same table):
 * on-demand, string keys `pk`/`sk`, the GSI `gsi1` for ListExecutions and paged histories, TTL on `expiresAt`.
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

/** Name of the TTL attribute (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Name of the GSI that lists a state machine's executions (and state machines, activities), and that
 * indexes a paged history's frame records by event id (`HIST#<arn>`; docs/architecture.md).
 */
export const EXECUTIONS_INDEX = 'gsi1';

/**
 * Creates the table and waits until it is active, then enables TTL. Idempotent: an existing table
 * of that name is left as it is.
 *
 * The GSI projects only `status` (for the status filter): the index copy of an execution item stays
 * under 1 KB, so starting and finishing an execution costs 1 index write unit each, whatever the
 * size of its input and output; a listing reads the page's items from the table by key.
 *
 * @example await createDynamoTable(new DynamoDBClient({}), 'stepstone');
 */
export async function createDynamoTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: EXECUTIONS_INDEX,
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { TableName: tableName });
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (error) {
    // AWS refuses to enable TTL twice ("TimeToLive is already enabled").
    if (!(error instanceof Error && /already enabled/i.test(error.message))) throw error;
  }
}
