/**
 * `stepstone validate <files…> [--json]`: checks definitions as Step Functions would when creating a
 * state machine, and reports every problem with its file, line and column.
 *
 * Exit status: 0 when every file is valid, 1 when any is invalid, 2 on a usage error or a file that
 * cannot be read.
 *
 * @example
 * stepstone validate definitions/*.asl.json
 * // definitions/order.asl.json:12:7  State 'Charge' › Next: Next of state 'Charge' (Task) names 'Ship', … [NEXT_NOT_FOUND]
 * // 2 files checked: 1 valid, 1 invalid (1 problem)
 * @see docs/validation.md for every diagnostic code
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Diagnostic, formatDiagnostic, validateDefinition } from '../../asl/validate/index.js';
import { type CommandIo, ExitCode } from '../io.js';

const USAGE = `usage: stepstone validate <files…> [--json]

Checks Amazon States Language definitions (JSON or YAML) and reports every problem with its line and
column. A \${Name} placeholder where a whole value goes is taken to be valid: its value comes at deployment.

options:
  --json      print the results as JSON
  -h, --help  show this text

exit status: 0 all valid, 1 some invalid, 2 usage error or unreadable file
`;

/** One file's outcome, as `--json` prints it. */
interface FileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Why the file could not be read. */
  readonly error?: string;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'is a directory';
    if (code === 'EACCES') return 'permission denied';
    return error.message;
  }
  return String(error);
}

async function checkFile(file: string): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, valid: false, diagnostics: [], error: errorMessage(error) };
  }
  const result = validateDefinition(text);
  return { file, valid: result.ok, diagnostics: result.diagnostics };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Runs `stepstone validate` with the arguments after the command name.
 *
 * @returns the exit code ({@link ExitCode}).
 */
export async function validateCommand(args: string[], io: CommandIo): Promise<number> {
  let values: { json?: boolean | undefined; help?: boolean | undefined };
  let files: string[];
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    values = parsed.values;
    files = parsed.positionals;
  } catch (error) {
    io.stderr(`stepstone validate: ${errorMessage(error)}\n\n${USAGE}`);
    return ExitCode.Usage;
  }
  if (values.help === true) {
    io.stdout(USAGE);
    return ExitCode.Ok;
  }
  if (files.length === 0) {
    io.stderr(`stepstone validate: no definition files given\n\n${USAGE}`);
    return ExitCode.Usage;
  }

  const reports = await Promise.all(files.map(checkFile));
  const unreadable = reports.filter((report) => report.error !== undefined);
  const invalid = reports.filter((report) => report.error === undefined && !report.valid);
  const valid = reports.filter((report) => report.valid);

  for (const report of unreadable) io.stderr(`stepstone validate: cannot read '${report.file}': ${report.error}\n`);

  if (values.json === true) {
    io.stdout(
      `${JSON.stringify({ valid: valid.length, invalid: invalid.length, unreadable: unreadable.length, files: reports }, null, 2)}\n`,
    );
  } else {
    for (const report of reports) {
      if (report.error !== undefined) continue;
      if (report.valid) {
        io.stdout(`${report.file}  valid\n`);
        continue;
      }
      for (const diagnostic of report.diagnostics) io.stdout(`${report.file}:${formatDiagnostic(diagnostic)}\n`);
    }
    const problems = invalid.reduce((sum, report) => sum + report.diagnostics.length, 0);
    const parts = [
      `${valid.length} valid`,
      `${invalid.length} invalid${invalid.length > 0 ? ` (${plural(problems, 'problem')})` : ''}`,
    ];
    if (unreadable.length > 0) parts.push(`${unreadable.length} unreadable`);
    io.stdout(`${plural(reports.length, 'file')} checked: ${parts.join(', ')}\n`);
  }

  if (unreadable.length > 0) return ExitCode.Usage;
  return invalid.length > 0 ? ExitCode.Failed : ExitCode.Ok;
}
