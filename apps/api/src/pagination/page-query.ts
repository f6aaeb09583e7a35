import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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

/**
 * One page of rows ordered oldest first by (created_at, id), continuing
 * after the cursor: keyset pagination, stable while rows are added.
 */
export async function pageByCreation<Row extends ObjectLiteral & { createdAt: Date }, Body>(
  qb: SelectQueryBuilder<Row>,
  ids: { readonly column: string; readonly pattern: RegExp; readonly of: (row: Row) => string },
  query: CursorPageQuery,
  present: (row: Row) => Body,
): Promise<Page<Body>> {
  const alias = qb.alias;
  qb.orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.${ids.column}`, 'ASC')
    .limit(query.limit + 1);
  if (query.cursor) {
    const after = decodeCursor(query.cursor, { at: INTEGER, id: ids.pattern });
    qb.andWhere(`(${alias}.created_at, ${alias}.${ids.column}) > (:at, :id)`, {
      at: new Date(Number(after.at)),
      id: after.id,
    });
  }
  const rows = await qb.getMany();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > query.limit;
  return {
    data: page.map(present),
    pagination: {
      has_more: hasMore,
      next_cursor:
        hasMore && last
          ? encodeCursor({ at: String(last.createdAt.getTime()), id: ids.of(last) })
          : null,
    },
  };
}
