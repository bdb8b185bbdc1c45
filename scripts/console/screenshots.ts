/**
 * `npm run screenshots`: pictures of the web console for the docs, taken with the browser tests'
 * headless Chromium (test/support/browser.ts) on a fresh `stepstone dev` with the order saga and the
 * fan-out workflow of definitions/:
 *
 * - docs/console-execution.png: an order whose shipping fails, its retried reservation and its
 *   compensation, with the failed state open;
 * - docs/console-graph.png: the order saga's definition as a graph beside its JSON;
 * - docs/console-map.png: a fan-out whose Map tolerated a failed iteration, that iteration shown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/support/browser.js';
import { startSagaServer, UNSHIPPABLE } from '../../test/support/saga-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const VIEWPORT = { width: 1440, height: 1060 };

const saga = await startSagaServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 2 });
  const url = saga.server.url;

  saga.hold();
  const failed = await saga.start('order-1042', UNSHIPPABLE);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the reservation's first attempt and its back-off
  saga.release();
  await saga.finished(failed);
  await page.goto(`${url}/#/executions/${encodeURIComponent(failed)}`);
  await page.waitForSelector('[data-state="OrderFailed"][data-status="failed"]');
  await page.click('[data-state="ShipOrder"]');
  await shoot(page, 'console-execution.png');

  await page.goto(`${url}/#/state-machines/${encodeURIComponent(saga.stateMachineArn)}/definition`);
  await page.waitForSelector('[data-state="OrderFailed"]');
  await page.click('[data-state="ChargePayment"]');
  await shoot(page, 'console-graph.png');

  const fanOut = await saga.sfn.send(
    new CreateStateMachineCommand({
      name: 'FanOut',
      definition: readFileSync(join(ROOT, 'definitions', 'fan-out.asl.json'), 'utf8'),
      roleArn: 'arn:aws:iam::123456789012:role/StepFunctions',
    }),
  );
  // Ten images: one throttled once (retried), one corrupt (failed, within the 10% the Map tolerates).
  const names = ['beach', 'dunes', 'throttle-me', 'harbour', 'pier', 'cliffs', 'broken', 'forest', 'lake', 'ridge'];
  const images = names.map((name) => (name === 'broken' ? 'broken.corrupt' : `${name}.jpg`));
  const started = await saga.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: fanOut.stateMachineArn,
      name: 'upload-77',
      input: JSON.stringify({ uploadId: 'up-77', bucket: 'photos', images }),
    }),
  );
  const upload = started.executionArn ?? '';
  await saga.finished(upload);
  await page.goto(`${url}/#/executions/${encodeURIComponent(upload)}`);
  await page.waitForSelector('[data-state="Summarise"]');
  await page.click('[data-state="ResizeImages"]');
  await shoot(page, 'console-map.png');
} finally {
  await browser.close();
  await saga.close();
}

/** The top of the page, as a laptop screen shows it. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ROOT, 'docs', name) });
  console.log(`docs/${name}`);
}
