import { emptyHashedRecord, hashedGet, hashedSet, hashedValues } from './hashed-record';
import type { HashedRecord } from './hashed-record';

describe('hashed record', () => {
  it('finds what was set, leaves the original untouched, and lists every value', () => {
    let record: HashedRecord<number> = emptyHashedRecord;
    const before = record;
    for (let i = 0; i < 2000; i += 1) record = hashedSet(record, `r${i}`, i);
    expect(before).toEqual([]);
    expect(hashedGet(record, 'r1234')).toBe(1234);
    expect(hashedGet(record, 'r2000')).toBeUndefined();
    expect(hashedValues(record).sort((a, b) => a - b)).toEqual([...Array(2000).keys()]);
    const updated = hashedSet(record, 'r7', -7);
    expect([hashedGet(updated, 'r7'), hashedGet(record, 'r7')]).toEqual([-7, 7]);
  });

  it('keeps its levels at 32 slots and its leaves small', () => {
    let record: HashedRecord<number> = emptyHashedRecord;
    for (let i = 0; i < 50_000; i += 1) record = hashedSet(record, `job_${i}`, i);
    expect(record.length).toBeLessThanOrEqual(32);
    const leaves = record.flatMap((one) => one!.flatMap((two) => two!));
    for (const middle of record) expect(middle!.length).toBeLessThanOrEqual(32);
    expect(Math.max(...leaves.map((leaf) => Object.keys(leaf!).length))).toBeLessThan(12);
  });

  it('still reads its entries after a trip through JSON (empty slots become null)', () => {
    let record: HashedRecord<number> = emptyHashedRecord;
    for (let i = 0; i < 300; i += 1) record = hashedSet(record, `job_${i}`, i);
    const parsed = JSON.parse(JSON.stringify(record)) as HashedRecord<number>;
    expect(hashedGet(parsed, 'job_299')).toBe(299);
    expect(hashedGet(parsed, 'job_300')).toBeUndefined();
    expect(hashedValues(hashedSet(parsed, 'job_300', 300))).toHaveLength(301);
  });

  it('does not find inherited properties for client-chosen keys', () => {
    const record = hashedSet<number>(emptyHashedRecord, '__proto__', 1);
    expect(hashedGet(record, '__proto__')).toBe(1);
    expect(hashedGet(record, 'constructor')).toBeUndefined();
    expect(hashedGet(record, 'toString')).toBeUndefined();
    expect(hashedValues(record)).toEqual([1]);
  });
});
