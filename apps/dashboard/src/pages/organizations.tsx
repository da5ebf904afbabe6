import { useContext, useEffect } from 'preact/hooks';
import { DateText, ErrorNote, Figure, Loading, MoneyText, PartyText, Section, StatusBadge, TableWrap } from '../components/common';
import { query } from '../lib/api';
import { bpsToPercent } from '../lib/decimal';
import { t } from '../i18n';
import { T } from '../components/t';
import { formatAmount, formatDate, percent, pledgeStatusLabel, recordStatusLabel, roleLabel, sectorLabel } from '../lib/format';
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
    document.title = `${t('app.nav.organizations')} · ${session.collaborative}`;
  }, [session.collaborative]);
  const members = summary.data?.collaborative.members ?? [];
  return (
    <div class="page" aria-busy={summary.loading}>
      <div class="page-head">
        <h1>{t('organizations.title')}</h1>
        <p class="lede">{t('organizations.lede')}</p>
      </div>
      {summary.error !== undefined && <ErrorNote error={summary.error} />}
      {!summary.data && summary.loading && <Loading what={t('organizations.what')} />}
      {summary.data && (
        <TableWrap label={t('organizations.table')}>
          <table class="members-table">
            <thead>
              <tr>
                <th scope="col">{t('organizations.organization')}</th>
                <th scope="col">{t('organizations.sector')}</th>
                <th scope="col">{t('organizations.role')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.organizationId} data-org={m.organizationId}>
                  <th scope="row">
                    <a href={href(`/organizations/${encodeURIComponent(m.organizationId)}`, {}, asOf)}>{names.get(m.organizationId)?.name ?? m.organizationId}</a>
                  </th>
                  <td>{names.get(m.organizationId) ? sectorLabel(names.get(m.organizationId)?.sector ?? '') : '…'}</td>
                  <td>{roleLabel(m.role)}</td>
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
    document.title = `${s?.organization.name ?? id} · ${t('organizations.scorecard')}`;
  }, [s?.organization.name, id]);
  const role = summary.data?.collaborative.members.find((m) => m.organizationId === id)?.role;

  return (
    <div class="page" aria-busy={card.loading}>
      <nav aria-label={t('common.breadcrumb')} class="breadcrumb">
        <a href={href('/organizations', {}, asOf)}>{t('organizations.title')}</a> <span aria-hidden="true">›</span> <span aria-current="page">{s?.organization.name ?? id}</span>
      </nav>
      {card.error !== undefined && (
        <>
          <h1>{id}</h1>
          <ErrorNote error={card.error} />
        </>
      )}
      {!s && card.loading && <Loading what={t('organizations.scorecardWhat')} />}
      {s && (
        <>
          <div class="page-head">
            <h1>{s.organization.name}</h1>
            <p class="lede">
              {sectorLabel(s.organization.sector)}
              {role ? ` · ${t('organizations.roleOf', { role: roleLabel(role) })}` : ''} · {asOf ? t('organizations.scorecardAsOf', { date: formatDate(asOf) }) : t('organizations.scorecardNow')}
            </p>
          </div>
          <dl class="figures" aria-label={t('overview.keyFigures')}>
            <Figure id="made" label={t('overview.made')} value={s.commitments.made} />
            <Figure id="delivered" label={t('organizations.delivered')} value={s.commitments.delivered} tone="good" />
            <Figure id="on-time" label={t('organizations.onTime')} value={percent(s.commitments.onTimeRate)} />
            <Figure id="overdue" label={t('status.overdue')} value={s.commitments.overdue} tone={s.commitments.overdue > 0 ? 'bad' : undefined} />
            <Figure id="missed" label={t('status.missed')} value={s.commitments.missed} tone={s.commitments.missed > 0 ? 'bad' : undefined} />
            {s.funds.map((f) => (
              <Figure key={f.currency} id={`pledged-${f.currency}`} label={t('overview.pledgedIn', { currency: f.currency })} value={formatAmount(f.currency, f.pledged)} />
            ))}
          </dl>
          <div class="grid-2">
            {s.commitments.made > 0 ? (
              <StatusSection counts={s.commitments} title={t('organizations.promised')} filter={{ promisor: id }} />
            ) : (
              <Section title={t('organizations.promised')} id="status-chart-section">
                <p>{t('organizations.noneMade')}</p>
              </Section>
            )}
            <Section title={t('organizations.received')} id="received">
              <dl class="facts compact">
                <div class="fact">
                  <dt>{t('organizations.madeTo')}</dt>
                  <dd>{s.commitmentsReceived.made}</dd>
                </div>
                <div class="fact">
                  <dt>{t('organizations.deliveredTo')}</dt>
                  <dd>
                    {t('organizations.late', { delivered: s.commitmentsReceived.delivered, late: s.commitmentsReceived.deliveredLate })}
                  </dd>
                </div>
                <div class="fact">
                  <dt>{t('organizations.overdueTo')}</dt>
                  <dd>{s.commitmentsReceived.overdue}</dd>
                </div>
                <div class="fact">
                  <dt>{t('organizations.waiting')}</dt>
                  <dd>{s.commitmentsReceived.deliveryClaimed}</dd>
                </div>
              </dl>
              <p>
                <a href={href('/commitments', { promisee: id }, asOf)}>{t('organizations.madeToLink', { name: s.organization.name })}</a>
              </p>
            </Section>
          </div>
          <Section title={t('organizations.its')} id="its-commitments">
            {promised.error !== undefined && <ErrorNote error={promised.error} />}
            {promised.data && promised.data.items.length === 0 && <p>{t('organizations.noneHere')}</p>}
            {promised.data && promised.data.items.length > 0 && (
              <TableWrap label={t('organizations.commitmentsOf', { name: s.organization.name })}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('commitments.col.commitment')}</th>
                      <th scope="col">{t('commitments.col.to')}</th>
                      <th scope="col">{t('commitments.col.due')}</th>
                      <th scope="col">{t('commitments.status')}</th>
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
          <Section title={t('organizations.funds')} id="funds">
            {s.funds.length === 0 && s.fundsReceived.length === 0 && <p>{t('organizations.noFunds')}</p>}
            {(s.funds.length > 0 || s.fundsReceived.length > 0) && (
              <TableWrap label={t('organizations.fundsTable')}>
                <table class="scorecard-funds">
                  <thead>
                    <tr>
                      <th scope="col">{t('organizations.fundsCol')}</th>
                      <th scope="col" class="num">
                        {t('money.pledged')}
                      </th>
                      <th scope="col" class="num">
                        {t('money.disbursed')}
                      </th>
                      <th scope="col" class="num">
                        {t('money.confirmed')}
                      </th>
                      <th scope="col" class="num">
                        {t('money.outstanding')}
                      </th>
                      <th scope="col" class="num">
                        {t('money.overdue')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.funds.map((f) => (
                      <tr key={`by-${f.currency}`} data-row="pledged-by">
                        <th scope="row">{t('organizations.pledgedBy', { currency: f.currency })}</th>
                        <td class="num">{formatAmount(f.currency, f.pledged)}</td>
                        <td class="num">{formatAmount(f.currency, f.disbursed)}</td>
                        <td class="num">{formatAmount(f.currency, f.confirmed)}</td>
                        <td class="num">{formatAmount(f.currency, f.outstanding)}</td>
                        <td class="num">{formatAmount(f.currency, f.overdue)}</td>
                      </tr>
                    ))}
                    {s.fundsReceived.map((f) => (
                      <tr key={`to-${f.currency}`} data-row="pledged-to">
                        <th scope="row">{t('organizations.pledgedTo', { currency: f.currency })}</th>
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
                <h3>{t('organizations.itsPledges')}</h3>
                <ul class="plain">
                  {pledged.data.items.map((p) => (
                    <li key={p.id}>
                      <T
                        k={p.binding ? 'organizations.pledgeLine' : 'organizations.pledgeLineIndicative'}
                        values={{
                          purpose: (
                            <strong>
                              <a href={href(`/pledges/${encodeURIComponent(p.id)}`, {}, asOf)}>{p.purpose}</a>
                            </strong>
                          ),
                          recipient: <PartyText party={p.recipient} />,
                          pledged: <MoneyText value={p.pledged} />,
                          disbursed: <MoneyText value={p.disbursed} />,
                        }}
                      />{' '}
                      — {pledgeStatusLabel(p.status)}
                      {p.overdueInstallments.length > 0 && (
                        <span class="bad-text">
                          {' '}
                          · <T k="organizations.installmentUnpaid" values={{ date: <DateText date={p.overdueInstallments[0].dueDate} /> }} />
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Section>
          <Section title={t('organizations.riskShares')} id="risk-shares">
            {s.riskShares.length === 0 && <p>{t('overview.noRisk')}</p>}
            {s.riskShares.map((r) => (
              <article key={r.agreementId} class="agreement" data-agreement={r.agreementId}>
                <h3>
                  <a href={href(`/risk-agreements/${encodeURIComponent(r.agreementId)}`, {}, asOf)}>{r.title}</a>
                </h3>
                <p class="muted">
                  {r.shareBps === null ? t('organizations.notAParty') : t('organizations.shareOf', { share: percent(bpsToPercent(r.shareBps)) })} ·{' '}
                  {r.signed ? t('organizations.signed') : t('organizations.notSigned')} · {recordStatusLabel(r.status)}
                </p>
                {r.settlements.length > 0 && (
                  <TableWrap label={t('organizations.settlementsOf', { title: r.title })}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('organizations.periodEnding')}</th>
                          <th scope="col" class="num">
                            {t('organizations.itsShare')}
                          </th>
                          <th scope="col" class="num">
                            {t('risk.received')}
                          </th>
                          <th scope="col" class="num">
                            {t('risk.paid')}
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
          <Section title={t('declarations.title')} id="declarations">
            {s.declarations.items.length === 0 ? (
              <p>{t('organizations.noDeclaration')}</p>
            ) : (
              <ul class="plain">
                {s.declarations.items.map((d) => (
                  <li key={d.partnershipId}>
                    <strong>
                      <a href={href(`/declarations/${encodeURIComponent(d.partnershipId)}`, {}, asOf)}>{d.title}</a>
                    </strong>{' '}
                    — {d.signed ? t('organizations.signed') : t('organizations.notSigned')}
                    {d.withdrawn ? `, ${t('organizations.withdrew')}` : ''} · {recordStatusLabel(d.status)}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <p>
            <a href={href('/commitments', { promisor: id }, asOf)}>{t('organizations.filterBy')}</a>
          </p>
        </>
      )}
    </div>
  );
}
