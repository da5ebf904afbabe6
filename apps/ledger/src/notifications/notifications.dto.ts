import { EVENT_SCHEMA_VERSIONS, LANGUAGES, SHORT_TEXT, URI_TEXT, requireEmail, requireHttpUrl, requireList, requireOneOf } from '@ledger/domain';
import { DomainRule, IsOneOf, IsRecordId, IsText, property } from '../records/shared/rules';
import { IsQueryForm } from '../records/shared/rules';
import { applyDecorators } from '@nestjs/common';

const EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS);

/** An e-mail address (the domain's requireEmail). */
const IsEmail = () =>
  applyDecorators(property({ example: 'partnerships@riverside-chc.org' }, { type: 'string', maxLength: 254, format: 'email' }), DomainRule(['invalid_email'], requireEmail));

export class ContactDto {
  @IsEmail()
  email: string;

  @IsText(SHORT_TEXT, { optional: true, example: 'Partnership lead' })
  name?: string;

  @IsOneOf(LANGUAGES, { optional: true, description: 'The language of its messages: en (the default) or fr' })
  language?: string;
}

export class WebhookDto {
  @applyDecorators(
    property({ example: 'https://hooks.riverside-chc.org/ledger', description: 'http:// or https://; not a private or loopback address unless LEDGER_WEBHOOKS_ALLOW_PRIVATE is set' }, { type: 'string', maxLength: URI_TEXT }),
    DomainRule(['required', 'invalid_unicode', 'text_too_long', 'invalid_uri', 'invalid_url'], requireHttpUrl),
  )
  url: string;

  @applyDecorators(
    property({ optional: true, description: 'Event types to deliver (default: every type it may read)', example: ['CommitmentMade', 'CommitmentAccepted'] }, { type: [String], enum: EVENT_TYPES }),
    DomainRule(['invalid_list', 'invalid_choice'], (value, path) => requireList(value, path, 1, 100).forEach((type, i) => requireOneOf(type, EVENT_TYPES, `${path}[${i}]`))),
  )
  types?: string[];

  @IsRecordId({ optional: true, description: "Only this collaborative's events", example: 'upper-valley-partnership' })
  collaborativeId?: string;
}

export class DeliveriesQuery {
  @IsQueryForm(/^(?:[1-9]\d?|[1-4]\d\d|500)$/, 'limit must be a whole number from 1 to 500', { optional: true, description: 'At most this many (default 50)' })
  limit?: string;

  @IsQueryForm(/^[1-9]\d{0,15}$/, 'before must be a delivery id', { optional: true, description: 'Deliveries before this id (the next page: the last id of the previous)' })
  before?: string;
}
