/**
 * Figures from measurements: medians, spreads, throughputs, the table and the closing ratio line.
 */
import type { Measurement } from './measure.js';

/** The summary of one engine on one workload. */
export interface Summary {
  readonly engine: string;
  readonly workload: string;
  readonly transitionsPerRun: number;
  readonly medianMs: number;
  /** Median process CPU time of the measured runs (all threads). */
  readonly medianCpuMs: number;
  /** (slowest − fastest) / median of the measured runs, in percent (the table shows ± half of it). */
  readonly spreadPercent: number;
  /** State entries per second at the median run. */
  readonly transitionsPerSecond: number;
  readonly peakRssMiB: number;
  readonly baselineRssMiB: number;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid];
  if (upper === undefined) throw new Error('median of an empty list');
  return sorted.length % 2 === 1 ? upper : (sorted[mid - 1]! + upper) / 2;
}

/** Summarises one measurement. */
export function summarise(m: Measurement): Summary {
  const medianMs = median(m.runsMs);
  return {
    engine: m.engine,
    workload: m.workload,
    transitionsPerRun: m.transitionsPerRun,
    medianMs,
    medianCpuMs: median(m.runsCpuMs),
    spreadPercent: ((Math.max(...m.runsMs) - Math.min(...m.runsMs)) / medianMs) * 100,
    transitionsPerSecond: m.transitionsPerRun / (medianMs / 1000),
    peakRssMiB: m.peakRssKiB / 1024,
    baselineRssMiB: m.baselineRssKiB / 1024,
  };
}

/** A right-aligned, `|`-separated Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The results table: one row per workload and engine. */
export function resultsTable(summaries: readonly Summary[], labels: Readonly<Record<string, string>>): string {
  const rows = summaries.map((s) => [
    s.workload,
    labels[s.engine] ?? s.engine,
    s.transitionsPerRun.toLocaleString('en-US'),
    s.medianMs.toFixed(1),
    `±${(s.spreadPercent / 2).toFixed(1)}%`,
    s.medianCpuMs.toFixed(0),
    Math.round(s.transitionsPerSecond).toLocaleString('en-US'),
    s.peakRssMiB.toFixed(0),
    (s.peakRssMiB - s.baselineRssMiB).toFixed(0),
  ]);
  return table(
    [
      'workload',
      'engine',
      'transitions/run',
      'median ms',
      'spread',
      'CPU ms',
      'transitions/s',
      'peak RSS MiB',
      'Δ RSS MiB',
    ],
    rows,
  );
}

/** Throughput of `engine` over throughput of `peer` on `workload`. */
export function ratio(summaries: readonly Summary[], workload: string, engine: string, peer: string): number {
  const of = (name: string) => summaries.find((s) => s.workload === workload && s.engine === name);
  const a = of(engine);
  const b = of(peer);
  if (a === undefined || b === undefined) return Number.NaN;
  return a.transitionsPerSecond / b.transitionsPerSecond;
}

/** Formats a ratio as `12.3×` (two significant decimals under 10). */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}
