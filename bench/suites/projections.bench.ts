/**
 * Read models: how fast a full rebuild folds the log, and how fast the queries answer.
 *
 * One million events are generated — 100 000 commitments through their whole lifecycles (made,
 * accepted or declined, progress, revisions, delivery, confirmation, disputes, withdrawals,
 * closures), funding pledges with disbursements and receipts, organizations, collaboratives with
 * goals and measurements, declarations and risk agreements — recorded over two years, records
 * interleaved in time as in a real log. They are written straight into the embedded store's events
 * table (the rebuild reads neither hashes nor envelopes, so the hash chain is left out: appending a
 * million events through the store would measure the store, see the sqlite suite).
 *
 * Figures: events per second of a full rebuild (fresh tables, swap), and latency of the commitments
 * list and of the organization scorecard over the rebuilt read models, both for the present and as
 * of a past moment, measured in process through the same query path the HTTP controllers use
 * (answerAt, with its checkpoint reads), one query at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { answerAt, defaultShards, logReaderFor, ReadModelQueries, rebuildReadModels, SqliteReadModels, type Moment } from '@ledger/projections';
import { BenchRow, log, percentile, row } from '../harness';

export interface ProjectionBenchSizes {
  events: number;
  commitments: number;
  organizations: number;
  collaboratives: number;
  queries: number;
}

const DEFAULT_SIZES: ProjectionBenchSizes = { events: 1_000_000, commitments: 100_000, organizations: 200, collaboratives: 20, queries: 2000 };

const DAY = 86_400_000;

interface Planned {
  at: number;
  streamId: string;
  type: string;
  data: object;
  actor: string;
}

/** A small deterministic generator, so every run folds the same history. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const usd = (cents: number) => ({ currency: 'USD', amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` });

/** The generated history, in time order. */
export function generateHistory(sizes: ProjectionBenchSizes, end: number): Planned[] {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const start = end - 730 * DAY;
  const span = end - start;
  const events: Planned[] = [];
  const orgs = Array.from({ length: sizes.organizations }, (_, i) => `org-${i}`);
  const collaboratives = Array.from({ length: sizes.collaboratives }, (_, i) => `collab-${i}`);
  const membersOf = new Map(collaboratives.map((c, i) => [c, orgs.filter((_, o) => o % sizes.collaboratives === i || o % 7 === i % 7)]));
  let n = 0;
  const id = (prefix: string) => `${prefix}-${(n++).toString(36)}`;
  const push = (at: number, streamId: string, type: string, data: object, actor: string) => events.push({ at: Math.min(at, end - 1), streamId, type, data, actor });

  orgs.forEach((o, i) => push(start + i * 1000, `organization-${o}`, 'OrganizationRegistered', { organizationId: o, name: `Organization ${i}`, sector: 'community_org' }, 'operator'));
  for (const [i, c] of collaboratives.entries()) {
    const t = start + DAY + i * 60_000;
    push(t, `collaborative-${c}`, 'CollaborativeFormed', { collaborativeId: c, name: `Collaborative ${i}`, region: `Region ${i}`, pathwayPhase: 1 + (i % 5) }, 'operator');
    for (const [m, org] of membersOf.get(c)!.entries()) {
      push(t + 1000 + m, `collaborative-${c}`, 'MemberAdmitted', { collaborativeId: c, organizationId: org, role: m < 2 ? 'steward' : 'member' }, 'operator');
    }
    for (const g of [0, 1]) {
      const goalId = `goal-${g}`;
      push(t + 2 * DAY + g, `collaborative-${c}`, 'SharedGoalAdopted', {
        collaborativeId: c,
        goalId,
        title: `Goal ${g}`,
        indicator: { name: `Indicator ${g}`, unit: '%', polarity: g === 0 ? 'lower_is_better' : 'higher_is_better' },
        baseline: { value: '50', date: date(start) },
        target: { value: g === 0 ? '40' : '60', date: date(end + 365 * DAY) },
      }, membersOf.get(c)![0]);
      for (let q = 1; q <= 8; q++) {
        push(t + q * 90 * DAY, `collaborative-${c}`, 'MeasurementRecorded', { collaborativeId: c, goalId, value: String(g === 0 ? 50 - q : 50 + q), periodEnd: date(t + q * 90 * DAY - 10 * DAY) }, membersOf.get(c)![0]);
      }
    }
    // A declaration every party signs, and a risk agreement with a settled year.
    const parties = membersOf.get(c)!.slice(0, 12);
    const partnership = id('partnership');
    push(t + 3 * DAY, `partnership-${partnership}`, 'DeclarationDrafted', {
      partnershipId: partnership, collaborativeId: c, title: `Declaration ${i}`, termsSha256: 'a'.repeat(64), parties, effectiveFrom: date(t + 10 * DAY),
    }, parties[0]);
    parties.forEach((p, k) => push(t + (4 + k) * DAY, `partnership-${partnership}`, 'DeclarationSigned', { partnershipId: partnership, organizationId: p, signatory: { name: `Signatory ${k}`, title: 'Director' } }, p));
    push(t + (4 + parties.length - 1) * DAY, `partnership-${partnership}`, 'DeclarationTookEffect', { partnershipId: partnership, effectiveFrom: date(t + 10 * DAY) }, 'ledger');
    const agreement = id('risk');
    const shares = [5000, 3000, 2000];
    push(t + 5 * DAY, `risk-agreement-${agreement}`, 'RiskAgreementProposed', {
      agreementId: agreement, collaborativeId: c, title: `TCOC ${i}`, period: { start: date(t + 30 * DAY), end: date(t + 395 * DAY) }, model: 'two_sided',
      benchmark: usd(1_000_000_000), minimumSavingsRate: '2', minimumLossRate: '2', sharingRate: '50', lossSharingRate: '40',
      parties: parties.slice(0, 3).map((p, k) => ({ organizationId: p, shareBps: shares[k] })),
    }, parties[0]);
    parties.slice(0, 3).forEach((p, k) => push(t + (6 + k) * DAY, `risk-agreement-${agreement}`, 'RiskAgreementSigned', { agreementId: agreement, organizationId: p, signatory: { name: `S${k}`, title: 'CEO' } }, p));
    push(t + 8 * DAY, `risk-agreement-${agreement}`, 'RiskAgreementTookEffect', { agreementId: agreement, period: { start: date(t + 30 * DAY), end: date(t + 395 * DAY) } }, 'ledger');
    push(t + 420 * DAY, `risk-agreement-${agreement}`, 'PeriodResultRecorded', { agreementId: agreement, by: parties[0], periodEnd: date(t + 395 * DAY), actualCost: usd(950_000_000) }, parties[0]);
    push(t + 420 * DAY, `risk-agreement-${agreement}`, 'SettlementDetermined', {
      agreementId: agreement, settlementId: `${agreement}-s1`, periodEnd: date(t + 395 * DAY), savings: usd(50_000_000), pool: usd(25_000_000),
      parts: parties.slice(0, 3).map((p, k) => ({ organizationId: p, amount: usd((25_000_000 * shares[k]) / 10_000) })),
    }, 'ledger');
    push(t + 450 * DAY, `risk-agreement-${agreement}`, 'SettlementPaymentRecorded', {
      agreementId: agreement, settlementId: `${agreement}-s1`, paymentId: `${agreement}-p1`, fromOrganizationId: parties[5] ?? parties[0], toOrganizationId: parties[0], amount: usd(12_500_000), paidOn: date(t + 450 * DAY),
    }, parties[0]);
  }

  // Commitments: every lifecycle of the spec, made over the two years, due 1 to 9 months later.
  for (let k = 0; k < sizes.commitments; k++) {
    const c = pick(collaboratives);
    const members = membersOf.get(c)!;
    const promisor = pick(members);
    const toCollaborative = rnd() < 0.4;
    const answerer = toCollaborative ? members[0] : pick(members);
    const commitmentId = id('c');
    const stream = `commitment-${commitmentId}`;
    const madeAt = start + 10 * DAY + rnd() * (span - 20 * DAY);
    const due = madeAt + (30 + rnd() * 240) * DAY;
    let t = madeAt;
    const at = (days: number) => (t = t + days * DAY);
    push(t, stream, 'CommitmentMade', {
      commitmentId, collaborativeId: c, promisor, promisee: toCollaborative ? { collaborativeId: c } : { organizationId: answerer },
      title: `Commitment ${k}: enrol residents in care navigation at site ${k % 97}`, deliverable: 'Residents enrolled and reported monthly',
      measure: { indicator: 'residents enrolled', unit: 'people', target: String(100 + (k % 400)) }, dueDate: date(due),
      ...(rnd() < 0.5 && { goalId: `goal-${k % 2}` }),
    }, promisor);
    const path = rnd();
    if (path < 0.05) continue; // proposed
    if (path < 0.08) {
      push(at(2 + rnd() * 10), stream, 'CommitmentDeclined', { commitmentId, by: answerer, reason: 'Outside the partnership' }, answerer);
      continue;
    }
    push(at(1 + rnd() * 5), stream, 'CommitmentAccepted', { commitmentId, by: answerer }, answerer);
    const reports = Math.floor(rnd() * 3);
    for (let r = 0; r < reports; r++) push(at(10 + rnd() * 30), stream, 'CommitmentProgressReported', { commitmentId, note: `Update ${r}`, value: String(20 * (r + 1)) }, promisor);
    if (rnd() < 0.1) {
      const revisionId = `${commitmentId}-r1`;
      push(at(5 + rnd() * 10), stream, 'CommitmentRevisionProposed', { commitmentId, revisionId, dueDate: date(due + 60 * DAY), reason: 'Hiring took longer' }, promisor);
      push(at(1 + rnd() * 5), stream, 'CommitmentRevisionAccepted', { commitmentId, revisionId, by: answerer, dueDate: date(due + 60 * DAY) }, answerer);
    }
    if (path < 0.28) continue; // active or overdue
    if (path < 0.33) {
      push(at(5 + rnd() * 20), stream, 'CommitmentWithdrawn', { commitmentId, reason: 'Funding fell through' }, promisor);
      continue;
    }
    if (path < 0.38) {
      t = Math.max(t, due + 20 * DAY);
      push(at(1), stream, 'CommitmentClosedAsMissed', { commitmentId, by: members[0], rationale: 'Nothing delivered' }, members[0]);
      continue;
    }
    t = Math.max(t, due - (rnd() < 0.7 ? 10 : -20) * DAY);
    push(t, stream, 'CommitmentDeliveryClaimed', { commitmentId, deliveredOn: date(t), value: String(100 + (k % 400)) }, promisor);
    if (path < 0.42) continue; // delivery claimed
    if (path < 0.5) {
      push(at(3), stream, 'CommitmentDeliveryDisputed', { commitmentId, by: answerer, reason: 'Fewer than claimed' }, answerer);
      if (path < 0.46) continue; // disputed
      push(at(7), stream, 'CommitmentDisputeResolved', { commitmentId, by: members[0], outcome: pick(['delivered', 'partially_delivered', 'not_delivered']), value: '80', rationale: 'Records checked' }, members[0]);
      continue;
    }
    push(at(2 + rnd() * 5), stream, 'CommitmentDeliveryConfirmed', { commitmentId, by: answerer }, answerer);
  }

  // Funding pledges fill the log up to the size asked for.
  let pledges = 0;
  while (events.length < sizes.events) {
    const c = pick(collaboratives);
    const members = membersOf.get(c)!;
    const funder = pick(members);
    const recipient = pick(members);
    const pledgeId = id('p');
    const stream = `pledge-${pledgeId}`;
    let t = start + 10 * DAY + rnd() * (span - 20 * DAY);
    const installments = 1 + Math.floor(rnd() * 4);
    const each = 1_000_000 + Math.floor(rnd() * 10_000_000);
    const schedule = Array.from({ length: installments }, (_, i) => ({ dueDate: date(t + (i + 1) * 90 * DAY), amount: usd(each) }));
    push(t, stream, 'PledgeMade', {
      pledgeId, collaborativeId: c, funder, recipient: { organizationId: recipient }, purpose: `Program support ${pledges}`, amount: usd(each * installments),
      binding: rnd() < 0.85, schedule,
    }, funder);
    push((t += 2 * DAY), stream, 'PledgeAcknowledged', { pledgeId, by: recipient }, recipient);
    const paid = Math.floor(rnd() * (installments + 1));
    for (let i = 0; i < paid; i++) {
      t += (80 + rnd() * 20) * DAY;
      const disbursementId = `${pledgeId}-d${i}`;
      push(t, stream, 'PledgeDisbursementRecorded', { pledgeId, disbursementId, amount: usd(each), disbursedOn: date(t), reference: `W-${i}` }, funder);
      push(t + 3 * DAY, stream, 'PledgeReceiptConfirmed', { pledgeId, disbursementId, by: recipient, receivedOn: date(t + 3 * DAY) }, recipient);
    }
    if (paid < installments && rnd() < 0.1) {
      push(t + 5 * DAY, stream, 'PledgeCancelled', { pledgeId, reason: 'Budget cut', cancelledAmount: usd(each * (installments - paid)) }, funder);
    }
    pledges++;
  }
  events.length = sizes.events;
  events.sort((a, b) => a.at - b.at);
  return events;
}

/** Writes the generated history into the store's events table (no hash chain; see above). */
export function writeHistory(store: SqliteEventStore, history: Planned[]): void {
  const db = store.database;
  const insert = db.prepare(
    `INSERT INTO events (position, event_id, stream_id, stream_revision, type, schema_version, recorded_at, actor, correlation_id,
       causation_id, data, signature, prev_hash, hash) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, ?, NULL, ?, ?)`,
  );
  const revisions = new Map<string, number>();
  const zero = '0'.repeat(64);
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const e = history[i];
      const revision = (revisions.get(e.streamId) ?? -1) + 1;
      revisions.set(e.streamId, revision);
      const eventId = `00000000-0000-7000-8000-${(i + 1).toString(16).padStart(12, '0')}`;
      const actor = e.actor === 'operator' || e.actor === 'ledger' ? { type: e.actor } : { type: 'organization', organizationId: e.actor, role: 'member' };
      insert.run(i + 1, eventId, e.streamId, revision, e.type, new Date(e.at).toISOString(), JSON.stringify(actor), eventId, JSON.stringify(e.data), zero, zero);
    }
  });
  for (let from = 0; from < history.length; from += 100_000) write(from, Math.min(history.length, from + 100_000));
}

export async function benchProjections(sizes: ProjectionBenchSizes = DEFAULT_SIZES): Promise<BenchRow[]> {
  const suite = 'projections';
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-projections-'));
  const store = new SqliteEventStore({ filename: join(dir, 'ledger.sqlite') });
  try {
    const end = Date.now();
    log(`${suite}: generating ${sizes.events} events (${sizes.commitments} commitments)`);
    const history = generateHistory(sizes, end);
    writeHistory(store, history);
    const commitments = history.filter((e) => e.type === 'CommitmentMade').length;

    const storage = SqliteReadModels.besideEvents(store);
    await storage.ensureSchema();
    const millions = (history.length / 1e6).toLocaleString('en-US');
    log(`${suite}: full rebuild of the read models from ${history.length} events, in one worker thread (the default)`);
    const single = await rebuildReadModels(storage, logReaderFor(store), { parallel: 1 });
    rows.push(row(suite, `full rebuild events/s (${millions}M events), 1 worker thread`, single.events / single.seconds, 'events/s'));
    const shards = defaultShards();
    log(`${suite}: full rebuild again, ${shards} worker threads (one shard of the streams each)`);
    const rebuilt = await rebuildReadModels(storage, logReaderFor(store), { parallel: shards });
    rows.push(
      row(suite, `full rebuild events/s (${millions}M events), ${shards} worker threads`, rebuilt.events / rebuilt.seconds, 'events/s', { atLeast: 150_000 }),
    );
    const versions = (storage.connection.prepare('SELECT COUNT(*) AS n FROM rm_commitments').get() as { n: number }).n;
    log(`${suite}: rebuilt in ${single.seconds.toFixed(2)} s (1 worker thread), ${rebuilt.seconds.toFixed(2)} s (${shards} threads); ${commitments} commitments in ${versions} versions`);

    const queries = new ReadModelQueries(storage);
    const rnd = random(7);
    const orgs = Array.from({ length: sizes.organizations }, (_, i) => `org-${i}`);
    const past = () => end - Math.floor((60 + rnd() * 600) * DAY);
    const measure = async (name: string, at: () => number | undefined, query: (m: Moment) => Promise<unknown>) => {
      const latencies: number[] = [];
      for (let i = 0; i < sizes.queries + 100; i++) {
        const ms = at() ?? Date.now();
        const started = process.hrtime.bigint();
        await answerAt(() => storage.checkpoint(), ms, query);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (i >= 100) latencies.push(elapsed); // the first hundred warm up
      }
      latencies.sort((a, b) => a - b);
      rows.push(row(suite, `${name}: median ms (${commitments / 1000}k commitments)`, percentile(latencies, 50), 'ms'));
      rows.push(row(suite, `${name}: p99 ms (${commitments / 1000}k commitments)`, percentile(latencies, 99), 'ms', { atMost: 10 }));
    };
    log(`${suite}: ${sizes.queries} queries of each kind`);
    await measure('commitments list (promisor, 50 per page), now', () => undefined, (m) => queries.listCommitments({ promisor: orgs[Math.floor(rnd() * orgs.length)] }, { limit: 50 }, m));
    await measure('commitments list (collaborative + status, 50 per page), now', () => undefined, (m) =>
      queries.listCommitments({ collaborative: `collab-${Math.floor(rnd() * sizes.collaboratives)}`, statuses: ['overdue', 'active'] }, { limit: 50 }, m),
    );
    await measure('commitments list (promisor, 50 per page), asOf a past moment', past, (m) => queries.listCommitments({ promisor: orgs[Math.floor(rnd() * orgs.length)] }, { limit: 50 }, m));
    await measure('scorecard, now', () => undefined, (m) => queries.scorecard(orgs[Math.floor(rnd() * orgs.length)], m));
    await measure('scorecard, asOf a past moment', past, (m) => queries.scorecard(orgs[Math.floor(rnd() * orgs.length)], m));
    return rows;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
