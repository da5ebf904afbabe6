import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { explain } from '../lib/api';
import { t } from '../i18n';
import { formatDate, formatInstant, formatMoney, statusLabel } from '../lib/format';
import { href } from '../lib/router';
import type { CommitmentStatus, Evidence, Money, Party } from '../lib/types';
import { NamesContext, useApp } from '../state';

export function StatusBadge({ status }: { status: CommitmentStatus }) {
  return (
    <span class={`badge status-${status}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}

export function MoneyText({ value }: { value: Money | null | undefined }) {
  return <span class="money">{formatMoney(value)}</span>;
}

export function DateText({ date }: { date: string | null | undefined }) {
  return date ? <time dateTime={date}>{formatDate(date)}</time> : <span>—</span>;
}

export function InstantText({ iso }: { iso: string | null | undefined }) {
  return iso ? <time dateTime={iso}>{formatInstant(iso)}</time> : <span>—</span>;
}

/** An organization's name (its id until the name is known), linking to its scorecard. */
export function OrgLink({ id }: { id: string }) {
  const names = useContext(NamesContext);
  const { asOf } = useApp();
  return (
    <a href={href(`/organizations/${encodeURIComponent(id)}`, {}, asOf)} class="org" data-org={id}>
      {names.get(id)?.name ?? id}
    </a>
  );
}

export function orgName(names: Map<string, { name: string }>, id: string): string {
  return names.get(id)?.name ?? id;
}

export function PartyText({ party }: { party: Party }) {
  const { session } = useApp();
  if ('organizationId' in party) return <OrgLink id={party.organizationId} />;
  return <span class="collaborative">{party.collaborativeId === session.collaborative ? t('common.partnership') : party.collaborativeId}</span>;
}

export function partyId(party: Party): string {
  return 'organizationId' in party ? party.organizationId : party.collaborativeId;
}

/** A link to evidence, only for http(s) addresses (the ledger stores what members wrote). */
export function EvidenceLink({ evidence }: { evidence: Evidence }) {
  const safe = /^https?:\/\//i.test(evidence.uri);
  return (
    <span class="evidence">
      {safe ? (
        <a href={evidence.uri} rel="noopener noreferrer nofollow" target="_blank">
          {evidence.name ?? evidence.uri}
        </a>
      ) : (
        <code>{evidence.name ? `${evidence.name} (${evidence.uri})` : evidence.uri}</code>
      )}
      {evidence.sha256 && (
        <>
          {' '}
          <span class="hash" title={evidence.sha256}>
            {t('common.sha256', { digest: evidence.sha256.slice(0, 12) })}
          </span>
        </>
      )}
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      {t('common.reading', { what })}
    </p>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  return (
    <p class="error" role="alert">
      {explain(error)}
    </p>
  );
}

/** A table that scrolls sideways on a phone; focusable so the keyboard can scroll it too. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Figure({ label, value, tone, id }: { label: string; value: ComponentChildren; tone?: 'bad' | 'good' | 'warn'; id?: string }) {
  return (
    <div class={`figure${tone ? ` tone-${tone}` : ''}`} data-figure={id}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function Section({ title, id, children, actions }: { title: string; id: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={`${id}-title`} id={id}>
      <div class="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * A record's page: the breadcrumb back to its list, the ledger's refusal (under the record kind's
 * heading, with a note when looking at the past), the loading line, then the page's own content.
 */
export function RecordPage({
  state,
  crumb,
  current,
  kind,
  loadingWhat,
  errorNote,
  children,
}: {
  state: { data?: unknown; error?: unknown; loading: boolean };
  crumb: { href: string; label: ComponentChildren };
  current: ComponentChildren;
  kind: ComponentChildren;
  loadingWhat: string;
  errorNote?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <div class="page" aria-busy={state.loading}>
      <nav aria-label={t('common.breadcrumb')} class="breadcrumb">
        <a href={crumb.href}>{crumb.label}</a> <span aria-hidden="true">›</span> <span aria-current="page">{current}</span>
      </nav>
      {state.error !== undefined && (
        <>
          <h1>{kind}</h1>
          <ErrorNote error={state.error} />
          {errorNote}
        </>
      )}
      {state.data === undefined && state.loading && <Loading what={loadingWhat} />}
      {children}
    </div>
  );
}
