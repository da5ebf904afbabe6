import { Fragment } from 'preact';
import { useContext, useEffect } from 'preact/hooks';
import { BarChart } from '../components/charts';
import { DateText, ErrorNote, Figure, InstantText, Loading, MoneyText, OrgLink, PartyText, Section, StatusBadge, TableWrap, orgName } from '../components/common';
import { query } from '../lib/api';
import { bpsToPercent, isZero, sumDecimals } from '../lib/decimal';
import { formatAmount, formatDate, humanizeKey, humanizeType, percent, STATUS_COLOURS, STATUS_LABELS } from '../lib/format';
import { href } from '../lib/router';
import { COMMITMENT_STATUSES, type CollaborativeSummary, type Commitment, type CommitmentCounts, type CommitmentStatus, type Goal, type Page, type Pledge } from '../lib/types';
import { LiveContext, NamesContext, useApi, useApp, type ApiState } from '../state';

export const COUNT_FIELD: Record<CommitmentStatus, keyof CommitmentCounts> = {
  overdue: 'overdue',
  disputed: 'disputed',
  delivery_claimed: 'deliveryClaimed',
  active: 'active',
  proposed: 'proposed',
  delivered: 'deliveredOnTime',
  delivered_late: 'deliveredLate',
  partially_delivered: 'partiallyDelivered',
  missed: 'missed',
  withdrawn: 'withdrawn',
  declined: 'declined',
};

/** Commitments that need someone's attention, overdue ones first. */
const ATTENTION: CommitmentStatus[] = ['overdue', 'disputed', 'delivery_claimed'];

export function OverviewPage() {
  const { session, asOf } = useApp();
  const id = encodeURIComponent(session.collaborative);
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${id}/summary`);
  const attention = useApi<Page<Commitment>>(`/commitments${query({ collaborative: session.collaborative, status: ATTENTION.join(','), limit: 100 })}`);
  const pledges = useApi<Page<Pledge>>(`/pledges${query({ collaborative: session.collaborative, limit: 500 })}`);
  const s = summary.data;
  useEffect(() => {
    document.title = `Overview · ${s?.collaborative.name ?? session.collaborative}`;
  }, [s?.collaborative.name, session.collaborative]);

  return (
    <div class="page" aria-busy={summary.loading}>
      <div class="page-head">
        <h1>{s?.collaborative.name ?? 'Overview'}</h1>
        {s && (
          <p class="lede">
            {s.collaborative.region} · pathway phase {s.collaborative.pathwayPhase}
            {s.collaborative.pathwayPhase === 5 ? ' (Integrate)' : ''} · {s.collaborative.members.length} member organizations ·{' '}
            {asOf ? <>as it stood at the end of {formatDate(asOf)}</> : <>now</>}
          </p>
        )}
      </div>
      {summary.error !== undefined && <ErrorNote error={summary.error} />}
      {!s && summary.loading && <Loading what="the partnership" />}
      {s && (
        <>
          <dl class="figures" aria-label="Key figures">
            <Figure id="made" label="Commitments made" value={s.commitments.made} />
            <Figure id="on-time" label="Delivered on time" value={percent(s.commitments.onTimeRate)} />
            <Figure id="overdue" label="Overdue" value={s.commitments.overdue} tone={s.commitments.overdue > 0 ? 'bad' : 'good'} />
            {s.funds.map((f) => (
              <Fragment key={f.currency}>
                <Figure id={`pledged-${f.currency}`} label={`Pledged (${f.currency})`} value={formatAmount(f.currency, f.pledged)} />
                <Figure id={`disbursed-${f.currency}`} label={`Disbursed (${f.currency})`} value={formatAmount(f.currency, f.disbursed)} />
                <Figure id={`outstanding-${f.currency}`} label={`Outstanding (${f.currency})`} value={formatAmount(f.currency, f.outstanding)} tone={isZero(f.overdue) ? undefined : 'warn'} />
              </Fragment>
            ))}
          </dl>
          <Goals goals={s.goals} />
          <div class="grid-2">
            <StatusSection counts={s.commitments} />
            <AttentionSection attention={attention} />
          </div>
          <FundsSection pledges={pledges} />
          <RiskSection summary={s} />
          <DeclarationsSection summary={s} />
        </>
      )}
      <LiveFeed />
    </div>
  );
}

function Goals({ goals }: { goals: Goal[] }) {
  return (
    <Section title="Shared goals" id="goals">
      {goals.length === 0 && <p>No shared goals adopted yet.</p>}
      <ul class="goals">
        {goals.map((g) => {
          const achieved = g.achieved === null ? null : Math.max(0, Math.min(100, Number(g.achieved)));
          return (
            <li class="goal" key={g.goalId} data-goal={g.goalId}>
              <h3>{g.title}</h3>
              <p class="muted">
                {g.indicator.name} ({g.indicator.polarity === 'lower_is_better' ? 'lower is better' : 'higher is better'})
              </p>
              <dl class="goal-figures">
                <div>
                  <dt>Baseline</dt>
                  <dd>
                    {g.baseline.value} <span class="muted">{g.indicator.unit}</span>
                    <br />
                    <small>
                      <DateText date={g.baseline.date} />
                    </small>
                  </dd>
                </div>
                <div>
                  <dt>Latest</dt>
                  <dd data-latest>
                    {g.latestMeasurement ? (
                      <>
                        {g.latestMeasurement.value} <span class="muted">{g.indicator.unit}</span>
                        <br />
                        <small>
                          period to <DateText date={g.latestMeasurement.periodEnd} />
                        </small>
                      </>
                    ) : (
                      'not measured yet'
                    )}
                  </dd>
                </div>
                <div>
                  <dt>Target</dt>
                  <dd>
                    {g.target.value} <span class="muted">{g.indicator.unit}</span>
                    <br />
                    <small>
                      by <DateText date={g.target.date} />
                    </small>
                  </dd>
                </div>
              </dl>
              <div class="progress-row">
                <progress max={100} value={achieved ?? 0} aria-label={`Progress towards the target of ${g.title}`} aria-valuetext={g.achieved === null ? 'no measurement yet' : `${g.achieved} % of the targeted change`} />
                <span data-achieved>{g.achieved === null ? '—' : `${g.achieved} % of the targeted change`}</span>
              </div>
              <p class="muted small">{g.measurements} measurement{g.measurements === 1 ? '' : 's'} recorded</p>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

export function StatusSection({ counts, title = 'Commitments by status', filter = {} }: { counts: CommitmentCounts; title?: string; filter?: Record<string, string> }) {
  const { asOf } = useApp();
  const statuses = COMMITMENT_STATUSES.filter((status) => (counts[COUNT_FIELD[status]] as number) > 0);
  const summary = `${title}: ${statuses.map((st) => `${STATUS_LABELS[st]} ${counts[COUNT_FIELD[st]]}`).join(', ') || 'none'}.`;
  return (
    <Section title={title} id="status-chart-section">
      <BarChart
        id="status-chart"
        summary={summary}
        labels={statuses.map((st) => STATUS_LABELS[st])}
        series={[{ label: 'Commitments', values: statuses.map((st) => String(counts[COUNT_FIELD[st]])), colour: statuses.map((st) => STATUS_COLOURS[st]) }]}
        horizontal
        legend={false}
        height={Math.max(120, statuses.length * 30 + 40)}
        format={(v) => v}
      />
      <details class="chart-table">
        <summary>The figures, as a table</summary>
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Commitments
                </th>
              </tr>
            </thead>
            <tbody>
              {statuses.map((st) => (
                <tr key={st}>
                  <th scope="row">
                    <a href={href('/commitments', { ...filter, status: st }, asOf)}>{STATUS_LABELS[st]}</a>
                  </th>
                  <td class="num">{counts[COUNT_FIELD[st]]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      <p class="muted small">
        {counts.made} made · on-time rate {percent(counts.onTimeRate)} (on time among those that came due)
      </p>
    </Section>
  );
}

function AttentionSection({ attention }: { attention: ApiState<Page<Commitment>> }) {
  const { asOf } = useApp();
  const items = [...(attention.data?.items ?? [])].sort((a, b) => ATTENTION.indexOf(a.status) - ATTENTION.indexOf(b.status) || a.dueDate.localeCompare(b.dueDate));
  return (
    <Section title="Needs attention" id="attention">
      <p class="muted small">Overdue first, then disputed, then deliveries waiting for confirmation.</p>
      {attention.error !== undefined && <ErrorNote error={attention.error} />}
      {attention.data && items.length === 0 && <p>Nothing overdue, disputed or waiting for confirmation.</p>}
      {items.length > 0 && (
        <TableWrap label="Commitments that need attention">
          <table class="attention-table stack">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Commitment</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-commitment={c.id}>
                  <td data-label="Status">
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label="Commitment">
                    <a href={href(`/commitments/${c.id}`, {}, asOf)}>{c.title}</a>
                    <div class="muted small">
                      <OrgLink id={c.promisor} /> → <PartyText party={c.promisee} />
                    </div>
                  </td>
                  <td data-label="Due">
                    <DateText date={c.dueDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href={href('/commitments', {}, asOf)}>All commitments</a>
      </p>
    </Section>
  );
}

/** Axis labels only (round numbers Chart.js chose): "$350k". */
function axisMoney(currency: string, value: number): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
  } catch {
    return String(value);
  }
}

interface FunderRow {
  funder: string;
  currency: string;
  pledged: string;
  disbursed: string;
  outstanding: string;
  pledges: number;
  overdue: boolean;
}

/** Pledged, disbursed and outstanding per funder and currency: exact sums of the pledges' decimal strings. */
export function fundsByFunder(pledges: Pledge[]): FunderRow[] {
  const groups = new Map<string, Pledge[]>();
  for (const p of pledges) {
    const k = `${p.funder}\u0000${p.pledged.currency}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()]
    .map((list) => ({
      funder: list[0].funder,
      currency: list[0].pledged.currency,
      pledged: sumDecimals(list.map((p) => p.pledged.amount)),
      disbursed: sumDecimals(list.map((p) => p.disbursed.amount)),
      outstanding: sumDecimals(list.map((p) => p.outstanding.amount)),
      pledges: list.length,
      overdue: list.some((p) => p.overdueInstallments.length > 0),
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.funder.localeCompare(b.funder));
}

function FundsSection({ pledges }: { pledges: ApiState<Page<Pledge>> }) {
  const names = useContext(NamesContext);
  const rows = fundsByFunder(pledges.data?.items ?? []);
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return (
    <Section title="Funds by funder" id="funds">
      {pledges.error !== undefined && <ErrorNote error={pledges.error} />}
      {pledges.data && rows.length === 0 && <p>No funding pledged yet.</p>}
      {currencies.map((currency) => {
        const list = rows.filter((r) => r.currency === currency);
        return (
          <div key={currency}>
            <BarChart
              id={`funds-chart-${currency}`}
              summary={`Funds by funder in ${currency}: ${list.map((r) => `${orgName(names, r.funder)} pledged ${formatAmount(currency, r.pledged)}, disbursed ${formatAmount(currency, r.disbursed)}, outstanding ${formatAmount(currency, r.outstanding)}`).join('; ')}.`}
              labels={list.map((r) => orgName(names, r.funder))}
              series={[
                { label: 'Pledged', values: list.map((r) => r.pledged), colour: '#1565c0' },
                { label: 'Disbursed', values: list.map((r) => r.disbursed), colour: '#2e7d32' },
                { label: 'Outstanding', values: list.map((r) => r.outstanding), colour: '#b45309' },
              ]}
              height={300}
              format={(v) => formatAmount(currency, v)}
              tick={(v) => axisMoney(currency, v)}
            />
            <TableWrap label={`Funds by funder in ${currency}`}>
              <table class="funds-table" data-currency={currency}>
                <thead>
                  <tr>
                    <th scope="col">Funder</th>
                    <th scope="col" class="num">
                      Pledged
                    </th>
                    <th scope="col" class="num">
                      Disbursed
                    </th>
                    <th scope="col" class="num">
                      Outstanding
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.funder} data-funder={r.funder}>
                      <th scope="row">
                        <OrgLink id={r.funder} />
                        <div class="muted small">
                          {r.pledges} pledge{r.pledges === 1 ? '' : 's'}
                          {r.overdue ? ' · an installment is overdue' : ''}
                        </div>
                      </th>
                      <td class="num" data-col="pledged">
                        {formatAmount(currency, r.pledged)}
                      </td>
                      <td class="num" data-col="disbursed">
                        {formatAmount(currency, r.disbursed)}
                      </td>
                      <td class="num" data-col="outstanding">
                        {formatAmount(currency, r.outstanding)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </div>
        );
      })}
      {pledges.data?.nextCursor && <p class="muted small">Only the first 500 pledges are counted here.</p>}
    </Section>
  );
}

function RiskSection({ summary }: { summary: CollaborativeSummary }) {
  return (
    <Section title="Shared risk" id="risk">
      {summary.riskAgreements.length === 0 && <p>No shared-risk agreements.</p>}
      {summary.riskAgreements.map((a) => {
        const latest = [...a.settlements].sort((x, y) => x.periodEnd.localeCompare(y.periodEnd)).at(-1);
        const currency = latest?.pool.currency;
        const paidBy = (org: string) => (latest && currency ? sumDecimals(latest.payments.filter((p) => p.fromOrganizationId === org).map((p) => p.amount.amount), 2) : null);
        const receivedBy = (org: string) => (latest && currency ? sumDecimals(latest.payments.filter((p) => p.toOrganizationId === org).map((p) => p.amount.amount), 2) : null);
        return (
          <article class="agreement" key={a.agreementId} data-agreement={a.agreementId}>
            <h3>{a.title}</h3>
            <p class="muted">
              {a.model === 'two_sided' ? 'Two-sided (savings and losses shared)' : 'Upside only (shared savings)'} · period <DateText date={a.period.start} /> to{' '}
              <DateText date={a.period.end} /> · {humanizeKey(a.status)}
            </p>
            {latest ? (
              <p>
                Latest settlement, period ending <DateText date={latest.periodEnd} />: savings <MoneyText value={latest.savings} />,{' '}
                {latest.pool.amount.startsWith('-') ? 'parties owe' : 'shared'} <MoneyText value={latest.pool} />, paid so far <MoneyText value={latest.paid} />.
              </p>
            ) : (
              <p>No settlement determined yet.</p>
            )}
            <TableWrap label={`Parties to ${a.title}`}>
              <table class="risk-table">
                <thead>
                  <tr>
                    <th scope="col">Party</th>
                    <th scope="col" class="num">
                      Share
                    </th>
                    <th scope="col" class="num">
                      Latest settlement
                    </th>
                    <th scope="col" class="num">
                      Paid
                    </th>
                    <th scope="col" class="num">
                      Received
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {a.parties.map((p) => {
                    const part = latest?.parts.find((x) => x.organizationId === p.organizationId);
                    return (
                      <tr key={p.organizationId} data-party={p.organizationId}>
                        <th scope="row">
                          <OrgLink id={p.organizationId} />
                        </th>
                        <td class="num">{bpsToPercent(p.shareBps)} %</td>
                        <td class="num" data-col="part">
                          {part ? <MoneyText value={part.amount} /> : '—'}
                        </td>
                        <td class="num">{currency ? formatAmount(currency, paidBy(p.organizationId) ?? '0') : '—'}</td>
                        <td class="num">{currency ? formatAmount(currency, receivedBy(p.organizationId) ?? '0') : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
            {latest && latest.payments.length > 0 && (
              <ul class="payments">
                {latest.payments.map((p) => (
                  <li key={p.paymentId}>
                    <DateText date={p.paidOn} />: <OrgLink id={p.fromOrganizationId} /> paid <MoneyText value={p.amount} />
                    {p.toOrganizationId && (
                      <>
                        {' '}
                        to <OrgLink id={p.toOrganizationId} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </article>
        );
      })}
    </Section>
  );
}

function DeclarationsSection({ summary }: { summary: CollaborativeSummary }) {
  const d = summary.declarations;
  if (d.total === 0) return null;
  return (
    <Section title="Declarations of partnership" id="declarations">
      <ul class="plain">
        {d.items.map((item) => (
          <li key={item.partnershipId}>
            <strong>{item.title}</strong> — {humanizeKey(item.status)}; signed by {item.signed} of {item.parties} parties
            {item.withdrawn > 0 ? `, ${item.withdrawn} withdrew` : ''}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function LiveFeed() {
  const live = useContext(LiveContext);
  const { asOf } = useApp();
  return (
    <Section title="Live activity" id="live-activity">
      {live.state === 'paused' ? (
        <p>Paused while you look at the past.</p>
      ) : live.events.length === 0 ? (
        <p class="muted">No new events since you opened the dashboard. New ones appear here without reloading.</p>
      ) : (
        <ol class="feed" aria-label="Latest events, newest first">
          {live.events.map((e) => (
            <li key={e.eventId} data-position={e.position}>
              <InstantText iso={e.recordedAt} /> — <strong>{humanizeType(e.type)}</strong>
              {e.actor.organizationId ? (
                <>
                  {' '}
                  by <OrgLink id={e.actor.organizationId} />
                </>
              ) : null}
              {e.streamId.startsWith('commitment-') && (
                <>
                  {' '}
                  · <a href={href(`/commitments/${e.streamId.slice('commitment-'.length)}`, {}, asOf)}>open the commitment</a>
                </>
              )}{' '}
              <span class="muted small">#{e.position}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
