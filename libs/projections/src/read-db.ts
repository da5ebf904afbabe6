/**
 * The read side's view of a database: SQL written once with PostgreSQL's `$1` placeholders runs on
 * SQLite too (translated to named parameters). Integers may come back as numbers (SQLite) or
 * strings (PostgreSQL bigint and numeric); callers convert.
 */
export interface ReadDb {
  readonly dialect: 'sqlite' | 'postgres';
  /** A read-model table's name, schema-qualified where needed. */
  table(name: string): string;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** `$1` → `@p1`, for better-sqlite3's named parameters. */
export function toSqliteSql(sql: string): string {
  return sql.replace(/\$(\d+)/g, '@p$1');
}

export function toSqliteParams(params: readonly unknown[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  params.forEach((value, i) => (named[`p${i + 1}`] = value));
  return named;
}
