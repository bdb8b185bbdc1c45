/**
 * The web console of `stepstone dev` in headless Chromium, on the order saga of definitions/: what a
 * user looks at when an execution misbehaves — which state failed, why, what ran instead — checked
 * in the page against what the Step Functions API itself answers.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { ORDER, type SagaServer, startSagaServer, UNSHIPPABLE } from '../support/saga-server.js';

const SAGA_STATES = [
  'ReserveInventory',
  'ChargePayment',
  'ShipOrder',
  'OrderConfirmed',
  'RefundPayment',
  'ReleaseInventory',
  'OrderFailed',
];

let saga: SagaServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  saga = await startSagaServer();
  browser = await launchChromium(inject('chromium'));
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await saga?.close();
});

/** The status each state of the saga is drawn with. */
async function statuses(): Promise<Record<string, string | undefined>> {
  const entries = await Promise.all(
    SAGA_STATES.map(async (name) => [
      name,
      (await page.getAttribute(`[data-state="${name}"]`, 'data-status')) ?? undefined,
    ]),
  );
  return Object.fromEntries(entries);
}

/** The history table's rows as [id, type]. */
function tableRows(): Promise<[number, string][]> {
  return page.$$eval('tr[data-event-id]', (rows) =>
    rows.map((row): [number, string] => [
      Number(row.getAttribute('data-event-id')),
      String(row.getAttribute('data-event-type')),
    ]),
  );
}

function apiRows(events: HistoryEvent[]): [number, string][] {
  return events.map((event): [number, string] => [Number(event.id), String(event.type)]);
}

function executionUrl(executionArn: string): string {
  return `${saga.server.url}/#/executions/${encodeURIComponent(executionArn)}`;
}

describe('the console of stepstone dev', () => {
  it('serves its page and assets at / beside the API, and loads nothing from anywhere else', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(`${saga.server.url}/`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.getByRole('link', { name: 'OrderSaga' }).waitFor();
    page.removeAllListeners('request');
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.filter((url) => !url.startsWith(`${saga.server.url}/`))).toEqual([]);
  });

  it('draws the definition with every state and the Catch edges apart from the others', async () => {
    await page.goto(`${saga.server.url}/#/`);
    await page.getByRole('link', { name: 'OrderSaga' }).click();
    await page.getByRole('tab', { name: 'Definition' }).click();
    await page.waitForSelector('[data-state="OrderFailed"]');
    const drawn = await page.$$eval('[data-state]', (nodes) => nodes.map((n) => n.getAttribute('data-state')));
    expect(new Set(drawn)).toEqual(new Set(SAGA_STATES));
    const catches = await page.$$eval('[data-kind="catch"]', (edges) =>
      edges.map((e) => `${e.getAttribute('data-from')} → ${e.getAttribute('data-to')}`),
    );
    expect(catches.sort()).toEqual(
      ['ChargePayment → ReleaseInventory', 'ReserveInventory → OrderFailed', 'ShipOrder → RefundPayment'].sort(),
    );
    const stroke = (selector: string) =>
      page.$eval(selector, (path) => {
        const style = path.ownerDocument.defaultView?.getComputedStyle(path);
        return `${style?.stroke} ${style?.strokeDasharray}`;
      });
    expect(await stroke('[data-kind="catch"] path')).not.toBe(await stroke('[data-kind="next"] path'));
    await page.click('[data-state="ChargePayment"]');
    await expect.poll(() => page.textContent('#definition-title')).toBe('ChargePayment');
    expect(await page.textContent('#machine-panel')).toContain('Payment.GatewayTimeout');
  });

  it('colours a succeeding execution and lists the same events as GetExecutionHistory', async () => {
    const executionArn = await saga.start('first-order', ORDER);
    expect((await saga.finished(executionArn)).status).toBe('SUCCEEDED');
    await page.goto(executionUrl(executionArn));
    await page.waitForSelector('[data-state="OrderConfirmed"][data-status="succeeded"]');
    expect(await statuses()).toEqual({
      ReserveInventory: 'succeeded',
      ChargePayment: 'succeeded',
      ShipOrder: 'succeeded',
      OrderConfirmed: 'succeeded',
      RefundPayment: 'not-reached',
      ReleaseInventory: 'not-reached',
      OrderFailed: 'not-reached',
    });
    expect(await tableRows()).toEqual(apiRows(await saga.history(executionArn)));
  });

  it('refuses input that is not JSON, then starts the execution and follows it live into its compensation', async () => {
    saga.hold();
    await page.goto(`${saga.server.url}/#/state-machines/${encodeURIComponent(saga.stateMachineArn)}`);
    await page.getByRole('button', { name: 'Start execution' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start execution' });
    await dialog.getByLabel('Input (JSON)').fill('{"orderId": "o-1001",');
    await expect.poll(() => dialog.locator('#start-input-status').textContent()).toContain('not JSON');
    expect(await dialog.getByRole('button', { name: 'Start execution' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Input (JSON)').fill(JSON.stringify(UNSHIPPABLE, null, 2));
    await dialog.getByLabel(/^Name/).fill('no-postcode');
    await dialog.getByRole('button', { name: 'Start execution' }).click();

    // ReserveInventory failed once and its retry is held: the page shows it in progress, then follows
    // the execution without a reload.
    await page.waitForSelector('[data-state="ReserveInventory"][data-status="running"]');
    expect(await page.getAttribute('[data-state="ShipOrder"]', 'data-status')).toBe('not-reached');
    expect(await page.getByText('Live').isVisible()).toBe(true);
    saga.release();
    await page.waitForSelector('[data-state="OrderFailed"][data-status="failed"]');
    expect(await statuses()).toEqual({
      ReserveInventory: 'retried',
      ChargePayment: 'succeeded',
      ShipOrder: 'caught',
      OrderConfirmed: 'not-reached',
      RefundPayment: 'succeeded',
      ReleaseInventory: 'succeeded',
      OrderFailed: 'failed',
    });
    const taken = (from: string, kind: string) =>
      page.getAttribute(`[data-from="${from}"][data-kind="${kind}"]`, 'data-taken');
    expect(await taken('ShipOrder', 'catch')).toBe('true');
    expect(await taken('ShipOrder', 'next')).toBe('false');
    expect(await taken('RefundPayment', 'next')).toBe('true');
    expect(await taken('ReleaseInventory', 'next')).toBe('true');

    // The states are reached with Tab in the order they run; Enter opens one.
    await page.getByRole('button', { name: 'Zoom in' }).focus();
    const reached: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      reached.push((await page.locator(':focus').getAttribute('data-state')) ?? undefined);
    }
    expect(reached).toEqual(['ReserveInventory', 'ChargePayment', 'ShipOrder']);
    await page.keyboard.press('Enter');
    const panel = page.locator('section.state-panel');
    await expect.poll(() => panel.getAttribute('data-state')).toBe('ShipOrder');
    const shipError = panel.getByRole('region', { name: /Caught error/ });
    expect(await shipError.locator('.failure-error').textContent()).toBe('Shipping.InvalidAddress');
    expect(await shipError.textContent()).toContain('The address has no postcode');

    await page.click('[data-state="OrderFailed"]');
    await expect.poll(() => panel.getAttribute('data-state')).toBe('OrderFailed');
    expect(await panel.getByRole('region', { name: 'Failed' }).locator('.failure-error').textContent()).toBe(
      'Shipping.InvalidAddress',
    );

    const executionArn = `${saga.stateMachineArn.replace(':stateMachine:', ':execution:')}:no-postcode`;
    await expect.poll(async () => (await tableRows()).length).toBe((await saga.history(executionArn)).length);
    expect(await tableRows()).toEqual(apiRows(await saga.history(executionArn)));
    expect(pageErrors).toEqual([]);
  });

  it('stops an execution in flight and redrives it from the page', async () => {
    saga.hold();
    const executionArn = await saga.start('stopped-order', ORDER);
    await page.goto(executionUrl(executionArn));
    await page.waitForSelector('[data-state="ReserveInventory"][data-status="running"]');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Stop execution' }).click();
    await page.waitForSelector('[data-state="ReserveInventory"][data-status="aborted"]');
    expect((await saga.finished(executionArn)).status).toBe('ABORTED');
    saga.release();
    await page.getByRole('button', { name: 'Redrive' }).click();
    await page.waitForSelector('[data-state="OrderConfirmed"][data-status="succeeded"]');
    expect((await saga.finished(executionArn)).status).toBe('SUCCEEDED');
    const types = (await tableRows()).map(([, type]) => type);
    expect(types).toContain('ExecutionAborted');
    expect(types).toContain('ExecutionRedriven');
    expect(await tableRows()).toEqual(apiRows(await saga.history(executionArn)));
  });
});
