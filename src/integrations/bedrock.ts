/**
 * Amazon Bedrock's optimised integration `bedrock:invokeModel` (request-response). `ModelId` names the
 * model (an id or an ARN); `Body` is the request as JSON (sent as its text, or as is when a string), or
 * `Input.S3Uri` names an S3 object whose content is sent instead; `ContentType` and `Accept` are
 * passed on (both `application/json` unless given). The result is `{ Body, ContentType }`, `Body` parsed
 * when the model answered JSON; with `Output.S3Uri` the response body is written to that object and
 * `Body` is replaced by a reference to it (`{ "S3Uri": … }`). Errors are `Bedrock.<Exception>`
 * (`Bedrock.ValidationException`, `Bedrock.ResourceNotFoundException`), the cause in the AWS SDK for
 * Java 2.x form.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html
 */
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  type InvokeModelCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { InvocationResult } from '../runtime/ports.js';
import { sdkServiceFailure, unsupported } from './errors.js';
import type { IntegrationRequest, ServiceIntegration } from './integration.js';
import {
  arnOf,
  COMPUTED_PARAMETERS,
  fieldOf,
  nestedParameters,
  type PermissionStatement,
  s3ObjectArnOfUri,
  statementFor,
} from './permissions.js';
import { getObjectText, putObjectText } from './s3.js';

const JSON_TYPE = 'application/json';

/**
 * The Bedrock runtime client over HTTP/1.1. Its SDK speaks HTTP/2 by default, for the streaming
 * actions; `InvokeModel` is a plain request and response, which AWS serves over HTTP/1.1 as well, and
 * emulators (moto) serve only that way.
 */
class BedrockRuntimeHttp1Client extends BedrockRuntimeClient {
  constructor(config: ConstructorParameters<typeof BedrockRuntimeClient>[0]) {
    super({ ...config, requestHandler: new NodeHttpHandler() });
  }
}

/** An `s3://bucket/key` URI as a location, or undefined. */
function s3Location(uri: unknown): { Bucket: string; Key: string } | undefined {
  const match = typeof uri === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) : null;
  return match === null ? undefined : { Bucket: match[1]!, Key: match[2]! };
}

function uriOf(parameters: Readonly<Record<string, unknown>>, field: 'Input' | 'Output'): unknown {
  const value = parameters[field];
  return value !== null && typeof value === 'object' ? (value as { S3Uri?: unknown }).S3Uri : undefined;
}

/** The model's answer as Step Functions gives it: JSON parsed, anything else as text. */
function bodyOf(bytes: Uint8Array | undefined, contentType: string | undefined): unknown {
  const text = bytes === undefined ? '' : new TextDecoder().decode(bytes);
  if (contentType?.includes('json') !== true) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function invokeModel(request: IntegrationRequest): Promise<InvocationResult> {
  const { parameters, clients, region } = request;
  const inputUri = uriOf(parameters, 'Input');
  const outputUri = uriOf(parameters, 'Output');
  const input = inputUri === undefined ? undefined : s3Location(inputUri);
  const output = outputUri === undefined ? undefined : s3Location(outputUri);
  for (const [field, uri, location] of [
    ['Input', inputUri, input],
    ['Output', outputUri, output],
  ] as const) {
    if (uri !== undefined && location === undefined) {
      return unsupported(
        `The S3Uri of bedrock:invokeModel's ${field} must be s3://<bucket>/<key>, not ${JSON.stringify(uri)}`,
      );
    }
  }
  if (input !== undefined && parameters.Body !== undefined) {
    return unsupported('bedrock:invokeModel takes either Body or Input, not both');
  }
  let body: string;
  if (input !== undefined) {
    const read = await getObjectText(clients, region, input);
    if (!read.ok) return read;
    body = read.output as string;
  } else {
    body = typeof parameters.Body === 'string' ? parameters.Body : JSON.stringify(parameters.Body ?? {});
  }
  let response: InvokeModelCommandOutput;
  try {
    response = await clients.get(BedrockRuntimeHttp1Client, region).send(
      new InvokeModelCommand({
        modelId: String(parameters.ModelId),
        body: new TextEncoder().encode(body),
        contentType: typeof parameters.ContentType === 'string' ? parameters.ContentType : JSON_TYPE,
        accept: typeof parameters.Accept === 'string' ? parameters.Accept : JSON_TYPE,
        ...(typeof parameters.Trace === 'string' ? { trace: parameters.Trace as 'ENABLED' } : {}),
        ...(typeof parameters.GuardrailIdentifier === 'string'
          ? { guardrailIdentifier: parameters.GuardrailIdentifier }
          : {}),
        ...(typeof parameters.GuardrailVersion === 'string' ? { guardrailVersion: parameters.GuardrailVersion } : {}),
      }),
    );
  } catch (error) {
    return sdkServiceFailure(error, 'Bedrock', 'BedrockRuntime');
  }
  const contentType = response.contentType ?? JSON_TYPE;
  if (output !== undefined) {
    const text = response.body === undefined ? '' : new TextDecoder().decode(response.body);
    const written = await putObjectText(clients, region, { ...output, ContentType: contentType }, text);
    if (!written.ok) return written;
    return { ok: true, output: { Body: { S3Uri: outputUri }, ContentType: contentType } };
  }
  return { ok: true, output: { Body: bodyOf(response.body, contentType), ContentType: contentType } };
}

/** `arn:aws:states:::bedrock:invokeModel`. */
export const bedrockInvokeModel: ServiceIntegration = {
  name: 'bedrock:invokeModel',
  patterns: ['RESPONSE'],
  fields: [
    'Accept',
    'Body',
    'ContentType',
    'GuardrailIdentifier',
    'GuardrailVersion',
    'Input',
    'ModelId',
    'Output',
    'PerformanceConfigLatency',
    'Trace',
  ],
  iamActions: ['bedrock:InvokeModel'],
  // The model (a foundation model by id, else its ARN), the S3 objects read and written, the guardrail.
  permissions: (parameters, scope) => {
    const statements: PermissionStatement[] = [
      statementFor(['bedrock:InvokeModel'], parameters, 'ModelId', (id) =>
        arnOf(scope, 'bedrock', `foundation-model/${id}`, { account: '' }),
      ),
    ];
    // Parameters computed whole say nothing of the other fields: the model's statement warns already.
    if (parameters === COMPUTED_PARAMETERS) return statements;
    for (const [field, action] of [
      ['Input', 's3:GetObject'],
      ['Output', 's3:PutObject'],
    ] as const) {
      const given = fieldOf(parameters, field);
      if (given.kind === 'absent') continue;
      const location = nestedParameters(parameters, field) ?? COMPUTED_PARAMETERS;
      const statement = statementFor([action], location, 'S3Uri', (uri) => s3ObjectArnOfUri(scope, uri));
      statements.push({ ...statement, unresolved: statement.unresolved.map((name) => `${field}.${name}`) });
    }
    if (fieldOf(parameters, 'GuardrailIdentifier').kind !== 'absent') {
      statements.push(
        statementFor(['bedrock:ApplyGuardrail'], parameters, 'GuardrailIdentifier', (id) =>
          arnOf(scope, 'bedrock', `guardrail/${id}`),
        ),
      );
    }
    return statements;
  },
  call: invokeModel,
};
