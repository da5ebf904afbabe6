import { Inject, Injectable } from '@nestjs/common';
import { addMoney, Collaborative, formatAmount, isIsoInstant, parseMoney, zeroMoney, type CommitmentStatus, type Money } from '@ledger/domain';
import type { Clock, EventStore } from '@ledger/event-store';
import { commitmentCounts, type CommitmentListItem, type Moment, type Page, type PageRequest } from '@ledger/projections';
import type { ReadScope } from '../access/read-policy';
import { problem } from '../http/problem-details.filter';
import { EVENT_STORE, LEDGER_CLOCK } from '../infrastructure/tokens';
import { Checkpoints } from '../integrity/checkpoints.service';
import { notFound } from '../queries/commitment-queries.controller';
import { QueryService } from '../queries/query.service';
import type { BoardPack, BoardPackCommitment } from './board-pack';
import type { Language } from './i18n';

/** The period a board pack covers when no `from` is given: the quarter before `asOf`. */
export const DEFAULT_PERIOD_DAYS = 91;
const PAGE = 500;

export interface BoardPackRequest {
  asOf?: string;
  from?: string;
  language: Language;
}

/**
 * Gathers a board pack from the read models, for one moment, through the same queries (and the same
 * read policy) as the JSON API, and the signed tree head of exactly the events it was made from.
 */
@Injectable()
export class BoardPackService {
  constructor(
    private readonly service: QueryService,
    private readonly checkpoints: Checkpoints,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  /** Refuses (403) a reader who may not read the collaborative, and a `from` after `asOf` (400). */
  async make(collaborativeId: string, request: BoardPackRequest, scope: ReadScope): Promise<BoardPack> {
    this.service.policy.requireCollaborative(scope, collaborativeId);
    const fromMs = request.from === undefined ? undefined : instant(request.from, 'from');
    const asOfMs = request.asOf === undefined ? undefined : instant(request.asOf, 'asOf');
    if (fromMs !== undefined && fromMs > (asOfMs ?? this.clock().getTime())) {
      const message = 'from must not be after asOf: the period ends at asOf';
      throw problem(400, 'validation', 'invalid input', message, { code: 'period_reversed', errors: [{ path: 'query.from', message, code: 'period_reversed' }] });
    }
    const pack = await this.service.answer(request.asOf, (m) => this.gather(collaborativeId, m, fromMs, request.language));
    if (pack.collaborative === null) {
      // Not there at asOf: an empty report if it exists now (asOf before its formation, or before the ledger existed), 404 otherwise.
      const now = await this.service.answer(undefined, (m) => this.service.queries.collaborative(collaborativeId, m));
      if (!now) throw notFound('collaborative', collaborativeId, new Date(this.clock().getTime()).toISOString());
    }
    return pack;
  }

  private async gather(collaborativeId: string, m: Moment, fromMs: number | undefined, language: Language): Promise<BoardPack> {
    const queries = this.service.queries;
    const from = new Date(fromMs ?? m.ms - DEFAULT_PERIOD_DAYS * 86_400_000).toISOString();
    const [collaborative, summary, integrity] = await Promise.all([
      queries.collaborative(collaborativeId, m),
      queries.summary(collaborativeId, m),
      this.integrityAt(m),
    ]);
    const base = { language, collaborativeId, asOf: m.iso, from, generatedAt: this.clock().toISOString(), integrity };
    if (!collaborative || !summary) {
      return {
        ...base,
        collaborative: null,
        goals: [],
        commitments: { counts: commitmentCounts([]), overdue: [], disputed: [] },
        funds: [],
        settlements: [],
        decisions: [],
        participation: [],
      };
    }
    const [overdue, disputed, funds, decisions, participation] = await Promise.all([
      this.commitments(collaborativeId, 'overdue', m),
      this.commitments(collaborativeId, 'disputed', m),
      this.funds(collaborativeId, m),
      this.decisions(collaborativeId, from, m),
      Promise.all(
        collaborative.view.members.map(async ({ organizationId, role }) => {
          const card = await queries.scorecard(organizationId, m, [collaborativeId]);
          return {
            organizationId,
            role,
            eligibleVotes: card?.governance.eligibleVotes ?? 0,
            votesCast: card?.governance.votesCast ?? 0,
            participationRate: card?.governance.participationRate ?? null,
            commitmentsMade: card?.commitments.made ?? 0,
            delivered: card?.commitments.delivered ?? 0,
            overdue: card?.commitments.overdue ?? 0,
          };
        }),
      ),
    ]);
    return {
      ...base,
      collaborative: { name: collaborative.view.name, region: collaborative.view.region, pathwayPhase: collaborative.view.pathwayPhase },
      goals: [...collaborative.state.goals.values()].map((goal) => ({
        goalId: goal.goalId,
        title: goal.title,
        indicator: goal.indicator,
        baseline: goal.baseline,
        target: goal.target,
        measurements: Collaborative.measurementSeries(goal).map((x) => ({
          periodEnd: x.periodEnd,
          value: x.value,
          ...(x.corrections?.length && { firstRecorded: x.corrections[0].previousValue }),
        })),
        achieved: summary.goals.find((g) => g.goalId === goal.goalId)?.achieved ?? null,
      })),
      commitments: { counts: summary.commitments, overdue, disputed },
      funds,
      settlements: summary.riskAgreements.flatMap((agreement) =>
        agreement.settlements.map((s) => ({ agreement: agreement.title, periodEnd: s.periodEnd, pool: s.pool, paid: s.paid, parts: s.parts })),
      ),
      decisions,
      participation,
    };
  }

  /** Every commitment of the collaborative with this status at the moment, page by page. */
  private async commitments(collaborativeId: string, status: CommitmentStatus, m: Moment): Promise<BoardPackCommitment[]> {
    const items = await allPages<CommitmentListItem>((page) => this.service.queries.listCommitments({ collaborative: collaborativeId, statuses: [status] }, page, m));
    return items.map((c) => ({
      id: c.id,
      title: c.title,
      promisor: c.promisor,
      promisee: 'organizationId' in c.promisee ? c.promisee.organizationId : c.promisee.collaborativeId,
      dueDate: c.dueDate,
      status: c.status,
    }));
  }

  /** Pledged, disbursed, outstanding and overdue per funder and currency, added in minor units. */
  private async funds(collaborativeId: string, m: Moment): Promise<BoardPack['funds']> {
    const pledges = await allPages((page) => this.service.queries.listPledges({ collaborative: collaborativeId }, page, m));
    const totals = new Map<string, { funder: string; currency: string; pledged: Money; disbursed: Money; outstanding: Money; overdue: Money }>();
    for (const pledge of pledges) {
      const currency = pledge.pledged.currency;
      const key = `${pledge.funder}\u0000${currency}`;
      const zero = zeroMoney(currency);
      const total = totals.get(key) ?? { funder: pledge.funder, currency, pledged: zero, disbursed: zero, outstanding: zero, overdue: zero };
      total.pledged = addMoney(total.pledged, parseMoney(pledge.pledged));
      total.disbursed = addMoney(total.disbursed, parseMoney(pledge.disbursed));
      total.outstanding = addMoney(total.outstanding, parseMoney(pledge.outstanding));
      for (const installment of pledge.overdueInstallments) total.overdue = addMoney(total.overdue, parseMoney(installment.unpaid));
      totals.set(key, total);
    }
    return [...totals.values()]
      .sort((a, b) => a.funder.localeCompare(b.funder) || a.currency.localeCompare(b.currency))
      .map((t) => ({
        funder: t.funder,
        currency: t.currency,
        pledged: formatAmount(t.pledged),
        disbursed: formatAmount(t.disbursed),
        outstanding: formatAmount(t.outstanding),
        overdue: formatAmount(t.overdue),
      }));
  }

  /** The decisions register from `from` to the moment, newest first (the register's order). */
  private async decisions(collaborativeId: string, from: string, m: Moment): Promise<BoardPack['decisions']> {
    const out: BoardPack['decisions'] = [];
    let cursor: string | undefined;
    do {
      const page = await this.service.queries.decisions(collaborativeId, { limit: PAGE, cursor }, m);
      for (const item of page.items) {
        const adoptedAt = item.closure?.closedAt;
        if (adoptedAt === undefined) continue;
        if (adoptedAt < from) return out;
        out.push({ id: item.id, title: item.title, matter: item.matter, adoptedAt, for: item.tally.for, against: item.tally.against, abstain: item.tally.abstain });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return out;
  }

  /**
   * The tree head of the events the report was made from: those recorded by the moment (positions
   * are gapless and recordedAt never goes backwards, so they are a prefix of the log), no further
   * than the read models had applied. Found by bisection over the log, then signed like any checkpoint.
   */
  private async integrityAt(m: Moment): Promise<BoardPack['integrity']> {
    const applied = (await this.service.checkpoint()).position;
    let low = 0;
    let high = applied;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      const [event] = await this.store.readAll({ after: mid - 1, limit: 1 });
      if (event && Date.parse(event.recordedAt) <= m.ms) low = mid;
      else high = mid - 1;
    }
    const checkpoint = await this.checkpoints.sign(low);
    return { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, origin: checkpoint.origin, keyId: checkpoint.keyId };
  }
}

async function allPages<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

function instant(value: string, name: 'asOf' | 'from'): number {
  if (!isIsoInstant(value)) {
    const message = `${name} must be an ISO 8601 instant with a time zone, e.g. 2025-06-30T23:59:59Z`;
    throw problem(400, 'validation', 'invalid input', `${message}; got ${JSON.stringify(value)}`, { errors: [{ path: `query.${name}`, message }] });
  }
  return Date.parse(value);
}
