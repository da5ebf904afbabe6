import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { CollaborativeActions, RecordActions } from '../components/actions';
import { DateText, ErrorNote, Loading, MoneyText, OrgLink, PartyText, RecordPage, Section, TableWrap } from '../components/common';
import { t, tn } from '../i18n';
import { query } from '../lib/api';
import { formatDate, formatMoney, pledgeStatusLabel } from '../lib/format';
import { href, navigate, type Route } from '../lib/router';
import type { Money, Page, Pledge } from '../lib/types';
import { useApi, useApp } from '../state';

export interface PledgeDetail extends Pledge {
  amount: Money;
  conditions?: string;
  madeOn?: string;
  acknowledgedBy?: string;
  schedule: Array<{ dueDate: string; amount: Money }>;
  cancellation?: { reason: string; cancelledAmount: Money };
  disbursements: Array<{ disbursementId: string; amount: Money; disbursedOn: string; reference: string; receivedOn?: string }>;
  lastEvent: { position: number; streamRevision: number; recordedAt: string };
  allowedActions?: unknown[];
}

const PLEDGE_STATUSES = ['open', 'partially_disbursed', 'fulfilled', 'cancelled'];

export function PledgeBadge({ status }: { status: string }) {
  return (
    <span class={`badge pledge-${status}`} data-pledge-status={status}>
      {pledgeStatusLabel(status)}
    </span>
  );
}

/** Funding pledged in the partnership: by whom, to whom, how much is disbursed and outstanding. */
export function PledgesPage({ route }: { route: Route }) {
  const { session, asOf } = useApp();
  const status = route.query.get('status') ?? '';
  const pledges = useApi<Page<Pledge>>(`/pledges${query({ collaborative: session.collaborative, status, limit: 200 })}`);
  useEffect(() => {
    document.title = `${t('app.nav.pledges')} · ${session.collaborative}`;
  }, [session.collaborative]);
  const items = pledges.data?.items ?? [];
  return (
    <div class="page" aria-busy={pledges.loading}>
      <div class="page-head">
        <h1>{t('pledges.title')}</h1>
        <p class="lede">{t('pledges.lede')}</p>
      </div>
      <CollaborativeActions only={['MakePledge']} id="pledge-actions" title={t('pledges.act')} currency={items[0]?.pledged.currency} onCreated={(_, id) => navigate(href(`/pledges/${encodeURIComponent(id)}`))} />
      <form class="filters card" role="search" aria-label={t('pledges.filter')} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="filter-pledge-status">{t('commitments.status')}</label>
          <select id="filter-pledge-status" value={status} onChange={(e) => navigate(href('/pledges', { status: (e.currentTarget as HTMLSelectElement).value }, asOf))}>
            <option value="">{t('commitments.anyStatus')}</option>
            {PLEDGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {pledgeStatusLabel(s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {pledges.error !== undefined && <ErrorNote error={pledges.error} />}
      {!pledges.data && pledges.loading && <Loading what={t('pledges.what')} />}
      {pledges.data && (
        <p class="count" role="status" data-count={items.length}>
          {items.length === 0 ? t('pledges.none') : `${tn('pledges.count', items.length)}.`}
        </p>
      )}
      {items.length > 0 && (
        <TableWrap label={t('pledges.title')}>
          <table class="pledges-table stack">
            <thead>
              <tr>
                <th scope="col">{t('pledges.purpose')}</th>
                <th scope="col">{t('money.funder')}</th>
                <th scope="col">{t('pledges.recipient')}</th>
                <th scope="col" class="num">
                  {t('money.pledged')}
                </th>
                <th scope="col" class="num">
                  {t('money.disbursed')}
                </th>
                <th scope="col" class="num">
                  {t('money.outstanding')}
                </th>
                <th scope="col">{t('commitments.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-pledge={p.id} data-status={p.status}>
                  <td data-label={t('pledges.purpose')}>
                    <a href={href(`/pledges/${encodeURIComponent(p.id)}`, {}, asOf)}>{p.purpose}</a>
                    {!p.binding && <div class="muted small">{t('pledges.indicative')}</div>}
                  </td>
                  <td data-label={t('money.funder')}>
                    <OrgLink id={p.funder} />
                  </td>
                  <td data-label={t('pledges.recipient')}>
                    <PartyText party={p.recipient} />
                  </td>
                  <td class="num" data-label={t('money.pledged')}>
                    <MoneyText value={p.pledged} />
                  </td>
                  <td class="num" data-label={t('money.disbursed')}>
                    <MoneyText value={p.disbursed} />
                  </td>
                  <td class="num" data-label={t('money.outstanding')}>
                    <MoneyText value={p.outstanding} />
                  </td>
                  <td data-label={t('commitments.status')}>
                    <PledgeBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One pledge: its figures, schedule and disbursements, and what the signed-in organization may do with it. */
export function PledgePage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const pledge = useApi<PledgeDetail>(`/pledges/${encodeURIComponent(id)}`);
  const p = pledge.data;
  useEffect(() => {
    document.title = `${p?.purpose ?? t('pledges.single')} · ${session.collaborative}`;
  }, [p?.purpose, session.collaborative]);
  return (
    <RecordPage state={pledge} crumb={{ href: href('/pledges', {}, asOf), label: t('pledges.title') }} current={p?.purpose ?? id} kind={t('pledges.single')} loadingWhat={t('pledges.oneWhat')}>
      {p && (
        <>
          <div class="page-head">
            <h1>{p.purpose}</h1>
            <p class="status-line">
              <PledgeBadge status={p.status} /> <span class="muted">{asOf ? t('common.asOfEnd', { date: formatDate(asOf) }) : t('common.asOfNow')}</span>
            </p>
          </div>
          <RecordActions
            record={p as unknown as Record<string, unknown>}
            recordId={p.id}
            collaborativeId={p.collaborativeId}
            revision={p.lastEvent.streamRevision}
            reload={pledge.reload}
            currency={p.pledged.currency}
            describe={(action) => {
              const d = action.target?.disbursementId ? p.disbursements.find((x) => x.disbursementId === action.target?.disbursementId) : undefined;
              return d ? `${formatMoney(d.amount)} · ${formatDate(d.disbursedOn)} · ${d.reference}` : undefined;
            }}
          />
          <div class="grid-2">
            <section class="card" aria-labelledby="pledge-what">
              <h2 id="pledge-what">{t('pledges.terms')}</h2>
              <dl class="facts">
                <Fact label={t('money.funder')}>
                  <OrgLink id={p.funder} />
                </Fact>
                <Fact label={t('pledges.recipient')}>
                  <PartyText party={p.recipient} />
                </Fact>
                <Fact label={t('pledges.kind')}>{p.binding ? t('pledges.binding') : t('pledges.indicative')}</Fact>
                {p.conditions && <Fact label={t('form.conditions')}>{p.conditions}</Fact>}
                {p.madeOn && (
                  <Fact label={t('pledges.madeOn')}>
                    <DateText date={p.madeOn} />
                  </Fact>
                )}
                <Fact label={t('pledges.acknowledged')}>{p.acknowledgedBy ? <OrgLink id={p.acknowledgedBy} /> : t('pledges.notAcknowledged')}</Fact>
                {p.cancellation && (
                  <Fact label={t('pledgeStatus.cancelled')}>
                    <MoneyText value={p.cancellation.cancelledAmount} /> — {p.cancellation.reason}
                  </Fact>
                )}
              </dl>
            </section>
            <section class="card" aria-labelledby="pledge-figures">
              <h2 id="pledge-figures">{t('pledges.figures')}</h2>
              <dl class="facts">
                {(['pledged', 'disbursed', 'confirmed', 'cancelled', 'outstanding'] as const).map((k) => (
                  <div class="fact" key={k} data-figure={k}>
                    <dt>{t(`money.${k}`)}</dt>
                    <dd>
                      <MoneyText value={p[k]} />
                    </dd>
                  </div>
                ))}
              </dl>
              {p.overdueInstallments.length > 0 && (
                <p class="bad-text">
                  {p.overdueInstallments.map((i) => t('pledges.overdueInstallment', { date: formatDate(i.dueDate), amount: formatMoney(i.unpaid) })).join(' · ')}
                </p>
              )}
            </section>
          </div>
          <div class="grid-2">
            <Section title={t('pledges.schedule')} id="schedule">
              {p.schedule.length === 0 ? (
                <p class="muted">{t('pledges.noSchedule')}</p>
              ) : (
                <ul class="plain">
                  {p.schedule.map((i) => (
                    <li key={i.dueDate}>
                      <DateText date={i.dueDate} /> — <MoneyText value={i.amount} />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title={t('pledges.disbursements')} id="disbursements">
              {p.disbursements.length === 0 ? (
                <p class="muted">{t('pledges.noDisbursement')}</p>
              ) : (
                <TableWrap label={t('pledges.disbursementsTable')}>
                  <table class="disbursements-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('form.disbursedOn')}</th>
                        <th scope="col" class="num">
                          {t('form.amount')}
                        </th>
                        <th scope="col">{t('form.reference')}</th>
                        <th scope="col">{t('pledges.received')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.disbursements.map((d) => (
                        <tr key={d.disbursementId} data-disbursement={d.disbursementId}>
                          <td>
                            <DateText date={d.disbursedOn} />
                          </td>
                          <td class="num">
                            <MoneyText value={d.amount} />
                          </td>
                          <td>{d.reference}</td>
                          <td>{d.receivedOn ? <DateText date={d.receivedOn} /> : <span class="muted">{t('pledges.notConfirmed')}</span>}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </Section>
          </div>
        </>
      )}
    </RecordPage>
  );
}
