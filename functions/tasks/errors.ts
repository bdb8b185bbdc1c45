/** An error whose `name` is the error type Step Functions sees, as a Lambda function error. */
export function taskError(type: string, message: string): Error {
  const error = new Error(message);
  error.name = type;
  return error;
}
