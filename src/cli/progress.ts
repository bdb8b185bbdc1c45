/**
 * What the CLI prints while an execution runs: one line per state as it finishes.
 */
import type { HistoryEvent } from '../engine/types.js';
import type { ExecutionResult } from '../local/engine.js';
import type { CommandIo } from './io.js';

/**
 * Prints a line per state as it finishes, with its duration and retries (`stepstone run`, and each
 * execution of `stepstone dev` with its name as a prefix).
 */
export class ProgressPrinter {
  private readonly entered = new Map<
    number,
    { name: string; type: string; at: number; wall: number; retries: number }
  >();
  private readonly byName = new Map<string, number>();

  constructor(
    private readonly io: CommandIo,
    private readonly prefix = '',
  ) {}

  /** Takes the next history event of the execution. */
  event(event: HistoryEvent): void {
    const type = event.type;
    const at = Date.parse(event.timestamp);
    if (type.endsWith('StateEntered')) {
      const details = event.stateEnteredEventDetails as { name: string };
      // A Fail state has no exit: it ends the execution as it is entered.
      if (type === 'FailStateEntered') this.line('✗', details.name, 'Fail', '');
      this.entered.set(event.id, {
        name: details.name,
        type: type.slice(0, -'StateEntered'.length),
        at,
        wall: performance.now(),
        retries: 0,
      });
      this.byName.set(details.name, event.id);
      return;
    }
    if (type.endsWith('StateExited')) {
      const details = event.stateExitedEventDetails as { name: string };
      const start = this.lookup(details.name);
      const retries =
        start !== undefined && start.retries > 0
          ? `  (${start.retries} failed ${start.retries === 1 ? 'attempt' : 'attempts'})`
          : '';
      // Engine time (which a virtual clock moves through waits and back-off), or wall time if longer.
      const ms = start === undefined ? 0 : Math.max(at - start.at, Math.round(performance.now() - start.wall));
      this.line('✓', details.name, start?.type ?? '', `${formatDuration(ms)}${retries}`);
      return;
    }
    if (
      type === 'TaskFailed' ||
      type === 'LambdaFunctionFailed' ||
      type === 'TaskTimedOut' ||
      type === 'LambdaFunctionTimedOut' ||
      type === 'ActivityFailed' ||
      type === 'ActivityTimedOut'
    ) {
      const details = Object.values(event).find((v) => v !== null && typeof v === 'object') as
        | { error?: string }
        | undefined;
      const last = [...this.entered.values()].pop();
      if (last !== undefined) last.retries += 1;
      this.line('!', last?.name ?? '', last?.type ?? '', `failed: ${details?.error ?? 'unknown error'}`);
      return;
    }
  }

  private lookup(name: string) {
    const id = this.byName.get(name);
    return id === undefined ? undefined : this.entered.get(id);
  }

  private line(mark: string, name: string, type: string, detail: string): void {
    this.io.stdout(`${this.prefix}${mark} ${name.padEnd(28)} ${type.padEnd(9)} ${detail}\n`);
  }

  /** The final status, and the output or the error. */
  summary(result: Pick<ExecutionResult, 'status' | 'output' | 'error' | 'cause'>): void {
    this.io.stdout(`\n${result.status}\n`);
    if (result.status === 'SUCCEEDED') this.io.stdout(`${JSON.stringify(result.output ?? null, null, 2)}\n`);
    else this.io.stdout(`error: ${result.error ?? '-'}\ncause: ${result.cause ?? '-'}\n`);
  }
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
