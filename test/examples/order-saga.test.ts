import { loadWorkflow, returns, sequence, type TestWorkflow, throws } from 'stepstone/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as handlers from '../../functions/tasks/index.js';

const DEFINITION = new URL('../../definitions/order-saga.asl.json', import.meta.url);

const ORDER = {
  orderId: 'o-1001',
  items: [
    { sku: 'BOOK-42', quantity: 1 },
    { sku: 'MUG-7', quantity: 2 },
  ],
  amount: 37.5,
  card: '4242-4242-4242-4242',
  address: { street: "1 King's Cross", postcode: 'N1 9GU' },
};

/** The test card that `ChargePayment` declines. */
const DECLINED_CARD = '4000-0000-0000-0002';

describe('order saga (definitions/order-saga.asl.json)', () => {
  let saga: TestWorkflow;
  beforeAll(async () => {
    saga = await loadWorkflow(DEFINITION, { tasks: handlers });
  });

  it('reserves, charges and ships, and confirms the order when every step succeeds', async () => {
    const execution = await saga.run(ORDER);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered()).toEqual(['ReserveInventory', 'ChargePayment', 'ShipOrder', 'OrderConfirmed']);
    expect(execution.output).toEqual({
      orderId: 'o-1001',
      status: 'CONFIRMED',
      chargeId: 'ch-o-1001',
      trackingNumber: 'TRK-o-1001',
    });
    expect(execution.calls('ChargePayment')).toEqual([{ orderId: 'o-1001', amount: 37.5, card: ORDER.card }]);
    expect(execution.calls('ShipOrder')).toEqual([
      { orderId: 'o-1001', address: ORDER.address, reservationId: 'res-o-1001' },
    ]);
    expect(execution.callCount('RefundPayment')).toBe(0);
    expect(execution.callCount('ReleaseInventory')).toBe(0);
  });

  it('releases the reservation and fails with Payment.Declined when the card is declined', async () => {
    const execution = await saga.run({ ...ORDER, card: DECLINED_CARD });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Payment.Declined');
    expect(JSON.parse(execution.cause ?? '{}')).toMatchObject({
      errorType: 'Payment.Declined',
      errorMessage: 'The card was declined',
    });
    expect(execution.statesEntered()).toEqual(['ReserveInventory', 'ChargePayment', 'ReleaseInventory', 'OrderFailed']);
    expect(execution.calls('ReleaseInventory')).toEqual([{ orderId: 'o-1001', reservationId: 'res-o-1001' }]);
    expect(execution.callCount('ShipOrder')).toBe(0);
    expect(execution.callCount('RefundPayment')).toBe(0);
    // Catch's ResultPath keeps the order and adds the error beside it.
    expect(execution.stateInput('ReleaseInventory')).toMatchObject({
      orderId: 'o-1001',
      reservation: { reservationId: 'res-o-1001', items: 2 },
      error: { Error: 'Payment.Declined' },
    });
  });

  it('refunds the charge, then releases the reservation, and fails when the address has no postcode', async () => {
    const execution = await saga.run({ ...ORDER, address: { street: 'Nowhere' } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Shipping.InvalidAddress');
    expect(execution.statesEntered()).toEqual([
      'ReserveInventory',
      'ChargePayment',
      'ShipOrder',
      'RefundPayment',
      'ReleaseInventory',
      'OrderFailed',
    ]);
    expect(execution.calls('RefundPayment')).toEqual([{ orderId: 'o-1001', chargeId: 'ch-o-1001' }]);
    expect(execution.calls('ReleaseInventory')).toEqual([{ orderId: 'o-1001', reservationId: 'res-o-1001' }]);
    expect(execution.stateOutput('RefundPayment')).toMatchObject({ refund: { refundId: 'rf-ch-o-1001' } });
  });

  it('retries a gateway timeout and confirms the order once the charge goes through', async () => {
    const execution = await saga.run(ORDER, {
      tasks: {
        ChargePayment: sequence(throws('Payment.GatewayTimeout'), returns({ chargeId: 'ch-retried', amount: 37.5 })),
      },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.callCount('ChargePayment')).toBe(2);
    expect(execution.output).toMatchObject({ status: 'CONFIRMED', chargeId: 'ch-retried' });
    // JitterStrategy FULL: the back-off is a random part of IntervalSeconds (2 s).
    const [first, second] = execution.taskCalls('ChargePayment');
    expect(second!.atMs - first!.atMs).toBeGreaterThanOrEqual(0);
    expect(second!.atMs - first!.atMs).toBeLessThanOrEqual(2000);
  });

  it('fails with the last error when the gateway keeps timing out beyond MaxAttempts, after releasing stock', async () => {
    const execution = await saga.run(ORDER, { tasks: { ChargePayment: throws('Payment.GatewayTimeout') } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Payment.GatewayTimeout');
    expect(execution.callCount('ChargePayment')).toBe(3);
    expect(execution.callCount('ReleaseInventory')).toBe(1);
  });

  it('fails without compensating when stock cannot be reserved', async () => {
    const execution = await saga.run({ ...ORDER, items: [{ sku: 'GONE-1', quantity: 1 }] });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Inventory.OutOfStock');
    expect(execution.statesEntered()).toEqual(['ReserveInventory', 'OrderFailed']);
    expect(execution.callCount('ReleaseInventory')).toBe(0);
  });
});
