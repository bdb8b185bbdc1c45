/**
 * Stepstone: Amazon States Language workflows on DynamoDB, SQS and Lambda, or embedded in-process.
 */
export { StatesError, StatesErrors } from './asl/errors.js';
export type { StateMachine } from './asl/model/index.js';
export type { SubstitutionValue } from './asl/placeholders.js';
export { type Diagnostic, InvalidDefinitionError, parseDefinition, validateDefinition } from './asl/validate/index.js';
export type { HistoryEvent } from './engine/types.js';
export { validateWorkflowDefinition } from './integrations/resource-rule.js';
export {
  createLocalEngine,
  type ExecutionResult,
  type LocalEngine,
  type LocalEngineOptions,
  type RunOptions,
  type SendTaskFailureInput,
  type SendTaskSuccessInput,
  TaskDoesNotExist,
} from './local/engine.js';
export type { TaskContext, TaskHandler } from './local/task-invoker.js';
export { type ExecutionQuotas, MAX_EXPRESS_DURATION_SECONDS, MAX_HISTORY_EVENTS } from './runtime/quotas.js';
