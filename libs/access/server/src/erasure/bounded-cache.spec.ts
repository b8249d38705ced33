import { trimOldest } from './bounded-cache';

describe('trimOldest', () => {
  it('keeps the map within an eighth of its bound and drops the oldest entries first', () => {
    const map = new Map<number, number>();
    for (let key = 0; key < 1_000; key++) {
      map.set(key, key);
      trimOldest(map, 80);
      expect(map.size).toBeLessThanOrEqual(90);
    }
    const keys = [...map.keys()];
    expect(keys[keys.length - 1]).toBe(999);
    // The newest entries survive, in order, and nothing older than the bound allows.
    expect(keys).toEqual(Array.from({ length: keys.length }, (_, index) => 1_000 - keys.length + index));
    expect(keys.length).toBeGreaterThanOrEqual(80);
  });

  it('leaves a map at or under its bound alone', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    trimOldest(map, 2);
    expect([...map.keys()]).toEqual(['a', 'b']);
  });
});
