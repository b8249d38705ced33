/**
 * Held (as a PostgreSQL session advisory lock) by the process loading the demo region. The deadline
 * scheduler stays idle while it is held: the demo writes each case's history with simulated
 * moments, and a real-time mark in the middle of a half-written history would be out of order.
 */
export const DEMO_REGION_LOCK = 'ketenregie:demo-region';
