import { useContext, useEffect, useState } from 'preact/hooks';
import { DateText, ErrorNote, Loading, OrgLink, PartyText, StatusBadge, TableWrap, orgName } from '../components/common';
import { getJson, query } from '../lib/api';
import { t, tn } from '../i18n';
import { T } from '../components/t';
import { statusLabel } from '../lib/format';
import { href, navigate, type Route } from '../lib/router';
import { COMMITMENT_STATUSES, type CollaborativeSummary, type Commitment, type Page } from '../lib/types';
import { NamesContext, useApi, useApp } from '../state';
import { CollaborativeActions } from '../components/actions';

const FILTERS = ['promisor', 'promisee', 'goal', 'status'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE = 50;

/** Who promised what to whom, by when, and its status: filtered, in due-date order, 50 at a time. */
export function CommitmentsPage({ route }: { route: Route }) {
  const { session, asOf } = useApp();
  const names = useContext(NamesContext);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, route.query.get(f) ?? ''])) as Record<Filter, string>;
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${encodeURIComponent(session.collaborative)}/summary`);
  const first = useApi<Page<Commitment>>(`/commitments${query({ collaborative: session.collaborative, ...filters, limit: PAGE })}`);
  const [more, setMore] = useState<{ from: string | null; items: Commitment[]; cursor: string | null; error?: unknown; loading?: boolean }>({ from: null, items: [], cursor: null });
  // Pages loaded with "Show more" belong to the first page they continue.
  useEffect(() => setMore({ from: null, items: [], cursor: null }), [first.url, first.data]);

  useEffect(() => {
    document.title = `${t('app.nav.commitments')} · ${session.collaborative}`;
  }, [session.collaborative]);

  const members = summary.data?.collaborative.members ?? [];
  const goals = summary.data?.goals ?? [];
  const items = [...(first.data?.items ?? []), ...more.items];
  const cursor = more.from ? more.cursor : (first.data?.nextCursor ?? null);
  const set = (name: Filter, value: string) => navigate(href('/commitments', { ...filters, [name]: value }, asOf));
  const active = FILTERS.filter((f) => filters[f]);

  async function loadMore() {
    if (!cursor) return;
    setMore((m) => ({ ...m, loading: true }));
    try {
      // The cursor keeps the moment of the first page, so asOf is not sent again.
      const page = await getJson<Page<Commitment>>(session.key, `/commitments${query({ collaborative: session.collaborative, ...filters, limit: PAGE, cursor })}`);
      setMore((m) => ({ from: first.url, items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (error) {
      setMore((m) => ({ ...m, error, loading: false }));
    }
  }

  const options = members.map((m) => ({ id: m.organizationId, name: orgName(names, m.organizationId) })).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div class="page" aria-busy={first.loading}>
      <div class="page-head">
        <h1>{t('commitments.title')}</h1>
        <p class="lede">{t('commitments.lede')}</p>
      </div>
      <CollaborativeActions
        only={['MakeCommitment']}
        id="commitment-actions"
        title={t('commitments.act')}
        goals={goals}
        declarations={summary.data?.declarations.items.filter((d) => d.status === 'in_effect')}
        onCreated={(_, id) => navigate(href(`/commitments/${encodeURIComponent(id)}`))}
      />
      <form class="filters card" role="search" aria-label={t('commitments.filter')} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="filter-promisor">{t('commitments.promisedBy')}</label>
          <select id="filter-promisor" value={filters.promisor} onChange={(e) => set('promisor', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('commitments.anyone')}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-promisee">{t('commitments.promisedTo')}</label>
          <select id="filter-promisee" value={filters.promisee} onChange={(e) => set('promisee', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('commitments.anyone')}</option>
            <option value={session.collaborative}>{t('commitments.thePartnership')}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-goal">{t('commitments.goal')}</label>
          <select id="filter-goal" value={filters.goal} onChange={(e) => set('goal', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('commitments.anyGoal')}</option>
            {goals.map((g) => (
              <option key={g.goalId} value={g.goalId}>
                {g.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-status">{t('commitments.status')}</label>
          <select id="filter-status" value={filters.status} onChange={(e) => set('status', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('commitments.anyStatus')}</option>
            {COMMITMENT_STATUSES.map((st) => (
              <option key={st} value={st}>
                {statusLabel(st)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-action">
          <button type="button" class="secondary" disabled={active.length === 0} onClick={() => navigate(href('/commitments', {}, asOf))}>
            {t('commitments.clear')}
          </button>
        </div>
      </form>
      {first.error !== undefined && <ErrorNote error={first.error} />}
      {!first.data && first.loading && <Loading what={t('commitments.what')} />}
      {first.data && (
        <>
          <p class="count" role="status" data-count={items.length}>
            {items.length === 0
              ? t('commitments.none')
              : `${tn(cursor ? 'commitments.countMore' : 'commitments.count', items.length)}${active.length > 0 ? t('commitments.matching') : ''}.`}
          </p>
          {items.length > 0 && (
            <TableWrap label={t('commitments.title')}>
              <table class="commitments-table stack">
                <thead>
                  <tr>
                    <th scope="col">{t('commitments.col.commitment')}</th>
                    <th scope="col">{t('commitments.promisedBy')}</th>
                    <th scope="col">{t('commitments.col.to')}</th>
                    <th scope="col">{t('commitments.col.due')}</th>
                    <th scope="col">{t('commitments.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id} data-commitment={c.id} data-status={c.status} data-promisor={c.promisor} data-promisee={'organizationId' in c.promisee ? c.promisee.organizationId : c.promisee.collaborativeId} data-goal={c.goalId ?? ''}>
                      <td data-label={t('commitments.col.commitment')}>
                        <a href={href(`/commitments/${c.id}`, {}, asOf)} class="commitment-link">
                          {c.title}
                        </a>
                        {c.goalId && <div class="muted small">{t('commitments.goalOf', { goal: goals.find((g) => g.goalId === c.goalId)?.title ?? c.goalId })}</div>}
                      </td>
                      <td data-label={t('commitments.promisedBy')}>
                        <OrgLink id={c.promisor} />
                      </td>
                      <td data-label={t('commitments.col.to')}>
                        <PartyText party={c.promisee} />
                      </td>
                      <td data-label={t('commitments.col.due')}>
                        <DateText date={c.dueDate} />
                        {c.originalDueDate && c.originalDueDate !== c.dueDate && (
                          <div class="muted small">
                            <T k="commitments.revisedFrom" values={{ date: <DateText date={c.originalDueDate} /> }} />
                          </div>
                        )}
                      </td>
                      <td data-label={t('commitments.status')}>
                        <StatusBadge status={c.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {more.error !== undefined && <ErrorNote error={more.error} />}
          {cursor && (
            <p>
              <button type="button" onClick={loadMore} disabled={more.loading}>
                {more.loading ? t('common.readingShort') : t('common.showMore')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
