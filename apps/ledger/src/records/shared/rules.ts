import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, registerDecorator, ValidateNested, type ValidationArguments } from 'class-validator';
import {
  API_KEY_ID,
  DECIMAL,
  ED25519_PUBLIC_KEY,
  InvalidCommandError,
  KEY_ID_LENGTH,
  MAX_DECIMAL_LENGTH,
  RATE_PERCENT,
  RECORD_ID,
  SHA256_HEX,
  SHORT_TEXT,
  SUB_RECORD_ID,
  URI_TEXT,
  parseRate,
  requireApiKeyId,
  requireBoolean,
  requireDate,
  requireDecimal,
  requireInstant,
  requireInteger,
  requireKeyId,
  requireList,
  requireObject,
  requireOneOf,
  requirePublicKey,
  requireRecordId,
  requireSha256,
  requireSubRecordId,
  requireText,
  requireUri,
  type Range,
} from '@ledger/domain';

/**
 * The decorators of the HTTP bodies, queries and paths: each one property's whole rule in one line,
 * taken from the domain (libs/domain/src/shared/validation.ts, ../money). Each runs the domain's own
 * check, so a value the domain refuses is refused here with the same code — `400` and the code in
 * the problem and in its `errors[]` entry — and a value it takes is taken; and each sets the
 * property's OpenAPI schema from the same constants (pattern, limits, choices).
 */

/** Every decorator's options: whether the property may be left out (or null), and its OpenAPI example and description. */
export interface PropertyOptions {
  optional?: boolean;
  example?: unknown;
  description?: string;
}

/** A check of the domain: returns (or throws an InvalidCommandError naming its rule). `object` is the body (or sub-object) holding the value. */
export type DomainCheck = (value: unknown, path: string, object: Record<string, unknown>) => unknown;

/**
 * A property checked by the domain's own rule, so that a body and the command it becomes get the
 * same answer. One constraint per code the rule refuses with, named by it: each entry of the
 * problem's `errors` then carries the rule's code. A refusal with a code not listed is left to
 * another decorator (e.g. the fields of a nested object report their own).
 */
export function DomainRule(codes: readonly string[], check: DomainCheck): PropertyDecorator {
  return (target, property) => {
    for (const code of codes) {
      registerDecorator({
        name: code,
        target: target.constructor,
        propertyName: String(property),
        validator: {
          validate: (value: unknown, args: ValidationArguments) => refusalOf(check, value, args)?.code !== code,
          defaultMessage: (args?: ValidationArguments) => (args && refusalOf(check, args.value, args)?.detail) ?? code,
        },
      });
    }
  };
}

function refusalOf(check: DomainCheck, value: unknown, args: ValidationArguments): InvalidCommandError | null {
  try {
    check(value, args.property, args.object as Record<string, unknown>);
    return null;
  } catch (error) {
    if (error instanceof InvalidCommandError) return error;
    throw error;
  }
}

/** The OpenAPI schema of the property, and `@IsOptional()` when it may be left out. */
export function property(options: PropertyOptions, schema: ApiPropertyOptions): PropertyDecorator {
  const { optional, example, description } = options;
  const api = { ...schema, ...(example !== undefined && { example }), ...(description !== undefined && { description }) } as ApiPropertyOptions;
  return optional ? applyDecorators(ApiPropertyOptional(api), IsOptional()) : ApiProperty(api);
}

/** A property of one domain rule: its schema, optionality and the rule's codes and check. */
function rule(options: PropertyOptions, schema: ApiPropertyOptions, codes: readonly string[], check: DomainCheck): PropertyDecorator {
  return applyDecorators(property(options, schema), DomainRule(codes, check));
}

const TEXT_CODES = ['required', 'invalid_unicode', 'text_too_long'] as const;

/** Text a person writes: a string, well-formed Unicode, with something visible, at most `max` characters (requireText). */
export const IsText = (max = SHORT_TEXT, options: PropertyOptions = {}) =>
  rule(options, { type: 'string', minLength: 1, maxLength: max }, TEXT_CODES, (value, path) => requireText(value, path, max));

/** A record id: a lowercase slug of 2 to 63 characters, or a UUID (RECORD_ID). */
export const IsRecordId = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: RECORD_ID.source, example: 'upper-valley-health' }, ['invalid_id'], requireRecordId);

/** Record ids, `range.min` to `range.max` of them. */
export const IsRecordIdList = (range: Range, options: PropertyOptions = {}) =>
  rule(
    options,
    { type: 'array', items: { type: 'string', pattern: RECORD_ID.source }, minItems: range.min, maxItems: range.max },
    ['invalid_list', 'invalid_id'],
    (value, path) => requireList(value, path, range.min, range.max).forEach((id, i) => requireRecordId(id, `${path}[${i}]`)),
  );

/** The id of a part of a record in a path: a signing key, a revision, a disbursement, a settlement, a member (SUB_RECORD_ID). */
export const IsSubRecordId = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: SUB_RECORD_ID.source }, ['invalid_id'], requireSubRecordId);

/** A signing key's id as its organization chooses it (requireKeyId). */
export const IsKeyId = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: SUB_RECORD_ID.source, maxLength: KEY_ID_LENGTH, example: 'uvh-2026' }, [...TEXT_CODES, 'invalid_key_id'], requireKeyId);

/** An API key's id: 16 hex digits (API_KEY_ID). */
export const IsApiKeyId = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: API_KEY_ID.source }, ['invalid_key_id'], requireApiKeyId);

/** An Ed25519 public key, base64 of its 32 raw bytes (ED25519_PUBLIC_KEY). */
export const IsPublicKey = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: ED25519_PUBLIC_KEY.source, example: `${'A'.repeat(43)}=` }, ['invalid_public_key'], requirePublicKey);

/** A calendar date `YYYY-MM-DD` of a year from 1900 to 2999 (requireDate). */
export const IsCalendarDate = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', format: 'date', example: '2026-06-30' }, ['invalid_date', 'date_out_of_range'], requireDate);

/** An instant with a time zone, e.g. 2025-06-30T23:59:59Z (requireInstant). */
export const IsInstant = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', format: 'date-time', example: '2025-06-30T23:59:59Z' }, ['invalid_instant'], requireInstant);

/** An exact decimal as a string, e.g. "12.5": no leading zeros, no exponent (requireDecimal). */
export const IsDecimal = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: DECIMAL.source, maxLength: MAX_DECIMAL_LENGTH, example: '12.5' }, ['invalid_decimal'], requireDecimal);

/** A percentage from 0 to 100 as a decimal string, "2.5" meaning 2.5 % (parseRate). */
export const IsRate = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: RATE_PERCENT.source, example: '2.5', description: 'a percentage from 0 to 100 as a decimal string' }, ['invalid_rate'], parseRate);

/** A SHA-256 digest, 64 hex digits (stored lowercase) (requireSha256). */
export const IsSha256 = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', pattern: SHA256_HEX.source, example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }, ['invalid_sha256'], requireSha256);

/** An absolute URI of at most 2000 characters (requireUri). */
export const IsUri = (options: PropertyOptions = {}) =>
  rule(options, { type: 'string', format: 'uri', maxLength: URI_TEXT, example: 'https://example.org/reports/q3.pdf' }, [...TEXT_CODES, 'invalid_uri'], requireUri);

/** One of the domain's choices (requireOneOf). */
export const IsOneOf = (choices: readonly string[], options: PropertyOptions = {}) =>
  rule(options, { type: 'string', enum: [...choices], example: choices[0] }, ['invalid_choice'], (value, path) => requireOneOf(value, choices, path));

/** One or more of the domain's choices, separated by commas (a query's filter). */
export const IsOneOrMoreOf = (choices: readonly string[], options: PropertyOptions = {}) =>
  rule(options, { type: 'string', example: choices[0] }, ['invalid_choice'], (value, path) =>
    (typeof value === 'string' ? value.split(',') : [value]).forEach((choice) => requireOneOf(choice, choices, path)),
  );

/** A whole number in the range (requireInteger). */
export const IsIntegerIn = (range: Range, options: PropertyOptions = {}) =>
  rule(options, { type: 'integer', minimum: range.min, maximum: range.max }, ['invalid_integer'], (value, path) => requireInteger(value, range.min, range.max, path));

/** true or false, never "true" or 1 (requireBoolean). */
export const IsTrueOrFalse = (options: PropertyOptions = {}) => rule(options, { type: 'boolean' }, ['invalid_boolean'], requireBoolean);

/**
 * An object checked by its own class (requireObject for the whole; its fields' decorators for the
 * rest). `codes` and `check`: a rule of the whole object beyond being one, e.g. exactly one of two fields.
 */
export function IsNested(type: ClassType<unknown>, options: PropertyOptions = {}, codes: readonly string[] = ['invalid_object'], check: DomainCheck = requireObject): PropertyDecorator {
  return applyDecorators(property(options, { type }), DomainRule(codes, check), ValidateNested(), Type(() => type));
}

/** A list of objects, `range.min` to `range.max` of them, each checked by its class (requireList, requireObject). */
export function IsListOf(type: ClassType<unknown>, range: Range, options: PropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    property(options, { type: [type], minItems: range.min, maxItems: range.max }),
    DomainRule(['invalid_list', 'invalid_object'], (value, path) =>
      requireList(value, path, range.min, range.max).forEach((entry, i) => requireObject(entry, `${path}[${i}]`)),
    ),
    ValidateNested({ each: true }),
    Type(() => type),
  );
}

/** A list of objects the domain reads field by field, whatever their kind (a resolution's acts): `range.min` to `range.max` of them. */
export const IsObjectList = (range: Range, options: PropertyOptions = {}) =>
  rule(options, { type: 'array', items: { type: 'object' }, minItems: range.min, maxItems: range.max }, ['invalid_list', 'invalid_object'], (value, path) =>
    requireList(value, path, range.min, range.max).forEach((entry, i) => requireObject(entry, `${path}[${i}]`)),
  );

/**
 * A query string or path parameter of a form only the HTTP API has — a page's cursor or size, a log
 * position, a tree size, an event id: no command carries it, so the endpoint keeps its pattern.
 */
export const IsQueryForm = (pattern: RegExp, message: string, options: PropertyOptions = {}) =>
  applyDecorators(property(options, { type: 'string', pattern: pattern.source }), IsString({ message }), Matches(pattern, { message }));
