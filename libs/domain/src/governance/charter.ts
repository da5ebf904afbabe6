/**
 * The charter of a collaborative: for every matter, who decides and how (LEDGER.md, "Governance").
 * Until a charter is adopted the default charter applies; a charter names only the matters it
 * changes, the others keep the rule in force.
 */
import { InvalidCommandError } from '../shared/domain-error';
import { requireInteger, requireList, requireObject, requireOneOf } from '../shared/validation';
import type { MemberRole } from '../collaborative/roles';
import { hundredthsOf, parsePercent } from './percent';

export const MATTERS = [
  'admit_member',
  'remove_member',
  'change_role',
  'adopt_goal',
  'revise_goal',
  'change_phase',
  'terminate_declaration',
  'adjudicate_dispute',
  'close_commitment_as_missed',
  'record_risk_result',
  'amend_charter',
  'general',
] as const;
export type Matter = (typeof MATTERS)[number];
/** The matters a resolution carries out with acts: all but `general` (a decision with no act). */
export type ActMatter = Exclude<Matter, 'general'>;

/** `steward`: any one steward acting alone; `stewards`: a vote of the stewards; `members`: a vote of stewards and members. */
export const DECIDED_BY = ['steward', 'stewards', 'members'] as const;
export type DecidedBy = (typeof DECIDED_BY)[number];

export const CONSENSUS = 'consensus';

/**
 * A rule as stored: percentages are canonical decimal strings (never floats). `thresholdPct` is a
 * percentage above 0, or "consensus". A `steward` rule keeps its voting terms too: they apply when
 * the stewards put such a matter to a vote anyway (a resolution is always open to them).
 */
export interface CharterRule {
  readonly matter: Matter;
  readonly decidedBy: DecidedBy;
  readonly quorumPct: string;
  readonly thresholdPct: string;
  readonly votingDays: number;
}

export type CharterRules = ReadonlyMap<Matter, CharterRule>;

/** Voting terms a rule may leave out, and the default charter's. */
export const DEFAULT_QUORUM_PCT = '50';
export const DEFAULT_THRESHOLD_PCT = '50';
export const DEFAULT_VOTING_DAYS = 7;
export const MAX_VOTING_DAYS = 90;
const AMEND_CHARTER_THRESHOLD_PCT = '66.67';

/** What the default charter gives to a vote of the stewards; everything else one steward decides. */
const VOTED_BY_DEFAULT: ReadonlySet<Matter> = new Set<Matter>(['amend_charter', 'remove_member', 'change_role', 'terminate_declaration', 'change_phase']);
/** Admitting an organization in one of these roles is voted on by default: stewards govern, auditors read everything. */
const ROLES_ADMITTED_BY_VOTE: readonly MemberRole[] = ['steward', 'auditor'];

/** The default charter's rule for a matter (for admit_member, it depends on the role admitted). */
export function defaultRule(matter: Matter, role?: MemberRole): CharterRule {
  const byVote = VOTED_BY_DEFAULT.has(matter) || (matter === 'admit_member' && role !== undefined && ROLES_ADMITTED_BY_VOTE.includes(role));
  return {
    matter,
    decidedBy: byVote ? 'stewards' : 'steward',
    quorumPct: DEFAULT_QUORUM_PCT,
    thresholdPct: matter === 'amend_charter' ? AMEND_CHARTER_THRESHOLD_PCT : DEFAULT_THRESHOLD_PCT,
    votingDays: DEFAULT_VOTING_DAYS,
  };
}

/** The rule in force for a matter: the charter's, else the default charter's. */
export function ruleFor(rules: CharterRules, matter: Matter, role?: MemberRole): CharterRule {
  return rules.get(matter) ?? defaultRule(matter, role);
}

export function isDecidedByVote(rule: CharterRule): boolean {
  return rule.decidedBy !== 'steward';
}

/** "a vote of the stewards (quorum 50 %, threshold 66.67 %, 7 days)", for refusals people read. */
export function describeRule(rule: CharterRule): string {
  const threshold = rule.thresholdPct === CONSENSUS ? 'consensus' : `threshold ${rule.thresholdPct} %`;
  const terms = `quorum ${rule.quorumPct} %, ${threshold}, ${rule.votingDays} days`;
  if (rule.decidedBy === 'steward') return `any one steward (or a vote of the stewards: ${terms})`;
  return `a vote of the ${rule.decidedBy === 'stewards' ? 'stewards' : 'stewards and members'} (${terms})`;
}

/** A rule of the charter in force, as the charter query shows it. */
export interface CharterEntry extends CharterRule {
  /** `default`: the default charter's rule, the charter having said nothing of this matter. */
  readonly source: 'default' | 'charter';
  /** For the default admit_member rules, which differ by the role admitted. */
  readonly forRoles?: readonly MemberRole[];
}

/** Every matter's rule in force, in the order of MATTERS (admit_member twice while it is the default). */
export function charterInForce(rules: CharterRules): CharterEntry[] {
  return MATTERS.flatMap((matter): CharterEntry[] => {
    const rule = rules.get(matter);
    if (rule) return [{ ...rule, source: 'charter' }];
    if (matter !== 'admit_member') return [{ ...defaultRule(matter), source: 'default' }];
    return [
      { ...defaultRule(matter, 'steward'), source: 'default', forRoles: ROLES_ADMITTED_BY_VOTE },
      { ...defaultRule(matter, 'member'), source: 'default', forRoles: ['member', 'observer'] },
    ];
  });
}

function parseThreshold(value: unknown, path: string): string {
  if (value === undefined || value === null) return DEFAULT_THRESHOLD_PCT;
  if (value === CONSENSUS) return CONSENSUS;
  try {
    return parsePercent(value, path, { aboveZero: true });
  } catch {
    throw new InvalidCommandError(
      'invalid_threshold',
      `${path} must be "consensus" or a percentage above 0 up to 100 with at most two decimals, such as "66.67", got ${JSON.stringify(value)}`,
      path,
    );
  }
}

function parseRule(value: unknown, path: string): CharterRule {
  const rule = requireObject(value, path);
  const matter = requireOneOf(rule.matter, MATTERS, `${path}.matter`);
  const decidedBy = requireOneOf(rule.decidedBy, DECIDED_BY, `${path}.decidedBy`);
  const quorumPct = rule.quorumPct === undefined || rule.quorumPct === null ? DEFAULT_QUORUM_PCT : parsePercent(rule.quorumPct, `${path}.quorumPct`);
  const thresholdPct = parseThreshold(rule.thresholdPct, `${path}.thresholdPct`);
  const votingDays = rule.votingDays === undefined || rule.votingDays === null ? DEFAULT_VOTING_DAYS : requireInteger(rule.votingDays, 1, MAX_VOTING_DAYS, `${path}.votingDays`);
  // The charter changes only by an adopted resolution (LEDGER.md), so no charter may hand that to one steward.
  if (matter === 'amend_charter' && decidedBy === 'steward') {
    throw new InvalidCommandError('amend_charter_needs_vote', `${path}.decidedBy: the charter is amended only by a vote, of the stewards or of stewards and members`, `${path}.decidedBy`);
  }
  return { matter, decidedBy, quorumPct, thresholdPct, votingDays };
}

/**
 * The rules of a charter or an amendment: each matter at most once; omitted voting terms take the
 * defaults (quorum 50, threshold 50, 7 days).
 */
export function parseCharterRules(value: unknown, path: string, minRules: number): CharterRule[] {
  const rules = requireList(value, path, minRules, MATTERS.length).map((rule, i) => parseRule(rule, `${path}[${i}]`));
  rules.forEach((rule, i) => {
    if (rules.findIndex((other) => other.matter === rule.matter) !== i) {
      throw new InvalidCommandError('duplicate_matter', `${path}[${i}].matter: ${rule.matter} already has a rule in this list`, `${path}[${i}].matter`);
    }
  });
  return rules;
}

/** The quorum and threshold of a rule in hundredths of a percent (threshold null: consensus). */
export function votingTermsOf(rule: Pick<CharterRule, 'quorumPct' | 'thresholdPct'>): { quorum: number; threshold: number | null } {
  return { quorum: hundredthsOf(rule.quorumPct), threshold: rule.thresholdPct === CONSENSUS ? null : hundredthsOf(rule.thresholdPct) };
}
