import { Fragment } from 'preact';
import { useContext, useEffect } from 'preact/hooks';
import { BarChart } from '../components/charts';
import { DateText, ErrorNote, Figure, InstantText, Loading, MoneyText, OrgLink, PartyText, Section, StatusBadge, TableWrap, orgName } from '../components/common';
import { query } from '../lib/api';
import { bpsToPercent, isZero, sumDecimals } from '../lib/decimal';
import { formatCompactMoney, t, tn } from '../i18n';
import { T } from '../components/t';
import { eventLabel, formatAmount, formatDate, formatFigure, percent, recordStatusLabel, riskModelLabel, STATUS_COLOURS, statusLabel } from '../lib/format';
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
    document.title = `${t('app.nav.overview')} · ${s?.collaborative.name ?? session.collaborative}`;
  }, [s?.collaborative.name, session.collaborative]);

  return (
    <div class="page" aria-busy={summary.loading}>
      <div class="page-head">
        <h1>{s?.collaborative.name ?? t('app.nav.overview')}</h1>
        {s && (
          <p class="lede">
            {s.collaborative.region} · {t('overview.phase', { phase: s.collaborative.pathwayPhase })}
            {s.collaborative.pathwayPhase === 5 ? ` (${t('phase.5')})` : ''} · {tn('overview.members', s.collaborative.members.length)} ·{' '}
            {asOf ? t('overview.asOf', { date: formatDate(asOf) }) : t('overview.now')}
          </p>
        )}
      </div>
      {summary.error !== undefined && <ErrorNote error={summary.error} />}
      {!s && summary.loading && <Loading what={t('common.partnership')} />}
      {s && (
        <>
          <dl class="figures" aria-label={t('overview.keyFigures')}>
            <Figure id="made" label={t('overview.made')} value={s.commitments.made} />
            <Figure id="on-time" label={t('status.delivered')} value={percent(s.commitments.onTimeRate)} />
            <Figure id="overdue" label={t('status.overdue')} value={s.commitments.overdue} tone={s.commitments.overdue > 0 ? 'bad' : 'good'} />
            {s.funds.map((f) => (
              <Fragment key={f.currency}>
                <Figure id={`pledged-${f.currency}`} label={t('overview.pledgedIn', { currency: f.currency })} value={formatAmount(f.currency, f.pledged)} />
                <Figure id={`disbursed-${f.currency}`} label={t('overview.disbursedIn', { currency: f.currency })} value={formatAmount(f.currency, f.disbursed)} />
                <Figure id={`outstanding-${f.currency}`} label={t('overview.outstandingIn', { currency: f.currency })} value={formatAmount(f.currency, f.outstanding)} tone={isZero(f.overdue) ? undefined : 'warn'} />
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
    <Section title={t('overview.goals')} id="goals">
      {goals.length === 0 && <p>{t('overview.noGoals')}</p>}
      <ul class="goals">
        {goals.map((g) => {
          const achieved = g.achieved === null ? null : Math.max(0, Math.min(100, Number(g.achieved)));
          return (
            <li class="goal" key={g.goalId} data-goal={g.goalId}>
              <h3>{g.title}</h3>
              <p class="muted">
                {g.indicator.name} ({t(`polarity.${g.indicator.polarity}`)})
              </p>
              <dl class="goal-figures">
                <div>
                  <dt>{t('overview.baseline')}</dt>
                  <dd>
                    {formatFigure(g.baseline.value)} <span class="muted">{g.indicator.unit}</span>
                    <br />
                    <small>
                      <DateText date={g.baseline.date} />
                    </small>
                  </dd>
                </div>
                <div>
                  <dt>{t('overview.latest')}</dt>
                  <dd data-latest>
                    {g.latestMeasurement ? (
                      <>
                        {formatFigure(g.latestMeasurement.value)} <span class="muted">{g.indicator.unit}</span>
                        <br />
                        <small>
                          <T k="overview.periodTo" values={{ date: <DateText date={g.latestMeasurement.periodEnd} /> }} />
                        </small>
                      </>
                    ) : (
                      t('overview.notMeasured')
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t('overview.target')}</dt>
                  <dd>
                    {formatFigure(g.target.value)} <span class="muted">{g.indicator.unit}</span>
                    <br />
                    <small>
                      <T k="overview.by" values={{ date: <DateText date={g.target.date} /> }} />
                    </small>
                  </dd>
                </div>
              </dl>
              <div class="progress-row">
                <progress max={100} value={achieved ?? 0} aria-label={t('overview.progressOf', { goal: g.title })} aria-valuetext={g.achieved === null ? t('overview.noMeasurement') : t('overview.achieved', { percent: percent(g.achieved) })} />
                <span data-achieved>{g.achieved === null ? '—' : t('overview.achieved', { percent: percent(g.achieved) })}</span>
              </div>
              <p class="muted small">{tn('overview.measurements', g.measurements)}</p>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

export function StatusSection({ counts, title = t('overview.byStatus'), filter = {} }: { counts: CommitmentCounts; title?: string; filter?: Record<string, string> }) {
  const { asOf } = useApp();
  const statuses = COMMITMENT_STATUSES.filter((status) => (counts[COUNT_FIELD[status]] as number) > 0);
  const summary = `${title}: ${statuses.map((st) => `${statusLabel(st)} ${counts[COUNT_FIELD[st]]}`).join(', ') || t('overview.noneWord')}.`;
  return (
    <Section title={title} id="status-chart-section">
      <BarChart
        id="status-chart"
        summary={summary}
        labels={statuses.map((st) => statusLabel(st))}
        series={[{ label: t('commitments.title'), values: statuses.map((st) => String(counts[COUNT_FIELD[st]])), colour: statuses.map((st) => STATUS_COLOURS[st]) }]}
        horizontal
        legend={false}
        height={Math.max(120, statuses.length * 30 + 40)}
        format={(v) => v}
      />
      <details class="chart-table">
        <summary>{t('overview.asTable')}</summary>
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('commitments.status')}</th>
                <th scope="col" class="num">
                  {t('commitments.title')}
                </th>
              </tr>
            </thead>
            <tbody>
              {statuses.map((st) => (
                <tr key={st}>
                  <th scope="row">
                    <a href={href('/commitments', { ...filter, status: st }, asOf)}>{statusLabel(st)}</a>
                  </th>
                  <td class="num">{counts[COUNT_FIELD[st]]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      <p class="muted small">
        {t('overview.madeRate', { made: counts.made, rate: percent(counts.onTimeRate) })}
      </p>
    </Section>
  );
}

function AttentionSection({ attention }: { attention: ApiState<Page<Commitment>> }) {
  const { asOf } = useApp();
  const items = [...(attention.data?.items ?? [])].sort((a, b) => ATTENTION.indexOf(a.status) - ATTENTION.indexOf(b.status) || a.dueDate.localeCompare(b.dueDate));
  return (
    <Section title={t('overview.attention')} id="attention">
      <p class="muted small">{t('overview.attentionHelp')}</p>
      {attention.error !== undefined && <ErrorNote error={attention.error} />}
      {attention.data && items.length === 0 && <p>{t('overview.attentionNone')}</p>}
      {items.length > 0 && (
        <TableWrap label={t('overview.attentionTable')}>
          <table class="attention-table stack">
            <thead>
              <tr>
                <th scope="col">{t('commitments.status')}</th>
                <th scope="col">{t('commitments.col.commitment')}</th>
                <th scope="col">{t('commitments.col.due')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-commitment={c.id}>
                  <td data-label={t('commitments.status')}>
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label={t('commitments.col.commitment')}>
                    <a href={href(`/commitments/${c.id}`, {}, asOf)}>{c.title}</a>
                    <div class="muted small">
                      <OrgLink id={c.promisor} /> → <PartyText party={c.promisee} />
                    </div>
                  </td>
                  <td data-label={t('commitments.col.due')}>
                    <DateText date={c.dueDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href={href('/commitments', {}, asOf)}>{t('overview.allCommitments')}</a>
      </p>
    </Section>
  );
}

/** Axis labels only (round numbers Chart.js chose): "$350K". */
const axisMoney = formatCompactMoney;

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
    <Section title={t('overview.funds')} id="funds">
      {pledges.error !== undefined && <ErrorNote error={pledges.error} />}
      {pledges.data && rows.length === 0 && <p>{t('overview.noFunds')}</p>}
      {currencies.map((currency) => {
        const list = rows.filter((r) => r.currency === currency);
        return (
          <div key={currency}>
            <BarChart
              id={`funds-chart-${currency}`}
              summary={`${t('overview.fundsIn', { currency })}: ${list.map((r) => t('overview.fundsRow', { funder: orgName(names, r.funder), pledged: formatAmount(currency, r.pledged), disbursed: formatAmount(currency, r.disbursed), outstanding: formatAmount(currency, r.outstanding) })).join('; ')}.`}
              labels={list.map((r) => orgName(names, r.funder))}
              series={[
                { label: t('money.pledged'), values: list.map((r) => r.pledged), colour: '#1565c0' },
                { label: t('money.disbursed'), values: list.map((r) => r.disbursed), colour: '#2e7d32' },
                { label: t('money.outstanding'), values: list.map((r) => r.outstanding), colour: '#b45309' },
              ]}
              height={300}
              format={(v) => formatAmount(currency, v)}
              tick={(v) => axisMoney(currency, v)}
            />
            <TableWrap label={t('overview.fundsIn', { currency })}>
              <table class="funds-table" data-currency={currency}>
                <thead>
                  <tr>
                    <th scope="col">{t('money.funder')}</th>
                    <th scope="col" class="num">
                      {t('money.pledged')}
                    </th>
                    <th scope="col" class="num">
                      {t('money.disbursed')}
                    </th>
                    <th scope="col" class="num">
                      {t('money.outstanding')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.funder} data-funder={r.funder}>
                      <th scope="row">
                        <OrgLink id={r.funder} />
                        <div class="muted small">
                          {tn('overview.pledges', r.pledges)}
                          {r.overdue ? ` · ${t('overview.installmentOverdue')}` : ''}
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
      {pledges.data?.nextCursor && <p class="muted small">{t('overview.first500')}</p>}
    </Section>
  );
}

function RiskSection({ summary }: { summary: CollaborativeSummary }) {
  const { asOf } = useApp();
  return (
    <Section title={t('overview.risk')} id="risk">
      {summary.riskAgreements.length === 0 && <p>{t('overview.noRisk')}</p>}
      {summary.riskAgreements.map((a) => {
        const latest = [...a.settlements].sort((x, y) => x.periodEnd.localeCompare(y.periodEnd)).at(-1);
        const currency = latest?.pool.currency;
        const paidBy = (org: string) => (latest && currency ? sumDecimals(latest.payments.filter((p) => p.fromOrganizationId === org).map((p) => p.amount.amount), 2) : null);
        const receivedBy = (org: string) => (latest && currency ? sumDecimals(latest.payments.filter((p) => p.toOrganizationId === org).map((p) => p.amount.amount), 2) : null);
        return (
          <article class="agreement" key={a.agreementId} data-agreement={a.agreementId}>
            <h3>
              <a href={href(`/risk-agreements/${encodeURIComponent(a.agreementId)}`, {}, asOf)}>{a.title}</a>
            </h3>
            <p class="muted">
              {riskModelLabel(a.model)} · <T k="overview.period" values={{ start: <DateText date={a.period.start} />, end: <DateText date={a.period.end} /> }} /> · {recordStatusLabel(a.status)}
            </p>
            {latest ? (
              <p>
                <T
                  k={latest.pool.amount.startsWith('-') ? 'overview.latestOwe' : 'overview.latestShared'}
                  values={{ date: <DateText date={latest.periodEnd} />, savings: <MoneyText value={latest.savings} />, pool: <MoneyText value={latest.pool} />, paid: <MoneyText value={latest.paid} /> }}
                />
              </p>
            ) : (
              <p>{t('overview.noSettlement')}</p>
            )}
            <TableWrap label={t('overview.partiesTo', { title: a.title })}>
              <table class="risk-table">
                <thead>
                  <tr>
                    <th scope="col">{t('risk.party')}</th>
                    <th scope="col" class="num">
                      {t('risk.share')}
                    </th>
                    <th scope="col" class="num">
                      {t('risk.latestSettlement')}
                    </th>
                    <th scope="col" class="num">
                      {t('risk.paid')}
                    </th>
                    <th scope="col" class="num">
                      {t('risk.received')}
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
                        <td class="num">{percent(bpsToPercent(p.shareBps))}</td>
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
                    <DateText date={p.paidOn} />:{' '}
                    <T
                      k={p.toOrganizationId ? 'risk.paidTo' : 'risk.paidBy'}
                      values={{ from: <OrgLink id={p.fromOrganizationId} />, amount: <MoneyText value={p.amount} />, to: p.toOrganizationId ? <OrgLink id={p.toOrganizationId} /> : null }}
                    />
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
  const { asOf } = useApp();
  if (d.total === 0) return null;
  return (
    <Section title={t('declarations.title')} id="declarations">
      <ul class="plain">
        {d.items.map((item) => (
          <li key={item.partnershipId}>
            <strong>
              <a href={href(`/declarations/${encodeURIComponent(item.partnershipId)}`, {}, asOf)}>{item.title}</a>
            </strong>{' '}
            — {recordStatusLabel(item.status)}; {t('declarations.signedOf', { signed: item.signed, parties: item.parties })}
            {item.withdrawn > 0 ? `, ${tn('declarations.withdrew', item.withdrawn)}` : ''}
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
    <Section title={t('overview.live')} id="live-activity">
      {live.state === 'paused' ? (
        <p>{t('overview.livePaused')}</p>
      ) : live.events.length === 0 ? (
        <p class="muted">{t('overview.liveNone')}</p>
      ) : (
        <ol class="feed" aria-label={t('overview.liveList')}>
          {live.events.map((e) => (
            <li key={e.eventId} data-position={e.position}>
              <InstantText iso={e.recordedAt} /> — <strong>{eventLabel(e.type)}</strong>
              {e.actor.organizationId ? (
                <>
                  {' '}
                  <T k="overview.byActor" values={{ actor: <OrgLink id={e.actor.organizationId} /> }} />
                </>
              ) : null}
              {e.streamId.startsWith('commitment-') && (
                <>
                  {' '}
                  · <a href={href(`/commitments/${e.streamId.slice('commitment-'.length)}`, {}, asOf)}>{t('overview.openCommitment')}</a>
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
