import {
  AMENDED_INSTALLMENTS,
  Collaborative,
  Commitment,
  DECIDED_BY,
  DECLARATION_PARTIES,
  Governance,
  INSTALLMENTS,
  InvalidCommandError,
  LABEL_TEXT,
  LONG_TEXT,
  MATTERS,
  MEETING_ATTENDEES,
  MEETING_RESOLUTIONS,
  Organization,
  PATHWAY_PHASES,
  RESOLUTION_ACTS,
  RISK_AGREEMENT_PARTIES,
  RiskAgreement,
  SHARE_BPS,
  SHORT_TEXT,
  URI_TEXT,
  optionalDate,
  optionalDecimal,
  optionalEvidence,
  optionalKeyId,
  optionalRate,
  optionalRecordId,
  optionalText,
  parseMoney,
  parsePositiveMoney,
  parseRate,
  requireBoolean,
  requireDate,
  requireDecimal,
  requireInstant,
  requireInteger,
  requireList,
  requireObject,
  requireOneOf,
  requireOrganizationOrCollaborative,
  requirePastOrToday,
  requirePublicKey,
  requireRecordId,
  requireSha256,
  requireSignatory,
  requireText,
  requireUri,
  type Range,
} from '@ledger/domain';
import { seedCollaborative } from '../support/collaborative';
import { client, type HttpAnswer } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';

/**
 * Input rules in one place, shown over HTTP: for every record body of LEDGER.md, each constrained
 * field is posted with its boundary values — at the limit, one over, leading zeros, too many
 * fraction digits, empty or blank, the wrong type, absent — and the answer must be the one the
 * domain's own rule gives for that value: taken (the command goes through), or refused with 400 and
 * the rule's code, the field's path among the problem's errors. The expectation is computed by
 * calling the domain's function, never written down, so the table holds values, not answers: the
 * DTO (which catches most of them) and the domain (which catches what only it can) agree.
 */

/** A field left out of the body. */
const ABSENT = Symbol('absent');
/** A value known only once the case's records exist (an organization or goal made for it). */
type Later = { later: (ctx: Ctx) => unknown };
const later = (value: (ctx: Ctx) => unknown): Later => ({ later: value });
type Sample = unknown;

/** The records a case runs against, made for it: ids of the record and sub-record it acts on. */
type Ctx = { id: string; subId: string; org: string };
/** A domain rule: returns, or throws an InvalidCommandError. */
type Rule = (value: unknown, path: string) => unknown;

interface FieldCase {
  /** The field's path in the body: `amount.amount`, `schedule[0].dueDate`. */
  field: string;
  /** The domain's rule for it (what the decider calls). */
  rule: Rule;
  values: Sample[];
  /** Changes to the valid body for this field's cases (e.g. a two_sided model for the loss terms). */
  with?: Record<string, unknown>;
  /**
   * Answers that count as "taken" besides the body's success: a well-formed id of no record is taken
   * by the rule and then not found (404), or meets a rule of the record (422).
   */
  alsoTaken?: number[];
}

interface RecordBody {
  name: string;
  /** Makes the records the command acts on (fresh for each case, so one case cannot spoil the next). */
  prepare?: () => Promise<Partial<Ctx>>;
  valid: (ctx: Ctx) => Record<string, unknown>;
  send: (body: Record<string, unknown>, ctx: Ctx) => Promise<HttpAnswer<unknown>>;
  /** 201 for a new record, 200 for a change to one. */
  success: 200 | 201;
  fields: FieldCase[];
}

type Problem = { status: number; code?: string; errors?: Array<{ path: string; code?: string }> };

// ---- the boundary values of each kind of rule (the domain's limits, from its constants) ----

const text = (max: number) => ['x'.repeat(max), 'x'.repeat(max + 1), 'é', '', ' ', '\u200b\u00a0', 'a\ud800', 42, ['x'], null, ABSENT];
const recordIds = (...taken: Sample[]) => [...taken, 'x'.repeat(64), 'a', 'Upper-valley', '-ab', 'a_b', 'a b', '', 7, null, ABSENT];
/** Well-formed ids of no record: the rule takes them, the record is not found. */
const UNKNOWN_IDS = ['x'.repeat(63), 'zz'];
const decimals = ['0', '-12.5', '1.1234567', '9'.repeat(40), '9'.repeat(41), '007', '00.5', '-01', '.5', '5.', '1e3', '+5', ' 5', '', 12.5, null, ABSENT];
const dates = (...taken: Sample[]) => [...taken, '1899-12-31', '3000-01-01', '0000-01-01', '2025-02-30', '2025-13-01', '2025-1-1', '20250101', 20250101, '', null, ABSENT];
const rates = ['0', '100', '2.5', '2.1234567890', '100.0000000000', '2.12345678901', '100.01', '101', '02', '-1', '1e2', '', 2.5, null, ABSENT];
const sha256s = ['a'.repeat(64), 'AB'.repeat(32), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), '', 64, null, ABSENT];
const integers = (range: Range, ...taken: Sample[]) => [...taken, range.min - 1, range.max + 1, range.min + 0.5, String(range.max), true, null, ABSENT];
const booleans = [true, false, 'true', 1, 0, null, ABSENT];
const choices = (taken: readonly string[]) => [...taken, 'nope', taken[0].toUpperCase(), '', 42, null, ABSENT];
const objects = (...taken: Sample[]) => [...taken, 'x', 42, [], null, ABSENT];
const money = (currency: string, amount: unknown) => ({ currency, amount });
const usd = (amount: unknown) => money('USD', amount);
/** Money refused whatever the record: form, digits of its currency, the currency itself, the type. */
const badMoney = [
  usd('1'.repeat(41)), // one over the length limit
  usd('1.005'), // one fraction digit more than USD has
  money('JPY', '1.5'), // JPY has none
  money('CLF', '1.00001'), // CLF has four
  usd('007.00'), // leading zeros
  usd('1e3'),
  usd(''),
  usd(1), // a number
  money('usd', '1.00'),
  money('XYZ', '1.00'),
  { currency: 'USD' },
  { amount: '1.00' },
  '1.00 USD',
  [],
  null,
  ABSENT,
];
/** Positive amounts in USD, up to the length limit (40 characters). */
const usdAmounts = [usd('0.01'), usd('1'), usd('1'.repeat(40)), usd('0.00'), usd('-1.00')];
const listOf = (range: Range, item: Rule): Rule => (value, path) => requireList(value, path, range.min, range.max).forEach((entry, i) => item(entry, `${path}[${i}]`));
const absentOr = (rule: Rule): Rule => (value, path) => (value === undefined || value === null ? undefined : rule(value, path));

const text_ = (max: number): Rule => (value, path) => requireText(value, path, max);
const optionalText_ = (max: number): Rule => (value, path) => optionalText(value, path, max);
const oneOf = (list: readonly string[]): Rule => (value, path) => requireOneOf(value, list, path);
const integer = (range: Range): Rule => (value, path) => requireInteger(value, range.min, range.max, path);
const today = () => new Date().toISOString().slice(0, 10);
const dayAfterToday = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
/** A date that has come (periods ended, deliveries, payments): requireDate, then requirePastOrToday. */
const pastDate: Rule = (value, path) => requirePastOrToday(requireDate(value, path), today(), path);
const optionalPastDate: Rule = (value, path) => {
  const date = optionalDate(value, path);
  return date === undefined ? undefined : requirePastOrToday(date, today(), path);
};
/** Dates for a day that must have come: tomorrow and later are refused (date_in_future). */
const pastDates = (...taken: Sample[]) => dates(...taken, later(dayAfterToday), '2999-12-31');

/** The code the domain refuses a value with, and the path it names; null when it takes the value. */
function domainRefusal(rule: Rule, value: unknown, path: string): { code: string; path: string } | null {
  try {
    rule(value, path);
    return null;
  } catch (error) {
    if (error instanceof InvalidCommandError) return { code: error.code, path: error.path ?? path };
    throw error;
  }
}

/** A copy of `body` with `value` at `path` (`a.b`, `a[0].b`), or without it. */
function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let holder: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === ABSENT) delete holder[last];
  else holder[last] = value;
  return copy;
}

function shown(value: unknown): string {
  if (value === ABSENT) return '(absent)';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 40)}…(${json.length} chars)` : json;
}

describe('input rules in one place: every record body answers as the domain rules', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const funder = 'valley-foundation';
  /** A second steward: a resolution keeps an eligible voter when the first recuses itself. */
  const secondSteward = 'valley-public-health';
  const uv = 'uv';
  let n = 0;
  const fresh = (prefix: string) => `${prefix}-${++n}`;
  let goalId = '';

  /** Posts, expecting success (setting up a case). */
  async function made(answer: Promise<HttpAnswer<unknown>>): Promise<Record<string, string>> {
    const { status, body } = await answer;
    if (status !== 200 && status !== 201) throw new Error(`preparation failed: ${status} ${JSON.stringify(body)}`);
    return body as Record<string, string>;
  }

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    http = client(ledger.baseUrl);
    await seedCollaborative(http, uv, [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
      { id: funder, sector: 'funder', role: 'member' },
      { id: secondSteward, sector: 'public_health', role: 'steward' },
    ]);
    // The matters the default charter gives to a vote, given to one steward here: the direct commands are the bodies under test.
    await made(http.asOperator(`/collaboratives/${uv}/charter`, { rules: STEWARD_ALONE.map((matter) => ({ matter, decidedBy: 'steward' })) }));
    goalId = (await made(http.as(steward)(`/collaboratives/${uv}/goals`, goal()))).goalId;
  });
  afterAll(() => ledger.close());

  // ---- valid bodies and the records the steps act on ----

  const goal = () => ({
    id: fresh('goal'),
    title: 'Fewer avoidable emergency visits',
    indicator: { name: 'Visits per 1 000', unit: 'visits', polarity: 'lower_is_better' },
    baseline: { value: '412', date: '2024-01-01' },
    target: { value: '300', date: '2027-12-31' },
  });
  const measure = { indicator: 'Residents enrolled', unit: 'people', target: '400' };
  const evidence = { uri: 'https://example.org/q3.pdf', sha256: 'a'.repeat(64) };
  const signatory = { name: 'Dr. Amina Rahman', title: 'Chief Executive Officer' };
  const installment = (amount: string) => ({ dueDate: '2027-01-01', amount: usd(amount) });
  const commitment = () => ({ collaborativeId: uv, promisee: { organizationId: funder }, title: 'Open evening clinics', dueDate: '2000-01-01', measure });
  const declaration = () => ({ collaborativeId: uv, title: 'Declaration 2026', termsSha256: 'a'.repeat(64), parties: [member, funder], effectiveFrom: '1900-01-01' });
  const agreement = (benchmark = '1000.00') => ({
    collaborativeId: uv,
    title: 'Shared savings 2020',
    period: { start: '2020-01-01', end: '2020-12-31' },
    model: 'upside_only',
    benchmark: usd(benchmark),
    minimumSavingsRate: '2',
    sharingRate: '50',
    parties: [
      { organizationId: member, shareBps: 5000 },
      { organizationId: funder, shareBps: 5000 },
    ],
  });
  const twoSided = { model: 'two_sided', minimumLossRate: '2', lossSharingRate: '40' };
  const STEWARD_ALONE = ['terminate_declaration', 'remove_member', 'change_role', 'change_phase'];
  const charterRule = { matter: 'change_phase', decidedBy: 'stewards', quorumPct: '60', thresholdPct: '66.67', votingDays: 10 };
  /** The domain's reading of a whole charter with `value` at `field`: its rules are one list, checked together. */
  const charterWith = (field: string): Rule => (value) => Governance.parseCharterRules(withValue({ rules: [charterRule] }, field, value).rules, 'rules', 0);
  const tomorrowAt = () => new Date(Date.now() + 86_400_000).toISOString();
  const changePhaseAct = { type: 'change_phase', pathwayPhase: 4 };

  const newMember = async () => {
    const org = fresh('member');
    await made(http.asOperator('/organizations', { id: org, name: org, sector: 'other' }));
    await made(http.asOperator(`/collaboratives/${uv}/members`, { organizationId: org, role: 'member' }));
    return org;
  };
  /** A collaborative of its own (its phase changes), with the steward and a charter giving it change_phase alone. */
  const newCollaborative = async () => {
    const id = fresh('collab');
    await made(http.asOperator('/collaboratives', { id, name: id, region: 'Elsewhere', pathwayPhase: 2 }));
    await made(http.asOperator(`/collaboratives/${id}/members`, { organizationId: steward, role: 'steward' }));
    await made(http.asOperator(`/collaboratives/${id}/charter`, { rules: [{ matter: 'change_phase', decidedBy: 'steward' }] }));
    return id;
  };
  const newResolution = async () => (await made(http.as(steward)('/resolutions', { collaborativeId: uv, title: 'A statement', matter: 'general' }))).id;

  const newCommitment = async () => (await made(http.as(member)('/commitments', commitment()))).id;
  const acceptedCommitment = async () => {
    const id = await newCommitment();
    await made(http.as(funder)(`/commitments/${id}/acceptance`, {}));
    return id;
  };
  const claimedCommitment = async () => {
    const id = await acceptedCommitment();
    await made(http.as(member)(`/commitments/${id}/delivery`, { deliveredOn: today() }));
    return id;
  };
  const newDeclaration = async () => (await made(http.as(member)('/partnerships', declaration()))).id;
  /** A pledge of nearly the largest amount the rule takes, made in 1900: any disbursement fits in it. */
  const bigPledge = async () =>
    (await made(http.as(funder)('/pledges', { collaborativeId: uv, recipient: { organizationId: member }, purpose: 'Clinic staff', amount: usd('9'.repeat(40)), binding: true, madeOn: '1900-01-01' }))).id;
  const signedAgreement = async (benchmark?: string) => {
    const id = (await made(http.as(steward)('/risk-agreements', agreement(benchmark)))).id;
    for (const party of [member, funder]) await made(http.as(party)(`/risk-agreements/${id}/signatures`, { signatory }));
    return id;
  };

  const bodies: RecordBody[] = [
    {
      name: 'organization',
      valid: () => ({ id: fresh('org'), name: 'Riverside', sector: 'other' }),
      send: (body) => http.asOperator('/organizations', body),
      success: 201,
      fields: [
        { field: 'id', rule: requireRecordId, values: recordIds('ab', 'o'.repeat(63)) },
        { field: 'name', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'sector', rule: oneOf(Organization.SECTORS), values: choices(Organization.SECTORS) },
      ],
    },
    {
      name: 'signing key',
      prepare: async () => {
        const org = fresh('signer');
        await made(http.asOperator('/organizations', { id: org, name: org, sector: 'other' }));
        return { org };
      },
      valid: () => ({ keyId: 'key-1', publicKey: `${'A'.repeat(43)}=` }),
      send: (body, ctx) => http.as(ctx.org)(`/organizations/${ctx.org}/keys`, body),
      success: 200,
      fields: [
        { field: 'keyId', rule: optionalKeyId, values: ['k', 'k'.repeat(64), 'uvh.2026_a', 'k'.repeat(65), '.k', 'a b', '', ' ', 42, null, ABSENT] },
        { field: 'publicKey', rule: requirePublicKey, values: [`${'A'.repeat(43)}=`, `${'A'.repeat(42)}B=`, 'A'.repeat(44), `${'A'.repeat(42)}=`, '', 42, null, ABSENT] },
      ],
    },
    {
      name: 'API key',
      valid: () => ({ organizationId: member, label: 'intake desk' }),
      send: (body) => http.asOperator('/api-keys', body),
      success: 201,
      fields: [
        { field: 'organizationId', rule: requireRecordId, values: recordIds(member, ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'label', rule: optionalText_(LABEL_TEXT), values: text(LABEL_TEXT) },
      ],
    },
    {
      name: 'collaborative',
      valid: () => ({ id: fresh('collab'), name: 'Lower Valley', region: 'Lower Valley', pathwayPhase: 3 }),
      send: (body) => http.asOperator('/collaboratives', body),
      success: 201,
      fields: [
        { field: 'id', rule: requireRecordId, values: recordIds('ab', 'c'.repeat(63)) },
        { field: 'name', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'region', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'pathwayPhase', rule: integer(PATHWAY_PHASES), values: integers(PATHWAY_PHASES, PATHWAY_PHASES.min, PATHWAY_PHASES.max) },
      ],
    },
    {
      name: 'member',
      prepare: async () => {
        const org = fresh('joiner');
        await made(http.asOperator('/organizations', { id: org, name: org, sector: 'other' }));
        return { org };
      },
      valid: (ctx) => ({ organizationId: ctx.org, role: 'member' }),
      send: (body) => http.asOperator(`/collaboratives/${uv}/members`, body),
      success: 200,
      fields: [
        { field: 'organizationId', rule: requireRecordId, values: recordIds(later((ctx) => ctx.org), ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'role', rule: oneOf(Collaborative.MEMBER_ROLES), values: choices(Collaborative.MEMBER_ROLES) },
      ],
    },
    {
      name: 'shared goal',
      valid: goal,
      send: (body) => http.as(steward)(`/collaboratives/${uv}/goals`, body),
      success: 200,
      fields: [
        { field: 'id', rule: optionalRecordId, values: recordIds('gl', 'g'.repeat(63)) },
        { field: 'title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'indicator', rule: requireObject, values: objects() },
        { field: 'indicator.name', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'indicator.unit', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'indicator.polarity', rule: oneOf(Collaborative.POLARITIES), values: choices(Collaborative.POLARITIES) },
        { field: 'baseline', rule: requireObject, values: objects() },
        { field: 'baseline.value', rule: requireDecimal, values: decimals },
        // The target's date is after the baseline's (2024-01-01 to 2027-12-31): a rule across fields, the decider's.
        { field: 'baseline.date', rule: requireDate, values: dates('1900-01-01', '2027-12-30') },
        { field: 'target', rule: requireObject, values: objects() },
        { field: 'target.value', rule: requireDecimal, values: decimals },
        { field: 'target.date', rule: requireDate, values: dates('2024-01-02', '2999-12-31') },
      ],
    },
    {
      name: 'measurement',
      prepare: async () => ({ subId: (await made(http.as(steward)(`/collaboratives/${uv}/goals`, goal()))).goalId }),
      valid: () => ({ value: '388', periodEnd: '2024-06-30', source: 'Regional surveillance' }),
      send: (body, ctx) => http.as(steward)(`/collaboratives/${uv}/goals/${ctx.subId}/measurements`, body),
      success: 200,
      fields: [
        { field: 'value', rule: requireDecimal, values: decimals },
        { field: 'periodEnd', rule: pastDate, values: pastDates('1900-01-01', later(today)) },
        { field: 'source', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'measurement correction',
      prepare: async () => {
        const subId = (await made(http.as(steward)(`/collaboratives/${uv}/goals`, goal()))).goalId;
        await made(http.as(steward)(`/collaboratives/${uv}/goals/${subId}/measurements`, { value: '388', periodEnd: '2024-06-30' }));
        return { subId };
      },
      valid: () => ({ periodEnd: '2024-06-30', value: '391', reason: 'Late discharge records', source: 'Regional surveillance, revised' }),
      send: (body, ctx) => http.as(steward)(`/collaboratives/${uv}/goals/${ctx.subId}/measurement-corrections`, body),
      success: 200,
      fields: [
        // A well-formed period the goal has no measurement for: 404, the decider's.
        { field: 'periodEnd', rule: requireDate, values: dates('2024-06-30', '2024-09-30'), alsoTaken: [404] },
        { field: 'value', rule: requireDecimal, values: decimals },
        { field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'source', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'declaration',
      valid: declaration,
      send: (body) => http.as(member)('/partnerships', body),
      success: 201,
      fields: [
        { field: 'collaborativeId', rule: requireRecordId, values: recordIds(uv, ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'termsSha256', rule: requireSha256, values: sha256s },
        { field: 'summary', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        {
          field: 'parties',
          rule: listOf(DECLARATION_PARTIES, requireRecordId),
          values: [[member, funder], [member], [], new Array(DECLARATION_PARTIES.max + 1).fill(member), [member, 'Funder'], [member, 42], 'x', {}, null, ABSENT],
        },
        { field: 'effectiveFrom', rule: requireDate, values: dates('1900-01-01', '2999-12-31') },
        { field: 'effectiveUntil', rule: optionalDate, values: dates('1900-01-01', '2999-12-31') },
      ],
    },
    {
      name: 'declaration signature',
      prepare: async () => ({ id: await newDeclaration() }),
      valid: () => ({ signatory }),
      send: (body, ctx) => http.as(member)(`/partnerships/${ctx.id}/signatures`, body),
      success: 200,
      fields: [
        { field: 'signatory', rule: requireSignatory, values: objects() },
        { field: 'signatory.name', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'signatory.title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
      ],
    },
    {
      name: 'declaration withdrawal',
      prepare: async () => {
        const id = await newDeclaration();
        for (const party of [member, funder]) await made(http.as(party)(`/partnerships/${id}/signatures`, { signatory }));
        return { id };
      },
      valid: () => ({ reason: 'Board decision', effectiveOn: '2027-01-01' }),
      send: (body, ctx) => http.as(member)(`/partnerships/${ctx.id}/withdrawals`, body),
      success: 200,
      fields: [
        { field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'effectiveOn', rule: requireDate, values: dates('1900-01-01', '2999-12-31') },
      ],
    },
    {
      name: 'declaration termination',
      prepare: async () => ({ id: await newDeclaration() }),
      valid: () => ({ reason: 'Superseded by the 2027 declaration' }),
      send: (body, ctx) => http.as(steward)(`/partnerships/${ctx.id}/termination`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'commitment',
      valid: commitment,
      send: (body) => http.as(member)('/commitments', body),
      success: 201,
      fields: [
        { field: 'collaborativeId', rule: requireRecordId, values: recordIds(uv, ...UNKNOWN_IDS), alsoTaken: [404] },
        {
          field: 'promisee',
          rule: requireOrganizationOrCollaborative,
          values: objects({ organizationId: funder }, { collaborativeId: uv }, {}, { organizationId: funder, collaborativeId: uv }, { organizationId: 'Funder' }, { organizationId: null }, { collaborativeId: 7 }),
        },
        { field: 'title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'description', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'deliverable', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'measure', rule: absentOr(requireObject), values: objects(measure) },
        { field: 'measure.indicator', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'measure.unit', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'measure.target', rule: requireDecimal, values: decimals },
        { field: 'dueDate', rule: requireDate, values: dates('1900-01-01', '2999-12-31') },
        { field: 'goalId', rule: optionalRecordId, values: recordIds(later(() => goalId), ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'partnershipId', rule: optionalRecordId, values: recordIds(...UNKNOWN_IDS), alsoTaken: [404] },
      ],
    },
    {
      name: 'commitment declination',
      prepare: async () => ({ id: await newCommitment() }),
      valid: () => ({ reason: 'Not a priority this year' }),
      send: (body, ctx) => http.as(funder)(`/commitments/${ctx.id}/declination`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'commitment progress',
      prepare: async () => ({ id: await acceptedCommitment() }),
      valid: () => ({ note: '120 residents enrolled', value: '120', evidence }),
      send: (body, ctx) => http.as(member)(`/commitments/${ctx.id}/progress`, body),
      success: 200,
      fields: [
        { field: 'note', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'value', rule: optionalDecimal, values: decimals },
        { field: 'evidence', rule: optionalEvidence, values: objects(evidence) },
        {
          field: 'evidence.uri',
          rule: requireUri,
          values: ['urn:isbn:0451450523', `https://example.org/${'x'.repeat(URI_TEXT - 20)}`, `https://example.org/${'x'.repeat(URI_TEXT - 19)}`, 'q3.pdf', '', ' ', 42, null, ABSENT],
        },
        { field: 'evidence.sha256', rule: requireSha256, values: sha256s },
        { field: 'evidence.name', rule: optionalText_(SHORT_TEXT), values: text(SHORT_TEXT) },
      ],
    },
    {
      name: 'commitment revision',
      prepare: async () => ({ id: await acceptedCommitment() }),
      valid: () => ({ dueDate: '2030-06-30', target: '350', description: 'Fewer residents, later', reason: 'Recruitment took longer' }),
      send: (body, ctx) => http.as(member)(`/commitments/${ctx.id}/revisions`, body),
      success: 200,
      fields: [
        { field: 'dueDate', rule: optionalDate, values: dates('1900-01-01', '2999-12-31') },
        { field: 'target', rule: optionalDecimal, values: decimals },
        { field: 'description', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'commitment delivery',
      prepare: async () => ({ id: await acceptedCommitment() }),
      valid: () => ({ deliveredOn: '2024-06-30', value: '412', evidence }),
      send: (body, ctx) => http.as(member)(`/commitments/${ctx.id}/delivery`, body),
      success: 200,
      fields: [
        { field: 'deliveredOn', rule: pastDate, values: pastDates('1900-01-01', later(today)) },
        { field: 'value', rule: optionalDecimal, values: decimals },
        { field: 'evidence', rule: optionalEvidence, values: objects(evidence) },
      ],
    },
    {
      name: 'commitment dispute',
      prepare: async () => ({ id: await claimedCommitment() }),
      valid: () => ({ reason: 'Only 300 residents were enrolled' }),
      send: (body, ctx) => http.as(funder)(`/commitments/${ctx.id}/disputes`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'commitment dispute resolution',
      prepare: async () => {
        const id = await claimedCommitment();
        await made(http.as(funder)(`/commitments/${id}/disputes`, { reason: 'Only 300 residents were enrolled' }));
        return { id };
      },
      valid: () => ({ outcome: 'partially_delivered', value: '300', rationale: 'Enrolment records show 300' }),
      send: (body, ctx) => http.as(steward)(`/commitments/${ctx.id}/dispute-resolution`, body),
      success: 200,
      fields: [
        { field: 'outcome', rule: oneOf(Commitment.DISPUTE_OUTCOMES), values: choices(Commitment.DISPUTE_OUTCOMES) },
        // partially_delivered states its value (a rule across fields, the decider's); the others may leave it out.
        { field: 'value', rule: optionalDecimal, values: decimals, with: { outcome: 'delivered' } },
        { field: 'rationale', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'commitment withdrawal',
      prepare: async () => ({ id: await newCommitment() }),
      valid: () => ({ reason: 'Funding ended' }),
      send: (body, ctx) => http.as(member)(`/commitments/${ctx.id}/withdrawal`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'commitment closure',
      prepare: async () => ({ id: await acceptedCommitment() }),
      valid: () => ({ rationale: 'The due date passed without a delivery claim' }),
      send: (body, ctx) => http.as(steward)(`/commitments/${ctx.id}/closure`, body),
      success: 200,
      fields: [{ field: 'rationale', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'pledge',
      valid: () => ({ collaborativeId: uv, recipient: { organizationId: member }, purpose: 'Clinic staff', amount: usd('240.00'), binding: true }),
      send: (body) => http.as(funder)('/pledges', body),
      success: 201,
      fields: [
        { field: 'collaborativeId', rule: requireRecordId, values: recordIds(uv, ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'recipient', rule: requireOrganizationOrCollaborative, values: objects({ organizationId: member }, { collaborativeId: uv }, {}, { organizationId: member, collaborativeId: uv }, { organizationId: 'Member' }) },
        { field: 'purpose', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
        // Any currency the ledger knows, each with its own digits (CLF has four).
        { field: 'amount', rule: parsePositiveMoney, values: [...usdAmounts, money('JPY', '1500'), money('CLF', '1.0001'), money('BHD', '0.001'), ...badMoney] },
        { field: 'binding', rule: requireBoolean, values: booleans },
        {
          field: 'schedule',
          rule: absentOr(listOf(INSTALLMENTS, requireObject)),
          values: [[installment('240.00')], new Array(INSTALLMENTS.max).fill(installment('1.00')), new Array(INSTALLMENTS.max + 1).fill(installment('1.00')), [], ['x'], [null], 'x', {}, null, ABSENT],
        },
        { field: 'schedule[0].dueDate', rule: requireDate, values: dates('1900-01-01', '2999-12-31'), with: { schedule: [installment('240.00')] } },
        { field: 'schedule[0].amount', rule: parsePositiveMoney, values: [usd('240.00'), usd('240'), usd('0.00'), ...badMoney], with: { schedule: [installment('240.00')] } },
        { field: 'conditions', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'madeOn', rule: optionalPastDate, values: pastDates('1900-01-01', later(today)) },
      ],
    },
    {
      name: 'pledge disbursement',
      prepare: async () => ({ id: await bigPledge() }),
      valid: () => ({ amount: usd('1000.00'), disbursedOn: '2024-10-01', reference: 'WIRE-2024-10-001' }),
      send: (body, ctx) => http.as(funder)(`/pledges/${ctx.id}/disbursements`, body),
      success: 200,
      fields: [
        { field: 'amount', rule: parsePositiveMoney, values: [...usdAmounts, ...badMoney] },
        { field: 'disbursedOn', rule: pastDate, values: pastDates('1900-01-01', later(today)) },
        { field: 'reference', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
      ],
    },
    {
      name: 'pledge receipt',
      prepare: async () => {
        const id = await bigPledge();
        return { id, subId: (await made(http.as(funder)(`/pledges/${id}/disbursements`, { amount: usd('10.00'), disbursedOn: '1900-01-01', reference: 'W-1' }))).disbursementId };
      },
      valid: () => ({ receivedOn: '2024-10-03' }),
      send: (body, ctx) => http.as(member)(`/pledges/${ctx.id}/disbursements/${ctx.subId}/receipt`, body),
      success: 200,
      fields: [{ field: 'receivedOn', rule: optionalPastDate, values: pastDates('1900-01-01', later(today)) }],
    },
    {
      name: 'pledge amendment',
      prepare: async () => ({ id: await bigPledge() }),
      valid: () => ({ amount: usd('240.00'), schedule: [installment('240.00')], reason: 'Second-year budget approved' }),
      send: (body, ctx) => http.as(funder)(`/pledges/${ctx.id}/amendments`, body),
      success: 200,
      fields: [
        // Without an amount the pledge keeps its own, so the schedule is dropped (none) to fit any amount.
        { field: 'amount', rule: absentOr(parsePositiveMoney), values: [...usdAmounts, ...badMoney], with: { schedule: [] } },
        {
          field: 'schedule',
          rule: absentOr(listOf(AMENDED_INSTALLMENTS, requireObject)),
          values: [[installment('240.00')], [], new Array(INSTALLMENTS.max + 1).fill(installment('1.00')), ['x'], 'x', {}, null, ABSENT],
        },
        { field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'pledge cancellation',
      prepare: async () => ({ id: await bigPledge() }),
      valid: () => ({ reason: 'Programme ended' }),
      send: (body, ctx) => http.as(funder)(`/pledges/${ctx.id}/cancellation`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'shared-risk agreement',
      valid: () => agreement(),
      send: (body) => http.as(steward)('/risk-agreements', body),
      success: 201,
      fields: [
        { field: 'collaborativeId', rule: requireRecordId, values: recordIds(uv, ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'scope', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        { field: 'period', rule: requireObject, values: objects() },
        // The period's end is on or after its start (2020-01-01 to 2020-12-31): a rule across fields, the decider's.
        { field: 'period.start', rule: requireDate, values: dates('1900-01-01', '2020-12-31') },
        { field: 'period.end', rule: requireDate, values: dates('2020-01-01', '2999-12-31') },
        { field: 'model', rule: oneOf(RiskAgreement.RISK_MODELS), values: choices(['upside_only']) },
        { field: 'benchmark', rule: parsePositiveMoney, values: [...usdAmounts, money('JPY', '1500'), money('CLF', '1.0001'), ...badMoney] },
        { field: 'minimumSavingsRate', rule: parseRate, values: rates },
        { field: 'sharingRate', rule: parseRate, values: rates },
        { field: 'savingsCap', rule: optionalRate, values: rates },
        // A two_sided agreement states its loss terms (a rule across fields, the decider's): given here, each is checked as a rate.
        { field: 'minimumLossRate', rule: parseRate, values: rates.filter((v) => v !== null && v !== ABSENT), with: twoSided },
        { field: 'lossSharingRate', rule: parseRate, values: rates.filter((v) => v !== null && v !== ABSENT), with: twoSided },
        { field: 'lossCap', rule: optionalRate, values: rates, with: twoSided },
        {
          field: 'parties',
          rule: listOf(RISK_AGREEMENT_PARTIES, requireObject),
          values: [
            [{ organizationId: member, shareBps: SHARE_BPS.max }],
            [],
            new Array(RISK_AGREEMENT_PARTIES.max + 1).fill({ organizationId: member, shareBps: 1 }),
            ['x'],
            [null],
            'x',
            {},
            null,
            ABSENT,
          ],
        },
        // A well-formed id of no member is taken by the rule, then refused by the agreement's (party_not_member, 422).
        { field: 'parties[0].organizationId', rule: requireRecordId, values: recordIds(member, ...UNKNOWN_IDS), with: { parties: [{ organizationId: member, shareBps: SHARE_BPS.max }] }, alsoTaken: [422] },
        // One party holds all the shares (they sum to 10 000: the decider's rule across parties).
        { field: 'parties[0].shareBps', rule: integer(SHARE_BPS), values: integers(SHARE_BPS, SHARE_BPS.max), with: { parties: [{ organizationId: member, shareBps: SHARE_BPS.max }] } },
      ],
    },
    {
      name: 'agreement signature',
      prepare: async () => ({ id: (await made(http.as(steward)('/risk-agreements', agreement()))).id }),
      valid: () => ({ signatory }),
      send: (body, ctx) => http.as(member)(`/risk-agreements/${ctx.id}/signatures`, body),
      success: 200,
      fields: [
        { field: 'signatory', rule: requireSignatory, values: objects() },
        { field: 'signatory.name', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'signatory.title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
      ],
    },
    {
      name: 'agreement result',
      prepare: async () => ({ id: await signedAgreement() }),
      valid: () => ({ periodEnd: '2020-12-31', actualCost: usd('900.00') }),
      send: (body, ctx) => http.as(steward)(`/risk-agreements/${ctx.id}/results`, body),
      success: 200,
      fields: [
        // The one date taken is the period's end (other dates meet period_end_mismatch, a rule of the agreement).
        { field: 'periodEnd', rule: pastDate, values: pastDates('2020-12-31') },
        // A cost may be zero; a negative one is refused by the result's own rule (negative_cost), not by the form of money.
        { field: 'actualCost', rule: parseMoney, values: [usd('0.00'), usd('900'), usd('1'.repeat(40)), ...badMoney] },
      ],
    },
    {
      name: 'settlement payment',
      prepare: async () => {
        const id = await signedAgreement('9'.repeat(40));
        return { id, subId: (await made(http.as(steward)(`/risk-agreements/${id}/results`, { periodEnd: '2020-12-31', actualCost: usd('0.00') }))).settlementId };
      },
      valid: () => ({ fromOrganizationId: member, toOrganizationId: funder, amount: usd('100.00'), paidOn: '2024-03-15' }),
      send: (body, ctx) => http.as(steward)(`/risk-agreements/${ctx.id}/settlements/${ctx.subId}/payments`, body),
      success: 200,
      fields: [
        { field: 'fromOrganizationId', rule: requireRecordId, values: recordIds(member, ...UNKNOWN_IDS) },
        { field: 'toOrganizationId', rule: optionalRecordId, values: recordIds(funder, ...UNKNOWN_IDS) },
        { field: 'amount', rule: parsePositiveMoney, values: [...usdAmounts, ...badMoney] },
        { field: 'paidOn', rule: pastDate, values: pastDates('1900-01-01', later(today)) },
      ],
    },
    {
      name: 'member departure',
      prepare: async () => ({ org: await newMember() }),
      valid: () => ({ reason: 'Merged into another health system' }),
      send: (body, ctx) => http.as(steward)(`/collaboratives/${uv}/members/${ctx.org}/departure`, body),
      success: 200,
      fields: [{ field: 'reason', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'member role change',
      prepare: async () => ({ org: await newMember() }),
      valid: () => ({ role: 'observer', reason: 'Steps back from the programme work' }),
      send: (body, ctx) => http.as(steward)(`/collaboratives/${uv}/members/${ctx.org}/role`, body),
      success: 200,
      fields: [
        // Its role now (member) is taken by the rule and refused by the collaborative (role_unchanged, 422).
        { field: 'role', rule: oneOf(Collaborative.MEMBER_ROLES), values: choices(Collaborative.MEMBER_ROLES), alsoTaken: [422] },
        { field: 'reason', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'shared goal revision',
      prepare: async () => ({ subId: (await made(http.as(steward)(`/collaboratives/${uv}/goals`, goal()))).goalId }),
      valid: () => ({ title: 'Fewer avoidable visits, region-wide', target: { value: '280', date: '2028-12-31' }, reason: 'The first target was met early' }),
      send: (body, ctx) => http.as(steward)(`/collaboratives/${uv}/goals/${ctx.subId}/revisions`, body),
      success: 200,
      fields: [
        { field: 'title', rule: absentOr(text_(SHORT_TEXT)), values: text(SHORT_TEXT) },
        { field: 'target', rule: absentOr(requireObject), values: objects({ value: '1', date: '2999-12-31' }) },
        { field: 'target.value', rule: requireDecimal, values: decimals },
        // After the baseline's date (2024-01-01): a rule across fields, the decider's.
        { field: 'target.date', rule: requireDate, values: dates('2024-01-02', '2999-12-31') },
        { field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'pathway phase change',
      prepare: async () => ({ id: await newCollaborative() }),
      valid: () => ({ pathwayPhase: 5, reason: 'The group now holds shared funds' }),
      send: (body, ctx) => http.as(steward)(`/collaboratives/${ctx.id}/phase`, body),
      success: 200,
      fields: [
        // Its phase now (2) is taken by the rule and refused by the collaborative (phase_unchanged, 422).
        { field: 'pathwayPhase', rule: integer(PATHWAY_PHASES), values: integers(PATHWAY_PHASES, PATHWAY_PHASES.min, 2, PATHWAY_PHASES.max), alsoTaken: [422] },
        { field: 'reason', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'charter',
      prepare: async () => {
        const id = fresh('chartered');
        await made(http.asOperator('/collaboratives', { id, name: id, region: 'Elsewhere', pathwayPhase: 2 }));
        return { id };
      },
      valid: () => ({ rules: [charterRule] }),
      send: (body, ctx) => http.asOperator(`/collaboratives/${ctx.id}/charter`, body),
      success: 200,
      fields: [
        {
          field: 'rules',
          rule: charterWith('rules'),
          values: [[], [charterRule], MATTERS.map((matter) => ({ ...charterRule, matter })), [...MATTERS.map((matter) => ({ ...charterRule, matter })), charterRule], ['x'], [null], 'x', {}, null, ABSENT],
        },
        { field: 'rules[0].matter', rule: charterWith('rules[0].matter'), values: choices(MATTERS) },
        { field: 'rules[0].decidedBy', rule: charterWith('rules[0].decidedBy'), values: choices(DECIDED_BY) },
        { field: 'rules[0].quorumPct', rule: charterWith('rules[0].quorumPct'), values: ['0', '100', '66.67', 66.67, '066', '66.667', '100.01', '-1', '', true, null, ABSENT] },
        { field: 'rules[0].thresholdPct', rule: charterWith('rules[0].thresholdPct'), values: ['consensus', '100', '0.01', '0', 'Consensus', '66.667', '101', '', true, null, ABSENT] },
        {
          field: 'rules[0].votingDays',
          rule: charterWith('rules[0].votingDays'),
          values: integers({ min: 1, max: Governance.MAX_VOTING_DAYS }, 1, Governance.MAX_VOTING_DAYS),
        },
      ],
    },
    {
      name: 'resolution',
      valid: () => ({ collaborativeId: uv, title: 'A statement on access', text: 'Access comes first.', matter: 'general', votingClosesAt: tomorrowAt() }),
      send: (body) => http.as(steward)('/resolutions', body),
      success: 201,
      fields: [
        { field: 'collaborativeId', rule: requireRecordId, values: recordIds(uv, ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        { field: 'text', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
        // Other matters carry acts (acts_required, a rule across fields): the acts' row shows them.
        { field: 'matter', rule: oneOf(MATTERS), values: choices(['general']) },
        {
          field: 'acts',
          rule: absentOr(listOf(RESOLUTION_ACTS, requireObject)),
          values: [[changePhaseAct], new Array(RESOLUTION_ACTS.max + 1).fill(changePhaseAct), ['x'], [null], 'x', {}, 42],
          with: { matter: 'change_phase' },
        },
        // Within the voting period a charter allows (after now, at most 90 days): the decider's rules of time.
        { field: 'votingClosesAt', rule: absentOr(requireInstant), values: [later(tomorrowAt), '2025-02-30T00:00:00Z', '2026-06-30T25:00:00Z', '2026-06-30', 'tomorrow', '', 42, null, ABSENT] },
        { field: 'meetingId', rule: optionalRecordId, values: recordIds(...UNKNOWN_IDS), alsoTaken: [404] },
      ],
    },
    {
      name: 'vote',
      prepare: async () => ({ id: await newResolution() }),
      valid: () => ({ choice: 'for', reason: 'Access comes first' }),
      send: (body, ctx) => http.as(steward)(`/resolutions/${ctx.id}/votes`, body),
      success: 200,
      fields: [
        { field: 'choice', rule: oneOf(Governance.VOTE_CHOICES), values: choices(Governance.VOTE_CHOICES) },
        { field: 'reason', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
    {
      name: 'recusal',
      prepare: async () => ({ id: await newResolution() }),
      valid: () => ({ reason: 'Our director chairs the other party' }),
      send: (body, ctx) => http.as(steward)(`/resolutions/${ctx.id}/recusals`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'resolution withdrawal',
      prepare: async () => ({ id: await newResolution() }),
      valid: () => ({ reason: 'Settled directly' }),
      send: (body, ctx) => http.as(steward)(`/resolutions/${ctx.id}/withdrawal`, body),
      success: 200,
      fields: [{ field: 'reason', rule: text_(LONG_TEXT), values: text(LONG_TEXT) }],
    },
    {
      name: 'meeting',
      valid: () => ({ collaborativeId: uv, heldOn: '2024-11-18', title: 'Steering committee', attendees: [steward, member], minutesSha256: 'a'.repeat(64), minutesSummary: 'Adopted the statement.' }),
      send: (body) => http.as(steward)('/meetings', body),
      success: 201,
      fields: [
        { field: 'collaborativeId', rule: requireRecordId, values: recordIds(uv, ...UNKNOWN_IDS), alsoTaken: [404] },
        { field: 'heldOn', rule: pastDate, values: pastDates('1900-01-01', later(today)) },
        { field: 'title', rule: text_(SHORT_TEXT), values: text(SHORT_TEXT) },
        // A well-formed id of no member is taken by the rule and refused by the meeting (attendee_not_member, 422).
        {
          field: 'attendees',
          rule: listOf(MEETING_ATTENDEES, requireRecordId),
          values: [[steward], [steward, member, funder], ['x'.repeat(63)], [], new Array(MEETING_ATTENDEES.max + 1).fill(steward), [steward, 'Member'], [7], 'x', {}, null, ABSENT],
          alsoTaken: [422],
        },
        {
          field: 'resolutionIds',
          rule: absentOr(listOf(MEETING_RESOLUTIONS, requireRecordId)),
          values: [[], [UNKNOWN_IDS[0]], new Array(MEETING_RESOLUTIONS.max + 1).fill('zz'), ['Resolution'], 'x', {}, null, ABSENT],
          alsoTaken: [404],
        },
        { field: 'minutesSha256', rule: absentOr(requireSha256), values: sha256s },
        { field: 'minutesSummary', rule: optionalText_(LONG_TEXT), values: text(LONG_TEXT) },
      ],
    },
  ];

  it('covers every record body of LEDGER.md', () => {
    expect(bodies.map((b) => b.name)).toEqual([
      'organization',
      'signing key',
      'API key',
      'collaborative',
      'member',
      'shared goal',
      'measurement',
      'measurement correction',
      'declaration',
      'declaration signature',
      'declaration withdrawal',
      'declaration termination',
      'commitment',
      'commitment declination',
      'commitment progress',
      'commitment revision',
      'commitment delivery',
      'commitment dispute',
      'commitment dispute resolution',
      'commitment withdrawal',
      'commitment closure',
      'pledge',
      'pledge disbursement',
      'pledge receipt',
      'pledge amendment',
      'pledge cancellation',
      'shared-risk agreement',
      'agreement signature',
      'agreement result',
      'settlement payment',
      'member departure',
      'member role change',
      'shared goal revision',
      'pathway phase change',
      'charter',
      'resolution',
      'vote',
      'recusal',
      'resolution withdrawal',
      'meeting',
    ]);
  });

  it.each(bodies.map((body) => [body.name, body] as const))('%s: each boundary value answered as the domain rules', async (_, body) => {
    const seen = { taken: 0, refused: 0 };
    for (const { field, rule, values, with: changes = {}, alsoTaken = [] } of body.fields) {
      for (const sample of values) {
        const ctx = { id: '', subId: '', org: '', ...(body.prepare ? await body.prepare() : {}) };
        const value = typeof sample === 'object' && sample !== null && 'later' in sample ? (sample as Later).later(ctx) : sample;
        const answer = await body.send(withValue({ ...body.valid(ctx), ...changes }, field, value), ctx);
        const problem = answer.body as Problem;
        const refusal = domainRefusal(rule, value === ABSENT ? undefined : value, field);
        const context = `${body.name} ${field} = ${shown(value)}`;
        if (refusal === null) {
          seen.taken++;
          const taken = [body.success, ...alsoTaken].includes(answer.status);
          expect({ context, answer: taken ? 'taken' : `${answer.status} ${problem?.code}` }).toEqual({ context, answer: 'taken' });
        } else {
          seen.refused++;
          expect({ context, status: answer.status, code: problem.code }).toEqual({ context, status: 400, code: refusal.code });
          // The field is named: the domain's path, or the list holding it (a rule on a whole list names the list).
          const paths = (problem.errors ?? []).map((e) => e.path);
          const named = paths.includes(refusal.path) || paths.includes(refusal.path.replace(/\[\d+\]$/, ''));
          expect({ context, paths, named }).toEqual({ context, paths, named: true });
        }
      }
    }
    // Every field was shown both ways.
    expect(seen.taken).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('can load and fold every record it took, the largest amounts included', async () => {
    // A query about the present waits for the read models to apply everything appended before it.
    expect((await http.get('/pledges?limit=1')).status).toBe(200);
    const health = await http.get<{ store: { headPosition: number }; projections: { state: string; lag: number; checkpoint: number } }>('/health');
    expect(health.body.projections).toMatchObject({ state: 'running', lag: 0, checkpoint: health.body.store.headPosition });
    // A pledge of the largest amount is stored in its canonical form ("1…1.00", 43 characters) and loads again.
    const largest = await made(http.as(funder)('/pledges', { collaborativeId: uv, recipient: { organizationId: member }, purpose: 'Largest', amount: usd('1'.repeat(40)), binding: true }));
    expect((await http.as(member)(`/pledges/${largest.id}/acknowledgement`, {})).status).toBe(200);
    expect((await http.get<{ amount: unknown }>(`/pledges/${largest.id}`)).body.amount).toEqual(usd(`${'1'.repeat(40)}.00`));
  });
});
