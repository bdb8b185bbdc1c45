/**
 * What reading a distributed Map's items takes in memory: a JSON Lines object of about 100 MB (items
 * of ~1 KB) in the emulators' S3 (moto unless the environment names another), read by the
 * `ItemReader` (`readItems`) whole, and a page at a time (`itemPage`, pages of 1,000 items, each
 * page's items dropped once counted, as a feeder that stores them would). Each read runs in a fresh
 * Node process, beside one that only loads the reader, and prints its peak RSS and heap (sampled
 * every 20 ms and after each page: `maxRSS` would count the parent's memory, which Linux keeps across
 * `exec`), the items read and the wall time.
 *
 * `npm run bench:item-pages [megabytes]` (100 by default)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { TaskInvocation } from '../../src/engine/types.js';
import { AwsClients } from '../../src/integrations/clients.js';
import { readItems } from '../../src/integrations/item-reader.js';
import { acquireEmulators, ENDPOINTS_VARIABLE } from '../cost/emulators.js';

const BUCKET = 'bench-item-pages';
const KEY = 'items.jsonl';
const PAGE = 1_000;
const MiB = 1024 * 1024;

type Mode = 'load' | 'whole' | 'pages';

interface Figures {
  readonly mode: Mode;
  readonly items: number;
  readonly pages: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
}

/** One read, in this process: what the parent spawns. */
async function measure(mode: Mode): Promise<Figures> {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const memory = process.memoryUsage();
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    peakRss = Math.max(peakRss, memory.rss);
  };
  sample();
  const timer = setInterval(sample, 20);
  const started = performance.now();
  const clients = new AwsClients();
  const task = (itemPage?: TaskInvocation['itemPage']): TaskInvocation => ({
    resource: 'arn:aws:states:::s3:getObject',
    integration: 's3:getObject',
    pattern: 'RESPONSE',
    payload: {},
    parameters: { Bucket: BUCKET, Key: KEY },
    idempotencyKey: 'bench',
    itemReader: { InputType: 'JSONL', MaxItems: 0 },
    ...(itemPage === undefined ? {} : { itemPage }),
  });
  let items = 0;
  let pages = 0;
  if (mode === 'whole') {
    const result = await readItems(task(), clients, 'us-east-1');
    if (!result.ok) throw new Error(`${result.error}: ${result.cause}`);
    sample();
    items = (result.output as unknown[]).length;
    pages = 1;
  } else if (mode === 'pages') {
    let cursor: unknown;
    do {
      const result = await readItems(task({ cursor, maxItems: PAGE }), clients, 'us-east-1');
      if (!result.ok) throw new Error(`${result.error}: ${result.cause}`);
      sample();
      const page = result.output as { Items: unknown[]; Cursor?: unknown };
      items += page.Items.length;
      pages++;
      cursor = page.Cursor;
    } while (cursor !== undefined);
  }
  clearInterval(timer);
  return {
    mode,
    items,
    pages,
    seconds: (performance.now() - started) / 1000,
    peakRssMiB: peakRss / MiB,
    peakHeapMiB: peakHeap / MiB,
  };
}

/** About `megabytes` MB of JSON Lines, items of ~1 KB. */
function jsonLines(megabytes: number): { body: Buffer; items: number } {
  const pad = 'x'.repeat(1000);
  const lines: string[] = [];
  let bytes = 0;
  while (bytes < megabytes * 1_000_000) {
    const line = `${JSON.stringify({ n: lines.length, pad })}\n`;
    lines.push(line);
    bytes += line.length;
  }
  return { body: Buffer.from(lines.join(''), 'utf8'), items: lines.length };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'load' || mode === 'whole' || mode === 'pages') {
    process.stdout.write(JSON.stringify(await measure(mode)));
    return;
  }
  const megabytes = Number(mode ?? 100);
  const emulators = await acquireEmulators();
  try {
    // The emulators serve S3 where they serve SQS (moto: one endpoint for every service).
    process.env.AWS_ENDPOINT_URL_S3 ??= process.env.AWS_ENDPOINT_URL_SQS;
    const s3 = new S3Client({ forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    const { body, items } = jsonLines(megabytes);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: body }));
    console.log(
      `item pages: ${(body.length / 1_000_000).toFixed(0)} MB of JSON Lines, ${items} items, pages of ${PAGE}`,
    );
    for (const each of ['load', 'pages', 'whole'] as const) {
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), each], {
        env: { ...process.env, [ENDPOINTS_VARIABLE]: JSON.stringify(emulators.endpoints) },
        encoding: 'utf8',
        maxBuffer: 16 * MiB,
      });
      if (child.status !== 0) throw new Error(`${each} failed: ${child.stderr}`);
      const f = JSON.parse(child.stdout) as Figures;
      if (each !== 'load' && f.items !== items) throw new Error(`${each} read ${f.items} items, not ${items}`);
      console.log(
        `${each.padEnd(6)} ${String(f.items).padStart(7)} items in ${String(f.pages).padStart(4)} reads, ` +
          `${f.seconds.toFixed(1)} s, peak RSS ${f.peakRssMiB.toFixed(0)} MiB, peak heap ${f.peakHeapMiB.toFixed(0)} MiB`,
      );
    }
  } finally {
    await emulators.release();
  }
}

await main();
