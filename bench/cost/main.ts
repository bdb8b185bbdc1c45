/**
 * The cost benchmark: each workload of workloads.ts runs once on the in-memory adapters and once on
 * the AWS adapters against the emulators, through the same meters; the two counts must agree (or
 * differ only as compare.ts explains). The AWS run is priced with AWS's us-east-1 list prices
 * (prices.ts) and set next to what Step Functions Standard and Express would charge.
 *
 * `npm run bench:cost` (emulators found or started as in emulators.ts). Ends with the line
 * `cost: $<x> per million state transitions (Step Functions Standard: $25), counted on <emulator>`. Exits 1 when the two
 * counts differ beyond what compare.ts explains. With `STEPSTONE_BENCH_RESULTS=<file>`, also writes
 * its summary there as JSON (the `npm run bench` runner collects it).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { describeEndpoints } from '../../scripts/emulators/lib/endpoints.js';
import { AwsClients } from '../../src/integrations/clients.js';
import { IntegrationInvoker } from '../../src/integrations/invoker.js';
import { DEFAULT_RETENTION_SECONDS, RECORD_HORIZON_SECONDS } from '../../src/runtime/retention.js';
import { type Agreement, compareRuns, describeAgreement } from './compare.js';
import { runExecution } from './drive.js';
import { acquireEmulators } from './emulators.js';
import { type PathFigures, pathFigures, perMillion } from './figures.js';
import {
  createIntegrationTargets,
  type IntegrationRow,
  type IntegrationTargets,
  integrationTable,
  integrationWorkloads,
  taskCalls,
} from './integrations.js';
import { type AdapterSet, awsAdapters, memoryAdapters, Recording } from './paths.js';
import { FUNCTION_MEMORY_MB, PRICES, PRICES_READ_ON } from './prices.js';
import { num, table, usd } from './report.js';
import { TASKS, WORKLOADS, type Workload } from './workloads.js';

/** What `npm run bench` reads back. */
export interface CostSummary {
  readonly usdPerMillionTransitions: number;
  readonly workloads: readonly {
    readonly name: string;
    readonly transitions: number;
    readonly usdPerMillion: number;
    readonly standardPerMillion: number;
    readonly expressPerMillion: number | undefined;
  }[];
  readonly targets: readonly { readonly target: string; readonly met: boolean; readonly measured: string }[];
  readonly agree: boolean;
}

interface Result {
  readonly workload: Workload;
  readonly memory: PathFigures;
  readonly aws: PathFigures;
  readonly agreement: Agreement;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const started = performance.now();
const say = (text = '') => process.stdout.write(`${text}\n`);

async function runOn(adapters: AdapterSet, workload: Workload, name: string): Promise<{ figures: PathFigures }> {
  const recording = new Recording();
  const run = await runExecution(adapters, recording, workload, name);
  if (run.status !== workload.expected.status || !isDeepStrictEqual(run.output, workload.expected.output)) {
    throw new Error(
      `${workload.name} on ${adapters.label} ended ${run.status} with ${JSON.stringify(run.output)}; expected ${JSON.stringify(workload.expected.output)}`,
    );
  }
  const basis = adapters.label === 'in-memory' ? 'metered' : 'billed';
  return { figures: pathFigures(workload, run, recording, basis) };
}

say(
  `Machine: ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${(os.loadavg()[0] ?? 0).toFixed(2)}`,
);
const perM = (usdEach: number) => `$${+(usdEach * 1e6).toFixed(4)}/M`;
say(
  `Prices: AWS us-east-1 list prices read ${PRICES_READ_ON} (sources in bench/cost/prices.ts): DynamoDB on-demand ${perM(PRICES.dynamoWru.usd)} WRU, ${perM(PRICES.dynamoRru.usd)} RRU; SQS ${perM(PRICES.sqsRequest.usd)} requests; Lambda arm64 ${perM(PRICES.lambdaRequest.usd)} requests, $${PRICES.lambdaArmGbSecond.usd}/GB-s; Step Functions Standard ${perM(PRICES.sfnStandardTransition.usd)} transitions, Express ${perM(PRICES.sfnExpressRequest.usd)} requests + $${+(PRICES.sfnExpressGbSecond.usd * 3600).toFixed(4)}/GB-hour.`,
);
say(
  `Model: worker ${FUNCTION_MEMORY_MB.worker} MB and API ${FUNCTION_MEMORY_MB.api} MB arm64 (cdk defaults); the SQS event source receives up to 10 messages per request and deletes them with one DeleteMessageBatch; one worker invocation per batch, timed here (tasks run inline, so the worker's time includes them).`,
);

const emulators = await acquireEmulators();
const results: Result[] = [];
const integrationRows: IntegrationRow[] = [];
let aws: AdapterSet | undefined;
let serviceTargets: IntegrationTargets | undefined;
try {
  serviceTargets = await createIntegrationTargets();
  const workloads = [...WORKLOADS, ...integrationWorkloads(serviceTargets)];
  // Integration tasks of the in-memory runs call the emulators too (the AWS runs' invoker does).
  const services = new IntegrationInvoker({ clients: new AwsClients({ requireEndpoint: true }) });
  aws = await awsAdapters(TASKS);
  say(
    `AWS adapters: DynamoDB and SQS on ${describeEndpoints(emulators.endpoints)} (${emulators.origin}); tasks behind a loopback Lambda endpoint (real LambdaInvoker over HTTP).\n`,
  );
  // A warm-up round, unrecorded: the measured round then runs as warm Lambda functions would.
  for (const [i, workload] of workloads.entries()) {
    await runOn(memoryAdapters(TASKS, services), workload, `warm-${i}`);
    await runOn(aws, workload, `warm-${i}`);
  }
  for (const [i, workload] of workloads.entries()) {
    const name = `bench-${i}-${workload.name.replace(/[^A-Za-z0-9]+/g, '-')}`.slice(0, 80);
    const memory = await runOn(memoryAdapters(TASKS, services), workload, name);
    const onAws = await runOn(aws, workload, name);
    const history = await aws.store.readHistory(onAws.figures.run.executionArn);
    integrationRows.push({ workload, aws: onAws.figures, calls: taskCalls(history) });
    results.push({
      workload,
      memory: memory.figures,
      aws: onAws.figures,
      agreement: compareRuns(
        memory.figures,
        onAws.figures,
        JSON.stringify(workload.definition).includes('lambda:invoke'),
      ),
    });
  }
} finally {
  await serviceTargets?.release();
  await aws?.close();
  await emulators.release();
}

// ---------------------------------------------------------------- agreement
say('## The meters on both adapter sets (counts at the ports: calls / units; bytes of JSON)\n');
const meterRow = (label: string, f: PathFigures) => {
  const { reads, writes } = f.recording.storeTotals();
  return [
    label,
    `${reads.calls} / ${num(reads.units)}`,
    `${writes.calls} / ${num(writes.units)}`,
    num(reads.bytes + writes.bytes),
    String(f.recording.queue.queueRequests),
    String(f.recording.queue.messagesSent),
    String(f.recording.invoker.invocations),
    `${f.run.delivery.workerInvocations} / ${f.run.delivery.messages}`,
  ];
};
const agreementRows: string[][] = [];
for (const r of results) {
  agreementRows.push(meterRow(`${r.workload.name}, in-memory`, r.memory));
  agreementRows.push(meterRow(`${r.workload.name}, AWS`, r.aws));
}
say(
  table(
    [
      'workload, adapters',
      'store reads',
      'store writes',
      'bytes',
      'send requests',
      'messages',
      'task invocations',
      'batches / messages',
    ],
    agreementRows,
  ),
);
let allAgree = true;
for (const r of results) {
  allAgree &&= r.agreement.agree;
  say(`- ${r.workload.name}: ${describeAgreement(r.agreement)}`);
}
say(
  `\nWhat the AWS runs sent to ${emulators.endpoints.product} (receives and deletes are the modelled event source's: one DeleteMessage per message here, one DeleteMessageBatch per batch in the model):\n`,
);
for (const r of results) {
  const calls = r.aws.recording.calls;
  const count = (key: string) => calls.get(key) ?? 0;
  const sendRequests = r.aws.recording.queue.queueRequests;
  const sendsMatch = count('SQS.SendMessageBatch') === sendRequests;
  if (!sendsMatch) allAgree = false;
  const dynamo = [...calls].filter(([k]) => k.startsWith('DynamoDB.')).map(([k, n]) => `${k.slice(9)} ${n}`);
  say(
    `- ${r.workload.name}: SendMessageBatch ${count('SQS.SendMessageBatch')} (meter: ${sendRequests}${sendsMatch ? '' : ', MISMATCH'}), ReceiveMessage ${count('SQS.ReceiveMessage')}, DeleteMessage ${count('SQS.DeleteMessage')}; DynamoDB: ${dynamo.join(', ')}`,
  );
}

// ---------------------------------------------------------------- DynamoDB by operation
say('\n## DynamoDB by store operation, AWS runs of every workload summed\n');
say(
  'meter: JSON size at the port; billed: what AWS would bill for the requests made, by its sizing rules (bench/cost/billing.ts).\n',
);
const byOp = new Map<string, { calls: number; meterR: number; meterW: number; billR: number; billW: number }>();
for (const r of results) {
  for (const [op, meter] of r.aws.recording.store) {
    const calls = meter.reads.calls + meter.writes.calls;
    const billed = r.aws.recording.billed.get(op);
    if (calls === 0 && billed === undefined) continue;
    const row = byOp.get(op) ?? { calls: 0, meterR: 0, meterW: 0, billR: 0, billW: 0 };
    row.calls += calls;
    row.meterR += meter.reads.units;
    row.meterW += meter.writes.units;
    row.billR += billed?.readUnits ?? 0;
    row.billW += billed?.writeUnits ?? 0;
    byOp.set(op, row);
  }
}
say(
  table(
    ['operation', 'port calls', 'meter RRU', 'meter WRU', 'billed RRU', 'billed WRU'],
    [...byOp].map(([op, row]) => [
      op,
      num(row.calls),
      num(row.meterR),
      num(row.meterW),
      num(row.billR, 1),
      num(row.billW),
    ]),
  ),
);
say('putDefinition is left out of the prices below: a warm API function stores a definition version once.');

// ---------------------------------------------------------------- per execution
say('\n## Per execution (AWS adapters; DynamoDB units as billed)\n');
say(
  table(
    [
      'workload',
      'transitions',
      'WRU',
      'RRU',
      'SQS send+recv+del',
      'worker inv.',
      'API inv.',
      'task inv.',
      'worker ms/msg',
      'Stepstone',
      'SFN Standard',
      'SFN Express',
    ],
    results.map(({ workload, aws: f }) => {
      const d = f.run.delivery;
      const msPerMessage = d.workerMs.reduce((s, x) => s + x, 0) / Math.max(1, d.messages);
      return [
        workload.reference === true ? `${workload.name} (reference)` : workload.name,
        String(f.run.transitions),
        num(f.writeUnits),
        num(f.readUnits, 1),
        `${f.sqs.total} (${f.sqs.sends}+${f.sqs.receives}+${f.sqs.deletes})`,
        String(f.invocations.worker),
        String(f.invocations.api),
        String(f.invocations.tasks),
        num(msPerMessage, 1),
        usd(f.usd.stepstone * 1e6),
        usd(f.usd.standard * 1e6),
        usd(f.usd.express === undefined ? undefined : f.usd.express * 1e6),
      ];
    }),
  ),
);
say(
  "Dollars are per million executions. Express: not for .waitForTaskToken; duration = the run's wall time here, rounded up to 100 ms, at 64 MB.",
);

// ---------------------------------------------------------------- per state
say('\n## Per executed state (state transitions = …StateEntered events)\n');
say(
  table(
    [
      'workload',
      'WRU',
      'RRU',
      'SQS req.',
      'Lambda inv.',
      'DynamoDB',
      'storage',
      'SQS',
      'Lambda req.',
      'Lambda GB-s',
      'Stepstone $/M',
      'Standard $/M',
      'Express $/M',
    ],
    results.map(({ workload, aws: f }) => {
      const t = f.run.transitions;
      return [
        workload.reference === true ? `${workload.name} (reference)` : workload.name,
        num(f.writeUnits / t, 2),
        num(f.readUnits / t, 2),
        num(f.sqs.total / t, 2),
        num((f.invocations.worker + f.invocations.api) / t, 2),
        usd(perMillion(f.usd.dynamo, t)),
        usd(perMillion(f.usd.storage, t)),
        usd(perMillion(f.usd.sqs, t)),
        usd(perMillion(f.usd.lambdaRequests, t)),
        usd(perMillion(f.usd.lambdaDuration, t)),
        usd(perMillion(f.usd.stepstone, t)),
        usd(perMillion(f.usd.standard, t)),
        usd(f.usd.express === undefined ? undefined : perMillion(f.usd.express, t)),
      ];
    }),
  ),
);
say('\n## Integration tasks next to Lambda tasks (per state transition; AWS adapters)\n');
const COMPARED = ['10-Task chain', '10 integration Tasks', 'callback through SQS', 'callback through Lambda'];
say(integrationTable(integrationRows.filter((r) => COMPARED.includes(r.workload.name))));
say(
  "engine: Stepstone's own DynamoDB units, SQS requests and worker/API invocations, and their price (as in the table above). task calls: the calls the tasks exist to make, which the user pays to the service on Step Functions as well (a Lambda task's duration left out).",
);

const counted = results.filter((r) => r.workload.reference !== true);
const totalTransitions = counted.reduce((s, r) => s + r.aws.run.transitions, 0);
const totalUsd = counted.reduce((s, r) => s + r.aws.usd.stepstone, 0);
const headline = perMillion(totalUsd, totalTransitions);
const taskUsd = counted.reduce((s, r) => s + r.aws.usd.taskRequests, 0);
const storedOf = (f: PathFigures) => [...f.recording.billed.values()].reduce((sum, b) => sum + b.storedBytes, 0);
say(
  `\nStorage is in the figures: each item an execution writes (and its index entry) is priced at $${PRICES.dynamoStorageGbMonth.usd}/GB-month for as long as its TTL keeps it, at the engine's default retention: an ended execution is kept ${num(DEFAULT_RETENTION_SECONDS / 86_400, 0)} days, its records with it (each written with its TTL: write time + retention + ${num(RECORD_HORIZON_SECONDS / 86_400, 0)} day, so that an execution ending within a day changes none at its end). Items put and months kept on average: ${results.map((r) => `${r.workload.name} ${num(storedOf(r.aws) / 1024, 1)} KiB, ${num(r.aws.storedByteMonths / Math.max(1, storedOf(r.aws)), 1)}`).join('; ')}.`,
);
say(
  `\nAll ${counted.length} workloads but the reference one: ${totalTransitions} transitions, ${usd(headline)} per million (the task functions' own invocations, ${usd(perMillion(taskUsd, totalTransitions))} per million transitions, are the user's, as on Step Functions, and left out).`,
);

// ---------------------------------------------------------------- targets
say('\n## Targets\n');
const find = (prefix: string) => {
  const r = results.find((x) => x.workload.name.startsWith(prefix));
  if (r === undefined) throw new Error(`no workload ${prefix}`);
  return r.aws;
};
const chain = find('20 Pass/Choice');
const chainCommits = chain.recording.store.get('commitFrame')?.writes.calls ?? 0;
/** Whether a message body is an execution's start message (sent when the start did not run the first step). */
const isStart = (body: string) => {
  const message = JSON.parse(body) as { kind?: string; frameId?: string; version?: number };
  return message.kind === 'run' && message.frameId === 'root' && message.version === 0;
};
const chainWorkerSends = chain.recording.queue.queueRequests - (chain.recording.sent.some(isStart) ? 1 : 0);
const tasks10 = find('10-Task');
const wruPerTask = tasks10.writeUnits / 10;
const sqsPerTask = tasks10.sqs.total / 10;
const sqsPerTaskBatched = (tasks10.sqs.sends + (2 * tasks10.run.delivery.messages) / 10) / 10;
const map = find('Map (100 items)');
const mapItems = 100;
const wruPerChild = map.writeUnits / mapItems;
const rruPerChild = map.readUnits / mapItems;
/** Join wake-ups sent, and how many of them repeat one already sent (same parent, same version). */
const wakeUps = (f: PathFigures) => {
  const seen = new Set<string>();
  let sent = 0;
  for (const body of f.recording.sent) {
    const message = JSON.parse(body) as { kind?: string; executionArn?: string; frameId?: string; version?: number };
    if (message.kind !== 'join') continue;
    sent++;
    seen.add(`${message.executionArn} ${message.frameId} ${message.version}`);
  }
  return { sent, joins: seen.size, duplicates: sent - seen.size };
};
const joins = results.map((r) => ({ name: r.workload.name, ...wakeUps(r.aws) }));
const joinTotal = joins.reduce((t, j) => ({ joins: t.joins + j.joins, duplicates: t.duplicates + j.duplicates }), {
  joins: 0,
  duplicates: 0,
});
const over = (value: number, limit: number, digits = 2) =>
  value > limit ? `: over by ${num(value - limit, digits)} (${num(value / limit, 2)}×)` : '';
const targets = [
  {
    target: 'Pass/Choice chain: one commit, no SQS request beyond the start',
    met: chainCommits === 1 && chainWorkerSends === 0,
    measured: `${chainCommits} commit(s); ${chainWorkerSends} send(s) beyond the start's (${chain.sqs.total} SQS requests in all)`,
  },
  {
    target: 'chain of Tasks: ≤ 1.2 WRU per Task',
    met: wruPerTask <= 1.2,
    measured: `${num(wruPerTask, 2)} WRU per Task (10-Task chain)${over(wruPerTask, 1.2)}`,
  },
  {
    target: 'chain of Tasks: ≤ 0.15 SQS requests per Task',
    met: sqsPerTask <= 0.15,
    measured: `${num(sqsPerTask, 2)} per Task at one message per receive, as measured${over(sqsPerTask, 0.15)}; ${num(sqsPerTaskBatched, 2)} with the receive and delete shared by full batches of 10`,
  },
  {
    target: 'Map child with a Task: ≤ 2 WRU',
    met: wruPerChild <= 2,
    measured: `${num(wruPerChild, 2)} WRU per item (the 100-item Map's ${num(map.writeUnits)} WRU, its execution's own included)${over(wruPerChild, 2)}`,
  },
  {
    target: 'Map child with a Task: ≤ 1 RRU',
    met: rruPerChild <= 1,
    measured: `${num(rruPerChild, 2)} RRU per item (${num(map.readUnits, 1)} in all)${over(rruPerChild, 1)}`,
  },
  {
    target: 'exactly one wake-up of the parent per join',
    met: joinTotal.duplicates === 0 && joinTotal.joins > 0,
    measured: `${joinTotal.duplicates} duplicate(s) over ${joinTotal.joins} join(s): ${joins
      .filter((j) => j.sent > 0)
      .map((j) => `${j.name} ${j.sent} wake-up(s) for ${j.joins}`)
      .join(', ')}`,
  },
  {
    target: 'overall ≤ $1.00 per million state transitions, storage included, task compute excluded',
    met: headline <= 1,
    measured: `${usd(headline)}${headline > 1 ? `: over by ${usd(headline - 1)} (${num(headline, 2)}×)` : ''}`,
  },
];
say(
  table(
    ['target', 'met', 'measured'],
    targets.map((t) => [t.target, t.met ? 'met' : 'NOT MET', t.measured]),
    3,
  ),
);
say(`\n${((performance.now() - started) / 1000).toFixed(1)} s in all.`);

const resultsFile = process.env.STEPSTONE_BENCH_RESULTS;
if (resultsFile !== undefined && resultsFile !== '') {
  const summary: CostSummary = {
    usdPerMillionTransitions: headline,
    workloads: results.map(({ workload, aws: f }) => ({
      name: workload.reference === true ? `${workload.name}, reference` : workload.name,
      transitions: f.run.transitions,
      usdPerMillion: perMillion(f.usd.stepstone, f.run.transitions),
      standardPerMillion: perMillion(f.usd.standard, f.run.transitions),
      expressPerMillion: f.usd.express === undefined ? undefined : perMillion(f.usd.express, f.run.transitions),
    })),
    targets,
    agree: allAgree,
  };
  writeFileSync(resultsFile, JSON.stringify(summary));
}
if (!allAgree) {
  say('\nFAILED: the in-memory and AWS counts differ beyond what bench/cost/compare.ts explains (see above).');
  process.exitCode = 1;
}
say(
  `cost: $${headline.toFixed(2)} per million state transitions (Step Functions Standard: $25), counted on ${emulators.endpoints.product}`,
);
