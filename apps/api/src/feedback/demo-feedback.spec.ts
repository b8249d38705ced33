import { randomUUID } from 'node:crypto';
import { demoDelivery } from './demo-feedback';

describe('how the demo year mail was answered', () => {
  const queuedAt = '2026-05-12T14:03:00.000Z';
  const ids = Array.from({ length: 5000 }, () => randomUUID());
  const deliveries = ids.map((id) => demoDelivery(id, queuedAt));

  it('is the same for a message on every load', () => {
    expect(ids.slice(0, 50).map((id) => demoDelivery(id, queuedAt))).toEqual(deliveries.slice(0, 50));
  });

  it('is mostly accepted at once, some after retries, a few refused or failed, never before the message was queued', () => {
    const share = (test: (delivery: (typeof deliveries)[number]) => boolean) => deliveries.filter(test).length / deliveries.length;
    expect(share((delivery) => delivery.outcome === 'delivered')).toBeGreaterThan(0.96);
    expect(share((delivery) => delivery.outcome === 'delivered' && delivery.attempts > 1)).toBeGreaterThan(0.02);
    expect(share((delivery) => delivery.outcome === 'refused')).toBeGreaterThan(0.004);
    expect(share((delivery) => delivery.outcome === 'failed')).toBeGreaterThan(0.001);
    for (const delivery of deliveries) {
      const after = Date.parse(delivery.at) - Date.parse(queuedAt);
      // Within the delivery worker's six tries (30 s doubling): about a quarter of an hour.
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(17 * 60_000);
      expect(delivery.smtpCode).toBe(delivery.outcome === 'delivered' ? 250 : delivery.outcome === 'refused' ? 550 : 421);
    }
  });
});
