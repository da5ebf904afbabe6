import { randomUUID } from 'node:crypto';
import type { EventContent, RecordedEvent } from '@ledger/event-store';
import { GENESIS_HASH, sealEvent } from '@ledger/integrity';
import { MemoryDedupStore } from './dedup-store';
import { LEDGER_HEADERS, LedgerEventGate } from './event-gate';

/** A small sealed log: [streamId, ...] in position order, revisions counted per stream. */
function log(streams: string[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  let prevHash = GENESIS_HASH;
  return streams.map((streamId, i) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const content: EventContent = {
      eventId: randomUUID(),
      type: revision === 0 ? 'CommitmentMade' : 'CommitmentProgressReported',
      schemaVersion: 1,
      data: { n: i },
      actor: { type: 'organization', organizationId: 'riverside-chc', role: 'member' },
      correlationId: randomUUID(),
      causationId: null,
      position: i + 1,
      streamId,
      streamRevision: revision,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    };
    const sealed = sealEvent(prevHash, content);
    prevHash = sealed.hash;
    return sealed;
  });
}

const delivery = (e: RecordedEvent) => ({
  key: e.streamId,
  headers: { [LEDGER_HEADERS.eventId]: e.eventId, [LEDGER_HEADERS.type]: e.type, [LEDGER_HEADERS.position]: String(e.position) },
});

/** Runs events through the gate as the consumer does; returns the verdict kinds. */
async function pass(gate: LedgerEventGate, events: RecordedEvent[]): Promise<string[]> {
  const kinds: string[] = [];
  for (const event of events) {
    const verdict = await gate.check(event, delivery(event));
    kinds.push(verdict.kind === 'refused' ? `refused: ${verdict.reason}` : verdict.kind);
    if (verdict.kind === 'new') await gate.handed(event);
  }
  return kinds;
}

describe('LedgerEventGate', () => {
  it('hands each event on once, and drops what a crashed publisher sent again', async () => {
    const events = log(['c-1', 'c-2', 'c-1', 'c-1', 'c-2']);
    const gate = new LedgerEventGate();
    // The publisher crashed after Kafka acknowledged positions 2-4 and re-sent them.
    const arriving = [events[0], events[1], events[2], events[3], events[1], events[2], events[3], events[4]];
    expect(await pass(gate, arriving)).toEqual(['new', 'new', 'new', 'new', 'duplicate', 'duplicate', 'duplicate', 'new']);
    expect(gate.counters).toEqual({ handed: 5, duplicates: 3, linksChecked: 4, refused: 0 });
  });

  it("keeps each topic's link: positions of one topic in between another's break no link and hide none", async () => {
    // Positions 1, 3 on topic A (two collaboratives' events interleaved on the log: 2 and 4 on B).
    const events = log(['a-1', 'b-1', 'a-1', 'b-1', 'a-1']);
    const onTopic = (e: RecordedEvent, topic: string) => ({ ...delivery(e), topic });
    const gate = new LedgerEventGate();
    const arrivals: Array<[RecordedEvent, string]> = [
      [events[0], 'A'],
      [events[1], 'B'],
      [events[2], 'A'],
      [events[3], 'B'],
      [events[4], 'A'],
    ];
    for (const [event, topic] of arrivals) {
      const verdict = await gate.check(event, onTopic(event, topic));
      expect(verdict.kind).toBe('new');
      await gate.handed(event);
    }
    // On topic A, 1 → 3 and 3 → 5 are not consecutive, on B 2 → 4 neither: no link was checked.
    expect(gate.counters.linksChecked).toBe(0);

    // Consecutive positions on one topic are linked: position 2 of another chain (its own hash
    // right) is caught there, and on another topic the same event is not compared with position 1.
    const [first] = log(['x', 'x']);
    const [, otherChain] = log(['x', 'x']);
    const strict = new LedgerEventGate();
    expect((await strict.check(first, onTopic(first, 'A'))).kind).toBe('new');
    await strict.handed(first);
    expect(await strict.check(otherChain, onTopic(otherChain, 'A'))).toMatchObject({ kind: 'refused', reason: 'prevHash does not match the hash of position 1' });
    const elsewhere = new LedgerEventGate();
    expect((await elsewhere.check(first, onTopic(first, 'A'))).kind).toBe('new');
    await elsewhere.handed(first);
    expect((await elsewhere.check(otherChain, onTopic(otherChain, 'B'))).kind).toBe('new');
  });

  it('checks the prevHash link when consecutive positions arrive one after the other', async () => {
    const events = log(['a', 'b', 'a', 'c']);
    const gate = new LedgerEventGate();
    // Positions arriving 1, 3, 2, 4 (partitions interleave): no position arrives right after its predecessor.
    expect(await pass(gate, [events[0], events[2], events[1], events[3]])).toEqual(['new', 'new', 'new', 'new']);
    expect(gate.counters.linksChecked).toBe(0);
    const inOrder = new LedgerEventGate();
    await pass(inOrder, events);
    expect(inOrder.counters.linksChecked).toBe(3);
  });

  it('refuses an event whose content does not match its hash', async () => {
    const [first, second] = log(['a', 'a']);
    const gate = new LedgerEventGate();
    const forged = { ...second, data: { n: 999 } };
    const kinds = await pass(gate, [first, forged]);
    expect(kinds[1]).toBe('refused: its hash does not match its content');
    expect(gate.counters).toMatchObject({ handed: 1, refused: 1 });
  });

  it('refuses an event re-sealed onto another chain (its prevHash is not the previous hash)', async () => {
    const [first, second] = log(['a', 'b']);
    const { prevHash: _p, hash: _h, ...content } = second;
    const resealed = sealEvent('f'.repeat(64), content);
    const kinds = await pass(new LedgerEventGate(), [first, resealed]);
    expect(kinds[1]).toBe('refused: prevHash does not match the hash of position 1');
  });

  it('refuses a gap in a record\'s revisions (an event that never arrived) instead of handing on past it', async () => {
    const events = log(['a', 'a', 'a']);
    const gate = new LedgerEventGate();
    const kinds = await pass(gate, [events[0], events[2]]);
    expect(kinds[1]).toBe('refused: stream a jumped from revision 0 to 2: revisions 1..1 were never delivered');
    // Once the missing event comes, the record goes on.
    expect(await pass(gate, [events[1], events[2]])).toEqual(['new', 'new']);
  });

  it('refuses a message whose key or headers disagree with the event', async () => {
    const [event] = log(['a']);
    const gate = new LedgerEventGate();
    expect(await gate.check(event, { ...delivery(event), key: 'b' })).toMatchObject({ kind: 'refused', reason: "message key b is not the event's stream id a" });
    const wrongId = { ...delivery(event), headers: { ...delivery(event).headers, [LEDGER_HEADERS.eventId]: 'other' } };
    expect(await gate.check(event, wrongId)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('header ledger-event-id=other') });
    // Headers are optional (a message copied by other tools may lose them); the event still verifies.
    expect(await gate.check(event, { key: null, headers: {} })).toMatchObject({ kind: 'new' });
  });

  it('resumes from a dedup store that outlived the process', async () => {
    const events = log(['a', 'a', 'b']);
    const dedup = new MemoryDedupStore();
    await pass(new LedgerEventGate(dedup), events.slice(0, 2));
    // A restarted consumer re-reads the topic from its start: what it handed on before is dropped.
    expect(await pass(new LedgerEventGate(dedup), events)).toEqual(['duplicate', 'duplicate', 'new']);
  });
});
