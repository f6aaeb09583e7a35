import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { PooledQueries } from '@quarry/database';
import { decodeCursor, encodeCursor, INTEGER } from './cursor';
import type { Page } from './cursor';

/** `limit` and `cursor` of every cursor-paginated list (PRODUCT.md: default 50, max 100). */
export class CursorPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(100)
  @IsInt()
  limit = 50;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page.' })
  @IsOptional()
  @Length(1, 200)
  @IsString()
  cursor?: string;
}

/** Rows of one read-model view for a keyset page: `created_at` plus a unique id column. */
export interface PageSource {
  /** Columns to select, e.g. `k.key_id, k.name, …`; must include `created_at` and the id. */
  readonly select: string;
  /** FROM and JOIN clauses; the main relation is aliased so `alias.created_at` resolves. */
  readonly from: string;
  readonly alias: string;
  /** Filter with $1… placeholders over `params`. */
  readonly where?: string;
  readonly params?: readonly unknown[];
  readonly id: { readonly column: string; readonly pattern: RegExp };
}

/**
 * One page of rows ordered oldest first by (created_at, id), continuing
 * after the cursor: keyset pagination, stable while rows are added, served
 * by an index on (…, created_at, id) in one round trip.
 */
export async function keysetPage<Row extends { created_at: Date }, Body>(
  reads: PooledQueries,
  source: PageSource,
  query: CursorPageQuery,
  present: (row: Row) => Body,
): Promise<Page<Body>> {
  const { alias, id } = source;
  const params: unknown[] = [...(source.params ?? [])];
  const conditions = source.where ? [source.where] : [];
  if (query.cursor) {
    const after = decodeCursor(query.cursor, { at: INTEGER, id: id.pattern });
    params.push(new Date(Number(after.at)), after.id);
    conditions.push(
      `(${alias}.created_at, ${alias}.${id.column}) > ($${params.length - 1}, $${params.length})`,
    );
  }
  params.push(query.limit + 1);
  const rows = await reads.rows<Row & Record<string, unknown>>(
    `SELECT ${source.select} FROM ${source.from}
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${alias}.created_at, ${alias}.${id.column} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > query.limit;
  return {
    data: page.map(present),
    pagination: {
      has_more: hasMore,
      next_cursor:
        hasMore && last
          ? encodeCursor({ at: String(last.created_at.getTime()), id: String(last[id.column]) })
          : null,
    },
  };
}
