/**
 * Rule `next-exists`: `StartAt` and every transition target — `Next`, a Choice state's `Default`, a
 * Choice rule's `Next`, a Catch rule's `Next` — names a state of the same state machine. A Parallel
 * branch and a Map processor are state machines of their own: a state inside one cannot go to a
 * state outside it, nor the reverse.
 *
 * @see https://states-language.net/spec.html#transition
 */
import { DiagnosticCodes } from '../codes.js';
import type { PathSegment } from '../pointer.js';
import type { Rule, RuleContext } from '../rule.js';
import { describeState, isJsonObject, type MachineNode, type StateNode } from '../tree.js';

/** A transition out of a state: where it is written and the name it targets. */
export interface Transition {
  readonly path: readonly PathSegment[];
  readonly field: string;
  readonly target: string;
  /** Describes where the transition is written, e.g. "Catch rule 0 of state 'A' (Task)". */
  readonly where: string;
}

/**
 * Every transition a state declares, in document order. Targets that are not strings are left out
 * (the schema reports them).
 */
export function transitionsOf(state: StateNode): Transition[] {
  const transitions: Transition[] = [];
  const value = state.value;
  if (typeof value.Next === 'string') {
    transitions.push({ path: [...state.path, 'Next'], field: 'Next', target: value.Next, where: describeState(state) });
  }
  if (state.type === 'Choice') {
    if (typeof value.Default === 'string') {
      transitions.push({
        path: [...state.path, 'Default'],
        field: 'Default',
        target: value.Default,
        where: describeState(state),
      });
    }
    if (Array.isArray(value.Choices)) {
      value.Choices.forEach((rule: unknown, index) => {
        if (isJsonObject(rule) && typeof rule.Next === 'string') {
          transitions.push({
            path: [...state.path, 'Choices', index, 'Next'],
            field: 'Next',
            target: rule.Next,
            where: `Choice rule ${index} of ${describeState(state)}`,
          });
        }
      });
    }
  }
  if (Array.isArray(value.Catch)) {
    value.Catch.forEach((catcher: unknown, index) => {
      if (isJsonObject(catcher) && typeof catcher.Next === 'string') {
        transitions.push({
          path: [...state.path, 'Catch', index, 'Next'],
          field: 'Next',
          target: catcher.Next,
          where: `Catch rule ${index} of ${describeState(state)}`,
        });
      }
    });
  }
  return transitions;
}

function scopeHint(machine: MachineNode): string {
  return machine.owner === undefined ? '' : ` (${machine.label} is a state machine of its own)`;
}

function checkMachine(machine: MachineNode, context: RuleContext): void {
  const startAt = machine.value.StartAt;
  if (typeof startAt === 'string' && startAt !== '' && !machine.stateNames.has(startAt)) {
    context.report({
      code: DiagnosticCodes.START_AT_NOT_FOUND,
      message: `StartAt of ${machine.label} names '${startAt}', but there is no such state in it${scopeHint(machine)}`,
      path: [...machine.path, 'StartAt'],
      state: machine.owner,
      field: 'StartAt',
    });
  }
  for (const state of machine.states) {
    for (const transition of transitionsOf(state)) {
      if (transition.target === '' || machine.stateNames.has(transition.target)) continue;
      context.report({
        code: DiagnosticCodes.NEXT_NOT_FOUND,
        message: `${transition.field} of ${transition.where} names '${transition.target}', but ${machine.label} has no such state${scopeHint(machine)}`,
        path: transition.path,
        state,
        field: transition.field,
      });
    }
  }
}

/** Checks `StartAt` and every transition target. */
export const nextExists: Rule = {
  name: 'next-exists',
  check(context) {
    for (const machine of context.tree.machines) checkMachine(machine, context);
  },
};
