/**
 * The shape of a definition as validation rules see it: every state machine (the top level, each
 * Parallel branch, each Map processor) and every state in them, taken from the raw JSON so that the
 * rules can run even where the schema rejected something.
 */
import type { PathSegment } from './pointer.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** `JSONPath` or `JSONata`. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `object` has its own field `key` (whatever its value, even `null`). */
export function hasField(object: JsonObject, key: string): boolean {
  return Object.hasOwn(object, key);
}

/** A state machine: the definition itself, a Parallel branch, or a Map's ItemProcessor/Iterator. */
export interface MachineNode {
  /** Path from the root to the state machine object. */
  readonly path: readonly PathSegment[];
  readonly value: JsonObject;
  /** The Parallel or Map state holding this state machine; undefined at the top level. */
  readonly owner: StateNode | undefined;
  /** Describes the state machine in messages, e.g. "branch 0 of Parallel state 'P'". */
  readonly label: string;
  /** The names in its `States` (whatever their values). */
  readonly stateNames: ReadonlySet<string>;
  /** Its states whose value is an object. */
  readonly states: readonly StateNode[];
}

/** One state of some state machine. */
export interface StateNode {
  readonly name: string;
  /** Path from the root to the state object. */
  readonly path: readonly PathSegment[];
  readonly value: JsonObject;
  /** `Type` when it is a string, else undefined. */
  readonly type: string | undefined;
  /** The effective query language: the state's own, else the top level's, else JSONPath. */
  readonly queryLanguage: QueryLanguage;
  readonly machine: MachineNode;
}

/** Every state machine and state of a definition. */
export interface DefinitionTree {
  readonly root: JsonObject;
  /** The top level's `QueryLanguage`, JSONPath when absent or invalid. */
  readonly queryLanguage: QueryLanguage;
  readonly machines: readonly MachineNode[];
  readonly states: readonly StateNode[];
}

function asQueryLanguage(value: unknown): QueryLanguage | undefined {
  return value === 'JSONPath' || value === 'JSONata' ? value : undefined;
}

/**
 * Collects the state machines and states of a raw definition, depth first, in document order.
 *
 * @example
 * walkDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }).states[0]?.name; // 'A'
 */
export function walkDefinition(root: JsonObject): DefinitionTree {
  const queryLanguage = asQueryLanguage(root.QueryLanguage) ?? 'JSONPath';
  const machines: MachineNode[] = [];
  const states: StateNode[] = [];

  const visitMachine = (
    value: JsonObject,
    path: readonly PathSegment[],
    owner: StateNode | undefined,
    label: string,
  ) => {
    const rawStates = value.States;
    const stateNames = new Set<string>(isJsonObject(rawStates) ? Object.keys(rawStates) : []);
    const machineStates: StateNode[] = [];
    const machine: MachineNode = { path, value, owner, label, stateNames, states: machineStates };
    machines.push(machine);
    if (!isJsonObject(rawStates)) return;
    for (const [name, stateValue] of Object.entries(rawStates)) {
      if (!isJsonObject(stateValue)) continue;
      const type = typeof stateValue.Type === 'string' ? stateValue.Type : undefined;
      const node: StateNode = {
        name,
        path: [...path, 'States', name],
        value: stateValue,
        type,
        queryLanguage: asQueryLanguage(stateValue.QueryLanguage) ?? queryLanguage,
        machine,
      };
      machineStates.push(node);
      states.push(node);
      if (type === 'Parallel' && Array.isArray(stateValue.Branches)) {
        stateValue.Branches.forEach((branch: unknown, index) => {
          if (isJsonObject(branch)) {
            visitMachine(branch, [...node.path, 'Branches', index], node, `branch ${index} of ${describeState(node)}`);
          }
        });
      }
      if (type === 'Map') {
        for (const key of ['ItemProcessor', 'Iterator'] as const) {
          const processor = stateValue[key];
          if (isJsonObject(processor)) {
            visitMachine(processor, [...node.path, key], node, `the ${key} of ${describeState(node)}`);
          }
        }
      }
    }
  };

  visitMachine(root, [], undefined, 'the state machine');
  return { root, queryLanguage, machines, states };
}

/**
 * Describes a state in messages: `state 'Charge' (Task)`, or `state 'X'` when its type is unknown.
 */
export function describeState(state: { readonly name: string; readonly type: string | undefined }): string {
  return state.type === undefined ? `state '${state.name}'` : `state '${state.name}' (${state.type})`;
}

/** Describes a JSON value for messages: `the string "abc"`, `the number 1.5`, `null`, `an object`, … */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
