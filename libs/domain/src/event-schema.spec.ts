import { EVENT_SCHEMA_VERSIONS, isDomainEventType, schemaVersionOf, upcast } from './event-schema';

describe('event schema versions', () => {
  it('lists every domain event type, all at version 1 for now', () => {
    const types = Object.keys(EVENT_SCHEMA_VERSIONS);
    expect(types).toHaveLength(13 + 11 + 5 + 12 + 6 + 6 + 5 + 1);
    expect(new Set(Object.values(EVENT_SCHEMA_VERSIONS))).toEqual(new Set([1]));
    expect(types.every((type) => /^[A-Z][A-Za-z]+$/.test(type))).toBe(true);
    expect(schemaVersionOf('SettlementDetermined')).toBe(1);
    for (const type of ['CharterAdopted', 'CharterAmended', 'MemberRoleChanged', 'SharedGoalRevised', 'MeasurementCorrected', 'PathwayPhaseChanged', 'ResolutionProposed', 'VoteCast', 'RecusalRecorded', 'ResolutionClosed', 'ResolutionWithdrawn', 'MeetingRecorded', 'WitnessKeyRegistered', 'WitnessKeyRevoked'] as const) {
      expect(schemaVersionOf(type)).toBe(1);
    }
  });

  it('knows its own types', () => {
    expect(isDomainEventType('CommitmentMade')).toBe(true);
    expect(isDomainEventType('toString')).toBe(false);
  });

  it('upcasts version-1 events to themselves and refuses future versions', () => {
    const data = { commitmentId: 'c1' };
    expect(upcast('CommitmentMade', 1, data)).toBe(data);
    expect(() => upcast('CommitmentMade', 2, data)).toThrow();
  });
});
