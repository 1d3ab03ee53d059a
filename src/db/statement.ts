/**
 * A Drizzle query as a plain D1 statement, so it can share one `d1.batch` (one transaction)
 * with raw statements: Drizzle's own batch cannot bind parameters of its raw `sql` queries.
 */
export function asStatement(
  d1: D1Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return d1.prepare(sql).bind(...params);
}
