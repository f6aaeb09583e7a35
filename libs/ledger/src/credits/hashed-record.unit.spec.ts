import { hashedGet, hashedSet, hashedValues } from './hashed-record';
import type { HashedRecord } from './hashed-record';

describe('hashed record', () => {
  it('finds what was set, leaves the original untouched, and lists every value', () => {
    let record: HashedRecord<number> = {};
    const before = record;
    for (let i = 0; i < 2000; i += 1) record = hashedSet(record, `r${i}`, i);
    expect(before).toEqual({});
    expect(hashedGet(record, 'r1234')).toBe(1234);
    expect(hashedGet(record, 'r2000')).toBeUndefined();
    expect(hashedValues(record).sort((a, b) => a - b)).toEqual([...Array(2000).keys()]);
    const updated = hashedSet(record, 'r7', -7);
    expect([hashedGet(updated, 'r7'), hashedGet(record, 'r7')]).toEqual([-7, 7]);
  });

  it('keeps its buckets small: no bucket index over 32 keys', () => {
    let record: HashedRecord<number> = {};
    for (let i = 0; i < 5000; i += 1) record = hashedSet(record, `job_${i}`, i);
    expect(Object.keys(record).length).toBeLessThanOrEqual(32);
    for (const middle of Object.values(record))
      expect(Object.keys(middle).length).toBeLessThanOrEqual(32);
  });

  it('does not find inherited properties for client-chosen keys', () => {
    const record = hashedSet<number>({}, '__proto__', 1);
    expect(hashedGet(record, '__proto__')).toBe(1);
    expect(hashedGet(record, 'constructor')).toBeUndefined();
    expect(hashedGet(record, 'toString')).toBeUndefined();
    expect(hashedValues(record)).toEqual([1]);
  });
});
