/**
 * The console's only way to the server: Step Functions' public API in its own protocol (AWS JSON
 * 1.0: `POST /` with `X-Amz-Target: AWSStepFunctions.<Action>`), as the AWS CLI and SDKs call it.
 * The shapes below are the members the console reads; dates are epoch seconds.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import type { HistoryEvent } from './model/history-events.js';

/** An error the API answered with (`__type` and `message`), or a request that did not reach it. */
export class ApiError extends Error {
  constructor(
    /** Step Functions' error name (`ExecutionDoesNotExist`, …), or `NetworkError`. */
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** Calls one action. */
export async function sfn<T>(action: string, request: object = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new ApiError(
      'NetworkError',
      `The endpoint did not answer (${(error as Error).message}). Is stepstone dev running?`,
    );
  }
  const text = await response.text();
  const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (!response.ok) {
    const type = String(body.__type ?? response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`);
    throw new ApiError(type.split('#').pop() ?? type, String(body.message ?? body.Message ?? response.statusText));
  }
  return body as T;
}

/** An execution status, as Step Functions reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** A member of `ListStateMachines`. */
export interface StateMachineListItem {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly creationDate: number;
}

/** `DescribeStateMachine` (of a state machine or a version), `DescribeStateMachineForExecution`. */
export interface StateMachineDescription {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type?: 'STANDARD' | 'EXPRESS';
  readonly definition: string;
  readonly creationDate?: number;
  readonly updateDate?: number;
  readonly description?: string;
  readonly roleArn?: string;
  readonly revisionId?: string;
}

/** A member of `ListExecutions`. */
export interface ExecutionListItem {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: number;
  readonly stopDate?: number;
  readonly redriveCount?: number;
  readonly redriveDate?: number;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}

/** `DescribeExecution`. */
export interface ExecutionDescription extends ExecutionListItem {
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly redriveStatus?: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  readonly redriveStatusReason?: string;
}

/** A member of `ListStateMachineVersions`. */
export interface VersionListItem {
  readonly stateMachineVersionArn: string;
  readonly creationDate: number;
}

/** `DescribeStateMachineAlias`. */
export interface AliasDescription {
  readonly stateMachineAliasArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly { readonly stateMachineVersionArn: string; readonly weight: number }[];
  readonly creationDate: number;
  readonly updateDate?: number;
}

/** One page of `GetExecutionHistory`. */
export interface HistoryPage {
  readonly events: readonly HistoryEvent[];
  readonly nextToken?: string;
}

/** Every event of an execution, oldest first, following `nextToken` through the pages. */
export async function wholeHistory(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page: HistoryPage = await sfn('GetExecutionHistory', { executionArn, maxResults: 1000, nextToken });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== null);
  return events;
}

/**
 * The events newer than `afterId`, oldest first: the history read newest first (`reverseOrder`)
 * until an event already known, so that following a long execution live reads only what is new.
 */
export async function newerEvents(executionArn: string, afterId: number): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page: HistoryPage = await sfn('GetExecutionHistory', {
      executionArn,
      maxResults: 100,
      reverseOrder: true,
      nextToken,
    });
    for (const event of page.events) {
      if (event.id <= afterId) return events.reverse();
      events.push(event);
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== null);
  return events.reverse();
}

/** Every item of a paged listing. */
export async function listAll<T>(action: string, request: object, member: string): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn<Record<string, unknown>>(action, { ...request, nextToken });
    items.push(...((page[member] as T[] | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined && nextToken !== null);
  return items;
}
