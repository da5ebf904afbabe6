import type { ComponentChildren, JSX } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { DateText, EvidenceLink, InstantText, OrgLink, PartyText, RecordPage, StatusBadge } from '../components/common';
import { t, tn } from '../i18n';
import { T } from '../components/t';
import { eventLabel, fieldLabel, fieldValueLabel, formatDate, formatFigure, roleLabel } from '../lib/format';
import { href } from '../lib/router';
import type { CollaborativeSummary, CommitmentDetail, Evidence, Party } from '../lib/types';
import type { Check, LedgerEvent } from '../lib/verify';
import { AuditContext, useApi, useApp } from '../state';
import { RecordActions } from '../components/actions';
import { EvidenceCheck } from '../components/evidence-check';
import { navigate } from '../lib/router';

/** One commitment: what was promised, its status, and its whole history as a timeline. */
export function CommitmentPage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const commitment = useApi<CommitmentDetail>(`/commitments/${encodeURIComponent(id)}`);
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${encodeURIComponent(session.collaborative)}/summary`);
  const c = commitment.data;
  useEffect(() => {
    document.title = `${c?.title ?? t('commitment.title')} · ${session.collaborative}`;
  }, [c?.title, session.collaborative]);
  const goal = c?.goalId ? summary.data?.goals.find((g) => g.goalId === c.goalId) : undefined;

  return (
    <RecordPage state={commitment} crumb={{ href: href('/commitments', {}, asOf), label: t('commitments.title') }} current={c?.title ?? id} kind={t('commitment.title')} loadingWhat={t('commitment.what')} errorNote={asOf && <p>{t('common.notYet', { date: formatDate(asOf) })}</p>}>
      {c && (
        <>
          <div class="page-head commitment-head">
            <h1>{c.title}</h1>
            <p class="status-line">
              <StatusBadge status={c.status} /> <span class="muted">{asOf ? t('common.asOfEnd', { date: formatDate(asOf) }) : t('common.asOfNow')}</span>
            </p>
          </div>
          <RecordActions
            record={c}
            recordId={c.id}
            collaborativeId={c.collaborativeId}
            revision={c.lastEvent.streamRevision}
            reload={commitment.reload}
            describe={(action) => {
              const revision = action.target?.revisionId ? c.revisions?.find((r) => r.revisionId === action.target?.revisionId) : undefined;
              return revision ? [revision.dueDate ? t('commitment.newDue', { date: formatDate(revision.dueDate) }) : '', revision.reason].filter(Boolean).join(' · ') : undefined;
            }}
            onCreated={(_, id) => navigate(href(`/resolutions/${encodeURIComponent(id)}`))}
          />
          <div class="grid-2">
            <section class="card" aria-labelledby="what-title">
              <h2 id="what-title">{t('commitment.promise')}</h2>
              <dl class="facts">
                <Fact label={t('commitments.promisedBy')}>
                  <OrgLink id={c.promisor} />
                </Fact>
                <Fact label={t('commitments.col.to')}>
                  <PartyText party={c.promisee} />
                </Fact>
                <Fact label={t('commitments.col.due')}>
                  <DateText date={c.dueDate} />
                  {c.originalDueDate && c.originalDueDate !== c.dueDate && (
                    <span class="muted">
                      {' '}
                      <T k="commitment.firstPromised" values={{ date: <DateText date={c.originalDueDate} /> }} />
                    </span>
                  )}
                </Fact>
                {c.measure && (
                  <Fact label={t('commitment.measure')}>
                    {formatFigure(c.measure.target)} {c.measure.unit} <span class="muted">({c.measure.indicator})</span>
                  </Fact>
                )}
                {c.description && <Fact label={t('commitment.description')}>{c.description}</Fact>}
                {c.deliverable && <Fact label={t('commitment.deliverable')}>{c.deliverable}</Fact>}
                {c.goalId && <Fact label={t('commitments.goal')}>{goal?.title ?? c.goalId}</Fact>}
                {c.partnershipId && (
                  <Fact label={t('commitment.declaration')}>{summary.data?.declarations.items.find((d) => d.partnershipId === c.partnershipId)?.title ?? c.partnershipId}</Fact>
                )}
                {c.delivery && (
                  <Fact label={t('status.delivery_claimed')}>
                    <T k="commitment.deliveredOn" values={{ date: <DateText date={c.delivery.deliveredOn} /> }} />
                    {c.delivery.value && <> — {t('commitment.value', { value: formatFigure(c.delivery.value) })}</>}
                    {c.delivery.evidence && (
                      <div>
                        <EvidenceLink evidence={c.delivery.evidence} />
                      </div>
                    )}
                  </Fact>
                )}
                <Fact label={t('commitment.lastRecorded')}>
                  <InstantText iso={c.lastEvent.recordedAt} />
                  {c.history && (
                    <span class="muted">
                      {' '}
                      ({tn('commitment.eventsInAll', c.history.length)})
                    </span>
                  )}
                </Fact>
              </dl>
            </section>
            <section class="card" aria-labelledby="progress-title">
              <h2 id="progress-title">{t('commitment.progress')}</h2>
              {(c.progress ?? []).length === 0 ? (
                <p class="muted">{t('commitment.noProgress')}</p>
              ) : (
                <ul class="plain">
                  {(c.progress ?? []).map((p, i) => (
                    <li key={i}>
                      {p.note}
                      {p.value !== undefined && <strong> — {formatFigure(p.value)}</strong>}
                      {p.evidence && (
                        <div>
                          <EvidenceLink evidence={p.evidence} />
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {(c.revisions ?? []).length > 0 && (
                <>
                  <h3>{t('commitment.revisions')}</h3>
                  <ul class="plain">
                    {(c.revisions ?? []).map((r) => (
                      <li key={r.revisionId}>
                        {t(`commitment.revisionStatus.${r.status}`)}: {r.reason}
                        {r.dueDate && (
                          <>
                            {' '}
                            — <T k="commitment.newDue" values={{ date: <DateText date={r.dueDate} /> }} />
                          </>
                        )}
                        {r.target && <> — {t('commitment.newTarget', { target: formatFigure(r.target) })}</>}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          </div>
          <EvidenceCheck evidence={[c.delivery?.evidence, ...(c.progress ?? []).map((p) => p.evidence)].filter((e): e is Evidence => Boolean(e))} />
          <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t('commitment.history')}</h2>
            {c.history && (
              <p class="muted small">{t('commitment.historyHelp')}</p>
            )}
            {c.history ? (
              <ol class="timeline" data-events={c.history.length}>
                {c.history.map((event) => (
                  <TimelineItem key={event.eventId} event={event} />
                ))}
              </ol>
            ) : (
              <p class="notice" data-history="withheld">
                {t('commitment.historyWithheld')}
              </p>
            )}
          </section>
        </>
      )}
    </RecordPage>
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

export function Actor({ actor }: { actor: LedgerEvent['actor'] }) {
  if (actor.type === 'organization' && actor.organizationId) {
    return (
      <>
        <OrgLink id={actor.organizationId} />
        {actor.role && <span class="muted"> ({roleLabel(actor.role)})</span>}
      </>
    );
  }
  if (actor.type === 'operator') return <>{t('common.operator')}</>;
  if (actor.type === 'ledger') return <>{t('common.ledgerItself')}</>;
  // An adopted resolution's act: the partnership acted, by resolution.
  if (actor.type === 'collaborative' || actor.type === 'resolution') return <>{t('common.byResolution')}</>;
  return <>{actor.type}</>;
}

const HIDDEN = new Set(['commitmentId', 'collaborativeId', 'promisor', 'partnershipId']);

function isEvidence(value: unknown): value is Evidence {
  return typeof value === 'object' && value !== null && typeof (value as Evidence).uri === 'string';
}

function isParty(value: unknown): value is Party {
  return typeof value === 'object' && value !== null && ('organizationId' in value || 'collaborativeId' in value) && Object.keys(value).length === 1;
}

function DataValue({ name, value }: { name: string; value: unknown }): JSX.Element {
  if (isEvidence(value)) return <EvidenceLink evidence={value} />;
  if (name === 'measure' && typeof value === 'object' && value !== null && 'target' in value) {
    const m = value as { indicator?: string; unit?: string; target?: string };
    return (
      <>
        {formatFigure(m.target)} {m.unit} {m.indicator && <span class="muted">({m.indicator})</span>}
      </>
    );
  }
  if (isParty(value)) return <PartyText party={value} />;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return <DateText date={value} />;
  if (typeof value === 'string' && fieldValueLabel(name, value)) return <>{fieldValueLabel(name, value)}</>;
  if (name === 'value' && typeof value === 'string') return <>{formatFigure(value)}</>;
  if ((name === 'by' || name.endsWith('OrganizationId')) && typeof value === 'string') return <OrgLink id={value} />;
  if (Array.isArray(value)) return <>{value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}</>;
  if (typeof value === 'object' && value !== null) {
    return (
      <>
        {Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => `${fieldLabel(k).toLowerCase()} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join(', ')}
      </>
    );
  }
  return <>{String(value)}</>;
}

function TimelineItem({ event }: { event: LedgerEvent }) {
  const audit = useContext(AuditContext);
  const [check, setCheck] = useState<{ state: 'idle' | 'checking' | 'done'; verified?: boolean; checks?: Check[]; detail?: string; treeSize?: number }>({ state: 'idle' });
  const data = Object.entries(event.data ?? {}).filter(([k, v]) => !HIDDEN.has(k) && v !== undefined && v !== null && v !== '');
  async function verify() {
    setCheck({ state: 'checking' });
    const result = await audit.run(event);
    // Verified only when the inclusion of this very event was checked, not the signature alone.
    setCheck({ state: 'done', verified: result.status === 'verified' && result.event?.eventId === event.eventId, checks: result.checks, detail: result.detail, treeSize: result.checkpoint?.treeSize });
  }
  const ok = check.verified === true;
  return (
    <li class="timeline-item" data-type={event.type} data-position={event.position}>
      <div class="timeline-marker" aria-hidden="true" />
      <div class="timeline-body">
        <p class="timeline-head">
          <T k="commitment.eventBy" values={{ event: <strong class="event-type">{eventLabel(event.type)}</strong>, actor: <Actor actor={event.actor} /> }} />
        </p>
        <p class="muted small">
          <InstantText iso={event.recordedAt} /> · {t('commitment.position', { position: event.position })}
        </p>
        {data.length > 0 && (
          <dl class="event-data">
            {data.map(([k, v]) => (
              <div key={k}>
                <dt>{fieldLabel(k)}</dt>
                <dd>
                  <DataValue name={k} value={v} />
                </dd>
              </div>
            ))}
          </dl>
        )}
        <div class="verify-row">
          <button type="button" class="link-button" onClick={verify} disabled={check.state === 'checking'} aria-describedby={`verify-${event.eventId}`}>
            {check.state === 'checking' ? t('commitment.checking') : t('commitment.check')}
          </button>
          <span id={`verify-${event.eventId}`} class={`verify-result${check.state === 'done' ? (ok ? ' ok' : ' bad') : ''}`} role="status" data-verified={check.state === 'done' ? String(Boolean(ok)) : undefined}>
            {check.state === 'done' &&
              (ok
                ? `✓ ${t('commitment.checked', { count: check.treeSize ?? 0 })}`
                : `✗ ${check.detail ?? check.checks?.find((c) => !c.ok)?.detail ?? t('commitment.notVerified')}`)}
          </span>
        </div>
      </div>
    </li>
  );
}
