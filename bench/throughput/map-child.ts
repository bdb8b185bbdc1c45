/**
 * One large Map on the embedded engine, in a process of its own so that its memory is its own:
 * `node --expose-gc --import tsx bench/throughput/map-child.ts <items> [maxConcurrency]`.
 *
 * An inline Map over `<items>` items `{ "n": i }`, one Task per item (an in-process handler returning
 * `{ "n": 2i }`), `MaxConcurrency` 1,000 by default. Checks the fan-in exactly: the output has one
 * entry per item, in item order, each item's own. Samples the heap and RSS every 10 ms while it runs
 * (and reads the kernel's peak RSS), then, with the engine still alive, collects garbage and measures
 * what stays; a wrapper around the in-memory store adds up the JSON it was handed, by kind, to show
 * where that memory goes, and sizes the Map's own record as the DynamoDB store would write it (every
 * child reads it twice there). Prints one line `result <json>` ({@link MapResult}).
 */
import { getHeapStatistics } from 'node:v8';
import { encodeJson } from '../../src/aws/codec.js';
import { createLocalEngine } from '../../src/local/engine.js';
import { sizeOf } from '../../src/runtime/meter.js';
import type { Store } from '../../src/runtime/ports.js';

/** What one run reports. */
export interface MapResult {
  readonly items: number;
  readonly maxConcurrency: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly status: string;
  /** Output length, and whether output[i] is item i's own result for every i. */
  readonly outputLength: number;
  readonly everyItemOnce: boolean;
  readonly transitions: number;
  readonly baselineRssMiB: number;
  readonly peakRssMiB: number;
  readonly baselineHeapMiB: number;
  readonly peakHeapMiB: number;
  /** Heap used after a full GC with the engine (and its store) still alive. */
  readonly retainedHeapMiB: number;
  /** JSON handed to the store, MiB, by kind: what the in-memory store keeps. */
  readonly stored: Readonly<Record<string, number>>;
  /** The largest frame record committed (the Map's own, holding its plan), KiB of JSON. */
  readonly largestRecordKiB: number;
  /** The same record as the DynamoDB store would write its body (Brotli), KiB. */
  readonly largestRecordStoredKiB: number;
}

const MiB = 1024 * 1024;
const items = Number(process.argv[2] ?? 10_000);
const maxConcurrency = Number(process.argv[3] ?? 1_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const stored: Record<string, number> = { 'frame state': 0, 'history events': 0, outbox: 0, 'child results': 0 };
let largestRecord = 0;
let largestStored = 0;
const sizingStore = (store: Store): Store => ({
  ...bind(store),
  commitFrame: async (record) => {
    const frame = sizeOf(record.frame);
    stored['frame state'] = (stored['frame state'] ?? 0) + frame;
    stored['history events'] = (stored['history events'] ?? 0) + sizeOf(record.events);
    stored.outbox = (stored.outbox ?? 0) + sizeOf(record.outbox);
    const total = frame + sizeOf(record.events) + sizeOf(record.outbox);
    if (total > largestRecord) {
      largestRecord = total;
      const body = await encodeJson({ frame: record.frame, events: record.events, outbox: record.outbox });
      largestStored = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    }
    return store.commitFrame(record);
  },
  completeChild: async (arn, joinId, result, children, expiresAt) => {
    stored['child results'] = (stored['child results'] ?? 0) + sizeOf(result);
    return store.completeChild(arn, joinId, result, children, expiresAt);
  },
});

/** The store's methods bound to it (it is a class instance). */
function bind(store: Store): Store {
  return {
    putDefinition: (...a) => store.putDefinition(...a),
    getDefinition: (...a) => store.getDefinition(...a),
    putMapRun: (...a) => store.putMapRun(...a),
    getMapRun: (...a) => store.getMapRun(...a),
    endMapRun: (...a) => store.endMapRun(...a),
    listMapRuns: (...a) => store.listMapRuns(...a),
    putStateMachine: (...a) => store.putStateMachine(...a),
    getStateMachine: (...a) => store.getStateMachine(...a),
    createExecution: (...a) => store.createExecution(...a),
    getExecution: (...a) => store.getExecution(...a),
    updateExecution: (...a) => store.updateExecution(...a),
    keepRecords: (...a) => store.keepRecords(...a),
    listExecutions: (...a) => store.listExecutions(...a),
    loadFrame: (...a) => store.loadFrame(...a),
    loadFrameVersion: (...a) => store.loadFrameVersion(...a),
    commitFrame: (...a) => store.commitFrame(...a),
    readHistory: (...a) => store.readHistory(...a),
    readHistoryPage: (...a) => store.readHistoryPage(...a),
    readChildHistory: (...a) => store.readChildHistory(...a),
    putChildExecution: (...a) => store.putChildExecution(...a),
    reserveEventIds: (...a) => store.reserveEventIds(...a),
    completeChild: (...a) => store.completeChild(...a),
    childResults: (...a) => store.childResults(...a),
    childResultsFrom: (...a) => store.childResultsFrom(...a),
    joinCounts: (...a) => store.joinCounts(...a),
    putItemPage: (...a) => store.putItemPage(...a),
    getItemPage: (...a) => store.getItemPage(...a),
    lastItemPage: (...a) => store.lastItemPage(...a),
    putTaskToken: (...a) => store.putTaskToken(...a),
    getTaskToken: (...a) => store.getTaskToken(...a),
    resolveTaskToken: (...a) => store.resolveTaskToken(...a),
    touchTaskToken: (...a) => store.touchTaskToken(...a),
    claimJobPoll: (...a) => store.claimJobPoll(...a),
  };
}

const definition = {
  StartAt: 'EachItem',
  States: {
    EachItem: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: maxConcurrency,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Double',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
        States: { Double: { Type: 'Task', Resource: '${Double}', End: true } },
      },
      End: true,
    },
  },
};
const input = { items: Array.from({ length: items }, (_, n) => ({ n })) };

gc();
const heapNow = () => getHeapStatistics().used_heap_size;
const baselineRss = process.memoryUsage.rss();
const baselineHeap = heapNow();
let peakHeap = baselineHeap;
let peakRss = baselineRss;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, heapNow());
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 10);

const engine = createLocalEngine({
  tasks: { Double: (payload) => ({ n: (payload as { n: number }).n * 2 }) },
  // 10,000 iterations record more than AWS's 25,000 history events: the quota is lifted to measure the engine.
  quotas: { historyLimit: false },
  adapters: { store: sizingStore },
});
const cpuBefore = process.cpuUsage();
const began = performance.now();
const result = await engine.run(definition, input);
const wallMs = performance.now() - began;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peakHeap = Math.max(peakHeap, heapNow());
peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);

const output = Array.isArray(result.output) ? (result.output as { n?: unknown }[]) : [];
const everyItemOnce = output.length === items && output.every((entry, i) => entry?.n === 2 * i);
gc();
const retainedHeap = heapNow();

const report: MapResult = {
  items,
  maxConcurrency,
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  status: result.status,
  outputLength: output.length,
  everyItemOnce,
  transitions: result.history.filter((e) => e.type.endsWith('StateEntered')).length,
  baselineRssMiB: baselineRss / MiB,
  peakRssMiB: peakRss / MiB,
  baselineHeapMiB: baselineHeap / MiB,
  peakHeapMiB: peakHeap / MiB,
  retainedHeapMiB: retainedHeap / MiB,
  stored: Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, v / MiB])),
  largestRecordKiB: largestRecord / 1024,
  largestRecordStoredKiB: largestStored / 1024,
};
// Keeps the engine reachable until after the measurement above.
if (engine.runtime === undefined) throw new Error('unreachable');
process.stdout.write(`result ${JSON.stringify(report)}\n`);
