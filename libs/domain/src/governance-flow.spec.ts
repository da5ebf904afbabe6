/**
 * Governance through the public entry point, as the application layer would drive it: a charter,
 * a resolution to terminate a declaration, its votes, its closure, and its act carried out on the
 * declaration with the collaborative as actor.
 */
import {
  RECORDS,
  actCommand,
  charterOf,
  evolveAll,
  type Actor,
  type Command,
  type Decider,
  type DecisionContext,
  type DomainEvent,
  type RecordName,
  type RecordType,
  type ResolutionState,
} from '@ledger/domain';

const streams = new Map<string, DomainEvent[]>();
const stateOf = (record: RecordName, id: string): unknown => evolveAll(RECORDS[record].decider as Decider<Command, DomainEvent, unknown>, streams.get(`${record}-${id}`) ?? []);

/** What the command handler does: load the state and what decide needs, decide, append. */
function run(record: RecordName, id: string, command: Command, actor: Actor, now = '2025-03-01T12:00:00.000Z'): DomainEvent[] {
  // The registry drives every record through one shape, as the command handler does.
  const type = RECORDS[record] as unknown as RecordType;
  const state = stateOf(record, id);
  const extra = Object.fromEntries(type.contextFor(command, state).map((need) => [need.field, stateOf(need.record, need.id)]));
  let n = 0;
  const context: DecisionContext = { actor, now, today: now.slice(0, 10), ids: { next: () => `gen-${++n}` }, ...extra };
  const events = type.decider.decide(command, state, context);
  streams.set(`${record}-${id}`, [...(streams.get(`${record}-${id}`) ?? []), ...events]);
  return events;
}

/** Adopted: the application carries out each act on its record, the collaborative acting by resolution. */
function carryOut(resolutionId: string): DomainEvent[] {
  const resolution = stateOf('resolution', resolutionId) as ResolutionState;
  expect(resolution.status).toBe('adopted');
  return resolution.acts.flatMap((act) => {
    const { record, id, command } = actCommand(act, resolution.collaborativeId);
    return run(record, id, command, { kind: 'resolution', collaborativeId: resolution.collaborativeId, resolutionId });
  });
}

const operator: Actor = { kind: 'operator' };
const org = (organizationId: string): Actor => ({ kind: 'organization', organizationId });

describe('governance, end to end through the public API', () => {
  it('the first steward admits the others by resolution; a declaration is terminated by an adopted resolution, not by one steward', () => {
    const stewards = ['county-health', 'valley-hospital', 'river-clinic'];
    for (const id of [...stewards, 'food-bank']) run('organization', id, { type: 'RegisterOrganization', data: { id, name: id, sector: 'other' } }, operator);
    run('collaborative', 'upper-valley', { type: 'FormCollaborative', data: { id: 'upper-valley', name: 'Upper Valley', region: 'VT', pathwayPhase: 5 } }, operator);
    run('collaborative', 'upper-valley', { type: 'SetCharter', data: { rules: [{ matter: 'terminate_declaration', decidedBy: 'stewards', quorumPct: 60, thresholdPct: 66.67, votingDays: 10 }] } }, operator);
    // The operator admits the first steward; then the stewards decide: one steward alone cannot admit another.
    run('collaborative', 'upper-valley', { type: 'AdmitMember', data: { organizationId: 'county-health', role: 'steward' } }, operator);
    expect(() => run('collaborative', 'upper-valley', { type: 'AdmitMember', data: { organizationId: 'valley-hospital', role: 'steward' } }, org('county-health'))).toThrow(/resolution_required/);
    const admitStewards = { type: 'ProposeResolution', data: { id: 'r-0', collaborativeId: 'upper-valley', title: 'Admit the founding stewards', matter: 'admit_member', acts: stewards.slice(1).map((organizationId) => ({ type: 'admit_member', organizationId, role: 'steward' })) } };
    run('resolution', 'r-0', admitStewards, org('county-health'));
    run('resolution', 'r-0', { type: 'CastVote', data: { choice: 'for' } }, org('county-health'));
    run('resolution', 'r-0', { type: 'CloseResolution', data: {} }, org('county-health'));
    carryOut('r-0');
    run('collaborative', 'upper-valley', { type: 'AdmitMember', data: { organizationId: 'food-bank', role: 'member' } }, org('county-health'));
    expect(charterOf(stateOf('collaborative', 'upper-valley') as never).find((rule) => rule.matter === 'terminate_declaration')).toMatchObject({ source: 'charter', thresholdPct: '66.67' });

    run('partnership', 'd-care', { type: 'DraftDeclaration', data: { id: 'd-care', collaborativeId: 'upper-valley', title: 'Care', termsSha256: 'a'.repeat(64), parties: ['valley-hospital', 'food-bank'], effectiveFrom: '2025-01-01' } }, org('county-health'));
    expect(() => run('partnership', 'd-care', { type: 'TerminateDeclaration', data: { reason: 'Superseded' } }, org('county-health'))).toThrow(/resolution_required/);

    const [proposed] = run(
      'resolution',
      'r-1',
      { type: 'ProposeResolution', data: { id: 'r-1', collaborativeId: 'upper-valley', title: 'End the care declaration', matter: 'terminate_declaration', acts: [{ type: 'terminate_declaration', partnershipId: 'd-care', reason: 'Superseded' }] } },
      org('county-health'),
    );
    expect(proposed.data).toMatchObject({ electorate: ['county-health', 'river-clinic', 'valley-hospital'], recused: [{ organizationId: 'valley-hospital' }], votingClosesAt: '2025-03-11T12:00:00.000Z' });
    expect(() => run('resolution', 'r-1', { type: 'CastVote', data: { choice: 'against' } }, org('valley-hospital'))).toThrow(/recused/);
    run('resolution', 'r-1', { type: 'CastVote', data: { choice: 'for' } }, org('county-health'));
    run('resolution', 'r-1', { type: 'CastVote', data: { choice: 'for' } }, org('river-clinic'));
    const [closed] = run('resolution', 'r-1', { type: 'CloseResolution', data: {} }, org('river-clinic'));
    expect(closed.data).toMatchObject({ outcome: 'adopted', early: true, tally: { eligible: 2, for: 2, recused: 1, quorumMet: true, thresholdMet: true } });

    expect(carryOut('r-1')).toEqual([{ type: 'DeclarationTerminated', data: { partnershipId: 'd-care', terminatedBy: 'upper-valley', reason: 'Superseded', resolutionId: 'r-1' } }]);
  });
});
