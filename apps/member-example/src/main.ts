/**
 * An example member application: follows the ledger's Kafka topic with libs/member-consumer and
 * prints each event handed on (position, type, record, revision), keeping its dedup state in a file.
 *
 *   npx tsx apps/member-example/src/main.ts                # from a checkout
 *   npm run build && node dist/apps/member-example/src/main.js
 *
 * Environment:
 *   KAFKA_BROKERS        host:port[,host:port] of the ledger's Kafka (default 127.0.0.1:9092)
 *   KAFKA_TOPIC          the ledger's topic (default ledger.events)
 *   MEMBER_GROUP_ID      this member's consumer group (default member-example)
 *   MEMBER_STATE_FILE    the dedup state (default ./member-state/<group>.dedup.json)
 *   MEMBER_FROM_BEGINNING  "false" to start at the topic's end when the group is new (default true)
 * Stops cleanly on SIGINT/SIGTERM; exits 1 if an event fails its integrity check.
 */
import { resolve } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import { FileDedupStore, LedgerConsumer, type Delivery } from '@ledger/member-consumer';

function line(event: RecordedEvent, delivery: Delivery): string {
  const actor = event.actor.organizationId ?? event.actor.type;
  return `position ${event.position}\t${event.type}\t${event.streamId}@${event.streamRevision}\tby ${actor}\t(partition ${delivery.partition}, offset ${delivery.offset})`;
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
  const topic = process.env.KAFKA_TOPIC || 'ledger.events';
  const groupId = process.env.MEMBER_GROUP_ID || 'member-example';
  const stateFile = resolve(process.env.MEMBER_STATE_FILE || `member-state/${groupId}.dedup.json`);
  const dedup = new FileDedupStore(stateFile);

  const consumer = new LedgerConsumer({
    brokers,
    topic,
    groupId,
    fromBeginning: process.env.MEMBER_FROM_BEGINNING !== 'false',
    dedup,
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
    const { handed, duplicates, linksChecked } = consumer.counters;
    console.error(`member-example: ${signal}: stopped after ${handed} events (${duplicates} duplicates dropped, ${linksChecked} hash links checked)`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // The topic may not exist yet (the ledger creates it when it first reaches Kafka): keep trying.
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.start();
      break;
    } catch (error) {
      if (stopping) return;
      console.error(`member-example: cannot follow ${topic} on ${brokers.join(',')} yet (${(error as Error).message}); retrying`);
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
    }
  }
  console.error(`member-example: following ${topic} on ${brokers.join(',')} as group ${groupId}; dedup state in ${stateFile} (${dedup.size} records known)`);
}

main().catch((error) => {
  console.error('member-example:', error);
  process.exit(1);
});
