/**
 * `States.Format(template, value…)`: the template with each `{}` replaced by the next value.
 *
 * Values print as Java's `toString` does on AWS (strings raw, `null`, numbers, `{k=v, …}` for
 * objects, `[a, b]` for arrays). In a template written as a literal, `\{` and `\}` are literal
 * braces; any other `{` not immediately closed by `}`, or a lone `}`, fails at run time as on AWS.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-generic
 */
import {
  type IntrinsicArgument,
  IntrinsicArgumentError,
  type IntrinsicFunction,
  invalidArguments,
} from './function.js';
import { javaToString, toJacksonJson } from './java-text.js';

const NAME = 'States.Format';

type TemplatePart = { readonly text: string } | { readonly placeholder: true };

/**
 * Splits a template into text and placeholders. `escapes` is true for the source text of a
 * literal, where `\x` stands for `x`.
 */
function splitTemplate(template: string, escapes: boolean): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (escapes && char === '\\') {
      text += template[i + 1] ?? '';
      i++;
    } else if (char === '{') {
      if (template[i + 1] !== '}') {
        throw new IntrinsicArgumentError("Invalid template in States.Format: matching '}' not found for '{'.");
      }
      parts.push({ text }, { placeholder: true });
      text = '';
      i++;
    } else if (char === '}') {
      throw new IntrinsicArgumentError("Invalid template in States.Format: matching '{' not found for '}'.");
    } else {
      text += char;
    }
  }
  parts.push({ text });
  return parts;
}

/**
 * How one value prints in the result. A value straight from `States.StringToJson` is a Jackson
 * node on AWS, whose `toString` is JSON: AWS does not print `States.StringToJson('"x"')` as `x`.
 */
function render(arg: IntrinsicArgument): string {
  if (arg.node.kind === 'call' && arg.node.name === 'States.StringToJson') return toJacksonJson(arg.value);
  return javaToString(arg.value);
}

/** `States.Format`: one or more arguments, the first a string. */
export const statesFormat: IntrinsicFunction = {
  name: NAME,
  minArgs: 1,
  maxArgs: Number.POSITIVE_INFINITY,
  evaluate(args) {
    const [template, ...values] = args;
    if (template === undefined || typeof template.value !== 'string') throw invalidArguments(NAME);
    const source = template.node.kind === 'literal' ? template.node.source : undefined;
    const parts = splitTemplate(source ?? template.value, source !== undefined);
    const placeholders = parts.filter((part) => 'placeholder' in part).length;
    if (placeholders !== values.length) throw invalidArguments(NAME);
    let next = 0;
    return parts.map((part) => ('placeholder' in part ? render(values[next++]!) : part.text)).join('');
  },
};
