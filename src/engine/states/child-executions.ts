/**
 * The identity of a distributed Map's child executions. Each iteration of a map run is a child
 * execution of the state machine `…:stateMachine:<state machine>/<label>` (the map run ARN's
 * `<state machine>/<label>`), named by a pure function of its map run and its index, so that a
 * redelivered start names the same child and its results name it as `DescribeExecution` knows it.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html
 */
import { createHash } from 'node:crypto';

/** `arn:…:mapRun:<state machine>/<label>:<run id>` → `arn:…:stateMachine:<state machine>/<label>`. */
export function childStateMachineArn(mapRunArn: string): string {
  return mapRunArn.slice(0, mapRunArn.lastIndexOf(':')).replace(':mapRun:', ':stateMachine:');
}

/**
 * The name of child `index` of a map run: a UUID-shaped string (RFC 9562 version 8, its bits taken
 * from the SHA-256 of the map run ARN and the index), the same for every start of that child.
 */
export function childExecutionName(mapRunArn: string, index: number): string {
  const hex = createHash('sha256').update(`${mapRunArn}#${index}`, 'utf8').digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The ARN of child `index` of a map run: `arn:…:execution:<state machine>/<label>:<name>`. */
export function childExecutionArn(mapRunArn: string, index: number): string {
  const stateMachineArn = childStateMachineArn(mapRunArn);
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${childExecutionName(mapRunArn, index)}`;
}
