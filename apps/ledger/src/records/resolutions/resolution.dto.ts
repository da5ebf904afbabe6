import { DECIDED_BY, Governance, LONG_TEXT, MATTERS, RESOLUTION_ACTS, SHORT_TEXT } from '@ledger/domain';
import { DomainRule, IsInstant, IsIntegerIn, IsListOf, IsObjectList, IsOneOf, IsRecordId, IsText, property } from '../shared/dto';

/**
 * A rule of the charter: who decides a matter and how. Percentages are decimal strings (or numbers)
 * with at most two fraction digits, the threshold also "consensus" (libs/domain/src/governance/charter.ts).
 */
export class CharterRuleDto {
  @IsOneOf(MATTERS, { example: 'terminate_declaration' })
  matter: string;

  @IsOneOf(DECIDED_BY, {
    example: 'stewards',
    description: 'steward: any one steward alone; stewards: a vote of the stewards; members: a vote of stewards and members',
  })
  decidedBy: string;

  @property({ optional: true }, { example: '50', description: 'votes cast over eligible voters, percent (0–100); default 50' })
  @DomainRule(['invalid_percentage'], (value, path) => Governance.parsePercent(value, path))
  quorumPct?: unknown;

  /** "consensus" or a percentage above 0: the charter's own rule (invalid_threshold), answered by the domain. */
  @property({ optional: true }, { example: '66.67', description: '`for` over `for + against`, percent, or "consensus" (quorum and no `against`); default 50' })
  thresholdPct?: unknown;

  @IsIntegerIn({ min: 1, max: Governance.MAX_VOTING_DAYS }, { optional: true, example: 10, description: 'days voting stays open by default (default 7)' })
  votingDays?: number;
}

/** A witness of the ledger's log the charter names: a member organization (libs/domain/src/governance/witnesses.ts). */
export class CharterWitnessDto {
  @IsRecordId({ example: 'riverside-chc' })
  organizationId: string;
}

export class CharterDto {
  @IsListOf(CharterRuleDto, { min: 0, max: MATTERS.length }, { description: 'matters left out keep the default charter' })
  rules: CharterRuleDto[];

  @IsListOf(CharterWitnessDto, Governance.CHARTER_WITNESSES, {
    optional: true,
    description:
      "the member organizations whose witnesses must cosign the ledger's checkpoints (stewards, members or auditors: they read the consistency proofs); " +
      'each registers its witness key (POST /organizations/:id/witness-keys)',
  })
  witnesses?: CharterWitnessDto[];

  @property({ optional: true }, { type: 'integer', minimum: 1, example: 2, description: 'how many of the witnesses must have cosigned a checkpoint (1 to their number; default a majority)' })
  witnessQuorum?: unknown;
}

export class ProposeResolutionDto {
  @IsRecordId({ example: 'upper-valley-partnership' })
  collaborativeId: string;

  @IsText(SHORT_TEXT, { example: 'Terminate the 2025 declaration, superseded by the 2026 one' })
  title: string;

  @IsText(LONG_TEXT, { optional: true, example: 'The partners signed a new declaration on 12 March.' })
  text?: string;

  @IsOneOf(MATTERS, { example: 'terminate_declaration' })
  matter: string;

  @IsObjectList(RESOLUTION_ACTS, {
    optional: true,
    description:
      'What it carries out when adopted: the body of the command each stands for plus its kind (the matter) and target, e.g. ' +
      '{ "type": "terminate_declaration", "partnershipId": "…", "reason": "…" }; none for a general resolution',
    example: [{ type: 'terminate_declaration', partnershipId: '0193…', reason: 'Superseded by the 2026 declaration' }],
  })
  acts?: Array<Record<string, unknown>>;

  @IsInstant({ optional: true, example: '2026-12-20T17:00:00Z', description: "when voting closes; default: the rule's votingDays from now" })
  votingClosesAt?: string;

  @IsRecordId({ optional: true, description: 'the meeting that takes it up' })
  meetingId?: string;
}

export class VoteDto {
  @IsOneOf(Governance.VOTE_CHOICES)
  choice: string;

  @IsText(LONG_TEXT, { optional: true, example: 'The new declaration covers the same ground' })
  reason?: string;
}
