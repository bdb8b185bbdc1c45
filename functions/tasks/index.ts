/**
 * Every example task handler, by the name the definitions' `${…}` placeholders use.
 */
export { NotifyManager, RequestApproval } from './approval.js';
export { ResizeImage } from './images.js';
export { ChargePayment, RefundPayment, ReleaseInventory, ReserveInventory, ShipOrder } from './order.js';
