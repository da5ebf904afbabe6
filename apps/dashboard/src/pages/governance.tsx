import type { ComponentChildren } from 'preact';
import { useContext, useEffect } from 'preact/hooks';
import { DateText, ErrorNote, Figure, InstantText, Loading, OrgLink, orgName, RecordPage, Section, TableWrap } from '../components/common';
import { query } from '../lib/api';
import { t, t as translate, tn } from '../i18n';
import { T } from '../components/t';
import { decidedByLabel, eventLabel, fieldLabel, formatDate, matterLabel, percent, phaseLabel, resolutionStatusLabel, roleLabel } from '../lib/format';
import { href, navigate, type Route } from '../lib/router';
import {
  RESOLUTION_STATUSES,
  type Charter,
  type CharterRule,
  type CollaborativeSummary,
  type Meeting,
  type Page,
  type Resolution,
  type ResolutionAct,
  type ResolutionDetail,
  type Tally,
} from '../lib/types';
import { NamesContext, useApi, useApp } from '../state';
import { CollaborativeActions, RecordActions } from '../components/actions';
import { navigate as go } from '../lib/router';

/**
 * How the stewardship group decides (LEDGER.md, "Governance"): the pathway phases it moved through,
 * its decisions register, every resolution with its tally, the charter in force and the meetings
 * that took resolutions up — each as it stood on the date the page is shown as of.
 */
/** What the governance page lets a steward (or a member, where the charter says) do for the partnership. */
export const GOVERNANCE_ACTIONS = [
  'ProposeResolution',
  'RecordMeeting',
  'AdmitMember',
  'ChangeMemberRole',
  'RecordMemberDeparture',
  'AdoptSharedGoal',
  'ReviseSharedGoal',
  'RecordMeasurement',
  'ChangePathwayPhase',
];

export function GovernancePage({ route }: { route: Route }) {
  const { session, asOf } = useApp();
  const names = useContext(NamesContext);
  const collaborative = encodeURIComponent(session.collaborative);
  const statusFilter = route.query.get('status') ?? '';
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${collaborative}/summary`);
  const decisions = useApi<Page<Resolution>>(`/collaboratives/${collaborative}/decisions?limit=100`);
  const resolutions = useApi<Page<Resolution>>(`/resolutions${query({ collaborative: session.collaborative, status: statusFilter, limit: 100 })}`);
  const charter = useApi<Charter>(`/collaboratives/${collaborative}/charter`);
  const meetings = useApi<Page<Meeting>>(`/collaboratives/${collaborative}/meetings?limit=100`);
  useEffect(() => {
    document.title = `${t('app.nav.governance')} · ${session.collaborative}`;
  }, [session.collaborative]);

  const phases = summary.data?.phaseHistory ?? [];

  return (
    <div class="page" aria-busy={summary.loading || decisions.loading || resolutions.loading}>
      <div class="page-head">
        <h1>{t('app.nav.governance')}</h1>
        <p class="lede">{t('governance.lede')}</p>
      </div>

      <CollaborativeActions
        only={GOVERNANCE_ACTIONS}
        id="governance-actions"
        title={t('governance.act')}
        goals={summary.data?.goals}
        declarations={summary.data?.declarations.items.filter((d) => d.status !== 'terminated')}
        describe={(action) =>
          action.target?.goalId
            ? (summary.data?.goals.find((g) => g.goalId === action.target?.goalId)?.title ?? action.target.goalId)
            : action.target?.organizationId
              ? orgName(names, action.target.organizationId)
              : undefined
        }
        onCreated={(_, rid) => {
          summary.reload();
          resolutions.reload();
          if (!summary.data?.collaborative.members.some((m) => m.organizationId === rid)) go(href(`/resolutions/${encodeURIComponent(rid)}`));
        }}
      />
      <Section title={t('governance.phases')} id="phases">
        {summary.error !== undefined && <ErrorNote error={summary.error} />}
        {summary.data && phases.length === 0 && <p class="muted">{t('governance.noPhase')}</p>}
        {phases.length > 0 && (
          <ol class="phase-history" data-phases={phases.length}>
            {phases.map((entry, i) => (
              <li key={`${entry.pathwayPhase}-${entry.from}`} data-phase={entry.pathwayPhase} aria-current={i === phases.length - 1 ? 'step' : undefined}>
                <strong>{phaseLabel(entry.pathwayPhase)}</strong>
                <span class="muted">
                  {' '}
                  <T k="governance.from" values={{ from: entry.from ? <InstantText iso={entry.from} /> : t('governance.formation') }} />
                  {i === phases.length - 1 ? ` ${t('governance.current')}` : ''}
                </span>
                {entry.resolutionId && (
                  <div class="small">
                    <T
                      k="governance.decidedBy"
                      values={{ link: <a href={href(`/resolutions/${encodeURIComponent(entry.resolutionId)}`, {}, asOf)}>{t('governance.resolutionId', { id: entry.resolutionId })}</a> }}
                    />
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title={t('governance.decisions')} id="decisions">
        <p class="muted small">{t('governance.decisionsHelp')}</p>
        {decisions.error !== undefined && <ErrorNote error={decisions.error} />}
        {!decisions.data && decisions.loading && <Loading what={t('governance.decisionsWhat')} />}
        {decisions.data && decisions.data.items.length === 0 && <p class="muted">{asOf ? t('governance.noneAdoptedThen') : t('governance.noneAdopted')}</p>}
        {decisions.data && decisions.data.items.length > 0 && (
          <TableWrap label={t('governance.adoptedTable')}>
            <table class="decisions-table stack">
              <thead>
                <tr>
                  <th scope="col">{t('governance.col.decided')}</th>
                  <th scope="col">{t('governance.col.resolution')}</th>
                  <th scope="col">{t('governance.col.matter')}</th>
                  <th scope="col">{t('governance.col.tally')}</th>
                  <th scope="col">{t('governance.col.carriedOut')}</th>
                </tr>
              </thead>
              <tbody>
                {decisions.data.items.map((r) => (
                  <tr key={r.id} data-resolution={r.id}>
                    <td data-label={t('governance.col.decided')}>
                      <InstantText iso={r.closure?.closedAt} />
                    </td>
                    <td data-label={t('governance.col.resolution')}>
                      <a href={href(`/resolutions/${encodeURIComponent(r.id)}`, {}, asOf)}>{r.title}</a>
                    </td>
                    <td data-label={t('governance.col.matter')}>{matterLabel(r.matter)}</td>
                    <td data-label={t('governance.col.tally')}>
                      <TallyText tally={r.tally} />
                    </td>
                    <td data-label={t('governance.col.carriedOut')} data-act-events={r.actEvents.length}>
                      {r.actEvents.length === 0 ? <span class="muted">{t('governance.noAct')}</span> : r.actEvents.map((e) => eventLabel(e.type)).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>

      <Section
        title={t('governance.resolutions')}
        id="resolutions"
        actions={
          <div class="field inline-field">
            <label for="filter-resolution-status">{t('commitments.status')}</label>
            <select
              id="filter-resolution-status"
              value={statusFilter}
              onChange={(e) => navigate(href('/governance', { status: (e.currentTarget as HTMLSelectElement).value }, asOf))}
            >
              <option value="">{t('commitments.anyStatus')}</option>
              {RESOLUTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {resolutionStatusLabel(s)}
                </option>
              ))}
            </select>
          </div>
        }
      >
        {resolutions.error !== undefined && <ErrorNote error={resolutions.error} />}
        {!resolutions.data && resolutions.loading && <Loading what={t('governance.resolutionsWhat')} />}
        {resolutions.data && (
          <p class="count" role="status" data-count={resolutions.data.items.length}>
            {resolutions.data.items.length === 0
              ? t('governance.noneMatch')
              : `${tn(resolutions.data.nextCursor ? 'governance.countNewest' : 'governance.count', resolutions.data.items.length)}.`}
          </p>
        )}
        {resolutions.data && resolutions.data.items.length > 0 && (
          <TableWrap label={t('governance.resolutionsTable')}>
            <table class="resolutions-table stack">
              <thead>
                <tr>
                  <th scope="col">{t('governance.col.resolution')}</th>
                  <th scope="col">{t('governance.col.matter')}</th>
                  <th scope="col">{t('governance.col.proposed')}</th>
                  <th scope="col">{t('governance.col.closes')}</th>
                  <th scope="col">{t('governance.col.tally')}</th>
                  <th scope="col">{t('commitments.status')}</th>
                </tr>
              </thead>
              <tbody>
                {resolutions.data.items.map((r) => (
                  <tr key={r.id} data-resolution={r.id} data-status={r.status}>
                    <td data-label={t('governance.col.resolution')}>
                      <a href={href(`/resolutions/${encodeURIComponent(r.id)}`, {}, asOf)}>{r.title}</a>
                      <div class="muted small">
                        <T k="overview.byActor" values={{ actor: <OrgLink id={r.proposedBy} /> }} />
                      </div>
                    </td>
                    <td data-label={t('governance.col.matter')}>{matterLabel(r.matter)}</td>
                    <td data-label={t('governance.col.proposed')}>
                      <InstantText iso={r.proposedAt} />
                    </td>
                    <td data-label={t('governance.col.closes')}>
                      <InstantText iso={r.votingClosesAt} />
                    </td>
                    <td data-label={t('governance.col.tally')}>
                      <TallyText tally={r.tally} />
                    </td>
                    <td data-label={t('commitments.status')}>
                      <ResolutionBadge status={r.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>

      <div class="grid-2">
        <Section title={t('governance.charter')} id="charter">
          {charter.error !== undefined && <ErrorNote error={charter.error} />}
          {charter.data && <CharterTable charter={charter.data} />}
        </Section>
        <Section title={t('governance.meetings')} id="meetings">
          {meetings.error !== undefined && <ErrorNote error={meetings.error} />}
          {meetings.data && meetings.data.items.length === 0 && <p class="muted">{asOf ? t('governance.noMeetingThen') : t('governance.noMeeting')}</p>}
          {meetings.data && meetings.data.items.length > 0 && (
            <ul class="plain meetings-list">
              {meetings.data.items.map((m) => (
                <li key={m.id} data-meeting={m.id}>
                  <a href={href(`/meetings/${encodeURIComponent(m.id)}`, {}, asOf)}>{m.title}</a>
                  <span class="muted">
                    {' '}
                    — <DateText date={m.heldOn} />, {t('governance.attending', { count: m.attendees.length })}, {tn('governance.takenUp', m.resolutions.length)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </div>
  );
}

function CharterTable({ charter }: { charter: Charter }) {
  return (
    <>
      <p class="muted small" data-charter-adopted={String(charter.charterAdopted)}>
        {charter.charterAdopted ? t('governance.ownCharter') : t('governance.defaultCharter')}
      </p>
      <TableWrap label={t('governance.charterTable')}>
        <table class="charter-table stack">
          <thead>
            <tr>
              <th scope="col">{t('governance.col.matter')}</th>
              <th scope="col">{t('governance.col.decidedBy')}</th>
              <th scope="col">{t('governance.col.quorum')}</th>
              <th scope="col">{t('governance.col.threshold')}</th>
              <th scope="col">{t('governance.col.votingDays')}</th>
            </tr>
          </thead>
          <tbody>
            {charter.rules.map((rule) => (
              <tr key={`${rule.matter}-${(rule.forRoles ?? []).join()}`} data-matter={rule.matter} data-source={rule.source}>
                <td data-label={t('governance.col.matter')}>
                  {matterLabel(rule.matter)}
                  {rule.forRoles && <div class="muted small">{t('governance.forRoles', { roles: rule.forRoles.map(roleLabel).join(', ') })}</div>}
                </td>
                <td data-label={t('governance.col.decidedBy')}>{decidedByLabel(rule.decidedBy)}</td>
                <td data-label={t('governance.col.quorum')}>{rule.decidedBy === 'steward' ? '—' : percent(rule.quorumPct)}</td>
                <td data-label={t('governance.col.threshold')}>{rule.decidedBy === 'steward' ? '—' : thresholdText(rule)}</td>
                <td data-label={t('governance.col.votingDays')}>{rule.decidedBy === 'steward' ? '—' : rule.votingDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function thresholdText(rule: CharterRule): string {
  return rule.thresholdPct === 'consensus' ? t('governance.consensus') : t('governance.moreThan', { percent: percent(rule.thresholdPct) });
}

export function ResolutionBadge({ status }: { status: string }) {
  return (
    <span class={`badge resolution-${status}`} data-resolution-status={status}>
      {resolutionStatusLabel(status)}
    </span>
  );
}

function TallyText({ tally }: { tally: Tally }) {
  return (
    <span class="tally-text" data-for={tally.for} data-against={tally.against} data-abstain={tally.abstain}>
      {t('governance.tally', { for: tally.for, against: tally.against, abstain: tally.abstain })}
      <span class="muted small">
        {' '}
        {t('governance.of', { eligible: tally.eligible })}
        {tally.recused > 0 ? `, ${t('governance.recusedCount', { count: tally.recused })}` : ''}
      </span>
    </span>
  );
}

/** One resolution: what it decides, the tally against its rule, who voted how (to members), and its timeline. */
export function ResolutionPage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const resolution = useApi<ResolutionDetail>(`/resolutions/${encodeURIComponent(id)}`);
  const r = resolution.data;
  useEffect(() => {
    document.title = `${r?.title ?? t('governance.resolution')} · ${session.collaborative}`;
  }, [r?.title, session.collaborative]);

  return (
    <RecordPage state={resolution} crumb={{ href: href('/governance', {}, asOf), label: t('app.nav.governance') }} current={r?.title ?? id} kind={t('governance.resolution')} loadingWhat={t('governance.resolutionWhat')} errorNote={asOf && <p>{t('governance.notYet', { date: formatDate(asOf) })}</p>}>
      {r && (
        <>
          <div class="page-head">
            <h1>{r.title}</h1>
            <p class="status-line">
              <ResolutionBadge status={r.status} /> <span class="muted">{asOf ? t('common.asOfEnd', { date: formatDate(asOf) }) : t('common.asOfNow')}</span>
            </p>
          </div>
          <RecordActions record={r as unknown as Record<string, unknown>} recordId={r.id} collaborativeId={r.collaborativeId} revision={(r.lastEvent as { streamRevision?: number }).streamRevision ?? null} reload={resolution.reload} />
          <div class="grid-2">
            <section class="card" aria-labelledby="resolution-what">
              <h2 id="resolution-what">{t('governance.what')}</h2>
              <dl class="facts">
                <Fact label={t('governance.col.matter')}>{matterLabel(r.matter)}</Fact>
                {r.text && <Fact label={t('governance.text')}>{r.text}</Fact>}
                <Fact label={t('governance.proposedBy')}>
                  <OrgLink id={r.proposedBy} /> <span class="muted">{t('governance.on')}</span> <InstantText iso={r.proposedAt} />
                </Fact>
                <Fact label={t('governance.col.closes')}>
                  <InstantText iso={r.votingClosesAt} />
                </Fact>
                <Fact label={t('governance.rule')}>
                  {t('governance.ruleText', { decidedBy: decidedByLabel(r.rule.decidedBy), quorum: percent(r.rule.quorumPct), threshold: thresholdText(r.rule) })}
                </Fact>
                {r.meetingId && (
                  <Fact label={t('governance.takenUpAt')}>
                    <a href={href(`/meetings/${encodeURIComponent(r.meetingId)}`, {}, asOf)}>{t('governance.meetingId', { id: r.meetingId })}</a>
                  </Fact>
                )}
                {r.acts.length > 0 && (
                  <Fact label={tn('governance.acts', r.acts.length)}>
                    <ul class="plain acts-list">
                      {r.acts.map((act, i) => (
                        <li key={i} data-act={act.type}>
                          <ActText act={act} />
                        </li>
                      ))}
                    </ul>
                  </Fact>
                )}
                {r.withdrawal && (
                  <Fact label={t('resolutionStatus.withdrawn')}>
                    <T k="overview.byActor" values={{ actor: <OrgLink id={r.withdrawal.withdrawnBy} /> }} />: {r.withdrawal.reason}
                  </Fact>
                )}
              </dl>
            </section>
            <TallyCard resolution={r} />
          </div>
          <VotesCard resolution={r} />
          <section class="card" aria-labelledby="resolution-timeline">
            <h2 id="resolution-timeline">{t('governance.timeline')}</h2>
            <ResolutionTimeline resolution={r} />
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

/** An act in words: its kind and the record it acts on. */
function ActText({ act }: { act: ResolutionAct }) {
  const { asOf } = useApp();
  const fields = Object.entries(act).filter(([k, v]) => k !== 'type' && v !== undefined && v !== null && typeof v !== 'object');
  return (
    <>
      <strong>{matterLabel(act.type)}</strong>
      {fields.length > 0 && ': '}
      {fields.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && ', '}
          {fieldLabel(k).toLowerCase()}{' '}
          {k === 'organizationId' ? (
            <OrgLink id={String(v)} />
          ) : k === 'commitmentId' ? (
            <a href={href(`/commitments/${encodeURIComponent(String(v))}`, {}, asOf)}>{String(v)}</a>
          ) : (
            <>{String(v)}</>
          )}
        </span>
      ))}
    </>
  );
}

function TallyCard({ resolution: r }: { resolution: ResolutionDetail }) {
  const tr = translate;
  const t = r.tally;
  const cast = t.for + t.against + t.abstain;
  const width = (n: number) => `${t.eligible === 0 ? 0 : (n * 100) / t.eligible}%`;
  const closed = r.outcome !== null;
  return (
    <section class="card" aria-labelledby="resolution-tally" data-tally={`${t.for}/${t.against}/${t.abstain}/${t.eligible}`}>
      <h2 id="resolution-tally">{closed ? tr('governance.finalTally') : tr('governance.tallySoFar')}</h2>
      <dl class="figures">
        <Figure id="for" label={tr('choice.for')} value={t.for} tone="good" />
        <Figure id="against" label={tr('choice.against')} value={t.against} tone={t.against > 0 ? 'bad' : undefined} />
        <Figure id="abstain" label={tr('governance.abstaining')} value={t.abstain} />
        <Figure id="not-voted" label={tr('governance.notVoted')} value={t.notVoted} tone={t.notVoted > 0 && !closed ? 'warn' : undefined} />
        <Figure id="recused" label={tr('governance.recused')} value={t.recused} />
        <Figure id="eligible" label={tr('governance.eligible')} value={t.eligible} />
      </dl>
      <div class="tally-bar" role="img" aria-label={tr('governance.tallyBar', { for: t.for, against: t.against, abstain: t.abstain, notVoted: t.notVoted, recused: t.recused })}>
        <span class="seg seg-for" style={{ width: width(t.for) }} />
        <span class="seg seg-against" style={{ width: width(t.against) }} />
        <span class="seg seg-abstain" style={{ width: width(t.abstain) }} />
        <span class="seg seg-not-voted" style={{ width: width(t.notVoted) }} />
      </div>
      <ul class="plain tally-rules">
        <li data-quorum-met={String(t.quorumMet)}>
          {t.quorumMet ? '✓' : '✗'} {tr('governance.quorumLine', { quorum: percent(r.rule.quorumPct), cast, eligible: t.eligible })}
        </li>
        <li data-threshold-met={String(t.thresholdMet)}>
          {t.thresholdMet ? '✓' : '✗'} {tr('governance.thresholdLine', { threshold: thresholdText(r.rule) })}
        </li>
      </ul>
      <p data-outcome={r.outcome ?? ''}>
        {r.outcome ? (
          <>
            <strong>{tr('governance.outcome', { outcome: resolutionStatusLabel(r.outcome) })}</strong>
            {r.closure && (
              <span class="muted">
                {' '}
                — <T k="governance.closedBy" values={{ by: <OrgLink id={r.closure.closedBy} />, at: <InstantText iso={r.closure.closedAt} /> }} />
                {r.closure.early ? ` ${tr('governance.early')}` : ''}
              </span>
            )}
          </>
        ) : r.status === 'withdrawn' ? (
          <span class="muted">{tr('governance.withdrawnNoOutcome')}</span>
        ) : (
          <span class="muted">{tr('governance.noOutcome')}</span>
        )}
      </p>
    </section>
  );
}


/** Each member of the electorate and where it stands; who voted how only when the ledger shows it to this key. */
function VotesCard({ resolution: r }: { resolution: ResolutionDetail }) {
  const votes = new Map((r.votes ?? []).map((v) => [v.organizationId, v]));
  const recusals = new Map(r.recusals.map((x) => [x.organizationId, x]));
  const electorate = [...new Set([...r.electorate, ...recusals.keys()])];
  return (
    <section class="card" aria-labelledby="resolution-votes">
      <h2 id="resolution-votes">{t('governance.electorate')}</h2>
      {!r.votes && (
        <p class="notice" data-votes="withheld">
          {t('governance.votesWithheld')}
        </p>
      )}
      <TableWrap label={t('governance.votesTable')}>
        <table class="votes-table stack">
          <thead>
            <tr>
              <th scope="col">{t('organizations.organization')}</th>
              <th scope="col">{t('governance.col.vote')}</th>
              <th scope="col">{t('governance.col.reason')}</th>
              <th scope="col">{t('governance.col.cast')}</th>
            </tr>
          </thead>
          <tbody>
            {electorate.map((org) => {
              const vote = votes.get(org);
              const recusal = recusals.get(org);
              return (
                <tr key={org} data-voter={org} data-choice={recusal ? 'recused' : (vote?.choice ?? (r.votes ? 'none' : 'hidden'))}>
                  <td data-label={t('organizations.organization')}>
                    <OrgLink id={org} />
                  </td>
                  <td data-label={t('governance.col.vote')}>
                    {recusal ? (
                      <span class="badge resolution-recused">{recusal.automatic ? t('governance.recusedParty') : t('governance.recused')}</span>
                    ) : vote ? (
                      <span class={`badge vote-${vote.choice}`}>{t(`choice.${vote.choice}`)}</span>
                    ) : r.votes ? (
                      <span class="muted">{t('governance.notVoted')}</span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td data-label={t('governance.col.reason')}>{recusal?.reason ?? vote?.reason ?? ''}</td>
                  <td data-label={t('governance.col.cast')}>{vote ? <InstantText iso={vote.castAt} /> : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

interface Step {
  at: string;
  key: string;
  kind: string;
  body: ComponentChildren;
}

/** Proposal, votes (when shown), closure or withdrawal, and the events its acts appended, in time order. */
function ResolutionTimeline({ resolution: r }: { resolution: ResolutionDetail }) {
  const { asOf } = useApp();
  const steps: Step[] = [
    {
      at: r.proposedAt,
      key: 'proposed',
      kind: 'proposed',
      body: (
        <>
          <T k="governance.step.by" values={{ what: <strong>{t('governance.step.proposed')}</strong>, by: <OrgLink id={r.proposedBy} /> }} />
        </>
      ),
    },
    ...(r.votes ?? []).map((v) => ({
      at: v.castAt,
      key: `vote-${v.organizationId}`,
      kind: 'vote',
      body: (
        <>
          <T k="governance.step.by" values={{ what: <strong>{t('governance.step.vote', { choice: t(`choice.${v.choice}`).toLowerCase() })}</strong>, by: <OrgLink id={v.organizationId} /> }} />
          {v.reason && <span class="muted"> — {v.reason}</span>}
        </>
      ),
    })),
    ...(r.closure
      ? [
          {
            at: r.closure.closedAt,
            key: 'closed',
            kind: 'closed',
            body: (
              <>
                <T k="governance.step.by" values={{ what: <strong>{t('governance.step.closed', { outcome: resolutionStatusLabel(r.outcome ?? '') })}</strong>, by: <OrgLink id={r.closure.closedBy} /> }} />
              </>
            ),
          },
        ]
      : []),
    ...r.actEvents.map((e) => ({
      at: e.recordedAt,
      key: `act-${e.position}`,
      kind: 'act',
      body: (
        <>
          <T k="governance.step.act" values={{ type: <strong>{eventLabel(e.type)}</strong>, record: <StreamLink streamId={e.streamId} asOf={asOf} /> }} />{' '}
          <span class="muted">— {t('governance.step.actNote', { position: e.position })}</span>
        </>
      ),
    })),
  ];
  const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => (a.s.at === b.s.at ? a.i - b.i : a.s.at < b.s.at ? -1 : 1));
  return (
    <ol class="timeline" data-steps={steps.length}>
      {ordered.map(({ s }) => (
        <li class="timeline-item" key={s.key} data-step={s.kind}>
          <div class="timeline-marker" aria-hidden="true" />
          <div class="timeline-body">
            <p class="timeline-head">{s.body}</p>
            <p class="muted small">
              <InstantText iso={s.at} />
            </p>
          </div>
        </li>
      ))}
      {r.withdrawal && (
        <li class="timeline-item" data-step="withdrawn">
          <div class="timeline-marker" aria-hidden="true" />
          <div class="timeline-body">
            <p class="timeline-head">
              <T k="governance.step.by" values={{ what: <strong>{t('resolutionStatus.withdrawn')}</strong>, by: <OrgLink id={r.withdrawal.withdrawnBy} /> }} /> — {r.withdrawal.reason}
            </p>
          </div>
        </li>
      )}
    </ol>
  );
}

/** The record an act's event landed on: a commitment links to its page; others are named. */
function StreamLink({ streamId, asOf }: { streamId: string; asOf: string | null }) {
  const commitment = /^commitment-(.+)$/.exec(streamId);
  if (commitment) return <a href={href(`/commitments/${encodeURIComponent(commitment[1])}`, {}, asOf)}>{t('governance.commitmentId', { id: commitment[1] })}</a>;
  const organization = /^organization-(.+)$/.exec(streamId);
  if (organization) return <OrgLink id={organization[1]} />;
  return <code>{streamId}</code>;
}

/** A meeting of the group: who attended, the resolutions it took up, and the digest of its minutes. */
export function MeetingPage({ id }: { id: string }) {
  const { session, asOf } = useApp();
  const meeting = useApi<Meeting>(`/meetings/${encodeURIComponent(id)}`);
  const m = meeting.data;
  useEffect(() => {
    document.title = `${m?.title ?? t('governance.meeting')} · ${session.collaborative}`;
  }, [m?.title, session.collaborative]);
  return (
    <RecordPage state={meeting} crumb={{ href: href('/governance', {}, asOf), label: t('app.nav.governance') }} current={m?.title ?? id} kind={t('governance.meeting')} loadingWhat={t('governance.meetingWhat')}>
      {m && (
        <>
          <div class="page-head">
            <h1>{m.title}</h1>
            <p class="status-line muted">
              <T k="governance.heldOn" values={{ date: <DateText date={m.heldOn} />, by: <OrgLink id={m.recordedBy} /> }} />
            </p>
          </div>
          <div class="grid-2">
            <Section title={t('governance.attendees')} id="attendees">
              <ul class="plain" data-attendees={m.attendees.length}>
                {m.attendees.map((org) => (
                  <li key={org}>
                    <OrgLink id={org} />
                  </li>
                ))}
              </ul>
            </Section>
            <Section title={t('governance.resolutionsTakenUp')} id="meeting-resolutions">
              {m.resolutions.length === 0 ? (
                <p class="muted">{t('common.none')}</p>
              ) : (
                <ul class="plain">
                  {m.resolutions.map((r) => (
                    <li key={r.id} data-resolution={r.id}>
                      <a href={href(`/resolutions/${encodeURIComponent(r.id)}`, {}, asOf)}>{r.title ?? r.id}</a> {r.status ? <ResolutionBadge status={r.status} /> : <span class="muted">{t('governance.notProposedThen')}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </div>
          {(m.minutesSummary || m.minutesSha256) && (
            <Section title={t('governance.minutes')} id="minutes">
              {m.minutesSummary && <p>{m.minutesSummary}</p>}
              {m.minutesSha256 && (
                <p class="small">
                  {t('governance.minutesDigest')} <code class="hash">{m.minutesSha256}</code>
                </p>
              )}
            </Section>
          )}
        </>
      )}
    </RecordPage>
  );
}
