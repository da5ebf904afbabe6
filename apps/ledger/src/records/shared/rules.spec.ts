import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidCommandError, LONG_TEXT, RECORD_ID, requireDecimal, SHARE_BPS } from '@ledger/domain';
import { flattenValidationErrors } from '../../http/validation';
import { IsMoney, IsParty, PartyRefDto, PositiveMoneyDto } from './dto';
import { IsCalendarDate, IsDecimal, IsIntegerIn, IsOneOf, IsQueryForm, IsRecordId, IsRecordIdList, IsText } from './rules';

class Sample {
  @IsRecordId()
  id: string;

  @IsText(LONG_TEXT, { optional: true, example: 'a note' })
  note?: string;

  @IsDecimal({ optional: true })
  value?: string;

  @IsIntegerIn(SHARE_BPS, { optional: true })
  shareBps?: number;

  @IsOneOf(['a', 'b'], { optional: true })
  choice?: string;

  @IsCalendarDate({ optional: true })
  on?: string;

  @IsRecordIdList({ min: 1, max: 2 }, { optional: true })
  ids?: string[];

  @IsMoney({ positive: true, optional: true })
  amount?: PositiveMoneyDto;

  @IsParty({ optional: true })
  party?: PartyRefDto;

  @IsQueryForm(/^\d{1,3}$/, 'size must be 1 to 3 digits', { optional: true })
  size?: string;
}

/** The problems the strict pipe would list for this body: `[path, code]`. */
function problems(body: Record<string, unknown>): Array<[string, string]> {
  const errors: ValidationError[] = validateSync(plainToInstance(Sample, { id: 'ok-id', ...body }), { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(errors).map((e) => [e.path, e.code]);
}

describe('the composed decorators', () => {
  it('take a valid body, and optional properties left out or null', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ note: null, value: null, amount: null, party: null })).toEqual([]);
    expect(problems({ note: 'x', value: '-1.25', shareBps: 10_000, choice: 'b', on: '2026-02-28', ids: ['ab'], amount: { currency: 'USD', amount: '0.01' }, party: { collaborativeId: 'uv' }, size: '120' })).toEqual([]);
  });

  it('refuse with the code of the domain rule, one entry per problem at its path', () => {
    expect(problems({ id: 'Upper' })).toEqual([['id', 'invalid_id']]);
    expect(problems({ note: 'x'.repeat(LONG_TEXT + 1) })).toEqual([['note', 'text_too_long']]);
    expect(problems({ note: '\u200b' })).toEqual([['note', 'required']]);
    expect(problems({ value: '007' })).toEqual([['value', 'invalid_decimal']]);
    expect(problems({ shareBps: 10_001 })).toEqual([['shareBps', 'invalid_integer']]);
    expect(problems({ choice: 'c' })).toEqual([['choice', 'invalid_choice']]);
    expect(problems({ on: '3000-01-01' })).toEqual([['on', 'date_out_of_range']]);
    expect(problems({ ids: [] })).toEqual([['ids', 'invalid_list']]);
    expect(problems({ ids: ['ab', 'A'] })).toEqual([['ids', 'invalid_id']]);
    expect(problems({ size: '1234' })).toEqual([['size', 'matches']]);
  });

  it('check money against its currency, and only the currency when the ledger does not know it', () => {
    expect(problems({ amount: { currency: 'USD', amount: '1.005' } })).toEqual([['amount.amount', 'too_many_fraction_digits']]);
    expect(problems({ amount: { currency: 'JPY', amount: '1.5' } })).toEqual([['amount.amount', 'too_many_fraction_digits']]);
    expect(problems({ amount: { currency: 'CLF', amount: '1.0001' } })).toEqual([]);
    expect(problems({ amount: { currency: 'USD', amount: '0.00' } })).toEqual([['amount.amount', 'amount_not_positive']]);
    expect(problems({ amount: { currency: 'XYZ', amount: '1.005' } })).toEqual([['amount.currency', 'unknown_currency']]);
    expect(problems({ amount: '1.00 USD' })[0]).toEqual(['amount', 'invalid_money']);
  });

  it('check a party as one rule of the whole object, and its ids as ids', () => {
    expect(problems({ party: {} })).toEqual([['party', 'invalid_counterparty']]);
    expect(problems({ party: { organizationId: 'ab', collaborativeId: 'uv' } })).toEqual([['party', 'invalid_counterparty']]);
    expect(problems({ party: { organizationId: 'AB' } })).toEqual([['party.organizationId', 'invalid_id']]);
  });

  it("say what the domain says: the message is the rule's own", () => {
    const [error] = flattenValidationErrors(validateSync(plainToInstance(Sample, { id: 'ok-id', value: '1e3' })));
    let detail = '';
    try {
      requireDecimal('1e3', 'value');
    } catch (refusal) {
      detail = (refusal as InvalidCommandError).detail;
    }
    expect(error.message).toBe(detail);
  });

  it('document each property with the domain constants', () => {
    // Where @nestjs/swagger keeps a property's schema (its DECORATORS.API_MODEL_PROPERTIES, not exported).
    const schema = (key: string) => Reflect.getMetadata('swagger/apiModelProperties', Sample.prototype, key);
    expect(schema('id')).toMatchObject({ type: 'string', pattern: RECORD_ID.source });
    expect(schema('note')).toMatchObject({ type: 'string', maxLength: LONG_TEXT, required: false, example: 'a note' });
    expect(schema('shareBps')).toMatchObject({ type: 'integer', minimum: SHARE_BPS.min, maximum: SHARE_BPS.max });
    expect(schema('choice')).toMatchObject({ enum: ['a', 'b'] });
    expect(schema('ids')).toMatchObject({ type: 'array', minItems: 1, maxItems: 2 });
    expect(schema('amount')).toMatchObject({ type: PositiveMoneyDto, required: false });
  });
});
