/** Drives one scenario through the public entry point only, as the application layer would. */
import {
  Collaborative,
  Commitment,
  DomainError,
  EVENT_SCHEMA_VERSIONS,
  Organization,
  Pledge,
  RiskAgreement,
  collaborativeDecider,
  commitmentDecider,
  commitmentStatus,
  evolveAll,
  formatMoney,
  organizationDecider,
  pledgeDecider,
  pledgeFigures,
  riskAgreementDecider,
  roleOf,
  upcast,
  type Actor,
  type DecisionContext,
} from '@ledger/domain';

function context(actor: Actor, today = '2025-03-01'): DecisionContext {
  let n = 0;
  return { actor, now: `${today}T12:00:00.000Z`, today, ids: { next: () => `id-${++n}` } };
}
const operator: Actor = { kind: 'operator' };
const org = (organizationId: string): Actor => ({ kind: 'organization', organizationId });

/** What the application layer does: fold the stream, decide, append (here: push). */
function run<C, E, S, Ctx extends DecisionContext>(
  decider: { initialState(): S; evolve(s: S, e: E): S; decide(c: C, s: S, ctx: Ctx): E[] },
  stream: E[],
  command: C,
  ctx: Ctx,
): E[] {
  const events = decider.decide(command, evolveAll(decider, stream), ctx);
  stream.push(...events);
  return events;
}

describe('@ledger/domain public API', () => {
  it('runs a collaborative from formation to a settled agreement', () => {
    const orgs: Record<string, Organization.OrganizationEvent[]> = {};
    for (const id of ['county-health', 'valley-hospital', 'food-bank']) {
      orgs[id] = [];
      run(organizationDecider, orgs[id], { type: 'RegisterOrganization', data: { id, name: id, sector: 'other' } }, context(operator));
    }
    const orgState = (id: string) => evolveAll(organizationDecider, orgs[id]);

    const collab: Collaborative.CollaborativeEvent[] = [];
    run(collaborativeDecider, collab, { type: 'FormCollaborative', data: { id: 'upper-valley', name: 'Upper Valley', region: 'VT', pathwayPhase: 5 } }, context(operator));
    run(collaborativeDecider, collab, { type: 'AdmitMember', data: { organizationId: 'county-health', role: 'steward' } }, { ...context(operator), organization: orgState('county-health') });
    for (const id of ['valley-hospital', 'food-bank']) {
      run(collaborativeDecider, collab, { type: 'AdmitMember', data: { organizationId: id, role: 'member' } }, { ...context(org('county-health')), organization: orgState(id) });
    }
    const collaborative = evolveAll(collaborativeDecider, collab)!;
    expect(roleOf(collaborative, 'food-bank')).toBe('member');

    const commitment: Commitment.CommitmentEvent[] = [];
    const asHospital = { ...context(org('valley-hospital')), collaborative };
    run(commitmentDecider, commitment, { type: 'MakeCommitment', data: { id: 'c1', collaborativeId: 'upper-valley', promisee: { collaborativeId: 'upper-valley' }, title: 'Calls', dueDate: '2025-02-28' } }, asHospital);
    run(commitmentDecider, commitment, { type: 'AcceptCommitment', data: {} }, { ...context(org('county-health')), collaborative });
    expect(commitmentStatus(evolveAll(commitmentDecider, commitment)!, '2025-03-01T00:00:00Z')).toBe('overdue');
    run(commitmentDecider, commitment, { type: 'ClaimCommitmentDelivery', data: { deliveredOn: '2025-02-27' } }, asHospital);
    run(commitmentDecider, commitment, { type: 'ConfirmCommitmentDelivery', data: {} }, { ...context(org('county-health')), collaborative });
    expect(commitmentStatus(evolveAll(commitmentDecider, commitment)!, '2025-03-01T00:00:00Z')).toBe('delivered');

    const pledge: Pledge.PledgeEvent[] = [];
    run(pledgeDecider, pledge, { type: 'MakePledge', data: { id: 'p1', collaborativeId: 'upper-valley', recipient: { organizationId: 'food-bank' }, purpose: 'Meals', amount: { currency: 'USD', amount: '1000' }, binding: true, madeOn: '2025-01-10' } }, asHospital);
    const [disbursement] = run(pledgeDecider, pledge, { type: 'RecordDisbursement', data: { amount: { currency: 'USD', amount: '400' }, disbursedOn: '2025-02-01', reference: 'W1' } }, asHospital);
    expect(disbursement).toMatchObject({ type: 'PledgeDisbursementRecorded', data: { disbursementId: 'id-1' } });
    expect(formatMoney(pledgeFigures(evolveAll(pledgeDecider, pledge)!, '2025-03-01').outstanding)).toEqual({ currency: 'USD', amount: '600.00' });
    try {
      run(pledgeDecider, pledge, { type: 'RecordDisbursement', data: { amount: { currency: 'USD', amount: '600.01' }, disbursedOn: '2025-02-01', reference: 'W2' } }, asHospital);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'rule', code: 'disbursement_exceeds_outstanding' });
    }

    const agreement: RiskAgreement.RiskAgreementEvent[] = [];
    run(riskAgreementDecider, agreement, {
      type: 'ProposeRiskAgreement',
      data: {
        id: 'ra1', collaborativeId: 'upper-valley', title: 'TCOC', period: { start: '2024-01-01', end: '2024-12-31' }, model: 'two_sided',
        benchmark: { currency: 'USD', amount: '1000000' }, minimumSavingsRate: '2', minimumLossRate: '2', sharingRate: '50', lossSharingRate: '40',
        parties: [{ organizationId: 'valley-hospital', shareBps: 6000 }, { organizationId: 'food-bank', shareBps: 4000 }],
      },
    }, asHospital);
    run(riskAgreementDecider, agreement, { type: 'SignRiskAgreement', data: { signatory: { name: 'A', title: 'CEO' } } }, asHospital);
    const last = run(riskAgreementDecider, agreement, { type: 'SignRiskAgreement', data: { signatory: { name: 'B', title: 'ED' } } }, { ...context(org('food-bank')), collaborative });
    expect(last.map((e) => e.type)).toEqual(['RiskAgreementSigned', 'RiskAgreementTookEffect']);
    const settled = run(riskAgreementDecider, agreement, { type: 'RecordPeriodResult', data: { periodEnd: '2024-12-31', actualCost: { currency: 'USD', amount: '1100000' } } }, { ...context(org('county-health')), collaborative });
    expect(settled[1]).toMatchObject({
      type: 'SettlementDetermined',
      data: { pool: { currency: 'USD', amount: '-40000.00' }, parts: [{ organizationId: 'valley-hospital', amount: { amount: '-24000.00' } }, { organizationId: 'food-bank', amount: { amount: '-16000.00' } }] },
    });

    // Every event emitted has a schema version and reads back unchanged through upcast.
    for (const event of [...Object.values(orgs).flat(), ...collab, ...commitment, ...pledge, ...agreement]) {
      expect(EVENT_SCHEMA_VERSIONS[event.type as keyof typeof EVENT_SCHEMA_VERSIONS]).toBe(1);
      expect(upcast(event.type, 1, event.data)).toBe(event.data);
    }
  });
});
