/**
 * The ASL definition model: zod schemas for every state type and field, and their parsed types.
 */
export * from './choice-rule.js';
export * from './common.js';
export * from './state-machine.js';
export type { ChoiceState } from './states/choice.js';
export type { FailState } from './states/fail.js';
export type { ItemProcessor, MapState } from './states/map.js';
export type { ParallelState } from './states/parallel.js';
export type { PassState } from './states/pass.js';
export type { SucceedState } from './states/succeed.js';
export type { TaskState } from './states/task.js';
export type { WaitState } from './states/wait.js';
