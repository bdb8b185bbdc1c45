/**
 * An API on an embedded engine, called as the SDKs call it: `POST /` with `X-Amz-Target`.
 */
import type { ApiContext } from '../../../src/api/context.js';
import { handleHttp } from '../../../src/api/http.js';
import { createLocalEngine, type LocalEngineOptions } from '../../../src/local/engine.js';

/** The account the test API creates resources in. */
export const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };

/** A Pass-only definition. */
export const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } });

/** An engine and a `call(action, body)` that answers `{ status, body }`. */
export function apiOnEngine(options: LocalEngineOptions = {}, hooks: Partial<ApiContext> = {}) {
  const engine = createLocalEngine(options);
  const context: ApiContext = { runtime: engine.runtime, account: ACCOUNT, activityPollSeconds: 0, ...hooks };
  const raw = async (action: string, text: string) => {
    const response = await handleHttp(context, {
      rawPath: '/',
      headers: { 'X-Amz-Target': `AWSStepFunctions.${action}`, 'Content-Type': 'application/x-amz-json-1.0' },
      body: text,
      requestContext: { http: { method: 'POST' } },
    });
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  };
  const call = (action: string, body: unknown) => raw(action, JSON.stringify(body));
  return { engine, call, raw };
}
