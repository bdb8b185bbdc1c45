/**
 * `stepstone validate <files…> [--strict] [--json]`: checks definitions as Step Functions would when
 * creating a state machine, and reports every problem with its file, line and column; a Task resource
 * Stepstone cannot run is a warning (an error with `--strict`).
 *
 * Exit status: 0 when every file is valid (warnings allowed), 1 when any is invalid, 2 on a usage
 * error or a file that cannot be read.
 *
 * @example
 * stepstone validate definitions/*.asl.json
 * // definitions/order.asl.json:12:7  State 'Charge' › Next: Next of state 'Charge' (Task) names 'Ship', … [NEXT_NOT_FOUND]
 * // 2 files checked: 1 valid, 1 invalid (1 problem)
 * @see docs/validation.md for every diagnostic code
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Diagnostic, type DiagnosticSeverity, formatDiagnostic, isError } from '../../asl/validate/index.js';
import { validateWorkflowDefinition } from '../../integrations/resource-rule.js';
import { type CommandIo, ExitCode } from '../io.js';

const USAGE = `usage: stepstone validate <files…> [--strict] [--json]

Checks Amazon States Language definitions (JSON or YAML) and reports every problem with its line and
column. A \${Name} placeholder where a whole value goes is taken to be valid: its value comes at deployment.
A Task resource Stepstone cannot run is a warning.

options:
  --strict    report warnings as errors
  --json      print the results as JSON
  -h, --help  show this text

exit status: 0 all valid (warnings allowed), 1 some invalid, 2 usage error or unreadable file
`;

/** A diagnostic as `--json` prints it: with its severity always. */
type ReportedDiagnostic = Diagnostic & { readonly severity: DiagnosticSeverity };

/** One file's outcome, as `--json` prints it. */
interface FileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly ReportedDiagnostic[];
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

async function checkFile(file: string, strict: boolean): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, valid: false, diagnostics: [], error: errorMessage(error) };
  }
  const result = validateWorkflowDefinition(text, { strict });
  const diagnostics = result.diagnostics.map((d) => ({ ...d, severity: isError(d) ? 'error' : 'warning' }) as const);
  return { file, valid: result.ok, diagnostics };
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
  let values: { json?: boolean | undefined; strict?: boolean | undefined; help?: boolean | undefined };
  let files: string[];
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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

  const reports = await Promise.all(files.map((file) => checkFile(file, values.strict === true)));
  const unreadable = reports.filter((report) => report.error !== undefined);
  const invalid = reports.filter((report) => report.error === undefined && !report.valid);
  const valid = reports.filter((report) => report.valid);

  for (const report of unreadable) io.stderr(`stepstone validate: cannot read '${report.file}': ${report.error}\n`);
  const warningsOf = (report: FileReport) => report.diagnostics.filter((d) => d.severity === 'warning').length;
  const warnings = reports.reduce((sum, report) => sum + warningsOf(report), 0);

  if (values.json === true) {
    const summary = { valid: valid.length, invalid: invalid.length, unreadable: unreadable.length, warnings };
    io.stdout(`${JSON.stringify({ ...summary, files: reports }, null, 2)}\n`);
  } else {
    for (const report of reports) {
      if (report.error !== undefined) continue;
      for (const diagnostic of report.diagnostics) io.stdout(`${report.file}:${formatDiagnostic(diagnostic)}\n`);
      if (report.valid) {
        const count = warningsOf(report);
        io.stdout(`${report.file}  valid${count > 0 ? ` (${plural(count, 'warning')})` : ''}\n`);
      }
    }
    const problems = invalid.reduce((sum, report) => sum + report.diagnostics.filter(isError).length, 0);
    const parts = [
      `${valid.length} valid`,
      `${invalid.length} invalid${invalid.length > 0 ? ` (${plural(problems, 'problem')})` : ''}`,
    ];
    if (unreadable.length > 0) parts.push(`${unreadable.length} unreadable`);
    if (warnings > 0) parts.push(plural(warnings, 'warning'));
    io.stdout(`${plural(reports.length, 'file')} checked: ${parts.join(', ')}\n`);
  }

  if (unreadable.length > 0) return ExitCode.Usage;
  return invalid.length > 0 ? ExitCode.Failed : ExitCode.Ok;
}
