/**
 * The step worker: an SQS-triggered Lambda function. Each record is one step message; failures are
 * reported per record (partial batch response), so one bad message never blocks its batch. Like the
 * API, it registers the workflows its stack deploys (`STEPSTONE_WORKFLOWS`) before its first batch
 * after a deployment, so that a `states:startExecution` task finds a workflow the deployment added
 * (src/aws/deployed-workflows.ts); a failure to register is logged and tried again on the next batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { awsRuntimeFromEnv } from '../src/aws/config.js';
import { accountOfFunction, deployedWorkflowsRegistrar } from '../src/aws/deployed-workflows.js';
import type { HistoryEvent } from '../src/engine/types.js';

const logger = new Logger({ serviceName: 'stepstone-worker' });
const metrics = new Metrics({ namespace: 'Stepstone', serviceName: 'worker' });

/** Counts what an execution did from the events of each commit (never payloads). */
function observe(executionArn: string, events: readonly HistoryEvent[]): void {
  let transitions = 0;
  for (const event of events) {
    if (event.type.endsWith('StateEntered')) transitions++;
    else if (event.type === 'ExecutionStarted') metrics.addMetric('ExecutionsStarted', MetricUnit.Count, 1);
    else if (event.type === 'ExecutionSucceeded') metrics.addMetric('ExecutionsSucceeded', MetricUnit.Count, 1);
    else if (event.type === 'ExecutionFailed') {
      metrics.addMetric('ExecutionsFailed', MetricUnit.Count, 1);
      logger.warn('execution failed', {
        executionArn,
        error: (event.executionFailedEventDetails as { error?: string })?.error,
      });
    } else if (event.type === 'ExecutionTimedOut') metrics.addMetric('ExecutionsTimedOut', MetricUnit.Count, 1);
  }
  if (transitions > 0) metrics.addMetric('Transitions', MetricUnit.Count, transitions);
}

const runtime = awsRuntimeFromEnv({ onEvents: observe });
const registerDeployed = deployedWorkflowsRegistrar(runtime);
const processor = new BatchProcessor(EventType.SQS);

async function handleRecord(record: SQSRecord): Promise<void> {
  const started = Date.now();
  const outcome = await runtime.handle({
    messageId: record.messageId,
    receipt: record.receiptHandle,
    body: record.body,
    receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
  });
  logger.debug('step message handled', { messageId: record.messageId, outcome, ms: Date.now() - started });
  metrics.addMetric('StepLatency', MetricUnit.Milliseconds, Date.now() - started);
}

/** The Lambda handler. */
export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  try {
    await registerDeployed?.(accountOfFunction(context.invokedFunctionArn));
  } catch (error) {
    // The steps go on: only a nested start of a workflow not registered yet fails, as it would anyway.
    logger.error('registering the deployed workflows failed', error as Error);
  }
  try {
    return await processPartialResponse(event, handleRecord, processor, { context });
  } finally {
    metrics.publishStoredMetrics();
  }
};
