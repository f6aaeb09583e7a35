import type { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { decodeCursor, encodeCursor, INTEGER } from '../pagination/cursor';
import type { Page } from '../pagination/cursor';
import { LEAD_COLUMNS, LEAD_ID, presentLead } from './lead-presenter';
import type { LeadBody, LeadRow } from './lead-presenter';
import type { LeadSort, LeadsQuery, SortOrder } from './leads.query';

/** Exactly the expression of the `leads_search` trigram index, so the planner can use it. */
const SEARCH_TEXT = `(coalesce(email, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(phone, ''))`;

/** `%`, `_` and `\` match themselves: the client searches for text, not a LIKE pattern. */
export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The sort value in a cursor, as text: epoch milliseconds, a score, or a
 * company name prefixed with `=` (`-` when the lead has none, so a null is
 * never confused with a name).
 */
const CURSOR_VALUE: Record<LeadSort, RegExp> = {
  created_at: INTEGER,
  score: /^\d{1,3}$/,
  company: /^(?:-|=[\s\S]*)$/,
};

function cursorValueOf(sort: LeadSort, row: LeadRow): string {
  switch (sort) {
    case 'created_at':
      return String(row.created_at.getTime());
    case 'score':
      return String(row.score);
    case 'company':
      return row.company_name === null ? '-' : `=${row.company_name}`;
  }
}

interface LeadCursor {
  readonly value: string;
  readonly id: string;
}

/** A cursor continues the sort and order it was made for; with another one it would skip or repeat leads. */
function decodeLeadCursor(cursor: string, sort: LeadSort, order: SortOrder): LeadCursor {
  const made = decodeCursor(cursor, { sort: /^\w+$/, order: /^\w+$/ });
  if (made.sort !== sort || made.order !== order) {
    const message = `cursor was made for sort=${made.sort}&order=${made.order}; pass the same sort and order, or start again without a cursor`;
    throw new QuarryError('invalid_request', message, [
      { field: 'cursor', code: 'cursor_mismatch', message },
    ]);
  }
  const { value, id } = decodeCursor(cursor, { value: CURSOR_VALUE[sort], id: LEAD_ID });
  return { value, id };
}

function refuse(field: string, message: string): QuarryError {
  return new QuarryError('invalid_request', message, [{ field, code: 'invalid_range', message }]);
}

/**
 * Leads of one organization, filtered, sorted by `sort` then `lead_id` in
 * the same direction, keyset-paginated: each page is an index range scan
 * (indexes on org_id and each sort column), stable while leads are added.
 */
export async function listLeads(
  reads: PooledQueries,
  orgId: string,
  query: LeadsQuery,
): Promise<Page<LeadBody>> {
  if (
    query.score_min !== undefined &&
    query.score_max !== undefined &&
    query.score_min > query.score_max
  )
    throw refuse('score_min', 'score_min must not be greater than score_max');
  const { from: after, to: before } = query.createdRange();

  const params: unknown[] = [orgId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['org_id = $1'];
  if (query.job_id) where.push(`job_id = ${param(query.job_id)}`);
  if (query.external_user_id) where.push(`external_user_id = ${param(query.external_user_id)}`);
  if (query.status) where.push(`status = ${param(query.status)}`);
  if (query.score_min !== undefined) where.push(`score >= ${param(query.score_min)}`);
  if (query.score_max !== undefined) where.push(`score <= ${param(query.score_max)}`);
  if (after) where.push(`created_at >= ${param(after)}`);
  if (before) where.push(`created_at < ${param(before)}`);
  if (query.search) where.push(`${SEARCH_TEXT} ILIKE ${param(likeSubstring(query.search))}`);

  const { sort, order } = query;
  const cursor = query.cursor ? decodeLeadCursor(query.cursor, sort, order) : undefined;
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const beyond = order === 'asc' ? '>' : '<';
  const limit = param(query.limit + 1);
  const select = (conditions: readonly string[], orderBy: string) =>
    `SELECT ${LEAD_COLUMNS} FROM leads WHERE ${conditions.join(' AND ')}
      ORDER BY ${orderBy} LIMIT ${limit}`;

  let sql: string;
  if (sort === 'company') {
    // Nulls last in both orders: the named companies, then the rest by lead_id. Two index
    // ranges (a DESC NULLS LAST order would sort every lead of the org instead). The unnamed
    // part orders by company_name too, constant there: the planner then walks the company
    // index, which holds them by lead_id, instead of every organization's leads by lead_id.
    const named = [...where, 'company_name IS NOT NULL'];
    const unnamed = [...where, 'company_name IS NULL'];
    if (cursor?.value.startsWith('=')) {
      const company = param(cursor.value.slice(1));
      named.push(`(company_name, lead_id) ${beyond} (${company}, ${param(cursor.id)})`);
    } else if (cursor) {
      unnamed.push(`lead_id ${beyond} ${param(cursor.id)}`);
    }
    const parts = [
      ...(cursor?.value === '-'
        ? []
        : [select(named, `company_name ${direction}, lead_id ${direction}`)]),
      select(unnamed, `company_name ${direction}, lead_id ${direction}`),
    ];
    sql = `SELECT * FROM (${parts.map((part) => `(${part})`).join(' UNION ALL ')}) AS page
      ORDER BY company_name ${direction} NULLS LAST, lead_id ${direction} LIMIT ${limit}`;
  } else {
    const column = sort === 'score' ? 'score' : 'created_at';
    if (cursor) {
      const value = sort === 'score' ? Number(cursor.value) : new Date(Number(cursor.value));
      where.push(`(${column}, lead_id) ${beyond} (${param(value)}, ${param(cursor.id)})`);
    }
    sql = select(where, `${column} ${direction}, lead_id ${direction}`);
  }

  const rows = await reads.rows<LeadRow>(sql, params);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > query.limit;
  return {
    data: page.map(presentLead),
    pagination: {
      has_more: hasMore,
      next_cursor:
        hasMore && last
          ? encodeCursor({ sort, order, value: cursorValueOf(sort, last), id: last.lead_id })
          : null,
    },
  };
}

/** One lead of the organization; null for another organization's, an unknown or a malformed id. */
export async function findLead(
  reads: PooledQueries,
  orgId: string,
  leadId: string,
): Promise<LeadBody | null> {
  if (!LEAD_ID.test(leadId)) return null;
  const [row] = await reads.rows<LeadRow>(
    `SELECT ${LEAD_COLUMNS} FROM leads WHERE lead_id = $1 AND org_id = $2`,
    [leadId, orgId],
  );
  return row ? presentLead(row) : null;
}
