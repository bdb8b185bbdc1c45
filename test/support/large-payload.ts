/**
 * A workflow that carries a payload of several MiB through a Task, a Map and a Parallel state (whose
 * branches run apart, a Wait in one of them): the
 * Lambda tasks receive it whole and answer with what they saw of it, a JSONata state compares the
 * copies that come back. The same definition and handlers serve the embedded engine and the AWS path.
 */
import { randomBytes } from 'node:crypto';

/** 5 MiB. */
export const FIVE_MIB = 5 * 1024 * 1024;

/** A string of `bytes` random base64 characters: JSON that compresses poorly, as real data often does. */
export function randomText(bytes: number): string {
  return randomBytes(Math.ceil((bytes * 3) / 4))
    .toString('base64')
    .slice(0, bytes);
}

const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** Task → Map (each iteration gets the payload) → Parallel (a Task branch, and a Wait and a JSONata Pass). */
export const LARGE_PAYLOAD_FLOW = {
  StartAt: 'Enrich',
  States: {
    Enrich: { Type: 'Task', Resource: lambda('Enrich'), ResultPath: '$.enriched', Next: 'Fan' },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.parts',
      ItemSelector: { 'blob.$': '$.blob', 'part.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Measure',
        States: { Measure: { Type: 'Task', Resource: lambda('Measure'), End: true } },
      },
      ResultPath: '$.measured',
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: lambda('Echo'), End: true } } },
        {
          // The Wait makes the branches run as frames of their own, whose results the join records.
          StartAt: 'Pause',
          States: {
            Pause: { Type: 'Wait', Seconds: 1, Next: 'Keep' },
            Keep: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.blob %}', End: true },
          },
        },
      ],
      Next: 'Compare',
    },
    Compare: {
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Output:
        '{% { "same": $states.input[0].blob = $states.input[1], "length": $length($states.input[1]), "enriched": $states.input[0].enriched, "measured": $states.input[0].measured } %}',
      End: true,
    },
  },
};

/** The input: the payload and the Map's items. */
export function largePayloadInput(blob: string): { blob: string; parts: string[] } {
  return { blob, parts: ['a', 'b', 'c'] };
}

/** What each task returns, computed from the payload it received. */
export const largePayloadHandlers = {
  Enrich: (input: unknown) => {
    const { blob } = input as { blob: string };
    return { length: blob.length, tail: blob.slice(-8) };
  },
  Measure: (input: unknown) => {
    const { blob, part } = input as { blob: string; part: string };
    return `${part}:${blob.length}`;
  },
  Echo: (input: unknown) => input,
};

/** The output the flow must end with for `blob`. */
export function expectedLargePayloadOutput(blob: string): unknown {
  return {
    same: true,
    length: blob.length,
    enriched: { length: blob.length, tail: blob.slice(-8) },
    measured: ['a', 'b', 'c'].map((part) => `${part}:${blob.length}`),
  };
}
