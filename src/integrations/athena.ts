/**
 * Amazon Athena's optimised integrations: `startQueryExecution`, `getQueryExecution`,
 * `getQueryResults`, `stopQueryExecution` (request-response). The request is the API's; the result is
 * the API's response with `SdkHttpMetadata` and `SdkResponseMetadata`. Errors are `Athena.<Exception>`
 * (`Athena.InvalidRequestException`), `Athena.AmazonAthenaException` for an unmodelled code.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { JavaV1ServiceNames } from './errors.js';
import type { ServiceIntegration } from './integration.js';
import { callOptimised } from './optimised.js';
import {
  type ArnScope,
  arnOf,
  literalString,
  nestedParameters,
  type PermissionStatement,
  s3ObjectArnOfUri,
  type TaskParameters,
} from './permissions.js';

const ATHENA: JavaV1ServiceNames = {
  prefix: 'Athena',
  title: 'AmazonAthena',
  serviceException: 'AmazonAthenaException',
};

function athena(
  action: string,
  command: new (input: never) => unknown,
  fields: readonly string[],
  permissions: (parameters: TaskParameters | undefined, scope: ArnScope) => readonly PermissionStatement[],
): ServiceIntegration {
  return {
    name: `athena:${action}`,
    patterns: ['RESPONSE'],
    fields,
    iamActions: [`athena:${action.charAt(0).toUpperCase()}${action.slice(1)}`],
    permissions,
    call: (request) => callOptimised(request, { client: AthenaClient, command, names: ATHENA, httpMetadata: true }),
  };
}

/** Calls on a query by id: its workgroup is not known from the definition, so any of the account's. */
function byQueryId(...actions: string[]) {
  return (_parameters: TaskParameters | undefined, scope: ArnScope): PermissionStatement[] => [
    { actions, resources: [arnOf(scope, 'athena', 'workgroup/*')], unresolved: [] },
  ];
}

/**
 * A query needs its workgroup and data catalog, the Glue catalog of its database, and the S3 result
 * location; the data it reads is not in the definition.
 */
function startQueryPermissions(parameters: TaskParameters | undefined, scope: ArnScope): PermissionStatement[] {
  const context = nestedParameters(parameters, 'QueryExecutionContext');
  const database = literalString(context, 'Database') ?? 'default';
  const results = literalString(nestedParameters(parameters, 'ResultConfiguration'), 'OutputLocation');
  const resultsArn = results === undefined ? undefined : s3ObjectArnOfUri(scope, results);
  const bucket = resultsArn?.replace(/\/.*$/, '');
  return [
    {
      actions: ['athena:StartQueryExecution', 'athena:GetDataCatalog'],
      resources: [
        arnOf(scope, 'athena', `workgroup/${literalString(parameters, 'WorkGroup') ?? 'primary'}`),
        arnOf(scope, 'athena', `datacatalog/${literalString(context, 'Catalog') ?? 'AwsDataCatalog'}`),
      ],
      unresolved: [],
    },
    {
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      resources: [
        arnOf(scope, 'glue', 'catalog'),
        arnOf(scope, 'glue', `database/${database}`),
        arnOf(scope, 'glue', `table/${database}/*`),
      ],
      unresolved: [],
    },
    resultsArn === undefined || bucket === undefined
      ? {
          actions: ['s3:PutObject', 's3:GetBucketLocation'],
          resources: [],
          unresolved: ['ResultConfiguration.OutputLocation'],
        }
      : { actions: ['s3:PutObject', 's3:GetBucketLocation'], resources: [bucket, resultsArn], unresolved: [] },
    { actions: ['s3:GetObject', 's3:ListBucket'], resources: [], unresolved: ['the data the query reads'] },
  ];
}

/** `arn:aws:states:::athena:startQueryExecution`. */
export const athenaStartQueryExecution = athena(
  'startQueryExecution',
  StartQueryExecutionCommand,
  [
    'ClientRequestToken',
    'ExecutionParameters',
    'QueryExecutionContext',
    'QueryString',
    'ResultConfiguration',
    'ResultReuseConfiguration',
    'WorkGroup',
  ],
  startQueryPermissions,
);

/** `arn:aws:states:::athena:getQueryExecution`. */
export const athenaGetQueryExecution = athena(
  'getQueryExecution',
  GetQueryExecutionCommand,
  ['QueryExecutionId'],
  byQueryId('athena:GetQueryExecution'),
);

/** `arn:aws:states:::athena:getQueryResults`: the results are read from the query's S3 result location. */
export const athenaGetQueryResults = athena(
  'getQueryResults',
  GetQueryResultsCommand,
  ['QueryExecutionId', 'MaxResults', 'NextToken'],
  (parameters, scope) => [
    ...byQueryId('athena:GetQueryResults')(parameters, scope),
    { actions: ['s3:GetObject'], resources: [], unresolved: ['the query result location'] },
  ],
);

/** `arn:aws:states:::athena:stopQueryExecution`. */
export const athenaStopQueryExecution = athena(
  'stopQueryExecution',
  StopQueryExecutionCommand,
  ['QueryExecutionId'],
  byQueryId('athena:StopQueryExecution'),
);
