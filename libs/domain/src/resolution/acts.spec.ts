import { actCommand, actTargetOf, type Act } from './acts';

const C = 'upper-valley';

describe('acts', () => {
  it.each<[Act, ReturnType<typeof actCommand>]>([
    [{ type: 'admit_member', organizationId: 'food-bank', role: 'steward' }, { record: 'collaborative', id: C, command: { type: 'AdmitMember', data: { organizationId: 'food-bank', role: 'steward' } } }],
    [{ type: 'remove_member', organizationId: 'food-bank', reason: 'Left' }, { record: 'collaborative', id: C, command: { type: 'RecordMemberDeparture', data: { organizationId: 'food-bank', reason: 'Left' } } }],
    [{ type: 'change_role', organizationId: 'food-bank', role: 'observer' }, { record: 'collaborative', id: C, command: { type: 'ChangeMemberRole', data: { organizationId: 'food-bank', role: 'observer' } } }],
    [
      { type: 'adopt_goal', title: 'T', indicator: { name: 'n', unit: 'u', polarity: 'higher_is_better' }, baseline: { value: '1', date: '2024-01-01' }, target: { value: '2', date: '2025-01-01' } },
      {
        record: 'collaborative',
        id: C,
        command: { type: 'AdoptSharedGoal', data: { title: 'T', indicator: { name: 'n', unit: 'u', polarity: 'higher_is_better' }, baseline: { value: '1', date: '2024-01-01' }, target: { value: '2', date: '2025-01-01' } } },
      },
    ],
    [{ type: 'revise_goal', goalId: 'g1', title: 'New', reason: 'r' }, { record: 'collaborative', id: C, command: { type: 'ReviseSharedGoal', data: { goalId: 'g1', title: 'New', reason: 'r' } } }],
    [{ type: 'change_phase', pathwayPhase: 5 }, { record: 'collaborative', id: C, command: { type: 'ChangePathwayPhase', data: { pathwayPhase: 5 } } }],
    [
      { type: 'amend_charter', rules: [{ matter: 'general', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 7 }] },
      { record: 'collaborative', id: C, command: { type: 'AmendCharter', data: { rules: [{ matter: 'general', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 7 }] } } },
    ],
    [{ type: 'terminate_declaration', partnershipId: 'd1', reason: 'r' }, { record: 'partnership', id: 'd1', command: { type: 'TerminateDeclaration', data: { reason: 'r' } } }],
    [
      { type: 'adjudicate_dispute', commitmentId: 'c1', outcome: 'partially_delivered', value: '300', rationale: 'r' },
      { record: 'commitment', id: 'c1', command: { type: 'ResolveCommitmentDispute', data: { outcome: 'partially_delivered', value: '300', rationale: 'r' } } },
    ],
    [{ type: 'close_commitment_as_missed', commitmentId: 'c1', rationale: 'r' }, { record: 'commitment', id: 'c1', command: { type: 'CloseCommitmentAsMissed', data: { rationale: 'r' } } }],
    [
      { type: 'record_risk_result', agreementId: 'ra1', periodEnd: '2024-12-31', actualCost: { currency: 'USD', amount: '1' } },
      { record: 'risk-agreement', id: 'ra1', command: { type: 'RecordPeriodResult', data: { periodEnd: '2024-12-31', actualCost: { currency: 'USD', amount: '1' } } } },
    ],
  ])('%j is a command on its record', (act, expected) => {
    expect(actCommand(act, C)).toEqual(expected);
  });

  it('names what the decision must load: the organization to admit, or the record acted on', () => {
    expect(actTargetOf({ type: 'admit_member', organizationId: 'food-bank', role: 'member' })).toEqual({ record: 'organization', id: 'food-bank' });
    expect(actTargetOf({ type: 'terminate_declaration', partnershipId: 'd1' })).toEqual({ record: 'partnership', id: 'd1' });
    expect(actTargetOf({ type: 'adjudicate_dispute', commitmentId: 'c1' })).toEqual({ record: 'commitment', id: 'c1' });
    expect(actTargetOf({ type: 'record_risk_result', agreementId: 'ra1' })).toEqual({ record: 'risk-agreement', id: 'ra1' });
  });

  it('names nothing for acts on the collaborative itself, or for malformed acts', () => {
    for (const act of [{ type: 'remove_member', organizationId: 'food-bank' }, { type: 'change_phase', pathwayPhase: 5 }, { type: 'terminate_declaration', partnershipId: 'Not An Id' }, { type: 'toString' }, { type: 'general' }, null, 'act', 5, []]) {
      expect(actTargetOf(act)).toBeNull();
    }
  });
});
