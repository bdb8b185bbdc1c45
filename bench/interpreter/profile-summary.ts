/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) by self time: the top functions, and the time per
 * source file. `npx tsx bench/interpreter/profile-summary.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time per key, in microseconds, and the total. */
export function selfTimes(
  profile: CpuProfile,
  keyOf: (frame: CallFrame) => string,
): { byKey: Map<string, number>; total: number } {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byKey = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = frames.get(id);
    if (frame === undefined) return;
    total += delta;
    const key = keyOf(frame);
    byKey.set(key, (byKey.get(key) ?? 0) + delta);
  });
  return { byKey, total };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function fileOf(frame: CallFrame): string {
  if (frame.url === '') return `(${frame.functionName || 'native'})`;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

function print(title: string, byKey: Map<string, number>, total: number, top: number): void {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  const rows = [...byKey].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  }
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const top = Number(topArg ?? 25);
const functions = selfTimes(profile, (f) => `${f.functionName || '(anonymous)'}  ${fileOf(f)}:${f.lineNumber + 1}`);
print('Self time by function', functions.byKey, functions.total, top);
const files = selfTimes(profile, fileOf);
print('Self time by file', files.byKey, files.total, 15);
