/**
 * Fields of the Amazon States Language that Stepstone accepts in the schema (they are valid on AWS)
 * but does not carry out yet. Validation refuses them (`UNSUPPORTED_FIELD`) and the engine fails a
 * state that has one with the error AWS names for that field's failure, so that no definition runs
 * with a field silently ignored. An entry leaves this table when its field is implemented.
 */
import { StatesErrors } from './errors.js';

/** One field Stepstone does not carry out. */
export interface UnsupportedField {
  /** The state type that has the field. */
  readonly stateType: 'Map';
  /** The field, verbatim. */
  readonly field: string;
  /** What the field does, for the message. */
  readonly what: string;
  /** Only a distributed Map may have it (an inline one is refused as invalid instead). */
  readonly distributedOnly: boolean;
  /** The error a state with the field fails with at run time: AWS's name for that field's failure. */
  readonly error: string;
}

/** Every field Stepstone does not carry out yet. */
export const UNSUPPORTED_FIELDS: readonly UnsupportedField[] = [
  {
    stateType: 'Map',
    field: 'ResultWriter',
    what: 'writing the results to Amazon S3',
    distributedOnly: true,
    error: StatesErrors.ResultWriterFailed,
  },
];
