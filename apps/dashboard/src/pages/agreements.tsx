import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { CollaborativeActions, RecordActions } from '../components/actions';
import { DateText, ErrorNote, Loading, MoneyText, OrgLink, RecordPage, Section, TableWrap } from '../components/common';
import { t } from '../i18n';
import { bpsToPercent } from '../lib/decimal';
import { formatDate, formatMoney, percent, recordStatusLabel, riskModelLabel } from '../lib/format';
import { href, navigate } from '../lib/router';
import type { CollaborativeSummary, Money, Settlement } from '../lib/types';
import { useApi, useApp } from '../state';

interface Declaration {
  id: string;
  collaborativeId: string;
  title: string;
  termsSha256: string;
  summary?: string;
  parties: string[];
  effectiveFrom: string;
  effectiveUntil?: string;
  status: string;
  signatures: Array<{ organizationId: string; signatory: { name: string; title: string } }>;
  unsignedParties: string[];
  withdrawals: Array<{ organizationId: string; reason: string; effectiveOn: string }>;
  termination?: { reason: string };
  lastEvent: { position: number; streamRevision: number; recordedAt: string };
}

interface RiskAgreement {
  id: string;
  collaborativeId: string;
  title: string;
  scope?: string;
  period: { start: string; end: string };
  status: string;
  model: string;
  currency: string;
  benchmark: Money;
  minimumSavingsRate: string;
  sharingRate: string;
  minimumLossRate?: string;
  lossSharingRate?: string;
  savingsCap?: string;
  lossCap?: string;
  parties: Array<{ organizationId: string; shareBps: number }>;
  signatures: Array<{ organizationId: string; signatory: { name: string; title: string } }>;
  unsignedParties: string[];
  result?: { by: string; periodEnd: string; actualCost: Money };
  settlements: Settlement[];
  lastEvent: { position: number; streamRevision: number; recordedAt: string };
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The partnership's declarations and shared-risk agreements, and drafting or proposing a new one. */
export function AgreementsPage() {
  const { session, asOf } = useApp();
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${encodeURIComponent(session.collaborative)}/summary`);
  useEffect(() => {
    document.title = `${t('app.nav.agreements')} · ${session.collaborative}`;
  }, [session.collaborative]);
  const s = summary.data;
  return (
    <div class="page" aria-busy={summary.loading}>
      <div class="page-head">
        <h1>{t('agreements.title')}</h1>
        <p class="lede">{t('agreements.lede')}</p>
      </div>
      <CollaborativeActions
        only={['DraftDeclaration', 'ProposeRiskAgreement']}
        id="agreement-actions"
        currency={s?.funds[0]?.currency}
        title={t('agreements.act')}
        onCreated={(command, rid) => navigate(href(`/${command === 'DraftDeclaration' ? 'declarations' : 'risk-agreements'}/${encodeURIComponent(rid)}`))}
      />
      {summary.error !== undefined && <ErrorNote error={summary.error} />}
      {!s && summary.loading && <Loading what={t('agreements.what')} />}
      {s && (
        <div class="grid-2">
          <Section title={t('declarations.title')} id="declarations">
            {s.declarations.items.length === 0 && <p class="muted">{t('agreements.noDeclaration')}</p>}
            <ul class="plain">
              {s.declarations.items.map((d) => (
                <li key={d.partnershipId} data-declaration={d.partnershipId}>
                  <a href={href(`/declarations/${encodeURIComponent(d.partnershipId)}`, {}, asOf)}>{d.title}</a> — {recordStatusLabel(d.status)};{' '}
                  {t('declarations.signedOf', { signed: d.signed, parties: d.parties })}
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t('overview.risk')} id="risk-agreements">
            {s.riskAgreements.length === 0 && <p class="muted">{t('overview.noRisk')}</p>}
            <ul class="plain">
              {s.riskAgreements.map((a) => (
                <li key={a.agreementId} data-agreement={a.agreementId}>
                  <a href={href(`/risk-agreements/${encodeURIComponent(a.agreementId)}`, {}, asOf)}>{a.title}</a> — {recordStatusLabel(a.status)}; {riskModelLabel(a.model)}
                </li>
              ))}
            </ul>
          </Section>
        </div>
      )}
    </div>
  );
}

function Signatures({ parties, signatures }: { parties: string[]; signatures: Declaration['signatures'] }) {
  const signed = new Map(signatures.map((s) => [s.organizationId, s.signatory]));
  return (
    <TableWrap label={t('agreements.signaturesTable')}>
      <table class="signatures-table">
        <thead>
          <tr>
            <th scope="col">{t('risk.party')}</th>
            <th scope="col">{t('agreements.signedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {parties.map((org) => {
            const who = signed.get(org);
            return (
              <tr key={org} data-party={org} data-signed={String(Boolean(who))}>
                <th scope="row">
                  <OrgLink id={org} />
                </th>
                <td>{who ? `${who.name}, ${who.title}` : <span class="muted">{t('organizations.notSigned')}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A declaration of partnership: its parties and signatures, and signing, withdrawing or terminating it. */
export function DeclarationPage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const declaration = useApi<Declaration>(`/partnerships/${encodeURIComponent(id)}`);
  const d = declaration.data;
  useEffect(() => {
    document.title = `${d?.title ?? t('agreements.declaration')} · ${session.collaborative}`;
  }, [d?.title, session.collaborative]);
  return (
    <RecordPage state={declaration} crumb={{ href: href('/agreements', {}, asOf), label: t('agreements.title') }} current={d?.title ?? id} kind={t('agreements.declaration')} loadingWhat={t('agreements.declarationWhat')}>
      {d && (
        <>
          <div class="page-head">
            <h1>{d.title}</h1>
            <p class="status-line">
              <span class={`badge record-${d.status}`} data-record-status={d.status}>
                {recordStatusLabel(d.status)}
              </span>{' '}
              <span class="muted">{asOf ? t('common.asOfEnd', { date: formatDate(asOf) }) : t('common.asOfNow')}</span>
            </p>
          </div>
          <RecordActions
            record={d as unknown as Record<string, unknown>}
            recordId={d.id}
            collaborativeId={d.collaborativeId}
            revision={d.lastEvent.streamRevision}
            reload={declaration.reload}
            onCreated={(_, rid) => navigate(href(`/resolutions/${encodeURIComponent(rid)}`))}
          />
          <div class="grid-2">
            <section class="card" aria-labelledby="declaration-terms">
              <h2 id="declaration-terms">{t('agreements.terms')}</h2>
              <dl class="facts">
                {d.summary && <Fact label={t('form.summary')}>{d.summary}</Fact>}
                <Fact label={t('form.effectiveFrom')}>
                  <DateText date={d.effectiveFrom} />
                  {d.effectiveUntil && (
                    <>
                      {' '}
                      – <DateText date={d.effectiveUntil} />
                    </>
                  )}
                </Fact>
                <Fact label={t('form.termsSha256')}>
                  <code class="hash break">{d.termsSha256}</code>
                </Fact>
                {d.termination && <Fact label={t('recordStatus.terminated')}>{d.termination.reason}</Fact>}
                {d.withdrawals.map((w) => (
                  <Fact key={w.organizationId} label={t('organizations.withdrew')}>
                    <OrgLink id={w.organizationId} /> — <DateText date={w.effectiveOn} />: {w.reason}
                  </Fact>
                ))}
              </dl>
            </section>
            <Section title={t('agreements.signatures')} id="signatures">
              <Signatures parties={d.parties} signatures={d.signatures} />
            </Section>
          </div>
        </>
      )}
    </RecordPage>
  );
}

/** A shared-risk agreement: terms, parties, signatures, the period's result and settlements. */
export function RiskAgreementPage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const agreement = useApi<RiskAgreement>(`/risk-agreements/${encodeURIComponent(id)}`);
  const a = agreement.data;
  useEffect(() => {
    document.title = `${a?.title ?? t('agreements.risk')} · ${session.collaborative}`;
  }, [a?.title, session.collaborative]);
  return (
    <RecordPage state={agreement} crumb={{ href: href('/agreements', {}, asOf), label: t('agreements.title') }} current={a?.title ?? id} kind={t('agreements.risk')} loadingWhat={t('agreements.riskWhat')}>
      {a && (
        <>
          <div class="page-head">
            <h1>{a.title}</h1>
            <p class="status-line">
              <span class={`badge record-${a.status}`} data-record-status={a.status}>
                {recordStatusLabel(a.status)}
              </span>{' '}
              <span class="muted">{asOf ? t('common.asOfEnd', { date: formatDate(asOf) }) : t('common.asOfNow')}</span>
            </p>
          </div>
          <RecordActions
            record={a as unknown as Record<string, unknown>}
            recordId={a.id}
            collaborativeId={a.collaborativeId}
            revision={a.lastEvent.streamRevision}
            reload={agreement.reload}
            currency={a.currency}
            describe={(action) => {
              const s = action.target?.settlementId ? a.settlements.find((x) => x.settlementId === action.target?.settlementId) : undefined;
              return s ? t('agreements.settlementOf', { date: formatDate(s.periodEnd), amount: formatMoney(s.pool) }) : undefined;
            }}
            onCreated={(_, rid) => navigate(href(`/resolutions/${encodeURIComponent(rid)}`))}
          />
          <div class="grid-2">
            <section class="card" aria-labelledby="risk-terms">
              <h2 id="risk-terms">{t('agreements.terms')}</h2>
              <dl class="facts">
                {a.scope && <Fact label={t('form.scope')}>{a.scope}</Fact>}
                <Fact label={t('form.model')}>{riskModelLabel(a.model)}</Fact>
                <Fact label={t('agreements.period')}>
                  <DateText date={a.period.start} /> – <DateText date={a.period.end} />
                </Fact>
                <Fact label={t('form.benchmark')}>
                  <MoneyText value={a.benchmark} />
                </Fact>
                <Fact label={t('form.minimumSavingsRate')}>{percent(a.minimumSavingsRate)}</Fact>
                <Fact label={t('form.sharingRate')}>{percent(a.sharingRate)}</Fact>
                {a.result && (
                  <Fact label={t('agreements.result')}>
                    <MoneyText value={a.result.actualCost} /> — <DateText date={a.result.periodEnd} />, <OrgLink id={a.result.by} />
                  </Fact>
                )}
              </dl>
            </section>
            <Section title={t('agreements.signatures')} id="signatures">
              <TableWrap label={t('agreements.shares')}>
                <table class="shares-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('risk.party')}</th>
                      <th scope="col" class="num">
                        {t('risk.share')}
                      </th>
                      <th scope="col">{t('agreements.signedBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.parties.map((p) => {
                      const sig = a.signatures.find((s) => s.organizationId === p.organizationId);
                      return (
                        <tr key={p.organizationId} data-party={p.organizationId} data-signed={String(Boolean(sig))}>
                          <th scope="row">
                            <OrgLink id={p.organizationId} />
                          </th>
                          <td class="num">{percent(bpsToPercent(p.shareBps))}</td>
                          <td>{sig ? `${sig.signatory.name}, ${sig.signatory.title}` : <span class="muted">{t('organizations.notSigned')}</span>}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            </Section>
          </div>
          {a.settlements.length > 0 && (
            <Section title={t('agreements.settlements')} id="settlements">
              <ul class="plain">
                {a.settlements.map((s) => (
                  <li key={s.settlementId} data-settlement={s.settlementId}>
                    <DateText date={s.periodEnd} />: {t('agreements.savings')} <MoneyText value={s.savings} />, {t('agreements.pool')} <MoneyText value={s.pool} />,{' '}
                    {t('risk.paid')} <MoneyText value={s.paid} />
                    {s.payments.length > 0 && (
                      <ul>
                        {s.payments.map((p) => (
                          <li key={p.paymentId}>
                            <DateText date={p.paidOn} />: <OrgLink id={p.fromOrganizationId} /> → {p.toOrganizationId ? <OrgLink id={p.toOrganizationId} /> : '—'} <MoneyText value={p.amount} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </RecordPage>
  );
}
