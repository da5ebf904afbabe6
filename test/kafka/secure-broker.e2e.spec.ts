/**
 * The broker with TLS, SASL/SCRAM-SHA-512 and ACLs (infra/kafka/start.sh --secure; CI starts it
 * beside the plain one): the ledger publishes over TLS as its SCRAM user, a member organization's
 * user (made with infra/kafka/member-user.sh: Kafka's own tools) reads its collaborative's topic and
 * is refused another's, and a client without credentials, or with a wrong password, is refused.
 * Fails, never skips, when the secure broker is not there.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaConfig } from 'kafkajs';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { kafkaSecurityOptions, LedgerConsumer } from '@ledger/member-consumer';
import { EVENT_STORE } from '../../apps/ledger/src/infrastructure/tokens';
import { seedCollaborative } from '../support/collaborative';
import { client } from '../support/http-client';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { REPO, uniqueName, waitFor, withTimeout } from './support/kafka-kit';

const CREDENTIALS = join(REPO, 'infra/kafka/.secure/credentials.env');

/** What start.sh --secure wrote: the broker's address, its CA, the ledger user's password. */
function secureBroker(): Record<string, string> {
  if (!existsSync(CREDENTIALS)) {
    throw new Error(`no secure broker: ${CREDENTIALS} is missing. Start one with infra/kafka/start.sh --secure (CI does).`);
  }
  return Object.fromEntries(
    readFileSync(CREDENTIALS, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const run = promisify(execFile);

describe('the broker with TLS, SASL/SCRAM and ACLs (infra/kafka/start.sh --secure)', () => {
  const broker = secureBroker();
  const brokers = [broker.KAFKA_SECURE_BROKERS];
  const prefix = uniqueName('ledger-secure');
  const member = uniqueName('member');
  const memberPassword = `pw-${uniqueName('m').replace(/[^A-Za-z0-9-]/g, '')}`;
  const tls = { ssl: true, caFile: broker.KAFKA_SSL_CA_FILE };
  const asMember = (password = memberPassword): Omit<KafkaConfig, 'brokers'> => ({
    ...kafkaSecurityOptions({ ...tls, sasl: { mechanism: 'scram-sha-512', username: member, password } }),
    retry: { retries: 1 },
  });
  let ledger: RunningLedger;
  const consumers: LedgerConsumer[] = [];

  beforeAll(async () => {
    // The member organization's user: it may read the registry, the checkpoints and sec-upper.
    await run(join(REPO, 'infra/kafka/member-user.sh'), [member, prefix, 'sec-upper'], {
      env: { ...process.env, KAFKA_MEMBER_PASSWORD: memberPassword },
      timeout: 120_000,
    });
    ledger = await startLedger({
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: '2',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: broker.KAFKA_SSL_CA_FILE,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.KAFKA_LEDGER_USERNAME,
      KAFKA_SASL_PASSWORD: broker.KAFKA_LEDGER_PASSWORD,
    });
    const http = client(ledger.baseUrl);
    await seedCollaborative(http, 'sec-upper', [{ id: 'sec-upper-health', sector: 'hospital', role: 'steward' }]);
    await seedCollaborative(http, 'sec-lower', [{ id: 'sec-lower-health', sector: 'hospital', role: 'steward' }]);
    await waitFor('the ledger to publish everything over TLS and SCRAM', async () => (await http.get<{ kafkaPublisher: { lag: number } }>('/health')).body.kafkaPublisher.lag === 0, 60_000);
  }, 180_000);
  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop().catch(() => undefined);
    await ledger?.close();
  });

  function consumer(options: { collaboratives: string[]; kafka: Omit<KafkaConfig, 'brokers'>; handed?: RecordedEvent[] }): LedgerConsumer {
    const made = new LedgerConsumer({
      brokers,
      groupId: uniqueName(member),
      topicPrefix: prefix,
      collaboratives: options.collaboratives,
      kafka: options.kafka,
      onEvent: (event) => void options.handed?.push(event),
    });
    consumers.push(made);
    return made;
  }

  it("a member's SCRAM user reads its collaborative's topic (and the registry), over TLS", async () => {
    const handed: RecordedEvent[] = [];
    await consumer({ collaboratives: ['sec-upper'], kafka: asMember(), handed }).start();
    const stored = await ledger.app.get<EventStore>(EVENT_STORE).readAll({ after: 0, limit: 1000 });
    const readable = stored.filter((e) => e.streamId.startsWith('organization-') || e.streamId === 'collaborative-sec-upper');
    await waitFor('its events', () => handed.length >= readable.length, 30_000, () => `${handed.length}/${readable.length}`);
    expect(handed.map((e) => e.eventId).sort()).toEqual(readable.map((e) => e.eventId).sort());
    expect(handed.some((e) => e.streamId === 'collaborative-sec-lower')).toBe(false);
  });

  it("is refused another collaborative's topic: an authorization error", async () => {
    const error = await withTimeout(consumer({ collaboratives: ['sec-lower'], kafka: asMember() }).start().then(() => null, (e: Error) => e), 60_000, 'the refusal');
    expect(error).toMatchObject({ name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED' });
  });

  it('refuses a client without credentials, and one with a wrong password', async () => {
    const anonymous = await withTimeout(consumer({ collaboratives: ['sec-upper'], kafka: { ...kafkaSecurityOptions(tls), retry: { retries: 1 } } }).start().then(() => null, (e: Error) => e), 60_000, 'the refusal');
    // No SASL: the broker closes the connection at the first request past the handshake.
    expect(anonymous?.name).toMatch(/^KafkaJS(ConnectionClosed|Connection|NumberOfRetriesExceeded)Error$/);
    const wrong = await withTimeout(consumer({ collaboratives: ['sec-upper'], kafka: asMember('not-the-password') }).start().then(() => null, (e: Error) => e), 60_000, 'the refusal');
    expect(wrong).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    expect(wrong!.message).toMatch(/invalid credentials/);
  });
});
