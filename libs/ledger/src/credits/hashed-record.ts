/**
 * A persistent map that is still plain data: entries sit in leaves three
 * levels deep under 32 × 32 × 32 array slots chosen by a hash of their key,
 * so an immutable update copies three 32-slot arrays and one small leaf
 * instead of every entry. A ledger keeps one reservation per job forever;
 * with a flat record, folding 10,000 jobs took 28 s (each event copied all
 * earlier reservations), and with two levels a million-event ledger's leaves
 * grew to hundreds of entries. Arrays, not objects, at the upper levels: a
 * copy is a `slice`, 8–9 times faster than spreading a 32-key object, and
 * every reservation pays for one.
 */
type Leaf<T> = Readonly<Record<string, T>>;
/** Empty slots are holes (or null, after a trip through JSON). */
type Slots<T> = readonly (T | null | undefined)[];
export type HashedRecord<T> = Slots<Slots<Slots<Leaf<T>>>>;

export const emptyHashedRecord: HashedRecord<never> = [];

/** FNV-1a over UTF-16 code units: stable across processes, which bucket positions must be. */
function slotsOf(key: string): [number, number, number] {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return [hash & 31, (hash >>> 5) & 31, (hash >>> 10) & 31];
}

/**
 * A record's own entry: keys come from clients, and `record['constructor']`
 * must not find Object.prototype's.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function hashedGet<T>(record: HashedRecord<T>, key: string): T | undefined {
  const [a, b, c] = slotsOf(key);
  const leaf = record[a]?.[b]?.[c];
  return leaf ? ownEntry(leaf, key) : undefined;
}

export function hashedSet<T>(record: HashedRecord<T>, key: string, value: T): HashedRecord<T> {
  const [a, b, c] = slotsOf(key);
  const one = record[a]?.slice() ?? [];
  const two = one[b]?.slice() ?? [];
  two[c] = { ...two[c], [key]: value };
  one[b] = two;
  const top = record.slice();
  top[a] = one;
  return top;
}

export function hashedValues<T>(record: HashedRecord<T>): T[] {
  const values: T[] = [];
  for (const one of record)
    for (const two of one ?? [])
      for (const leaf of two ?? []) if (leaf) values.push(...Object.values(leaf));
  return values;
}
