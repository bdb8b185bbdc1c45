/**
 * JSONPath for JSONPath-language states: compiled, cached path expressions (`$…`, `$$…`,
 * `$name…`) evaluated with the semantics of the Jayway library as AWS Step Functions runs it,
 * reference paths for `ResultPath`, the `InputPath`/`OutputPath`/`ResultPath` helpers, validation,
 * and the errors AWS raises when a path selects nothing.
 *
 * @see https://states-language.net/spec.html#path
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 */
export { checkPath, type PathKind } from './check-path.js';
export { copyObject, explainMiss, isJsonObject, type JsonObject, NOT_FOUND, readPath, setMember } from './evaluate.js';
export { compileExpression, type PathExpression, type PathRoot } from './expression.js';
export { applyInputPath, applyOutputPath, applyResultPath, selectsWhole } from './input-output.js';
export { compactJson, javaText } from './json-text.js';
export { compilePath, JsonPathSyntaxError } from './parser.js';
export { invalidPathCause, NULL_INPUT_CAUSE, notFoundInInputCause, pathNotFoundError } from './path-errors.js';
export { setByReferencePath } from './reference-path.js';
export { documentOf, type PathResult, type PathScope, resolvePathExpression } from './scope.js';
export type { CompiledPath, FilterExpression, PathToken, RelationalOperator } from './tokens.js';
export { isValidVariableName, MAX_VARIABLE_NAME_LENGTH } from './variable-name.js';
