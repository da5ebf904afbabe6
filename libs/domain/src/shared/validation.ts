/**
 * The input rules of the ledger's commands, in one place: every pattern and limit a command's value
 * must meet, each with the one function that checks it. The deciders call these functions, and the
 * HTTP bodies' decorators (apps/ledger/src/records/shared/rules.ts) call the very same ones, so a value
 * gets the same answer — 400 and the same code — whichever layer meets it first. (Money and rates:
 * ../money/money.ts and ../money/rate.ts, whose rules depend on the currency.)
 *
 * Commands arrive from JSON, so every check takes `unknown` and either returns the typed value or
 * throws an InvalidCommandError naming the field (`path`).
 */
import { isIsoDate, isIsoInstant } from './dates';
import { InvalidCommandError } from './domain-error';

/** Record ids: lowercase slugs (organization ids chosen by the operator, UUIDs, goal ids). */
export const RECORD_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
/**
 * Ids of what a record holds, named in a command's path: a signing key's id (its organization may
 * choose one: letters, digits, `.`, `_`, `-`), or an id the ledger generated (a revision, a
 * disbursement, a settlement: UUIDs, which are record ids too).
 */
export const SUB_RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** API key ids are 16 hex digits (the public part of `ldk_<keyId>_<secret>`). */
export const API_KEY_ID = /^[0-9a-f]{16}$/;
/** Canonical base64 of exactly 32 bytes: 43 characters, the last carrying 2 zero bits, then '='. */
export const ED25519_PUBLIC_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
/**
 * A witness's key name (C2SP signed-note): non-empty, no Unicode white space, no "+", no control
 * characters; at most WITNESS_NAME_LENGTH characters. By convention a schema-less URL naming the
 * organization, e.g. riverside-chc.example/ledger-witness.
 */
export const WITNESS_NAME = /^[^\p{White_Space}\p{Cc}+]+$/u;
export const WITNESS_NAME_LENGTH = 200;
/** A C2SP signed-note key ID: 4 bytes, as 8 lowercase hex digits. */
export const NOTE_KEY_ID = /^[0-9a-f]{8}$/;
/** Exact decimals: no leading zeros, no '+', no exponent, no bare '.' ("12.5", "-3", "0.25"). */
export const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** Generous for any measured quantity, and keeps absurd inputs out. */
export const MAX_DECIMAL_LENGTH = 40;
/** A SHA-256 digest in hex, either case (stored lowercase). */
export const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** Text limits: short for names and titles, long for free text; an API key's label; a URI. */
export const SHORT_TEXT = 200;
export const LONG_TEXT = 4000;
export const LABEL_TEXT = 100;
export const URI_TEXT = 2000;
/** A signing key's id: at most this many characters (SUB_RECORD_ID). */
export const KEY_ID_LENGTH = 64;
/**
 * An e-mail address as people type it: a local part and a domain with a dot, no spaces, quotes,
 * angle brackets or control characters, at most 254 characters (RFC 5321's path limit).
 */
export const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const EMAIL_LENGTH = 254;
/** The languages a person may be written to in (reports, reminders). */
export const LANGUAGES = ['en', 'fr'] as const;

/** A closed range of whole numbers, or of a list's length. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The phases of the regional health pathway a collaborative is in: 1 to 5 (5 is Integrate). */
export const PATHWAY_PHASES: Range = { min: 1, max: 5 };
/** A shared-risk agreement's parties hold shares in basis points that add up to exactly TOTAL_BPS. */
export const TOTAL_BPS = 10_000;
export const SHARE_BPS: Range = { min: 1, max: TOTAL_BPS };
/** Parties to a declaration of partnership, and to a shared-risk agreement. */
export const DECLARATION_PARTIES: Range = { min: 2, max: 100 };
export const RISK_AGREEMENT_PARTIES: Range = { min: 1, max: 100 };
/** Installments of a pledge's schedule; an amendment may also drop the schedule (none). */
export const INSTALLMENTS: Range = { min: 1, max: 240 };
export const AMENDED_INSTALLMENTS: Range = { min: 0, max: INSTALLMENTS.max };
/** Organizations at a meeting (at least one), and the resolutions it took up. */
export const MEETING_ATTENDEES: Range = { min: 1, max: 500 };
export const MEETING_RESOLUTIONS: Range = { min: 0, max: 100 };
/** The acts a resolution carries out when adopted. */
export const RESOLUTION_ACTS: Range = { min: 0, max: 20 };

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

export function optionalRecordId(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requireRecordId(value, path);
}

/** The id of a part of a record, named in a command's path (SUB_RECORD_ID). */
export function requireSubRecordId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !SUB_RECORD_ID.test(value)) {
    throw new InvalidCommandError('invalid_id', `${path} must be 1-64 letters, digits, dots, underscores or hyphens, starting with a letter or digit; got ${describe(value)}`, path);
  }
  return value;
}

/** A signing key's id as its organization chose it: text of at most KEY_ID_LENGTH characters, of SUB_RECORD_ID's form. */
export function requireKeyId(value: unknown, path: string): string {
  const keyId = requireText(value, path, KEY_ID_LENGTH);
  if (!SUB_RECORD_ID.test(keyId)) {
    throw new InvalidCommandError('invalid_key_id', `${path} must be 1-64 letters, digits, dots, underscores or hyphens`, path);
  }
  return keyId;
}

export function optionalKeyId(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requireKeyId(value, path);
}

export function requireApiKeyId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !API_KEY_ID.test(value)) throw new InvalidCommandError('invalid_key_id', `${path} must be 16 hex digits`, path);
  return value;
}

/** An Ed25519 public key: the standard base64 of its 32 raw bytes (ED25519_PUBLIC_KEY). */
export function requirePublicKey(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ED25519_PUBLIC_KEY.test(value)) {
    throw new InvalidCommandError(
      'invalid_public_key',
      `${path} must be the standard base64 encoding (with padding) of the 32 raw bytes of an Ed25519 public key, 44 characters`,
      path,
    );
  }
  return value;
}

/** A witness's key name (WITNESS_NAME). */
export function requireWitnessName(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length > WITNESS_NAME_LENGTH || !WITNESS_NAME.test(value) || LONE_SURROGATE.test(value)) {
    throw new InvalidCommandError(
      'invalid_witness_name',
      `${path} must be a witness key name of 1-${WITNESS_NAME_LENGTH} characters without spaces, "+" or control characters (e.g. riverside-chc.example/ledger-witness); got ${describe(value)}`,
      path,
    );
  }
  return value;
}

/** A C2SP key ID (NOTE_KEY_ID): how a witness's cosignature names its key. */
export function requireNoteKeyId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !NOTE_KEY_ID.test(value)) throw new InvalidCommandError('invalid_key_id', `${path} must be 8 lowercase hex digits (a C2SP key ID)`, path);
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

/** An ISO 8601 instant with a time zone (Z or ±hh:mm), e.g. 2025-06-30T23:59:59Z: the moment a query asks about. */
export function requireInstant(value: unknown, path: string): string {
  if (!isIsoInstant(value)) {
    throw new InvalidCommandError('invalid_instant', `${path} must be an ISO 8601 instant with a time zone, e.g. 2025-06-30T23:59:59Z; got ${describe(value)}`, path);
  }
  return value;
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

/** Whether two valid decimal strings (DECIMAL) are the same number: "12.50" and "12.5", "-0" and "0". */
export function sameDecimal(a: string, b: string): boolean {
  const normal = (d: string) => {
    const trimmed = d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d;
    return trimmed === '-0' ? '0' : trimmed;
  };
  return normal(a) === normal(b);
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
  /** The file's name, as the person who hashed it chose it (LEDGER.md: the digest, a name and a link). */
  name?: string;
}

/** An absolute URI (any scheme: https, urn, doi...), as text of at most URI_TEXT characters. */
export function requireUri(value: unknown, path: string): string {
  const uri = requireText(value, path, URI_TEXT);
  if (!URL.canParse(uri)) throw new InvalidCommandError('invalid_uri', `${path} must be an absolute URI, got ${describe(uri)}`, path);
  return uri;
}

/** An e-mail address (EMAIL), kept as typed but for its domain, which is lowercased. */
export function requireEmail(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length > EMAIL_LENGTH || !EMAIL.test(value)) {
    throw new InvalidCommandError('invalid_email', `${path} must be an e-mail address such as name@example.org, got ${describe(value)}`, path);
  }
  const at = value.lastIndexOf('@');
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
}

/** An absolute http:// or https:// URL (a webhook's), at most 2000 characters. */
export function requireHttpUrl(value: unknown, path: string): string {
  const uri = requireUri(value, path);
  const protocol = new URL(uri).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new InvalidCommandError('invalid_url', `${path} must be an http:// or https:// URL, got ${describe(uri)}`, path);
  return uri;
}

/** Evidence points at a document by absolute URI and pins its content by digest. */
export function optionalEvidence(value: unknown, path: string): Evidence | undefined {
  if (value === undefined || value === null) return undefined;
  const evidence = requireObject(value, path);
  const name = evidence.name === undefined || evidence.name === null ? undefined : requireText(evidence.name, `${path}.name`, SHORT_TEXT);
  return { uri: requireUri(evidence.uri, `${path}.uri`), sha256: requireSha256(evidence.sha256, `${path}.sha256`), ...(name !== undefined && { name }) };
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
