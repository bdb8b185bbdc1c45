/**
 * Errors of the lifecycle API, named as Step Functions names them, so that clients written for Step
 * Functions recognise them.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
 */

/** Base class: `name` is the AWS error code; `httpStatus` what the API answers with. */
export class StepstoneApiError extends Error {
  readonly httpStatus: number;
  constructor(name: string, message: string, httpStatus = 400) {
    super(message);
    this.name = name;
    this.httpStatus = httpStatus;
  }
}

/** `ExecutionDoesNotExist`. */
export class ExecutionDoesNotExist extends StepstoneApiError {
  constructor(arn: string) {
    super('ExecutionDoesNotExist', `Execution does not exist: '${arn}'`);
  }
}

/** `ExecutionAlreadyExists`: the name is taken by an execution with another input. */
export class ExecutionAlreadyExists extends StepstoneApiError {
  constructor(arn: string) {
    super('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
  }
}

/** `InvalidExecutionInput`. */
export class InvalidExecutionInput extends StepstoneApiError {
  constructor(message: string) {
    super('InvalidExecutionInput', message);
  }
}

/** `InvalidName`. */
export class InvalidName extends StepstoneApiError {
  constructor(message: string) {
    super('InvalidName', message);
  }
}

/** `TaskDoesNotExist`: no task waits for this token. */
export class TaskDoesNotExist extends StepstoneApiError {
  constructor(token: string) {
    super('TaskDoesNotExist', `Task token does not exist or is not waiting: '${token.slice(0, 40)}'`);
  }
}

/** `TaskTimedOut`: the task this token named has already finished or timed out. */
export class TaskTimedOut extends StepstoneApiError {
  constructor(token: string) {
    super('TaskTimedOut', `Task has already completed or timed out: '${token.slice(0, 40)}'`);
  }
}

/** `StateMachineDoesNotExist`. */
export class StateMachineDoesNotExist extends StepstoneApiError {
  constructor(arn: string) {
    super('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  }
}

/** `InvalidDefinition`: the definition fails validation; the message lists every diagnostic. */
export class InvalidDefinition extends StepstoneApiError {
  constructor(message: string) {
    super('InvalidDefinition', message);
  }
}

/** `InvalidArn`. */
export class InvalidArn extends StepstoneApiError {
  constructor(arn: string) {
    super('InvalidArn', `Invalid Arn: '${arn}'`);
  }
}

/** `ExecutionNotRedrivable`. */
export class ExecutionNotRedrivable extends StepstoneApiError {
  constructor(arn: string, status: string) {
    super('ExecutionNotRedrivable', `Execution '${arn}' is ${status} and cannot be redriven`);
  }
}

/** `InvalidToken`: a `nextToken` that no listing gave, or a malformed task token. */
export class InvalidToken extends StepstoneApiError {
  constructor(token: string) {
    super('InvalidToken', `Invalid Token: '${token.slice(0, 64)}'`);
  }
}

/** `StateMachineAlreadyExists`: the name is taken by a state machine with another definition or configuration. */
export class StateMachineAlreadyExists extends StepstoneApiError {
  constructor(arn: string) {
    super('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
  }
}

/** `StateMachineTypeNotSupported`: the action does not apply to the state machine's type. */
export class StateMachineTypeNotSupported extends StepstoneApiError {
  constructor(message: string) {
    super('StateMachineTypeNotSupported', message);
  }
}

/** `ConflictException`: the request conflicts with the resource's current state. */
export class ConflictException extends StepstoneApiError {
  constructor(message: string) {
    super('ConflictException', message);
  }
}

/** `ResourceNotFound`: a version or alias that does not exist. */
export class ResourceNotFound extends StepstoneApiError {
  constructor(arn: string) {
    super('ResourceNotFound', `Resource not found: '${arn}'`);
  }
}

/** `ActivityDoesNotExist`. */
export class ActivityDoesNotExist extends StepstoneApiError {
  constructor(arn: string) {
    super('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
  }
}

/** `ActivityAlreadyExists`: the name is taken by an activity with other tags. */
export class ActivityAlreadyExists extends StepstoneApiError {
  constructor(arn: string) {
    super('ActivityAlreadyExists', `Activity already exists: '${arn}'`);
  }
}

/** `ValidationException`: a request that breaks a constraint of the API (the `reason` says which). */
export class ValidationException extends StepstoneApiError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

/** `MissingRequiredParameter`: an update that names nothing to change. */
export class MissingRequiredParameter extends StepstoneApiError {
  constructor(message: string) {
    super('MissingRequiredParameter', message);
  }
}

/** `TooManyTags`: a resource may have at most 50 tags. */
export class TooManyTags extends StepstoneApiError {
  constructor(arn: string) {
    super('TooManyTags', `Too many tags for resource '${arn}' (at most 50)`);
  }
}

/** `InvalidOutput`: a `SendTaskSuccess` output that is not JSON. */
export class InvalidOutput extends StepstoneApiError {
  constructor(message: string) {
    super('InvalidOutput', message);
  }
}
