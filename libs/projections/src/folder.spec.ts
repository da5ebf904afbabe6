import { commitmentDecider, pledgeDecider } from '@ledger/domain';
import { decodeState, encodeState } from './codec';
import { Folder, type ActEvent, type Version, type VersionSink } from './folder';
import type { LogEvent } from './log-event';
import { routeOf } from './records';
import { columnsFrom, rowOf, stableCommitmentStatus } from './tables';

const T0 = Date.parse('2025-03-01T09:00:00.000Z');
let position = 0;
function event(streamId: string, type: string, data: object, recordedAt: number, streamRevision = 0): LogEvent {
  return { position: ++position, streamId, streamRevision, type, schemaVersion: 1, recordedAt, data };
}

const made = (id: string, at: number) =>
  event(`commitment-${id}`, 'CommitmentMade', {
    commitmentId: id,
    collaborativeId: 'uv',
    promisor: 'riverside-chc',
    promisee: { collaborativeId: 'uv' },
    title: 'Enrol 400 residents',
    dueDate: '2025-06-30',
  }, at);

class Recorder implements VersionSink {
  readonly log: string[] = [];
  closed(v: Version, to: number) {
    this.log.push(`close ${v.id}@${v.position} ${v.from}..${to}`);
  }
  discarded(v: Version) {
    this.log.push(`discard ${v.id}@${v.position}`);
  }
  participants(kind: string, id: string, orgs: string[], from: number) {
    this.log.push(`participants ${kind} ${id} ${orgs.join(',')} ${from}`);
  }
  act(act: ActEvent) {
    this.log.push(`act ${act.resolutionId} ${act.streamId}@${act.position} ${act.type} ${act.recordedAt}`);
  }
}

describe('Folder', () => {
  it('closes the version in force when an event changes what queries filter on, and keeps the new one open', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    folder.apply(made('c1', T0));
    folder.apply(event('commitment-c1', 'CommitmentAccepted', { commitmentId: 'c1', by: 'upper-valley-health' }, T0 + 1000, 1));
    expect(sink.log).toEqual([`close c1@1 ${T0}..${T0 + 1000}`]);
    const [open] = [...folder.pendingOpen()];
    expect(open).toMatchObject({ kind: 'commitment', id: 'c1', from: T0 + 1000, revision: 1, lastAt: T0 + 1000, persisted: false });
    expect(stableCommitmentStatus(open.state as never)).toBe('accepted');
  });

  it('updates the version in force in place when an event changes nothing queries filter on', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    const first = made('c3', T0);
    folder.apply(first);
    folder.apply(event('commitment-c3', 'CommitmentProgressReported', { commitmentId: 'c3', note: 'half way' }, T0 + 5000, 1));
    expect(sink.log).toEqual([]);
    const [open] = [...folder.pendingOpen()];
    // Still the version that began when it was made, now holding the progress report and its last event.
    expect(open).toMatchObject({ from: T0, position: first.position + 1, revision: 1, lastAt: T0 + 5000 });
    expect((open.state as { progress: unknown[] }).progress).toHaveLength(1);
  });

  it('hands a record over when released, and forgets it: the next event starts from nothing', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    folder.apply(made('c4', T0));
    folder.apply(made('c5', T0));
    const released = folder.release('commitment-c4');
    expect(released).toMatchObject({ kind: 'commitment', id: 'c4', from: T0, persisted: false });
    expect(folder.release('commitment-c4')).toBeNull();
    expect([...folder.pendingOpen()].map((v) => v.id)).toEqual(['c5']);
    // An event of a record the fold no longer holds is one of a record never created.
    folder.apply(event('commitment-c4', 'CommitmentAccepted', { commitmentId: 'c4', by: 'x' }, T0 + 1, 1));
    expect(folder.release('commitment-c4')).toBeNull();
  });

  it('keeps no version that was never in force: changes in the same millisecond make one version', () => {
    const sink = new Recorder();
    const state = commitmentDecider.evolve(null, made('c2', T0) as never);
    const stored: Version = { kind: 'commitment', id: 'c2', state, columns: columnsFrom('commitment', state), from: T0, position: 10, revision: 0, lastAt: T0, persisted: true };
    const folder = new Folder(sink, (kind, id) => (id === 'c2' ? stored : null));
    folder.apply(event('commitment-c2', 'CommitmentAccepted', { commitmentId: 'c2', by: 'x' }, T0, 1));
    folder.apply(event('commitment-c2', 'CommitmentWithdrawn', { commitmentId: 'c2', reason: 'no' }, T0, 2));
    // The stored open version is removed (not closed with zero length); the in-batch one just replaced.
    expect(sink.log).toEqual(['discard c2@10']);
    expect([...folder.pendingOpen()].map((v) => [v.revision, stableCommitmentStatus(v.state as never)])).toEqual([[2, 'withdrawn']]);
  });

  it('ignores events no read model keeps, but moves past them', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    folder.apply(event('crash-1', 'CrashTestAppended', { n: 1 }, T0));
    folder.apply(event('commitment-x', 'PledgeMade', { pledgeId: 'x' }, T0)); // a type of another record
    expect([...folder.pendingOpen()]).toEqual([]);
    expect(folder.lastPosition).toBe(position);
    expect(routeOf({ streamId: 'risk-agreement-a-b', type: 'RiskAgreementSigned' })).toEqual({ kind: 'risk_agreement', id: 'a-b' });
  });

  it('records organizations as they become involved in a risk agreement', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    const terms = {
      agreementId: 'r1',
      collaborativeId: 'uv',
      title: 'TCOC',
      period: { start: '2025-01-01', end: '2025-12-31' },
      model: 'upside_only',
      benchmark: { currency: 'USD', amount: '1000000.00' },
      minimumSavingsRate: '2',
      sharingRate: '50',
      parties: [
        { organizationId: 'a', shareBps: 6000 },
        { organizationId: 'b', shareBps: 4000 },
      ],
    };
    folder.apply(event('risk-agreement-r1', 'RiskAgreementProposed', terms, T0));
    folder.apply(event('risk-agreement-r1', 'SettlementDetermined', {
      agreementId: 'r1', settlementId: 's1', periodEnd: '2025-12-31',
      savings: { currency: 'USD', amount: '100000.00' }, pool: { currency: 'USD', amount: '50000.00' },
      parts: [{ organizationId: 'a', amount: { currency: 'USD', amount: '30000.00' } }, { organizationId: 'b', amount: { currency: 'USD', amount: '20000.00' } }],
    }, T0 + 1, 1));
    folder.apply(event('risk-agreement-r1', 'SettlementPaymentRecorded', {
      agreementId: 'r1', settlementId: 's1', paymentId: 'p1', fromOrganizationId: 'payer', toOrganizationId: 'a',
      amount: { currency: 'USD', amount: '30000.00' }, paidOn: '2026-01-15',
    }, T0 + 2, 2));
    expect(sink.log.filter((l) => l.startsWith('participants'))).toEqual([`participants risk_agreement r1 a,b ${T0}`, `participants risk_agreement r1 payer ${T0 + 2}`]);
  });
});

describe('Folder, governance', () => {
  const RULE = { decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 };
  const proposed = (id: string, at: number) =>
    event(`resolution-${id}`, 'ResolutionProposed', {
      resolutionId: id, collaborativeId: 'uv', title: 'Move to phase 5', matter: 'change_phase',
      acts: [{ type: 'change_phase', pathwayPhase: 5 }], proposedBy: 'a', proposedAt: new Date(at).toISOString(),
      votingClosesAt: new Date(at + 7 * 86_400_000).toISOString(), rule: RULE, electorate: ['a', 'b', 'c'], recused: [],
    }, at);
  const tally = { eligible: 3, for: 2, against: 0, abstain: 0, recused: 0, notVoted: 1, quorumMet: true, thresholdMet: true };

  it('keeps one version while votes come in, a new one when a steward closes it, and the electorate as participants', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    folder.apply(proposed('r1', T0));
    folder.apply(event('resolution-r1', 'VoteCast', { resolutionId: 'r1', organizationId: 'a', choice: 'for', castAt: new Date(T0 + 1).toISOString() }, T0 + 1, 1));
    folder.apply(event('resolution-r1', 'VoteCast', { resolutionId: 'r1', organizationId: 'b', choice: 'for', castAt: new Date(T0 + 2).toISOString() }, T0 + 2, 2));
    expect(sink.log).toEqual([`participants resolution r1 a,b,c ${T0}`]);
    const [voting] = [...folder.pendingOpen()];
    expect(voting.columns).toEqual(['uv', 'a', 'open', T0, T0 + 7 * 86_400_000, null]);
    const closedAt = new Date(T0 + 3).toISOString();
    folder.apply(event('resolution-r1', 'ResolutionClosed', { resolutionId: 'r1', outcome: 'adopted', tally, closedBy: 'a', closedAt, early: true }, T0 + 3, 3));
    expect(sink.log).toEqual([`participants resolution r1 a,b,c ${T0}`, `close r1@${voting.position} ${T0}..${T0 + 3}`]);
    const [adopted] = [...folder.pendingOpen()];
    expect(adopted.columns).toEqual(['uv', 'a', 'adopted', T0, T0 + 7 * 86_400_000, T0 + 3]);
  });

  it('records the events a resolution carries out on other records, and only those', () => {
    const sink = new Recorder();
    const folder = new Folder(sink);
    folder.apply(event('collaborative-uv', 'CollaborativeFormed', { collaborativeId: 'uv', name: 'UV', region: 'UV', pathwayPhase: 4, formedAt: new Date(T0).toISOString() }, T0));
    folder.apply(proposed('r2', T0 + 1));
    const phase = event('collaborative-uv', 'PathwayPhaseChanged', { collaborativeId: 'uv', pathwayPhase: 5, previousPhase: 4, from: new Date(T0 + 9).toISOString(), resolutionId: 'r2' }, T0 + 9, 1);
    folder.apply(phase);
    // A steward's own change carries no resolutionId; an event of a record never created changes nothing.
    folder.apply(event('collaborative-uv', 'PathwayPhaseChanged', { collaborativeId: 'uv', pathwayPhase: 6, previousPhase: 5, from: new Date(T0 + 10).toISOString() }, T0 + 10, 2));
    folder.apply(event('collaborative-nowhere', 'PathwayPhaseChanged', { collaborativeId: 'nowhere', pathwayPhase: 5, previousPhase: 4, from: new Date(T0 + 11).toISOString(), resolutionId: 'r2' }, T0 + 11, 1));
    expect(sink.log.filter((l) => l.startsWith('act'))).toEqual([`act r2 collaborative-uv@${phase.position} PathwayPhaseChanged ${T0 + 9}`]);
    expect(routeOf(phase)).toEqual({ kind: 'collaborative', id: 'uv' });
  });
});

describe('stored states', () => {
  it('decode to exactly the state the domain folded (Maps, bigint money and rates included)', () => {
    const pledge = pledgeDecider.evolve(null, {
      type: 'PledgeMade',
      data: {
        pledgeId: 'p1', collaborativeId: 'uv', funder: 'f', recipient: { organizationId: 'r' }, purpose: 'x',
        amount: { currency: 'USD', amount: '99999999999999999999999.99' }, binding: true,
        schedule: [{ dueDate: '2025-06-30', amount: { currency: 'USD', amount: '99999999999999999999999.99' } }],
      },
    } as never);
    const text = encodeState('pledge', pledge);
    expect(decodeState('pledge', text)).toEqual(pledge);
    const withMap = { members: new Map([['a', 'steward']]), nested: { big: 12n, list: [new Map([[1, 2n]])] } };
    expect(decodeState('collaborative', encodeState('collaborative', withMap))).toEqual(withMap);
    // A pledge of more than 64 bits of minor units is a row like any other.
    const row = rowOf({ id: 'p1', columns: columnsFrom('pledge', pledge), from: T0 }, null);
    expect(row).toContain('9999999999999999999999999');
  });
});
