/**
 * A Choice rule as one line of text, for the label of its edge in the graph: `$.kind == "a"`,
 * `$.total >= 100 and $.vip is true`, or a JSONata `Condition` without its `{% %}`. Display only:
 * the engine evaluates rules from the parsed model (src/asl/model/choice-rule.ts).
 *
 * @see https://states-language.net/spec.html#choice-state
 */

/** Comparison operators by name: the symbol, and whether the operand is a path (`…Path`). */
const COMPARISONS: Readonly<Record<string, string>> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

/** Type tests and the words they read as. */
const TYPE_TESTS: Readonly<Record<string, string>> = {
  IsNull: 'null',
  IsPresent: 'present',
  IsNumeric: 'numeric',
  IsString: 'a string',
  IsBoolean: 'a boolean',
  IsTimestamp: 'a timestamp',
};

/**
 * The text of a Choice rule (a member of `Choices`, or a nested rule).
 *
 * @example
 * choiceLabel({ Variable: '$.kind', StringEquals: 'a', Next: 'A' }); // '$.kind == "a"'
 * choiceLabel({ Condition: '{% $states.input.n > 1 %}', Next: 'B' }); // '$states.input.n > 1'
 */
export function choiceLabel(rule: unknown): string {
  if (rule === null || typeof rule !== 'object') return '?';
  const r = rule as Record<string, unknown>;
  if (typeof r.Condition === 'string') return jsonataText(r.Condition);
  if (typeof r.Condition === 'boolean') return String(r.Condition);
  if (Array.isArray(r.And)) return r.And.map((inner) => grouped(inner)).join(' and ');
  if (Array.isArray(r.Or)) return r.Or.map((inner) => grouped(inner)).join(' or ');
  if (r.Not !== undefined) return `not ${grouped(r.Not)}`;
  const variable = typeof r.Variable === 'string' ? r.Variable : '?';
  for (const [key, value] of Object.entries(r)) {
    const test = TYPE_TESTS[key];
    if (test !== undefined) return `${variable} is ${value === false ? 'not ' : ''}${test}`;
    if (key === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
    const comparison =
      /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/.exec(
        key,
      );
    if (comparison !== null) {
      const operand = comparison[3] === 'Path' ? String(value) : JSON.stringify(value);
      return `${variable} ${COMPARISONS[comparison[2] ?? ''] ?? '?'} ${operand}`;
    }
  }
  return variable;
}

function grouped(rule: unknown): string {
  const text = choiceLabel(rule);
  const r = (rule ?? {}) as Record<string, unknown>;
  return r.And !== undefined || r.Or !== undefined ? `(${text})` : text;
}

/** A JSONata expression without its `{% %}` delimiters. */
function jsonataText(text: string): string {
  const match = /^\s*\{%([\s\S]*)%\}\s*$/.exec(text);
  return (match?.[1] ?? text).trim();
}
