/**
 * Bounds a `Map` used as a cache (insertion order = age) to about `max` entries, dropping the
 * oldest. It lets the map grow an eighth past `max` and then trims it in one pass. Dropping one
 * entry per insert with `keys().next()` looked the same but is quadratic in V8: a deleted entry's
 * slot stays in the table until it is rebuilt, and every `keys()` walks over all of them from the
 * start. Reading a 1M-event log through the encrypting store spent most of its time there
 * (a 20,000-entry map: 107 µs per insert one by one, 6.5 µs trimmed in bulk).
 */
export const trimOldest = <K, V>(map: Map<K, V>, max: number): void => {
  if (map.size <= max + Math.max(1, Math.floor(max / 8))) return;
  let excess = map.size - max;
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
  }
};
