/**
 * The port contract suites against the AWS adapters on the emulators: DynamoStore on their DynamoDB
 * (one table for the suite), SqsQueue on their SQS (a fresh queue and dead-letter queue per test,
 * time passing for real).
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, it } from 'vitest';
import { DynamoRegistry } from '../../src/aws/dynamo-registry.js';
import { DynamoStore } from '../../src/aws/dynamo-store.js';
import { createDynamoTable } from '../../src/aws/dynamo-table.js';
import { SqsQueue } from '../../src/aws/sqs-queue.js';
import { createQueues } from '../../src/aws/sqs-setup.js';
import { describeQueueContract } from '../contract/queue-contract.js';
import { describeRegistryContract } from '../contract/registry-contract.js';
import { describeStoreContract } from '../contract/store-contract.js';
import { emulatorName, emulatorsConfigured, pause, receive, uniqueName } from './helpers.js';

if (emulatorsConfigured) {
  describeStoreContract(`DynamoStore (${emulatorName})`, async () => {
    const client = new DynamoDBClient({});
    const tableName = uniqueName('contract');
    await createDynamoTable(client, tableName);
    return {
      store: new DynamoStore({ tableName, client }),
      cleanup: async () => {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
        client.destroy();
      },
    };
  });

  describeRegistryContract(`DynamoRegistry (${emulatorName})`, async () => {
    const client = new DynamoDBClient({});
    const tableName = uniqueName('registry');
    await createDynamoTable(client, tableName);
    return {
      store: new DynamoStore({ tableName, client }),
      registry: new DynamoRegistry({ tableName, client }),
      cleanup: async () => {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
        client.destroy();
      },
    };
  });

  describeQueueContract(`SqsQueue (${emulatorName})`, async ({ visibilityTimeoutSeconds, maxReceives }) => {
    const sqs = new SQSClient({});
    const queues = await createQueues(sqs, uniqueName('contract'), { maxReceives, visibilityTimeoutSeconds });
    const deadLetters: string[] = [];
    return {
      queue: new SqsQueue({ queueUrl: queues.queueUrl, client: sqs }),
      elapse: (seconds) => pause(seconds * 1000),
      deadLetters: async () => {
        // SQS moves a message when a receive finds it over maxReceiveCount; look a few times.
        for (let attempt = 0; attempt < 3; attempt++) {
          const messages = await receive(sqs, queues.deadLetterQueueUrl, { waitTimeSeconds: 1, visibilityTimeout: 60 });
          deadLetters.push(...messages.map((m) => m.Body ?? ''));
          if (messages.length > 0) break;
        }
        return [...deadLetters];
      },
      cleanup: async () => {
        await sqs.send(new DeleteQueueCommand({ QueueUrl: queues.queueUrl }));
        await sqs.send(new DeleteQueueCommand({ QueueUrl: queues.deadLetterQueueUrl }));
        sqs.destroy();
      },
    };
  });
} else {
  describe.skip('port contracts on the AWS adapters', () => {
    it('needs the emulators (npm run test:aws)', () => undefined);
  });
}
