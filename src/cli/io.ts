/** Where a command writes: injected so that tests can capture it. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes shared by every command. */
export const ExitCode = {
  /** Success (a valid definition; a SUCCEEDED execution). */
  Ok: 0,
  /** The command ran and the answer is "no" (invalid definition; execution not SUCCEEDED). */
  Failed: 1,
  /** Usage error or unreadable input. */
  Usage: 2,
} as const;
