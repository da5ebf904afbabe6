/**
 * @ledger/domain — the write-side rules of the stewardship ledger (LEDGER.md) as pure deciders.
 * No framework, no storage, no HTTP: the application layer loads state, builds the DecisionContext,
 * calls decide, and appends the events with their envelope.
 */
export * from './shared';
export * from './money';
export * from './event-schema';
export * from './records';

export * as Organization from './organization';
export * as Collaborative from './collaborative';
export * as Partnership from './partnership';
export * as Commitment from './commitment';
export * as Pledge from './pledge';
export * as RiskAgreement from './risk-agreement';
export * as Governance from './governance';
export * as Resolution from './resolution';
export * as Meeting from './meeting';
export * as Actions from './actions';

export { organizationDecider, type OrganizationState } from './organization';
export { collaborativeDecider, roleOf, charterOf, ruleInForce, type CollaborativeState, type MemberRole, type PhaseEntry } from './collaborative';
export { partnershipDecider, type PartnershipState } from './partnership';
export { commitmentDecider, commitmentStatus, type CommitmentState, type CommitmentStatus } from './commitment';
export { pledgeDecider, pledgeFigures, type PledgeState, type PledgeFigures } from './pledge';
export { riskAgreementDecider, computeSettlement, type RiskAgreementState, type Settlement } from './risk-agreement';
export {
  MATTERS,
  DECIDED_BY,
  DEFAULT_VOTING_DAYS,
  defaultRule,
  tallyVotes,
  outcomeOf,
  outcomeIsSettled,
  type Matter,
  type CharterRule,
  type CharterEntry,
  type Tally,
  type VoteChoice,
  type Outcome,
} from './governance';
export { resolutionDecider, actCommand, currentTally, resolutionStatus, type Act, type ActCommand, type ResolutionState } from './resolution';
export { meetingDecider, type MeetingState } from './meeting';
