/**
 * A program: a parsed definition indexed for interpretation. Every nested state machine (Parallel
 * branch, Map processor) gets a key, and every state its effective query language, once.
 */
import type { QueryLanguage, State, StateMachine } from '../asl/model/index.js';
import { enteredType, exitedType } from './history.js';

/** A state with what the interpreter derives from its position. */
export interface ProgramState {
  readonly name: string;
  readonly state: State;
  /** The state's effective query language: its own, else the definition's, else JSONPath. */
  readonly language: QueryLanguage;
  /** Keys of the nested machines: one per Parallel branch, one for a Map's processor. */
  readonly children: readonly string[];
  /** The state's `…StateEntered` and `…StateExited` event types, made once. */
  readonly enteredType: string;
  readonly exitedType: string;
}

/** One state machine of the program. */
export interface ProgramMachine {
  readonly key: string;
  readonly startAt: string;
  readonly states: ReadonlyMap<string, ProgramState>;
}

/** A definition ready to interpret. */
export interface Program {
  readonly definition: StateMachine;
  readonly machines: ReadonlyMap<string, ProgramMachine>;
  /** The top-level `TimeoutSeconds`, if any. */
  readonly timeoutSeconds?: number | undefined;
}

/** The key of the top-level state machine. */
export const ROOT_MACHINE = '';

/**
 * Indexes a parsed definition. Nested machines are keyed `<parent>/<state>/<branch>` for Parallel
 * branches and `<parent>/<state>` for Map processors.
 */
export function compileProgram(definition: StateMachine): Program {
  const machines = new Map<string, ProgramMachine>();
  const topLanguage: QueryLanguage = definition.QueryLanguage ?? 'JSONPath';
  const add = (key: string, machine: StateMachine) => {
    const states = new Map<string, ProgramState>();
    machines.set(key, { key, startAt: machine.StartAt, states });
    for (const [name, state] of Object.entries(machine.States)) {
      const children: string[] = [];
      if (state.Type === 'Parallel') {
        state.Branches.forEach((branch, i) => {
          const childKey = `${key}/${name}/${i}`;
          children.push(childKey);
          add(childKey, branch);
        });
      } else if (state.Type === 'Map') {
        const processor = state.ItemProcessor ?? state.Iterator;
        if (processor !== undefined) {
          const childKey = `${key}/${name}`;
          children.push(childKey);
          add(childKey, processor);
        }
      }
      states.set(name, {
        name,
        state,
        language: state.QueryLanguage ?? topLanguage,
        children,
        enteredType: enteredType(state.Type),
        exitedType: exitedType(state.Type),
      });
    }
  };
  add(ROOT_MACHINE, definition);
  return { definition, machines, timeoutSeconds: definition.TimeoutSeconds };
}

/** Looks a state up; a missing one is a bug in validation, so it throws. */
export function stateOf(program: Program, machineKey: string, name: string): ProgramState {
  const state = program.machines.get(machineKey)?.states.get(name);
  if (state === undefined) throw new Error(`state '${name}' is not in machine '${machineKey}'`);
  return state;
}

/** A machine by key; throws when absent. */
export function machineOf(program: Program, machineKey: string): ProgramMachine {
  const machine = program.machines.get(machineKey);
  if (machine === undefined) throw new Error(`no machine '${machineKey}' in the program`);
  return machine;
}
