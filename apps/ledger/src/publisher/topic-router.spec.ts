import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import { ledgerTopics } from '@ledger/member-consumer';
import { TopicRouter } from './topic-router';

function event(streamId: string, streamRevision: number, type: string, data: Record<string, unknown> = {}): RecordedEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    actor: { type: 'operator' },
    correlationId: randomUUID(),
    causationId: null,
    position: 1,
    streamId,
    streamRevision,
    recordedAt: '2026-01-01T00:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  };
}

describe('the topic of each event', () => {
  const topics = ledgerTopics('region');

  it("sends a collaborative's records to its topic, organizations to the registry, checkpoints to theirs", async () => {
    const router = new TopicRouter(topics, async () => undefined);
    expect(
      await router.topicsOf([
        event('collaborative-upper-valley', 0, 'CollaborativeFormed', { collaborativeId: 'upper-valley' }),
        event('collaborative-upper-valley', 3, 'MemberAdmitted', { collaborativeId: 'upper-valley', organizationId: 'riverside' }),
        event('commitment-c1', 0, 'CommitmentMade', { collaborativeId: 'upper-valley' }),
        event('commitment-c1', 1, 'CommitmentAccepted', {}),
        event('pledge-p1', 0, 'PledgeMade', { collaborativeId: 'lower-valley' }),
        event('organization-riverside', 0, 'OrganizationRegistered', { organizationId: 'riverside' }),
        event('organization-riverside', 1, 'ApiKeyIssued', { organizationId: 'riverside', collaborativeId: 'upper-valley' }),
        event('ledger-checkpoints', 0, 'CheckpointSigned', {}),
      ]),
    ).toEqual([
      'region.collaborative.upper-valley',
      'region.collaborative.upper-valley',
      'region.collaborative.upper-valley',
      'region.collaborative.upper-valley',
      'region.collaborative.lower-valley',
      'region.registry',
      'region.registry',
      'region.checkpoints',
    ]);
  });

  it("reads the first event of a record it has not met (a publisher starting mid-log), once", async () => {
    const asked: string[] = [];
    const router = new TopicRouter(topics, async (streamId) => {
      asked.push(streamId);
      return streamId === 'resolution-r1' ? event('resolution-r1', 0, 'ResolutionProposed', { collaborativeId: 'upper-valley' }) : undefined;
    });
    expect(await router.topicOf(event('resolution-r1', 4, 'VoteCast'))).toBe('region.collaborative.upper-valley');
    expect(await router.topicOf(event('resolution-r1', 5, 'VoteCast'))).toBe('region.collaborative.upper-valley');
    // A stream naming no collaborative (none of the ledger's records; a test's own stream) goes to the registry.
    expect(await router.topicOf(event('load-test-1', 2, 'LoadTestAppended'))).toBe('region.registry');
    expect(asked).toEqual(['resolution-r1', 'load-test-1']);
  });

  it('names topics only with what Kafka allows', () => {
    expect(() => ledgerTopics('bad prefix')).toThrow(/cannot begin a Kafka topic name/);
    expect(ledgerTopics().collaborative('x')).toBe('ledger.collaborative.x');
  });
});
