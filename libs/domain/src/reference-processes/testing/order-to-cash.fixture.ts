import { HOUR, instanceSpec, T0 } from '../../instance/testing';
import { loadReferenceProcess } from './reference-process';

// Shared by the order-to-cash specs: the published definition, one order and its invoice.
export const definition = loadReferenceProcess('order-to-cash');
export const spec = instanceSpec(definition);
export const order = {
  orderId: 'SO-1001',
  customerId: 'C-42',
  orderTotal: 1200,
  currency: 'EUR',
  lineItems: [{ sku: 'DESK-1', quantity: 4 }],
  shippingAddress: { city: 'Lyon', country: 'FR' },
};
export const at = (hours: number) => ({ now: T0 + hours * HOUR });
export const invoice = { invoiceId: 'INV-77', invoiceDueDate: '2026-02-05' };
