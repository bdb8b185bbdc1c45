import type { CommandIo } from '../../src/cli/io.js';

/** A command io that keeps what a command printed, for CLI tests. */
export function captureIo(): CommandIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
