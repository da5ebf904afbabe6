/**
 * An example member application: follows the ledger's Kafka topics with libs/member-consumer and
 * prints each event handed on (position, type, record, revision), keeping its dedup state in a file.
 *
 *   npx tsx apps/member-example/src/main.ts                # from a checkout
 *   npm run build && node dist/apps/member-example/src/main.js
 *
 * Environment:
 *   KAFKA_BROKERS        host:port[,host:port] of the ledger's Kafka (default 127.0.0.1:9092)
 *   KAFKA_TOPIC_PREFIX   the ledger's topic prefix (default ledger)
 *   MEMBER_COLLABORATIVES  the collaboratives this organization belongs to, comma-separated: their
 *                        topics are followed, with the registry's and the checkpoints'
 *   KAFKA_SSL=true, KAFKA_SSL_CA_FILE   TLS to the broker (the CA file: PEM; default the system's CAs)
 *   KAFKA_SASL_MECHANISM=scram-sha-512, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD (or _FILE)
 *                        the organization's user on a broker with ACLs (infra/kafka/member-user.sh)
 *   MEMBER_GROUP_ID      this member's consumer group (default member-example; on a broker with
 *                        ACLs, one whose name begins with the user's)
 *   MEMBER_STATE_FILE    the dedup state (default ./member-state/<group>.dedup.json)
 *   MEMBER_FROM_BEGINNING  "false" to start at the topic's end when the group is new (default true)
 *
 * As a witness of the ledger (MEMBER_WITNESS=true): each checkpoint on the topic is checked
 * against the last one this member cosigned and cosigned (apps/member-example/README.md):
 *   LEDGER_URL           the ledger's base URL (proofs are asked there, cosignatures posted there)
 *   LEDGER_API_KEY       this organization's API key (a reader of raw events)
 *   LEDGER_PUBLIC_KEY    the ledger's checkpoint key: a file (SPKI PEM or base64) or the base64 itself
 *   LEDGER_ORIGIN        refuse checkpoints of another origin (default: pinned by the first one)
 *   WITNESS_NAME         the witness's key name (default <group>.witness, e.g. riverside-chc.example/ledger-witness)
 *   WITNESS_KEY_FILE     its Ed25519 key, PKCS#8 PEM, made on first start with mode 0600
 *                        (default ./member-state/<group>.witness-key.pem)
 *   WITNESS_STATE_FILE   its last cosigned checkpoint (default ./member-state/<group>.witness.json)
 *   WITNESS_ORGANIZATION the organization's id: register the witness key with the ledger on start
 *                        (POST /organizations/:id/witness-keys; already registered is fine)
 * Stops cleanly on SIGINT/SIGTERM; exits 1 if an event fails its integrity check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import { formatCheckpointNote, loadOrCreateSigningKey, parsePublicKey } from '@ledger/integrity';
import {
  CosignaturePoster,
  FileDedupStore,
  kafkaSecurityOptions,
  LedgerConsumer,
  registerWitnessKey,
  Witness,
  WitnessRunner,
  type Delivery,
  type KafkaSecurity,
} from '@ledger/member-consumer';

function line(event: RecordedEvent, delivery: Delivery): string {
  const actor = event.actor.organizationId ?? event.actor.type;
  return `position ${event.position}\t${event.type}\t${event.streamId}@${event.streamRevision}\tby ${actor}\t(partition ${delivery.partition}, offset ${delivery.offset})`;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`MEMBER_WITNESS=true needs ${name}`);
  return value;
}

/** The witness, its runner and the poster of its cosignatures, from the environment. */
async function startWitness(groupId: string): Promise<{ runner: WitnessRunner; poster: CosignaturePoster }> {
  const ledgerUrl = required('LEDGER_URL');
  const apiKey = required('LEDGER_API_KEY');
  const ledgerKeyText = required('LEDGER_PUBLIC_KEY');
  const ledgerPublicKey = parsePublicKey(existsSync(ledgerKeyText) ? readFileSync(ledgerKeyText, 'utf8') : ledgerKeyText);
  const keyFile = resolve(process.env.WITNESS_KEY_FILE || `member-state/${groupId}.witness-key.pem`);
  const key = loadOrCreateSigningKey({ dataDir: dirname(keyFile), file: keyFile });
  if (key.warning) console.error(`member-example: ${key.warning}`);
  const poster = new CosignaturePoster({ ledgerUrl, apiKey, log: (message) => console.error(`member-example: ${message}`) });
  const witness = Witness.open({
    name: process.env.WITNESS_NAME || `${groupId}.witness`,
    privateKey: key.privateKey,
    ledgerPublicKey,
    origin: process.env.LEDGER_ORIGIN || undefined,
    stateFile: resolve(process.env.WITNESS_STATE_FILE || `member-state/${groupId}.witness.json`),
    ledgerUrl,
    apiKey,
    // Member code would page someone here: the ledger showed a history inconsistent with one this
    // organization cosigned. The alarm holds both signed checkpoints, the evidence to share.
    onAlarm: (alarm) => {
      console.error(`member-example: ALARM ${alarm.message}`);
      console.error(`member-example: the checkpoint this witness cosigned:\n${alarm.held.note ?? '(size and root only)'}`);
      console.error(`member-example: the checkpoint offered now:\n${alarm.offered.note}`);
    },
  });
  console.error(`member-example: witnessing as ${witness.vkey}${key.created ? ` (new key in ${keyFile})` : ''}`);
  const organizationId = process.env.WITNESS_ORGANIZATION;
  if (organizationId) {
    const registration = await registerWitnessKey({ ledgerUrl, apiKey, organizationId, vkey: witness.vkey, log: (message) => console.error(`member-example: ${message}`) });
    console.error(`member-example: witness key of ${organizationId}: ${registration}`);
  }
  const runner = new WitnessRunner(witness, {
    log: (message) => console.error(`member-example: ${message}`),
    onCosigned: ({ checkpoint, line }) => {
      console.error(`member-example: cosigned tree size ${checkpoint.treeSize} root ${checkpoint.rootHash}`);
      poster.submit(checkpoint.treeSize, line, formatCheckpointNote(checkpoint));
    },
  });
  // A cosignature made before a restart may never have reached the ledger: send it again.
  if (witness.head) poster.submit(witness.head.treeSize, witness.head.cosignature, witness.head.note);
  return { runner, poster };
}

/** TLS and SASL/SCRAM to the broker, as the ledger's own settings of the same names. */
function brokerSecurity(): KafkaSecurity {
  const env = process.env;
  const password = env.KAFKA_SASL_PASSWORD_FILE ? readFileSync(env.KAFKA_SASL_PASSWORD_FILE, 'utf8').replace(/\r?\n$/, '') : env.KAFKA_SASL_PASSWORD;
  const mechanism = env.KAFKA_SASL_MECHANISM as NonNullable<KafkaSecurity['sasl']>['mechanism'] | undefined;
  if (mechanism && !['scram-sha-512', 'scram-sha-256'].includes(mechanism)) throw new Error('KAFKA_SASL_MECHANISM must be scram-sha-512 or scram-sha-256');
  if (mechanism && (!env.KAFKA_SASL_USERNAME || !password)) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  return {
    ssl: env.KAFKA_SSL === 'true',
    caFile: env.KAFKA_SSL_CA_FILE || undefined,
    sasl: mechanism ? { mechanism, username: env.KAFKA_SASL_USERNAME!, password: password! } : undefined,
  };
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
  const collaboratives = (process.env.MEMBER_COLLABORATIVES ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const groupId = process.env.MEMBER_GROUP_ID || 'member-example';
  const stateFile = resolve(process.env.MEMBER_STATE_FILE || `member-state/${groupId}.dedup.json`);
  const dedup = new FileDedupStore(stateFile);
  const witnessing = process.env.MEMBER_WITNESS === 'true' ? await startWitness(groupId) : undefined;

  const consumer = new LedgerConsumer({
    brokers,
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX || undefined,
    collaboratives,
    kafka: kafkaSecurityOptions(brokerSecurity()),
    groupId,
    fromBeginning: process.env.MEMBER_FROM_BEGINNING !== 'false',
    dedup,
    witness: witnessing?.runner,
    // Member code. Here it only prints; a real member would update its own records. It runs once
    // per event, in each record's order; if it throws, the event is delivered again.
    onEvent: (event, delivery) => {
      process.stdout.write(`${line(event, delivery)}\n`);
    },
    onCrash: (error) => {
      console.error(`member-example: stopped: ${error.message}`);
      process.exit(1);
    },
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await consumer.stop().catch(() => undefined);
    witnessing?.poster.close();
    await witnessing?.runner.close().catch(() => undefined);
    const { handed, duplicates, linksChecked } = consumer.counters;
    console.error(`member-example: ${signal}: stopped after ${handed} events (${duplicates} duplicates dropped, ${linksChecked} hash links checked)`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const topics = consumer.topics.join(', ');
  // A topic may not exist yet (the ledger creates each when it first publishes to it): keep trying.
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.start();
      break;
    } catch (error) {
      if (stopping) return;
      console.error(`member-example: cannot follow ${topics} on ${brokers.join(',')} yet (${(error as Error).message}); retrying`);
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
    }
  }
  console.error(`member-example: following ${topics} on ${brokers.join(',')} as group ${groupId}; dedup state in ${stateFile} (${dedup.size} records known)`);
}

main().catch((error) => {
  console.error('member-example:', error);
  process.exit(1);
});
