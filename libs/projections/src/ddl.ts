import {
  ACT_COLUMNS,
  ACTS_TABLE,
  CHECKPOINT_TABLE,
  columnsOf,
  PARTICIPANT_COLUMNS,
  PARTICIPANTS_TABLE,
  STATE_COLUMNS,
  STATES_TABLE,
  TABLES,
  type Column,
  type ColumnType,
  type TableSpec,
} from './tables';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Amounts in SQLite have no declared type (no affinity): minor units that fit in 64 bits are stored
 * as integers (so SUM adds them exactly, in SQL), larger ones as decimal text, unchanged.
 */
const TYPES: Record<Dialect, Record<ColumnType, string>> = {
  sqlite: { text: 'TEXT', int: 'INTEGER', bigint: 'INTEGER', amount: '' },
  postgres: { text: 'text', int: 'integer', bigint: 'bigint', amount: 'numeric' },
};

export const NEXT_SUFFIX = '__next';
/** The tables a rebuild swapped out, until they are dropped. */
export const OLD_SUFFIX = '__old';

function columnList(dialect: Dialect, columns: readonly Column[]): string {
  return columns.map((c) => [c.name, TYPES[dialect][c.type], c.nullable ? '' : 'NOT NULL'].filter(Boolean).join(' ')).join(', ');
}

/** `qualify` turns a bare table name into the one to use (schema-qualified on PostgreSQL). */
export type Qualify = (table: string) => string;

export function createTableSql(dialect: Dialect, qualify: Qualify, spec: TableSpec, suffix: string): string {
  return `CREATE TABLE ${qualify(spec.table + suffix)} (${columnList(dialect, columnsOf(spec))})`;
}

export function createParticipantsSql(dialect: Dialect, qualify: Qualify, suffix: string): string {
  return `CREATE TABLE ${qualify(PARTICIPANTS_TABLE + suffix)} (${columnList(dialect, PARTICIPANT_COLUMNS)},
    PRIMARY KEY (organization_id, kind, record_id))`;
}

/** One row per act event; its position identifies it (written once, whatever the path). */
export function createActsSql(dialect: Dialect, qualify: Qualify, suffix: string): string {
  return `CREATE TABLE ${qualify(ACTS_TABLE + suffix)} (${columnList(dialect, ACT_COLUMNS)},
    PRIMARY KEY (resolution_id, position))`;
}

export function createStatesSql(dialect: Dialect, qualify: Qualify, suffix: string): string {
  return `CREATE TABLE ${qualify(STATES_TABLE + suffix)} (${columnList(dialect, STATE_COLUMNS)})`;
}

/** Unique: one state per record (the live projector upserts it). Built after the rows by a rebuild. */
export function createStatesIndexSql(qualify: Qualify, suffix: string, generation: number): string {
  return `CREATE UNIQUE INDEX ${STATES_TABLE}_g${generation}_id ON ${qualify(STATES_TABLE + suffix)} (kind, id)`;
}

/** Index names carry the generation, so a rebuild's new indexes never collide with the live ones. */
export function createIndexesSql(qualify: Qualify, spec: TableSpec, suffix: string, generation: number): string[] {
  return spec.indexes.map((index) => `CREATE INDEX ${spec.table}_g${generation}_${index.suffix} ON ${qualify(spec.table + suffix)} (${index.columns})`);
}

export function createCheckpointSql(dialect: Dialect, qualify: Qualify): string {
  const t = TYPES[dialect];
  return `CREATE TABLE IF NOT EXISTS ${qualify(CHECKPOINT_TABLE)} (
    name ${t.text} PRIMARY KEY, position ${t.bigint} NOT NULL, recorded_at ${t.bigint} NOT NULL,
    generation ${t.int} NOT NULL, schema_version ${t.int} NOT NULL, rebuilt_at ${t.text})`;
}

export const ALL_SPECS: readonly TableSpec[] = Object.values(TABLES);
