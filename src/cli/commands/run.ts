/**
 * `stepstone run <definition> [--input JSON|@file] [--tasks <module>] [--substitution Name=Value]…
 * [--history] [--clock virtual|real] [--endpoint URL]`: runs a workflow (a JSON or YAML definition) on
 * the embedded engine, showing each state as it runs. `--substitution` gives a `${Name}` placeholder
 * its value, as `DefinitionSubstitutions` does: in the text, so `Seconds: ${Timeout}` with
 * `Timeout=60` is a number. Service integration tasks (`dynamodb:putItem`, `aws-sdk:*`, …) call
 * `--endpoint` (LocalStack, moto) or the endpoints `AWS_ENDPOINT_URL`/`AWS_ENDPOINT_URL_<SERVICE>`
 * name, else a module of `--tasks` stubbing them by state name or resource.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatDiagnostic, InvalidDefinitionError } from '../../asl/validate/index.js';
import type { HistoryEvent } from '../../engine/types.js';
import { createLocalEngine } from '../../local/engine.js';
import type { TaskHandler } from '../../local/task-invoker.js';
import { type CommandIo, ExitCode } from '../io.js';
import { ProgressPrinter } from '../progress.js';
import { loadTaskModule } from '../tasks-module.js';

const USAGE =
  'usage: stepstone run <definition.asl.json|.asl.yaml> [--input JSON|@file] [--tasks <module>] [--substitution Name=Value]… [--history] [--clock virtual|real] [--endpoint URL]\n';

/** A usage or input problem: reported as one line, exit code 2. */
class UsageError extends Error {}

/** Runs the `run` command. */
export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`stepstone run: ${(error as Error).message}\n${USAGE}`);
    return ExitCode.Usage;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    io.stderr(USAGE);
    return ExitCode.Usage;
  }
  try {
    const definitionText = await readText(file, 'definition');
    const input = await readInput(values.input);
    const tasks = values.tasks === undefined ? {} : await loadTasks(values.tasks);
    const definitionSubstitutions = substitutionsOf(values.substitution ?? []);
    const clock = values.clock === 'real' ? 'real' : 'virtual';
    const printer = new ProgressPrinter(io);
    const engine = createLocalEngine({
      tasks,
      clock,
      endpoint: values.endpoint,
      definitionSubstitutions,
      onEvent: (event) => printer.event(event),
    });
    const result = await engine.run(definitionText, input, {
      name: undefined,
      stateMachineName: stateMachineName(file),
    });
    printer.summary(result);
    if (values.history === true) io.stdout(historyTable(result.history));
    return result.status === 'SUCCEEDED' ? ExitCode.Ok : ExitCode.Failed;
  } catch (error) {
    if (error instanceof InvalidDefinitionError) {
      io.stderr(
        `stepstone run: ${file} is not a valid definition\n${error.diagnostics.map((d) => `  ${file}:${formatDiagnostic(d)}\n`).join('')}`,
      );
      return ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`stepstone run: ${error.message}\n`);
      return ExitCode.Usage;
    }
    throw error;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: 'string', short: 'i' },
      tasks: { type: 'string', short: 't' },
      substitution: { type: 'string', short: 's', multiple: true },
      history: { type: 'boolean' },
      clock: { type: 'string' },
      endpoint: { type: 'string' },
    },
  });
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the ${what} file '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** `--substitution Name=Value`, repeated: the text each placeholder is replaced with. */
function substitutionsOf(pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const cut = pair.indexOf('=');
    if (cut <= 0) throw new UsageError(`--substitution '${pair}' is not Name=Value`);
    values[pair.slice(0, cut)] = pair.slice(cut + 1);
  }
  return values;
}

/** `--input '{"a":1}'` or `--input @input.json`; absent means `{}`. */
async function readInput(input: string | undefined): Promise<unknown> {
  if (input === undefined) return {};
  const text = input.startsWith('@') ? await readText(input.slice(1), 'input') : input;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the execution input is not valid JSON: ${(error as Error).message}`);
  }
}

/** Loads task handlers (see tasks-module.ts); a module that cannot load is a usage error. */
async function loadTasks(path: string): Promise<Record<string, TaskHandler>> {
  try {
    return await loadTaskModule(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function stateMachineName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'StateMachine';
  return base.replace(/\.asl\.(json|ya?ml)$|\.(json|ya?ml)$/, '').replace(/[^A-Za-z0-9_-]/g, '-') || 'StateMachine';
}

/** The history as a table: id, previous id, type, state and a short detail. */
export function historyTable(history: readonly HistoryEvent[]): string {
  const rows = history.map((event) => {
    const details = Object.entries(event).find(([k]) => k.endsWith('EventDetails'))?.[1] as
      | Record<string, unknown>
      | undefined;
    const name = typeof details?.name === 'string' ? details.name : '';
    const detail = details === undefined ? '' : summariseDetails(details);
    return [String(event.id), String(event.previousEventId), event.type, name, detail];
  });
  const header = ['id', 'prev', 'type', 'state', 'details'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => Math.min(r[i]!.length, i === 4 ? 80 : 40))),
  );
  const format = (r: string[]) => r.map((c, i) => (i === 4 ? c.slice(0, 80) : c.padEnd(widths[i]!))).join('  ');
  return `\n${format(header)}\n${rows.map(format).join('\n')}\n`;
}

function summariseDetails(details: Record<string, unknown>): string {
  for (const key of ['error', 'output', 'input', 'parameters', 'resource']) {
    const value = details[key];
    if (typeof value === 'string') return `${key}=${value}`;
  }
  return '';
}
