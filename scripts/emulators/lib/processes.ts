/**
 * Starting and stopping emulator processes by id. Each is spawned detached (its own process group,
 * output to a log file) so that it outlives the `emulators:start` command, and is stopped by
 * signalling that group: SIGTERM, then SIGKILL after a grace period. Before signalling, the process's
 * command line is checked for the marker recorded at start, so a reused pid is never signalled.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { EmulatorProcess } from './endpoints.js';

/** How long a process gets to exit after SIGTERM before SIGKILL, in milliseconds. */
const STOP_GRACE_MS = 10_000;

/**
 * Processes this Node process started and has neither stopped nor {@link release}d: killed when it
 * exits, so that an interrupted start or a test run that dies before its teardown leaves no orphans.
 */
const owned = new Map<number, EmulatorProcess>();
let exitHookInstalled = false;

/** Registers `entry` to be killed when this process exits. */
function own(entry: EmulatorProcess): void {
  owned.set(entry.pid, entry);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => killNow([...owned.values()]));
  }
}

/** Lets `entries` outlive this process (`emulators:start` hands them to a later `emulators:stop`). */
export function release(entries: readonly EmulatorProcess[]): void {
  for (const entry of entries) owned.delete(entry.pid);
}

/** A free TCP port on 127.0.0.1, found by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

/** What to start. */
export interface ProcessSpec {
  /** Which emulator. */
  readonly name: EmulatorProcess['name'];
  /** Executable. */
  readonly command: string;
  /** Arguments. */
  readonly args: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** The loopback port it will serve. */
  readonly port: number;
  /** A string its command line contains (see {@link EmulatorProcess.marker}). */
  readonly marker: string;
  /** Log file; truncated at start. */
  readonly log: string;
  /** Extra environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A started process plus a way to learn whether it has already exited. */
export interface StartedProcess {
  /** What endpoints.json records. */
  readonly process: EmulatorProcess;
  /** Why it exited (`exit code 1`, `signal SIGKILL`), or `undefined` while it runs. */
  readonly exited: () => string | undefined;
}

/** Spawns `spec` detached, stdout and stderr to its (truncated) log, without keeping the caller alive. */
export function startProcess(spec: ProcessSpec): StartedProcess {
  const fd = openSync(spec.log, 'w');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...spec.env },
    });
    let exitReason: string | undefined;
    child.once('error', (error) => {
      exitReason = `could not start ${spec.command}: ${error.message}`;
    });
    child.once('exit', (code, signal) => {
      exitReason = signal !== null ? `signal ${signal}` : `exit code ${code}`;
    });
    child.unref();
    if (child.pid === undefined) {
      throw new Error(`could not start ${spec.command} (no pid)`);
    }
    const entry: EmulatorProcess = {
      name: spec.name,
      pid: child.pid,
      port: spec.port,
      marker: spec.marker,
      log: spec.log,
    };
    own(entry);
    return { process: entry, exited: () => exitReason };
  } finally {
    closeSync(fd);
  }
}

/** The process's state letter from /proc (`Z` for a zombie), or `undefined` where /proc is absent. */
function procState(pid: number): string | undefined {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return undefined;
  try {
    // "pid (comm) S ..." — comm may contain spaces and parentheses, so read after the last ')'.
    const text = readFileSync(stat, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Whether `pid` is running (a zombie counts as exited). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procState(pid) !== 'Z';
}

/** Whether `pid` still runs the command recorded at start; `true` where /proc cannot tell. */
export function isSameProcess(recorded: EmulatorProcess): boolean {
  const cmdline = `/proc/${recorded.pid}/cmdline`;
  if (!existsSync(`/proc/${process.pid}/cmdline`)) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes(recorded.marker);
  } catch {
    return false;
  }
}

/** Sends `signal` to the process group led by `pid`, or to `pid` alone if that fails. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Waits until `pid` has exited or `ms` have passed; returns whether it exited. */
async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return !isRunning(pid);
}

/**
 * Stops a recorded process: SIGTERM to its group, SIGKILL after {@link STOP_GRACE_MS}.
 * @returns what happened, for the log (`stopped`, `killed`, `not running`, `pid reused: left alone`)
 */
export async function stopProcess(recorded: EmulatorProcess): Promise<string> {
  owned.delete(recorded.pid);
  if (!isRunning(recorded.pid)) return 'not running';
  if (!isSameProcess(recorded)) return 'pid reused by another command: left alone';
  signalGroup(recorded.pid, 'SIGTERM');
  if (await waitForExit(recorded.pid, STOP_GRACE_MS)) return 'stopped';
  signalGroup(recorded.pid, 'SIGKILL');
  return (await waitForExit(recorded.pid, 2_000)) ? 'killed after SIGTERM timed out' : 'still running after SIGKILL';
}

/** Synchronous last resort for an `exit` handler: SIGKILL each recorded group still running. */
export function killNow(recorded: readonly EmulatorProcess[]): void {
  for (const entry of recorded) {
    if (isRunning(entry.pid) && isSameProcess(entry)) signalGroup(entry.pid, 'SIGKILL');
  }
}
