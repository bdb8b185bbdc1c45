/**
 * Crash points. Every call a worker (or an API client) makes through a port — a store read or write,
 * a queue send, a task invocation — is a numbered point; a {@link CrashPlan} makes the process die
 * at one of them: before the call, after it (its effect happened but the caller never learns), or
 * half-way through a batch send. After the crash every further port call of the same handling throws
 * too, as nothing of a dead process runs on.
 */

/** Where, relative to the numbered call, the process dies. */
export type CrashPhase = 'before' | 'after' | 'partial';

/** One crash: at the `point`-th numbered call, in `phase`. */
export interface CrashPlan {
  readonly point: number;
  readonly phase: CrashPhase;
}

/** A numbered call of an undisturbed run and the phases at which it can crash. */
export interface CrashSite {
  readonly point: number;
  /** Who calls what: `handle store.commitFrame`, `callback queue.send`, `handle invoker.invoke`, … */
  readonly call: string;
  readonly phases: readonly CrashPhase[];
}

/** The simulated death of a process. */
export class Crash extends Error {
  constructor(where: string) {
    super(`crash ${where}`);
    this.name = 'Crash';
  }
}

/** Numbers the crashable calls of a run and carries out its crash plans. */
export class FaultPoints {
  /** Every numbered call so far, with its possible phases. */
  readonly sites: CrashSite[] = [];
  /** How many crashes happened. */
  crashes = 0;
  private dead = false;

  private readonly plans: readonly CrashPlan[];

  constructor(plan: CrashPlan | readonly CrashPlan[] | undefined) {
    this.plans = plan === undefined ? [] : Array.isArray(plan) ? plan : [plan as CrashPlan];
  }

  /** A new process (a new handling, a client retry): calls succeed again. */
  revive(): void {
    this.dead = false;
  }

  /** Throws when the current process has died. */
  check(call: string): void {
    if (this.dead) throw new Crash(`(dead) at ${call}`);
  }

  /**
   * Runs a numbered call. A read can only crash before it (after it, the process dies at the next
   * call); a call that can half-happen (a batch send) gets `partial`, which does half of it.
   */
  async around<T>(
    call: string,
    run: () => Promise<T>,
    options: { readonly read?: boolean; readonly partial?: () => Promise<unknown> } = {},
  ): Promise<T> {
    this.check(call);
    const point = this.sites.length + 1;
    const { read, partial } = options;
    const phases: CrashPhase[] =
      read === true ? ['before'] : partial === undefined ? ['before', 'after'] : ['before', 'partial', 'after'];
    this.sites.push({ point, call, phases });
    const plan = this.plans.find((p) => p.point === point)?.phase;
    if (plan === 'before') this.die(`before #${point} ${call}`);
    if (plan === 'partial' && partial !== undefined) {
      await partial();
      this.die(`part-way through #${point} ${call}`);
    }
    const result = await run();
    if (plan === 'after') this.die(`after #${point} ${call}`);
    return result;
  }

  private die(where: string): never {
    this.dead = true;
    this.crashes++;
    throw new Crash(where);
  }
}
