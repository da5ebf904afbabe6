/**
 * The ledger's Kafka topics (LEDGER.md, "Streams for member organizations"): each collaborative's
 * events on a topic of its own, so that a broker's ACLs let each member read exactly the
 * collaboratives it belongs to; organizations and their keys on the registry topic; the ledger's
 * signed checkpoints on the checkpoints topic. The prefix is the ledger's KAFKA_TOPIC_PREFIX.
 */
export const DEFAULT_TOPIC_PREFIX = 'ledger';

export interface LedgerTopics {
  readonly prefix: string;
  /** `<prefix>.registry`: organizations, their signing keys and API keys (ids, never secrets). */
  readonly registry: string;
  /** `<prefix>.checkpoints`: the ledger's signed checkpoints (the ledger-checkpoints stream). */
  readonly checkpoints: string;
  /** `<prefix>.collaborative.`: what every collaborative's topic name starts with. */
  readonly collaborativePrefix: string;
  /** `<prefix>.collaborative.<id>`: every record of the collaborative, the collaborative's own included. */
  collaborative(collaborativeId: string): string;
}

/** Kafka's own limit on a topic name: 249 characters of [A-Za-z0-9._-]. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function ledgerTopics(prefix: string = DEFAULT_TOPIC_PREFIX): LedgerTopics {
  if (!TOPIC_NAME.test(`${prefix}.collaborative.x`)) throw new Error(`${JSON.stringify(prefix)} cannot begin a Kafka topic name`);
  return {
    prefix,
    registry: `${prefix}.registry`,
    checkpoints: `${prefix}.checkpoints`,
    collaborativePrefix: `${prefix}.collaborative.`,
    collaborative: (collaborativeId: string) => {
      const topic = `${prefix}.collaborative.${collaborativeId}`;
      if (!TOPIC_NAME.test(topic)) throw new Error(`collaborative ${JSON.stringify(collaborativeId)} makes no valid Kafka topic name`);
      return topic;
    },
  };
}
