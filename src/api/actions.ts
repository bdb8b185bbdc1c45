/**
 * Every action of the API by its Step Functions name, and how one is run: the request is checked
 * against the action's schema, then handed to the runtime's lifecycle and control plane. Responses
 * use Step Functions' shapes (dates as epoch seconds), so clients written for Step Functions — the
 * AWS CLI, the SDKs — read them unchanged. Actions not listed here are answered
 * `UnknownOperationException` (docs/api.md lists both).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import type { ActionDefinition } from './action.js';
import { activityActions } from './activity-actions.js';
import type { ApiContext } from './context.js';
import { executionActions } from './execution-actions.js';
import { mapRunActions } from './map-run-actions.js';
import { stateMachineActions } from './state-machine-actions.js';
import { validateActions } from './validate-actions.js';

/** Every supported action. */
export const ACTIONS = {
  ...stateMachineActions,
  ...executionActions,
  ...mapRunActions,
  ...activityActions,
  ...validateActions,
} as const;

/** An action name. */
export type ActionName = keyof typeof ACTIONS;

/** True when `name` is an action of the API. */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

/** Runs an action on a request body already parsed from JSON; throws zod's error for a bad request. */
export async function runAction(context: ApiContext, name: ActionName, body: unknown): Promise<unknown> {
  const definition = ACTIONS[name] as ActionDefinition<unknown>;
  const request = definition.request.parse(body);
  return definition.run(context, request);
}
