/**
 * How a benchmark child process hands its measurement back: one stdout line, this prefix then JSON.
 */

/** The prefix of the result line. */
export const RESULT_PREFIX = 'BENCH_RESULT ';
