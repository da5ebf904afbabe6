import { LRUCache } from 'lru-cache';
import { recordOfStream } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { LedgerTopics } from '@ledger/member-consumer';
import { CHECKPOINT_STREAM } from '../integrity/checkpoints.service';

/** The first event of a stream, where its record names its collaborative. */
export type FirstEventReader = (streamId: string) => Promise<RecordedEvent | undefined>;

/** Records whose collaborative is remembered (a few dozen bytes each); older ones are read again. */
const REMEMBERED_STREAMS = 200_000;

/**
 * Which topic each event goes to (LEDGER.md, "Streams for member organizations"):
 * - the ledger's signed checkpoints (the ledger-checkpoints stream): `<prefix>.checkpoints`;
 * - a collaborative's own events, and those of every record that lives in it (commitments, pledges,
 *   declarations, risk agreements, resolutions, meetings: the first event of each names it):
 *   `<prefix>.collaborative.<id>`;
 * - organizations (registrations, signing keys, API keys' ids), and anything else naming no
 *   collaborative: `<prefix>.registry`.
 * A record's collaborative never changes, so its stream is remembered; a publisher that starts in the
 * middle of the log (another server took over) reads the first event of a stream it has not met.
 */
export class TopicRouter {
  private readonly collaborativeOf = new LRUCache<string, string | false>({ max: REMEMBERED_STREAMS });

  constructor(
    readonly topics: LedgerTopics,
    private readonly firstEvent: FirstEventReader,
  ) {}

  /** The topic of each event, in order. */
  async topicsOf(events: readonly RecordedEvent[]): Promise<string[]> {
    const out: string[] = [];
    for (const event of events) out.push(await this.topicOf(event));
    return out;
  }

  async topicOf(event: RecordedEvent): Promise<string> {
    if (event.streamId === CHECKPOINT_STREAM) return this.topics.checkpoints;
    const collaborativeId = await this.collaborative(event);
    return collaborativeId ? this.topics.collaborative(collaborativeId) : this.topics.registry;
  }

  private async collaborative(event: RecordedEvent): Promise<string | false> {
    const record = recordOfStream(event.streamId);
    if (record === 'collaborative') return event.streamId.slice('collaborative-'.length);
    if (record === 'organization') return false;
    const known = this.collaborativeOf.get(event.streamId);
    if (known !== undefined) return known;
    const first = event.streamRevision === 0 ? event : await this.firstEvent(event.streamId);
    const named = (first?.data as { collaborativeId?: unknown } | undefined)?.collaborativeId;
    const collaborativeId = typeof named === 'string' && named.length > 0 ? named : false;
    this.collaborativeOf.set(event.streamId, collaborativeId);
    return collaborativeId;
  }
}
