/**
 * Stepstone's CDK construct library: {@link StepstoneEngine} and {@link Workflow}.
 */
export { NodeFunction, type NodeFunctionProps } from './node-function.js';
export { StepstoneEngine, type StepstoneEngineProps } from './stepstone-engine.js';
export { Workflow, type WorkflowProps } from './workflow.js';
export { WorkflowDefinition } from './workflow-definition.js';
