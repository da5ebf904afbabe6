/**
 * Checks of command values. Commands arrive from JSON, so every check takes `unknown` and either
 * returns the typed value or throws an InvalidCommandError naming the field (`path`).
 */
import { isIsoDate } from './dates';
import { InvalidCommandError } from './domain-error';

/** Record ids: lowercase slugs (organization ids chosen by the operator, UUIDs, goal ids). */
export const RECORD_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const MAX_DECIMAL_LENGTH = 40;

/** Text limits: short for names and titles, long for free text. */
export const SHORT_TEXT = 200;
export const LONG_TEXT = 4000;

/** Years a date of the ledger may fall in: anything else is a typing error (0000-01-01, 20255-01-01 cannot even be written). */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

/**
 * Characters that show nothing: white space, the default-ignorable ones (zero-width spaces and
 * joiners, soft hyphen, bidirectional and other format controls, variation selectors, Hangul
 * fillers) and control characters, and the blank Braille pattern. A text made only of them is blank.
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/gu;

/** Half of a surrogate pair without its other half (String.prototype.isWellFormed, before ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Text a person wrote: well-formed Unicode (no lone surrogate, which JSON allows as an escape but
 * other languages refuse when they canonicalize an event to check its hash), with at least one
 * visible character, and at most `max` UTF-16 code units.
 */
export function requireText(value: unknown, path: string, max = SHORT_TEXT): string {
  if (typeof value !== 'string') throw new InvalidCommandError('required', `${path} must be a non-blank string, got ${describe(value)}`, path);
  if (LONE_SURROGATE.test(value)) {
    throw new InvalidCommandError('invalid_unicode', `${path} is not well-formed Unicode text (it holds a lone surrogate, half of a character)`, path);
  }
  if (value.replace(INVISIBLE, '') === '') {
    throw new InvalidCommandError('required', `${path} must have a visible character, got ${value === '' ? 'an empty string' : 'only blank or invisible characters'}`, path);
  }
  if (value.length > max) {
    throw new InvalidCommandError('text_too_long', `${path} must be at most ${max} characters, got ${value.length}`, path);
  }
  return value;
}

export function optionalText(value: unknown, path: string, max = SHORT_TEXT): string | undefined {
  return value === undefined || value === null ? undefined : requireText(value, path, max);
}

export function requireRecordId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !RECORD_ID.test(value)) {
    throw new InvalidCommandError(
      'invalid_id',
      `${path} must be 2-63 lowercase letters, digits or hyphens, starting with a letter or digit; got ${describe(value)}`,
      path,
    );
  }
  return value;
}

/** A calendar date `YYYY-MM-DD` of a year from FIRST_YEAR to LAST_YEAR: every date of every command. */
export function requireDate(value: unknown, path: string): string {
  if (!isIsoDate(value)) {
    throw new InvalidCommandError('invalid_date', `${path} must be a calendar date YYYY-MM-DD, got ${describe(value)}`, path);
  }
  const year = Number(value.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new InvalidCommandError('date_out_of_range', `${path} must fall in the years ${FIRST_YEAR} to ${LAST_YEAR}, got ${value}`, path);
  }
  return value;
}

export function optionalDate(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requireDate(value, path);
}

/** A date that has already come: recording something that has not happened yet is refused. */
export function requirePastOrToday(date: string, today: string, path: string): string {
  if (date > today) {
    throw new InvalidCommandError('date_in_future', `${path} ${date} is after today (${today})`, path);
  }
  return date;
}

/** Measured quantities are exact decimal strings ("12.5", "-3"), never JSON numbers. */
export function requireDecimal(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length > MAX_DECIMAL_LENGTH || !DECIMAL.test(value)) {
    throw new InvalidCommandError(
      'invalid_decimal',
      `${path} must be a decimal number written as a string, such as "12.5", got ${describe(value)}`,
      path,
    );
  }
  return value;
}

export function optionalDecimal(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requireDecimal(value, path);
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidCommandError('invalid_choice', `${path} must be one of ${allowed.join(', ')}; got ${describe(value)}`, path);
  }
  return value as T;
}

export function requireInteger(value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidCommandError('invalid_integer', `${path} must be a whole number from ${min} to ${max}, got ${describe(value)}`, path);
  }
  return value;
}

export function requireBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidCommandError('invalid_boolean', `${path} must be true or false, got ${describe(value)}`, path);
  }
  return value;
}

/** A SHA-256 digest in hex; stored lowercase so equal digests compare equal. */
export function requireSha256(value: unknown, path: string): string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new InvalidCommandError('invalid_sha256', `${path} must be 64 hexadecimal digits (a SHA-256 digest), got ${describe(value)}`, path);
  }
  return value.toLowerCase();
}

export function requireObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCommandError('invalid_object', `${path} must be an object, got ${describe(value)}`, path);
  }
  return value as Record<string, unknown>;
}

export function requireList(value: unknown, path: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    throw new InvalidCommandError('invalid_list', `${path} must be a list of ${min} to ${max} entries, got ${describe(value)}${Array.isArray(value) ? ` of ${value.length}` : ''}`, path);
  }
  return value;
}

export interface Evidence {
  uri: string;
  sha256: string;
}

/** Evidence points at a document by absolute URI and pins its content by digest. */
export function optionalEvidence(value: unknown, path: string): Evidence | undefined {
  if (value === undefined || value === null) return undefined;
  const evidence = requireObject(value, path);
  const uri = requireText(evidence.uri, `${path}.uri`, 2000);
  if (!URL.canParse(uri)) {
    throw new InvalidCommandError('invalid_uri', `${path}.uri must be an absolute URI, got ${describe(uri)}`, `${path}.uri`);
  }
  return { uri, sha256: requireSha256(evidence.sha256, `${path}.sha256`) };
}

/** Drops keys whose value is undefined, so event data serializes the same way everywhere. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A promisee or recipient: one organization, or a collaborative as a whole. */
export type OrganizationOrCollaborative = { organizationId: string } | { collaborativeId: string };

export function requireOrganizationOrCollaborative(value: unknown, path: string): OrganizationOrCollaborative {
  const party = requireObject(value, path);
  const hasOrganization = party.organizationId !== undefined;
  if (hasOrganization === (party.collaborativeId !== undefined)) {
    throw new InvalidCommandError('invalid_counterparty', `${path} must be either { organizationId } or { collaborativeId }`, path);
  }
  return hasOrganization
    ? { organizationId: requireRecordId(party.organizationId, `${path}.organizationId`) }
    : { collaborativeId: requireRecordId(party.collaborativeId, `${path}.collaborativeId`) };
}
