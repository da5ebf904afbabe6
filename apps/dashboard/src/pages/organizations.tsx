import { useContext, useEffect } from 'preact/hooks';
import { DateText, ErrorNote, Figure, Loading, MoneyText, PartyText, Section, StatusBadge, TableWrap } from '../components/common';
import { query } from '../lib/api';
import { bpsToPercent } from '../lib/decimal';
import { formatAmount, formatDate, humanizeKey, percent, PLEDGE_STATUS_LABELS, ROLE_LABELS } from '../lib/format';
import { href } from '../lib/router';
import type { CollaborativeSummary, Commitment, Page, Pledge, Scorecard } from '../lib/types';
import { NamesContext, useApi, useApp } from '../state';
import { StatusSection } from './overview';

/** The partnership's members, each linking to its scorecard. */
export function OrganizationsPage() {
  const { session, asOf } = useApp();
  const names = useContext(NamesContext);
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${encodeURIComponent(session.collaborative)}/summary`);
  useEffect(() => {
    document.title = `Organizations · ${session.collaborative}`;
  }, [session.collaborative]);
  const members = summary.data?.collaborative.members ?? [];
  return (
    <div class="page" aria-busy={summary.loading}>
      <div class="page-head">
        <h1>Organizations</h1>
        <p class="lede">The partnership’s members. Open one for its scorecard: what it promised and delivered, pledged and paid, and its shares of risk.</p>
      </div>
      {summary.error !== undefined && <ErrorNote error={summary.error} />}
      {!summary.data && summary.loading && <Loading what="the members" />}
      {summary.data && (
        <TableWrap label="Member organizations">
          <table class="members-table">
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Sector</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.organizationId} data-org={m.organizationId}>
                  <th scope="row">
                    <a href={href(`/organizations/${encodeURIComponent(m.organizationId)}`, {}, asOf)}>{names.get(m.organizationId)?.name ?? m.organizationId}</a>
                  </th>
                  <td>{names.get(m.organizationId) ? humanizeKey(names.get(m.organizationId)?.sector ?? '') : '…'}</td>
                  <td>{ROLE_LABELS[m.role] ?? m.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

/** One organization's scorecard. */
export function OrganizationPage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const card = useApi<Scorecard>(`/organizations/${encodeURIComponent(id)}/accountability`);
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${encodeURIComponent(session.collaborative)}/summary`);
  const promised = useApi<Page<Commitment>>(`/commitments${query({ collaborative: session.collaborative, promisor: id, limit: 100 })}`);
  const pledged = useApi<Page<Pledge>>(`/pledges${query({ collaborative: session.collaborative, funder: id, limit: 100 })}`);
  const s = card.data;
  useEffect(() => {
    document.title = `${s?.organization.name ?? id} · scorecard`;
  }, [s?.organization.name, id]);
  const role = summary.data?.collaborative.members.find((m) => m.organizationId === id)?.role;

  return (
    <div class="page" aria-busy={card.loading}>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={href('/organizations', {}, asOf)}>Organizations</a> <span aria-hidden="true">›</span> <span aria-current="page">{s?.organization.name ?? id}</span>
      </nav>
      {card.error !== undefined && (
        <>
          <h1>{id}</h1>
          <ErrorNote error={card.error} />
        </>
      )}
      {!s && card.loading && <Loading what="the scorecard" />}
      {s && (
        <>
          <div class="page-head">
            <h1>{s.organization.name}</h1>
            <p class="lede">
              {humanizeKey(s.organization.sector)}
              {role ? ` · ${ROLE_LABELS[role] ?? role} of the partnership` : ''} · scorecard {asOf ? `as it stood at the end of ${formatDate(asOf)}` : 'now'}
            </p>
          </div>
          <dl class="figures" aria-label="Key figures">
            <Figure id="made" label="Commitments made" value={s.commitments.made} />
            <Figure id="delivered" label="Delivered" value={s.commitments.delivered} tone="good" />
            <Figure id="on-time" label="On-time rate" value={percent(s.commitments.onTimeRate)} />
            <Figure id="overdue" label="Overdue" value={s.commitments.overdue} tone={s.commitments.overdue > 0 ? 'bad' : undefined} />
            <Figure id="missed" label="Missed" value={s.commitments.missed} tone={s.commitments.missed > 0 ? 'bad' : undefined} />
            {s.funds.map((f) => (
              <Figure key={f.currency} id={`pledged-${f.currency}`} label={`Pledged (${f.currency})`} value={formatAmount(f.currency, f.pledged)} />
            ))}
          </dl>
          <div class="grid-2">
            {s.commitments.made > 0 ? (
              <StatusSection counts={s.commitments} title="What it promised" filter={{ promisor: id }} />
            ) : (
              <Section title="What it promised" id="status-chart-section">
                <p>No commitments made.</p>
              </Section>
            )}
            <Section title="Promises made to it" id="received">
              <dl class="facts compact">
                <div class="fact">
                  <dt>Made to it</dt>
                  <dd>{s.commitmentsReceived.made}</dd>
                </div>
                <div class="fact">
                  <dt>Delivered to it</dt>
                  <dd>
                    {s.commitmentsReceived.delivered} ({s.commitmentsReceived.deliveredLate} late)
                  </dd>
                </div>
                <div class="fact">
                  <dt>Overdue to it</dt>
                  <dd>{s.commitmentsReceived.overdue}</dd>
                </div>
                <div class="fact">
                  <dt>Waiting for its confirmation</dt>
                  <dd>{s.commitmentsReceived.deliveryClaimed}</dd>
                </div>
              </dl>
              <p>
                <a href={href('/commitments', { promisee: id }, asOf)}>Commitments made to {s.organization.name}</a>
              </p>
            </Section>
          </div>
          <Section title="Its commitments" id="its-commitments">
            {promised.error !== undefined && <ErrorNote error={promised.error} />}
            {promised.data && promised.data.items.length === 0 && <p>None in this partnership.</p>}
            {promised.data && promised.data.items.length > 0 && (
              <TableWrap label={`Commitments of ${s.organization.name}`}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Commitment</th>
                      <th scope="col">To</th>
                      <th scope="col">Due</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {promised.data.items.map((c) => (
                      <tr key={c.id} data-commitment={c.id}>
                        <td>
                          <a href={href(`/commitments/${c.id}`, {}, asOf)}>{c.title}</a>
                        </td>
                        <td>
                          <PartyText party={c.promisee} />
                        </td>
                        <td>
                          <DateText date={c.dueDate} />
                        </td>
                        <td>
                          <StatusBadge status={c.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </Section>
          <Section title="Funds pledged and paid" id="funds">
            {s.funds.length === 0 && s.fundsReceived.length === 0 && <p>No funds pledged by or to it.</p>}
            {(s.funds.length > 0 || s.fundsReceived.length > 0) && (
              <TableWrap label="Funds pledged and received">
                <table class="scorecard-funds">
                  <thead>
                    <tr>
                      <th scope="col">Funds</th>
                      <th scope="col" class="num">
                        Pledged
                      </th>
                      <th scope="col" class="num">
                        Disbursed
                      </th>
                      <th scope="col" class="num">
                        Confirmed received
                      </th>
                      <th scope="col" class="num">
                        Outstanding
                      </th>
                      <th scope="col" class="num">
                        Overdue
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.funds.map((f) => (
                      <tr key={`by-${f.currency}`} data-row="pledged-by">
                        <th scope="row">Pledged by it ({f.currency})</th>
                        <td class="num">{formatAmount(f.currency, f.pledged)}</td>
                        <td class="num">{formatAmount(f.currency, f.disbursed)}</td>
                        <td class="num">{formatAmount(f.currency, f.confirmed)}</td>
                        <td class="num">{formatAmount(f.currency, f.outstanding)}</td>
                        <td class="num">{formatAmount(f.currency, f.overdue)}</td>
                      </tr>
                    ))}
                    {s.fundsReceived.map((f) => (
                      <tr key={`to-${f.currency}`} data-row="pledged-to">
                        <th scope="row">Pledged to it ({f.currency})</th>
                        <td class="num">{formatAmount(f.currency, f.pledged)}</td>
                        <td class="num">{formatAmount(f.currency, f.disbursed)}</td>
                        <td class="num">{formatAmount(f.currency, f.confirmed)}</td>
                        <td class="num">{formatAmount(f.currency, f.outstanding)}</td>
                        <td class="num">{formatAmount(f.currency, f.overdue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {pledged.data && pledged.data.items.length > 0 && (
              <>
                <h3>Its pledges in this partnership</h3>
                <ul class="plain">
                  {pledged.data.items.map((p) => (
                    <li key={p.id}>
                      <strong>{p.purpose}</strong> to <PartyText party={p.recipient} />: <MoneyText value={p.pledged} /> pledged
                      {p.binding ? '' : ' (indicative)'}, <MoneyText value={p.disbursed} /> disbursed — {PLEDGE_STATUS_LABELS[p.status] ?? p.status}
                      {p.overdueInstallments.length > 0 && (
                        <span class="bad-text">
                          {' '}
                          · installment due <DateText date={p.overdueInstallments[0].dueDate} /> unpaid
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Section>
          <Section title="Shares of risk" id="risk-shares">
            {s.riskShares.length === 0 && <p>No shared-risk agreements.</p>}
            {s.riskShares.map((r) => (
              <article key={r.agreementId} class="agreement" data-agreement={r.agreementId}>
                <h3>{r.title}</h3>
                <p class="muted">
                  {r.shareBps === null ? 'Not a party (paid or received a settlement payment)' : `Share ${bpsToPercent(r.shareBps)} %`} · {r.signed ? 'signed' : 'not signed'} ·{' '}
                  {humanizeKey(r.status)}
                </p>
                {r.settlements.length > 0 && (
                  <TableWrap label={`Settlements of ${r.title}`}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Period ending</th>
                          <th scope="col" class="num">
                            Its share
                          </th>
                          <th scope="col" class="num">
                            Received
                          </th>
                          <th scope="col" class="num">
                            Paid
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.settlements.map((st) => (
                          <tr key={st.settlementId}>
                            <th scope="row">
                              <DateText date={st.periodEnd} />
                            </th>
                            <td class="num">
                              <MoneyText value={st.share} />
                            </td>
                            <td class="num">
                              <MoneyText value={st.received} />
                            </td>
                            <td class="num">
                              <MoneyText value={st.paid} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                )}
              </article>
            ))}
          </Section>
          <Section title="Declarations of partnership" id="declarations">
            {s.declarations.items.length === 0 ? (
              <p>Not a party to any declaration.</p>
            ) : (
              <ul class="plain">
                {s.declarations.items.map((d) => (
                  <li key={d.partnershipId}>
                    <strong>{d.title}</strong> — {d.signed ? 'signed' : 'not signed'}
                    {d.withdrawn ? ', withdrew' : ''} · {humanizeKey(d.status)}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <p>
            <a href={href('/commitments', { promisor: id }, asOf)}>Filter the commitments by it</a>
          </p>
        </>
      )}
    </div>
  );
}
