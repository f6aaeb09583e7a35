import { QuarryError } from '@quarry/errors';

/** Digits of a bigint position, revision or timestamp. */
export const INTEGER = /^-?\d{1,20}$/;

/** Opaque cursors: base64url JSON, so clients cannot depend on their shape. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor and checks every field against its pattern: a tampered cursor is a 400, not a query. */
export function decodeCursor<K extends string>(
  cursor: string,
  shape: Record<K, RegExp>,
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
  for (const [key, pattern] of Object.entries<RegExp>(shape)) {
    const value = record[key];
    if (typeof value !== 'string' || !pattern.test(value)) throw invalid();
  }
  return record as Record<K, string>;
}

export interface Page<T> {
  readonly data: T[];
  readonly pagination: { readonly has_more: boolean; readonly next_cursor: string | null };
}
