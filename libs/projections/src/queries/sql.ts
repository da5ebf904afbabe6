/**
 * What the view modules' statements share: parameters collected as a statement is written, the
 * versions visible at a moment, a restricted reader's collaboratives, and pages. Statements are
 * written once with PostgreSQL's `$1` placeholders (read-db.ts runs them on SQLite too).
 */
import type { Moment } from './moment';

/** Collects parameters while a statement is written. */
export class Params {
  readonly values: unknown[] = [];
  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The versions in force at the moment: the open ones when the read models hold nothing recorded
 * after it, else those recorded by then and not yet superseded then.
 */
export function visible(m: Moment, q: Params, alias = ''): string {
  if (m.current) return `${alias}recorded_to IS NULL`;
  const t = q.p(m.ms);
  return `${alias}recorded_from <= ${t} AND (${alias}recorded_to IS NULL OR ${alias}recorded_to > ${t})`;
}

/** `<prefix>collaborative_id IN (...)` for a restricted reader; always true when unrestricted. */
export function inCollaboratives(q: Params, prefix: string, within: readonly string[] | undefined): string {
  if (within === undefined) return '1 = 1';
  if (within.length === 0) return '1 = 0';
  return `${prefix}collaborative_id IN (${within.map((c) => q.p(c)).join(', ')})`;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The rows of a page, from `limit + 1` rows read: whether there are more after it. */
export function pageOf<R>(rows: R[], limit: number): { shown: R[]; more: boolean } {
  const more = rows.length > limit;
  return { shown: more ? rows.slice(0, limit) : rows, more };
}
