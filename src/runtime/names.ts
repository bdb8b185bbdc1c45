/**
 * Names and ARNs as Step Functions checks them: what a state machine, execution, activity or alias
 * may be called, and what an ARN of each kind looks like.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html#StepFunctions-CreateStateMachine-request-name
 */
import { InvalidArn, InvalidName } from './errors.js';

/**
 * Characters Step Functions refuses in a name: white space, brackets, wildcards, the special
 * characters `" # % \ ^ | ~ ` $ & , ; : /` and control characters.
 */
const REFUSED = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

/** Whether `name` holds a control character (U+0000–U+001F, U+007F–U+009F). */
function hasControlCharacter(name: string): boolean {
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Whether Step Functions accepts `name` for a state machine, execution or activity (1–80 characters). */
export function isValidName(name: string): boolean {
  const length = [...name].length;
  return length >= 1 && length <= 80 && !REFUSED.test(name) && !hasControlCharacter(name);
}

/** Throws `InvalidName` unless {@link isValidName}. */
export function checkName(name: string, what: string): void {
  if (!isValidName(name)) {
    throw new InvalidName(
      `Invalid Name: '${name}' (a ${what} name has 1–80 characters, without white space, brackets, wildcards, control characters or any of " # % \\ ^ | ~ \` $ & , ; : /)`,
    );
  }
}

/** An alias name: letters, digits, `-`, `_` and `.`, not only digits (those name versions). */
const ALIAS_NAME = /^(?=.*[a-zA-Z_.-])[a-zA-Z0-9_.-]{1,80}$/;

/** Whether `name` may name an alias. */
export function isValidAliasName(name: string): boolean {
  return ALIAS_NAME.test(name);
}

/** The parts of a Step Functions ARN: `arn:<partition>:states:<region>:<account>:<type>:<name>[:<qualifier>…]`. */
export interface StatesArn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly type: string;
  /** The resource name (a state machine's for an execution). */
  readonly name: string;
  /** What follows the name: a version or alias, an execution name, … */
  readonly qualifiers: readonly string[];
}

/** Parses a Step Functions ARN, or returns undefined. */
export function parseStatesArn(arn: string): StatesArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[1] === '') return undefined;
  const [, partition, , region, accountId, type, name, ...qualifiers] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ];
  if (type === '' || name === '' || qualifiers.some((q) => q === '')) return undefined;
  return { partition, region, accountId, type, name, qualifiers };
}

/** What a state machine ARN names: the state machine, one of its versions, or one of its aliases. */
export type StateMachineTarget =
  | { readonly kind: 'stateMachine'; readonly stateMachineArn: string; readonly name: string }
  | { readonly kind: 'version'; readonly stateMachineArn: string; readonly name: string; readonly version: number }
  | { readonly kind: 'alias'; readonly stateMachineArn: string; readonly name: string; readonly alias: string };

/** Reads a state machine, version or alias ARN; `InvalidArn` for anything else. */
export function stateMachineTarget(arn: string): StateMachineTarget {
  const parsed = parseStatesArn(arn);
  if (parsed === undefined || parsed.type !== 'stateMachine' || parsed.qualifiers.length > 1) throw new InvalidArn(arn);
  const stateMachineArn = `arn:${parsed.partition}:states:${parsed.region}:${parsed.accountId}:stateMachine:${parsed.name}`;
  const qualifier = parsed.qualifiers[0];
  if (qualifier === undefined) return { kind: 'stateMachine', stateMachineArn, name: parsed.name };
  if (/^\d+$/.test(qualifier))
    return { kind: 'version', stateMachineArn, name: parsed.name, version: Number(qualifier) };
  if (!isValidAliasName(qualifier)) throw new InvalidArn(arn);
  return { kind: 'alias', stateMachineArn, name: parsed.name, alias: qualifier };
}

/** Where new resources are created: the partition, region and account of their ARNs. */
export interface Account {
  /** @default 'aws' */
  readonly partition?: string;
  readonly region: string;
  readonly accountId: string;
}

/** The ARN of a resource of `type` called `name` in `account`. */
export function statesArn(account: Account, type: string, name: string): string {
  return `arn:${account.partition ?? 'aws'}:states:${account.region}:${account.accountId}:${type}:${name}`;
}
