import { QuarryError } from '@quarry/errors';

/** Opaque cursors: base64url JSON, so clients cannot depend on their shape. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<K extends string>(
  cursor: string,
  keys: readonly K[],
): Record<K, string> {
  const invalid = () =>
    new QuarryError('invalid_request', 'cursor is not a cursor this endpoint returned', [
      {
        field: 'cursor',
        code: 'invalid_cursor',
        message: 'Pass next_cursor from a previous page unchanged',
      },
    ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const record = parsed as Record<string, unknown>;
  for (const key of keys)
    if (typeof record[key] !== 'string' || !/^-?\d{1,20}$/.test(record[key])) throw invalid();
  return record as Record<K, string>;
}

export interface Page<T> {
  readonly data: T[];
  readonly pagination: { readonly has_more: boolean; readonly next_cursor: string | null };
}
