/**
 * The actions a caller may take on a record now: probes of every command one could send on it
 * (probe.ts), which the application runs through the record's `decide` as a dry run.
 */
import type { CollaborativeState } from '../collaborative/state';
import type { CommitmentState } from '../commitment/state';
import type { MeetingState } from '../meeting/state';
import type { OrganizationState } from '../organization/state';
import type { PartnershipState } from '../partnership/state';
import type { PledgeState } from '../pledge/state';
import type { RecordName } from '../records';
import type { ResolutionState } from '../resolution/state';
import type { RiskAgreementState } from '../risk-agreement/state';
import { collaborativeProbes } from './collaborative';
import { commitmentProbes } from './commitment';
import { organizationProbes } from './organization';
import { partnershipProbes } from './partnership';
import { pledgeProbes } from './pledge';
import type { ActionProbe, ProbeCaller } from './probe';
import { resolutionProbes } from './resolution';
import { riskAgreementProbes } from './risk-agreement';

export * from './probe';
export * from './inbox';

/** The probes of the commands one could send on this record (none when it does not exist). */
export function actionProbes(record: RecordName, state: unknown, caller: ProbeCaller): ActionProbe[] {
  if (state === null || state === undefined) return [];
  switch (record) {
    case 'organization':
      return organizationProbes(state as OrganizationState);
    case 'collaborative':
      return collaborativeProbes(state as CollaborativeState, caller);
    case 'partnership':
      return partnershipProbes(state as PartnershipState, caller);
    case 'commitment':
      return commitmentProbes(state as CommitmentState, caller);
    case 'pledge':
      return pledgeProbes(state as PledgeState, caller);
    case 'risk-agreement':
      return riskAgreementProbes(state as RiskAgreementState, caller);
    case 'resolution':
      return resolutionProbes(state as ResolutionState);
    case 'meeting':
      // A meeting is recorded once; nothing is sent on it afterwards.
      return noProbes(state as MeetingState);
  }
}

function noProbes(_state: MeetingState): ActionProbe[] {
  return [];
}
