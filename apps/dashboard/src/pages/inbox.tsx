import { useEffect } from 'preact/hooks';
import { DateText, ErrorNote, Loading, MoneyText, OrgLink, TableWrap } from '../components/common';
import { ActionButtons } from '../components/actions';
import { t, tn, tOr } from '../i18n';
import { allowedActionsOf } from '../lib/actions';
import { href } from '../lib/router';
import type { Money } from '../lib/types';
import { useApi, useApp } from '../state';

/** GET /organizations/:id/inbox: what waits on the organization (LEDGER.md, "Acting in the web app"). */
export interface InboxDocument {
  organizationId?: string;
  asOf?: string;
  counts?: Record<string, number>;
  items?: InboxItem[];
}

export interface InboxItem {
  kind: string;
  record: string;
  id: string;
  collaborativeId?: string;
  title?: string;
  target?: Record<string, string>;
  dueDate?: string;
  overdue?: boolean;
  amount?: Money;
  streamRevision?: number;
  actions?: unknown[];
}

/** The items of an inbox (every partnership's: a step waits wherever it is). */
export function inboxItems(inbox: InboxDocument, _collaborative: string): InboxItem[] {
  return Array.isArray(inbox.items) ? inbox.items : [];
}

/** The page of a record an item is about. */
export function recordHref(record: string, id: string, asOf: string | null = null): string {
  const base = { commitment: '/commitments', pledge: '/pledges', partnership: '/declarations', 'risk-agreement': '/risk-agreements', resolution: '/resolutions', collaborative: '/governance' }[record] ?? `/${record}s`;
  return href(record === 'collaborative' ? base : `${base}/${encodeURIComponent(id)}`, {}, asOf);
}

/** What waits on the signed-in organization: to accept, confirm, sign, vote on; its own due soon or overdue. */
export function InboxPage() {
  const { self, session, members } = useApp();
  const inbox = useApi<InboxDocument>(self ? `/organizations/${encodeURIComponent(self)}/inbox` : null, { timeTravel: false });
  useEffect(() => {
    document.title = `${t('app.nav.inbox')} · ${session.collaborative}`;
  }, [session.collaborative]);
  const items = inbox.data ? inboxItems(inbox.data, session.collaborative) : [];
  return (
    <div class="page" aria-busy={inbox.loading}>
      <div class="page-head">
        <h1 id="inbox-title" tabIndex={-1}>
          {t('inbox.title')}
        </h1>
        <p class="lede">{self ? <>{t('inbox.lede')} <OrgLink id={self} />.</> : t('inbox.noOrganization')}</p>
      </div>
      {inbox.error !== undefined && <ErrorNote error={inbox.error} />}
      {self && !inbox.data && inbox.loading && <Loading what={t('inbox.what')} />}
      {inbox.data && (
        <p class="count" role="status" data-count={items.length}>
          {items.length === 0 ? t('inbox.empty') : `${tn('inbox.count', items.length)}.`}
        </p>
      )}
      {items.length > 0 && (
        <TableWrap label={t('inbox.title')}>
          <table class="inbox-table stack">
            <thead>
              <tr>
                <th scope="col">{t('inbox.col.what')}</th>
                <th scope="col">{t('inbox.col.record')}</th>
                <th scope="col">{t('commitments.col.due')}</th>
                <th scope="col">{t('inbox.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                // An item's actions are its record's allowedActions for this step (the server calls them `actions`).
                const actions = allowedActionsOf({ allowedActions: item.actions ?? (item as { allowedActions?: unknown[] }).allowedActions }, item.id);
                return (
                  <tr key={`${item.kind}-${item.id}-${item.target ? Object.values(item.target).join() : ''}-${item.dueDate ?? ''}`} data-inbox-kind={item.kind} data-record={item.id} data-overdue={String(Boolean(item.overdue))}>
                    <td data-label={t('inbox.col.what')}>
                      <strong>{tOr(`inbox.kind.${item.kind}`, item.kind)}</strong>
                      {item.overdue && (
                        <>
                          {' '}
                          <span class="badge status-overdue">{t('status.overdue')}</span>
                        </>
                      )}
                    </td>
                    <td data-label={t('inbox.col.record')}>
                      <a href={recordHref(item.record, item.id)}>{item.title ?? item.id}</a>
                      {item.amount && (
                        <div class="muted small">
                          <MoneyText value={item.amount} />
                        </div>
                      )}
                    </td>
                    <td data-label={t('commitments.col.due')}>{item.dueDate ? <DateText date={item.dueDate} /> : '—'}</td>
                    <td data-label={t('inbox.col.actions')}>
                      {/* Each step taken here, in place, with the revision the inbox read the record at. */}
                      <ActionButtons
                        compact
                        actions={actions}
                        revision={typeof item.streamRevision === 'number' ? item.streamRevision : null}
                        context={{
                          collaborativeId: item.collaborativeId ?? session.collaborative,
                          members: item.collaborativeId === undefined || item.collaborativeId === session.collaborative ? members : [],
                          self: self ?? undefined,
                          currency: item.amount?.currency,
                          today: new Date().toISOString().slice(0, 10),
                        }}
                        fallbackFocus="inbox-title"
                        onDone={() => inbox.reload()}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
