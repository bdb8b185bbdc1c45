/**
 * How the console writes dates, durations, statuses and JSON.
 */
import type { ExecutionStatus } from './api.js';
import type { StateStatus } from './model/execution-model.js';

/** `2026-05-04 14:03:07.120` in local time, from epoch seconds. */
export function dateTime(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const d = new Date(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `850 ms`, `12.4 s`, `3 min 20 s`, `2 h 5 min`. */
export function duration(milliseconds: number): string {
  if (milliseconds < 0) return '—';
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The duration between two epoch-second dates (to now while `end` is undefined). */
export function between(start: number | undefined, end: number | undefined): string {
  if (start === undefined) return '—';
  return duration((end ?? Date.now() / 1000) * 1000 - start * 1000);
}

/** `TIMED_OUT` → `Timed out`. */
export function executionStatusText(status: ExecutionStatus): string {
  const text = status.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How each state status reads. */
export const STATE_STATUS_TEXT: Readonly<Record<StateStatus, string>> = {
  succeeded: 'Succeeded',
  retried: 'Succeeded after retry',
  caught: 'Caught error',
  failed: 'Failed',
  running: 'In progress',
  aborted: 'Aborted',
  'not-reached': 'Not reached',
};

/** A JSON text indented (kept as it is when it is not JSON). */
export function prettyJson(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The last part of an ARN (`…:execution:OrderSaga:first` → `first`). */
export function arnName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}
