/**
 * Task handlers of the order saga (`definitions/order-saga.asl.json`). They keep no state: ids are
 * derived from the order id, so a retried or redelivered call returns the same answer.
 */
import { taskError } from './errors.js';

interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
}

/** Reserves stock for every item; an unknown SKU fails with `Inventory.OutOfStock`. */
export async function ReserveInventory(input: { orderId: string; items: OrderItem[] }) {
  for (const item of input.items ?? []) {
    if (item.sku.startsWith('GONE-')) throw taskError('Inventory.OutOfStock', `SKU ${item.sku} is out of stock`);
  }
  return { reservationId: `res-${input.orderId}`, items: input.items?.length ?? 0 };
}

/** Charges the card; the test card 4000-0000-0000-0002 is declined (`Payment.Declined`). */
export async function ChargePayment(input: { orderId: string; amount: number; card: string }) {
  if (input.card === '4000-0000-0000-0002') throw taskError('Payment.Declined', 'The card was declined');
  if (!(input.amount > 0)) throw taskError('Payment.InvalidAmount', `Cannot charge ${input.amount}`);
  return { chargeId: `ch-${input.orderId}`, amount: input.amount };
}

/** Books the shipment; an address without a postcode fails with `Shipping.InvalidAddress`. */
export async function ShipOrder(input: { orderId: string; address: { postcode?: string } | undefined }) {
  if (input.address?.postcode === undefined) throw taskError('Shipping.InvalidAddress', 'The address has no postcode');
  return { trackingNumber: `TRK-${input.orderId}` };
}

/** Refunds a charge. */
export async function RefundPayment(input: { orderId: string; chargeId: string }) {
  return { refundId: `rf-${input.chargeId}` };
}

/** Releases a reservation. */
export async function ReleaseInventory(input: { orderId: string; reservationId: string }) {
  return { released: input.reservationId };
}
