import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { DateText, ErrorNote, Figure, InstantText, Loading, OrgLink, Section, TableWrap } from '../components/common';
import { query } from '../lib/api';
import { DECIDED_BY_LABELS, formatDate, humanizeKey, humanizeType, MATTER_LABELS, phaseLabel, RESOLUTION_STATUS_LABELS } from '../lib/format';
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
import { useApi, useApp } from '../state';

/**
 * How the stewardship group decides (LEDGER.md, "Governance"): the pathway phases it moved through,
 * its decisions register, every resolution with its tally, the charter in force and the meetings
 * that took resolutions up — each as it stood on the date the page is shown as of.
 */
export function GovernancePage({ route }: { route: Route }) {
  const { session, asOf } = useApp();
  const collaborative = encodeURIComponent(session.collaborative);
  const statusFilter = route.query.get('status') ?? '';
  const summary = useApi<CollaborativeSummary>(`/collaboratives/${collaborative}/summary`);
  const decisions = useApi<Page<Resolution>>(`/collaboratives/${collaborative}/decisions?limit=100`);
  const resolutions = useApi<Page<Resolution>>(`/resolutions${query({ collaborative: session.collaborative, status: statusFilter, limit: 100 })}`);
  const charter = useApi<Charter>(`/collaboratives/${collaborative}/charter`);
  const meetings = useApi<Page<Meeting>>(`/collaboratives/${collaborative}/meetings?limit=100`);
  useEffect(() => {
    document.title = `Governance · ${session.collaborative}`;
  }, [session.collaborative]);

  const phases = summary.data?.phaseHistory ?? [];

  return (
    <div class="page" aria-busy={summary.loading || decisions.loading || resolutions.loading}>
      <div class="page-head">
        <h1>Governance</h1>
        <p class="lede">
          How the stewardship group decides together: the resolutions put to a vote, their tallies and outcomes, the acts the ledger carried out for them, and the
          charter that says who decides what.
        </p>
      </div>

      <Section title="Pathway phases" id="phases">
        {summary.error !== undefined && <ErrorNote error={summary.error} />}
        {summary.data && phases.length === 0 && <p class="muted">No phase recorded yet.</p>}
        {phases.length > 0 && (
          <ol class="phase-history" data-phases={phases.length}>
            {phases.map((entry, i) => (
              <li key={`${entry.pathwayPhase}-${entry.from}`} data-phase={entry.pathwayPhase} aria-current={i === phases.length - 1 ? 'step' : undefined}>
                <strong>{phaseLabel(entry.pathwayPhase)}</strong>
                <span class="muted">
                  {' '}
                  from {entry.from ? <InstantText iso={entry.from} /> : 'the formation'}
                  {i === phases.length - 1 ? ' (current)' : ''}
                </span>
                {entry.resolutionId && (
                  <div class="small">
                    decided by <a href={href(`/resolutions/${encodeURIComponent(entry.resolutionId)}`, {}, asOf)}>resolution {entry.resolutionId}</a>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title="Decisions register" id="decisions">
        <p class="muted small">Resolutions the group adopted, newest decision first, with what the ledger carried out for each.</p>
        {decisions.error !== undefined && <ErrorNote error={decisions.error} />}
        {!decisions.data && decisions.loading && <Loading what="the decisions register" />}
        {decisions.data && decisions.data.items.length === 0 && <p class="muted">No resolution adopted{asOf ? ' by then' : ' yet'}.</p>}
        {decisions.data && decisions.data.items.length > 0 && (
          <TableWrap label="Adopted resolutions, scrollable">
            <table class="decisions-table stack">
              <thead>
                <tr>
                  <th scope="col">Decided</th>
                  <th scope="col">Resolution</th>
                  <th scope="col">Matter</th>
                  <th scope="col">Tally</th>
                  <th scope="col">Carried out</th>
                </tr>
              </thead>
              <tbody>
                {decisions.data.items.map((r) => (
                  <tr key={r.id} data-resolution={r.id}>
                    <td data-label="Decided">
                      <InstantText iso={r.closure?.closedAt} />
                    </td>
                    <td data-label="Resolution">
                      <a href={href(`/resolutions/${encodeURIComponent(r.id)}`, {}, asOf)}>{r.title}</a>
                    </td>
                    <td data-label="Matter">{MATTER_LABELS[r.matter] ?? humanizeKey(r.matter)}</td>
                    <td data-label="Tally">
                      <TallyText tally={r.tally} />
                    </td>
                    <td data-label="Carried out" data-act-events={r.actEvents.length}>
                      {r.actEvents.length === 0 ? <span class="muted">no act</span> : r.actEvents.map((e) => humanizeType(e.type)).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>

      <Section
        title="Resolutions"
        id="resolutions"
        actions={
          <div class="field inline-field">
            <label for="filter-resolution-status">Status</label>
            <select
              id="filter-resolution-status"
              value={statusFilter}
              onChange={(e) => navigate(href('/governance', { status: (e.currentTarget as HTMLSelectElement).value }, asOf))}
            >
              <option value="">Any status</option>
              {RESOLUTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {RESOLUTION_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
        }
      >
        {resolutions.error !== undefined && <ErrorNote error={resolutions.error} />}
        {!resolutions.data && resolutions.loading && <Loading what="resolutions" />}
        {resolutions.data && (
          <p class="count" role="status" data-count={resolutions.data.items.length}>
            {resolutions.data.items.length === 0
              ? 'No resolutions match.'
              : `${resolutions.data.items.length} resolution${resolutions.data.items.length === 1 ? '' : 's'}${resolutions.data.nextCursor ? ' shown (the newest)' : ''}.`}
          </p>
        )}
        {resolutions.data && resolutions.data.items.length > 0 && (
          <TableWrap label="Resolutions, scrollable">
            <table class="resolutions-table stack">
              <thead>
                <tr>
                  <th scope="col">Resolution</th>
                  <th scope="col">Matter</th>
                  <th scope="col">Proposed</th>
                  <th scope="col">Voting closes</th>
                  <th scope="col">Tally</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {resolutions.data.items.map((r) => (
                  <tr key={r.id} data-resolution={r.id} data-status={r.status}>
                    <td data-label="Resolution">
                      <a href={href(`/resolutions/${encodeURIComponent(r.id)}`, {}, asOf)}>{r.title}</a>
                      <div class="muted small">
                        by <OrgLink id={r.proposedBy} />
                      </div>
                    </td>
                    <td data-label="Matter">{MATTER_LABELS[r.matter] ?? humanizeKey(r.matter)}</td>
                    <td data-label="Proposed">
                      <InstantText iso={r.proposedAt} />
                    </td>
                    <td data-label="Voting closes">
                      <InstantText iso={r.votingClosesAt} />
                    </td>
                    <td data-label="Tally">
                      <TallyText tally={r.tally} />
                    </td>
                    <td data-label="Status">
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
        <Section title="Charter" id="charter">
          {charter.error !== undefined && <ErrorNote error={charter.error} />}
          {charter.data && <CharterTable charter={charter.data} />}
        </Section>
        <Section title="Meetings" id="meetings">
          {meetings.error !== undefined && <ErrorNote error={meetings.error} />}
          {meetings.data && meetings.data.items.length === 0 && <p class="muted">No meeting recorded{asOf ? ' by then' : ' yet'}.</p>}
          {meetings.data && meetings.data.items.length > 0 && (
            <ul class="plain meetings-list">
              {meetings.data.items.map((m) => (
                <li key={m.id} data-meeting={m.id}>
                  <a href={href(`/meetings/${encodeURIComponent(m.id)}`, {}, asOf)}>{m.title}</a>
                  <span class="muted">
                    {' '}
                    — <DateText date={m.heldOn} />, {m.attendees.length} attending, {m.resolutions.length} resolution{m.resolutions.length === 1 ? '' : 's'} taken up
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
        {charter.charterAdopted ? 'The group’s own charter, with the default charter’s rule for each matter it does not name.' : 'No charter adopted: the default charter applies.'}
      </p>
      <TableWrap label="Charter rules, scrollable">
        <table class="charter-table stack">
          <thead>
            <tr>
              <th scope="col">Matter</th>
              <th scope="col">Decided by</th>
              <th scope="col">Quorum</th>
              <th scope="col">Threshold</th>
              <th scope="col">Voting days</th>
            </tr>
          </thead>
          <tbody>
            {charter.rules.map((rule) => (
              <tr key={`${rule.matter}-${(rule.forRoles ?? []).join()}`} data-matter={rule.matter} data-source={rule.source}>
                <td data-label="Matter">
                  {MATTER_LABELS[rule.matter] ?? humanizeKey(rule.matter)}
                  {rule.forRoles && <div class="muted small">for {rule.forRoles.join(', ')}</div>}
                </td>
                <td data-label="Decided by">{DECIDED_BY_LABELS[rule.decidedBy] ?? rule.decidedBy}</td>
                <td data-label="Quorum">{rule.decidedBy === 'steward' ? '—' : `${rule.quorumPct} %`}</td>
                <td data-label="Threshold">{rule.decidedBy === 'steward' ? '—' : thresholdText(rule)}</td>
                <td data-label="Voting days">{rule.decidedBy === 'steward' ? '—' : rule.votingDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function thresholdText(rule: CharterRule): string {
  return rule.thresholdPct === 'consensus' ? 'Consensus (no vote against)' : `more than ${rule.thresholdPct} % of votes cast`;
}

export function ResolutionBadge({ status }: { status: string }) {
  return (
    <span class={`badge resolution-${status}`} data-resolution-status={status}>
      {RESOLUTION_STATUS_LABELS[status] ?? humanizeKey(status)}
    </span>
  );
}

function TallyText({ tally }: { tally: Tally }) {
  return (
    <span class="tally-text" data-for={tally.for} data-against={tally.against} data-abstain={tally.abstain}>
      {tally.for} for · {tally.against} against · {tally.abstain} abstaining
      <span class="muted small">
        {' '}
        of {tally.eligible}
        {tally.recused > 0 ? `, ${tally.recused} recused` : ''}
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
    document.title = `${r?.title ?? 'Resolution'} · ${session.collaborative}`;
  }, [r?.title, session.collaborative]);

  return (
    <div class="page" aria-busy={resolution.loading}>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={href('/governance', {}, asOf)}>Governance</a> <span aria-hidden="true">›</span> <span aria-current="page">{r?.title ?? id}</span>
      </nav>
      {resolution.error !== undefined && (
        <>
          <h1>Resolution</h1>
          <ErrorNote error={resolution.error} />
          {asOf && <p>It may not have been proposed yet on {formatDate(asOf)}: move the date forward, or go back to now.</p>}
        </>
      )}
      {!r && resolution.loading && <Loading what="the resolution" />}
      {r && (
        <>
          <div class="page-head">
            <h1>{r.title}</h1>
            <p class="status-line">
              <ResolutionBadge status={r.status} /> <span class="muted">as of {asOf ? `the end of ${formatDate(asOf)}` : 'now'}</span>
            </p>
          </div>
          <div class="grid-2">
            <section class="card" aria-labelledby="resolution-what">
              <h2 id="resolution-what">What is decided</h2>
              <dl class="facts">
                <Fact label="Matter">{MATTER_LABELS[r.matter] ?? humanizeKey(r.matter)}</Fact>
                {r.text && <Fact label="Text">{r.text}</Fact>}
                <Fact label="Proposed by">
                  <OrgLink id={r.proposedBy} /> <span class="muted">on</span> <InstantText iso={r.proposedAt} />
                </Fact>
                <Fact label="Voting closes">
                  <InstantText iso={r.votingClosesAt} />
                </Fact>
                <Fact label="Rule">
                  {DECIDED_BY_LABELS[r.rule.decidedBy] ?? r.rule.decidedBy}; quorum {r.rule.quorumPct} % of the electorate; {thresholdText(r.rule)}
                </Fact>
                {r.meetingId && (
                  <Fact label="Taken up at">
                    <a href={href(`/meetings/${encodeURIComponent(r.meetingId)}`, {}, asOf)}>meeting {r.meetingId}</a>
                  </Fact>
                )}
                {r.acts.length > 0 && (
                  <Fact label={r.acts.length === 1 ? 'Act' : 'Acts'}>
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
                  <Fact label="Withdrawn">
                    by <OrgLink id={r.withdrawal.withdrawnBy} />: {r.withdrawal.reason}
                  </Fact>
                )}
              </dl>
            </section>
            <TallyCard resolution={r} />
          </div>
          <VotesCard resolution={r} />
          <section class="card" aria-labelledby="resolution-timeline">
            <h2 id="resolution-timeline">Timeline</h2>
            <ResolutionTimeline resolution={r} />
          </section>
        </>
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

/** An act in words: its kind and the record it acts on. */
function ActText({ act }: { act: ResolutionAct }) {
  const { asOf } = useApp();
  const fields = Object.entries(act).filter(([k, v]) => k !== 'type' && v !== undefined && v !== null && typeof v !== 'object');
  return (
    <>
      <strong>{MATTER_LABELS[act.type] ?? humanizeKey(act.type)}</strong>
      {fields.length > 0 && ': '}
      {fields.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && ', '}
          {humanizeKey(k).toLowerCase()}{' '}
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
  const t = r.tally;
  const cast = t.for + t.against + t.abstain;
  const width = (n: number) => `${t.eligible === 0 ? 0 : (n * 100) / t.eligible}%`;
  const closed = r.outcome !== null;
  return (
    <section class="card" aria-labelledby="resolution-tally" data-tally={`${t.for}/${t.against}/${t.abstain}/${t.eligible}`}>
      <h2 id="resolution-tally">{closed ? 'Final tally' : 'Tally so far'}</h2>
      <dl class="figures">
        <Figure id="for" label="For" value={t.for} tone="good" />
        <Figure id="against" label="Against" value={t.against} tone={t.against > 0 ? 'bad' : undefined} />
        <Figure id="abstain" label="Abstaining" value={t.abstain} />
        <Figure id="not-voted" label="Not voted" value={t.notVoted} tone={t.notVoted > 0 && !closed ? 'warn' : undefined} />
        <Figure id="recused" label="Recused" value={t.recused} />
        <Figure id="eligible" label="Eligible" value={t.eligible} />
      </dl>
      <div class="tally-bar" role="img" aria-label={`${t.for} for, ${t.against} against, ${t.abstain} abstaining, ${t.notVoted} not voted, ${t.recused} recused`}>
        <span class="seg seg-for" style={{ width: width(t.for) }} />
        <span class="seg seg-against" style={{ width: width(t.against) }} />
        <span class="seg seg-abstain" style={{ width: width(t.abstain) }} />
        <span class="seg seg-not-voted" style={{ width: width(t.notVoted) }} />
      </div>
      <ul class="plain tally-rules">
        <li data-quorum-met={String(t.quorumMet)}>
          {t.quorumMet ? '✓' : '✗'} Quorum {r.rule.quorumPct} %: {cast} of {t.eligible} eligible voted
        </li>
        <li data-threshold-met={String(t.thresholdMet)}>
          {t.thresholdMet ? '✓' : '✗'} Threshold: {thresholdText(r.rule)}
        </li>
      </ul>
      <p data-outcome={r.outcome ?? ''}>
        {r.outcome ? (
          <>
            <strong>Outcome: {RESOLUTION_STATUS_LABELS[r.outcome]}</strong>
            {r.closure && (
              <span class="muted">
                {' '}
                — closed by <OrgLink id={r.closure.closedBy} /> on <InstantText iso={r.closure.closedAt} />
                {r.closure.early ? ' (early: no remaining vote could change it)' : ''}
              </span>
            )}
          </>
        ) : r.status === 'withdrawn' ? (
          <span class="muted">Withdrawn before closure: no outcome.</span>
        ) : (
          <span class="muted">No outcome yet: a steward closes it when voting ends, or earlier once no remaining vote can change it.</span>
        )}
      </p>
    </section>
  );
}

const CHOICE_LABELS: Record<string, string> = { for: 'For', against: 'Against', abstain: 'Abstain' };

/** Each member of the electorate and where it stands; who voted how only when the ledger shows it to this key. */
function VotesCard({ resolution: r }: { resolution: ResolutionDetail }) {
  const votes = new Map((r.votes ?? []).map((v) => [v.organizationId, v]));
  const recusals = new Map(r.recusals.map((x) => [x.organizationId, x]));
  const electorate = [...new Set([...r.electorate, ...recusals.keys()])];
  return (
    <section class="card" aria-labelledby="resolution-votes">
      <h2 id="resolution-votes">Electorate</h2>
      {!r.votes && (
        <p class="notice" data-votes="withheld">
          Who voted how is shown to the partnership’s members; this key sees the tally and the outcome.
        </p>
      )}
      <TableWrap label="Votes, scrollable">
        <table class="votes-table stack">
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Vote</th>
              <th scope="col">Reason</th>
              <th scope="col">Cast</th>
            </tr>
          </thead>
          <tbody>
            {electorate.map((org) => {
              const vote = votes.get(org);
              const recusal = recusals.get(org);
              return (
                <tr key={org} data-voter={org} data-choice={recusal ? 'recused' : (vote?.choice ?? (r.votes ? 'none' : 'hidden'))}>
                  <td data-label="Organization">
                    <OrgLink id={org} />
                  </td>
                  <td data-label="Vote">
                    {recusal ? (
                      <span class="badge resolution-recused">{recusal.automatic ? 'Recused (a party)' : 'Recused'}</span>
                    ) : vote ? (
                      <span class={`badge vote-${vote.choice}`}>{CHOICE_LABELS[vote.choice]}</span>
                    ) : r.votes ? (
                      <span class="muted">Not voted</span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td data-label="Reason">{recusal?.reason ?? vote?.reason ?? ''}</td>
                  <td data-label="Cast">{vote ? <InstantText iso={vote.castAt} /> : ''}</td>
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
          <strong>Proposed</strong> by <OrgLink id={r.proposedBy} />
        </>
      ),
    },
    ...(r.votes ?? []).map((v) => ({
      at: v.castAt,
      key: `vote-${v.organizationId}`,
      kind: 'vote',
      body: (
        <>
          <strong>Vote {CHOICE_LABELS[v.choice].toLowerCase()}</strong> by <OrgLink id={v.organizationId} />
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
                <strong>Closed: {RESOLUTION_STATUS_LABELS[r.outcome ?? ''] ?? r.outcome}</strong> by <OrgLink id={r.closure.closedBy} />
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
          <strong>{humanizeType(e.type)}</strong> on <StreamLink streamId={e.streamId} asOf={asOf} /> <span class="muted">— carried out by the ledger for this resolution, position {e.position}</span>
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
              <strong>Withdrawn</strong> by <OrgLink id={r.withdrawal.withdrawnBy} /> — {r.withdrawal.reason}
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
  if (commitment) return <a href={href(`/commitments/${encodeURIComponent(commitment[1])}`, {}, asOf)}>commitment {commitment[1]}</a>;
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
    document.title = `${m?.title ?? 'Meeting'} · ${session.collaborative}`;
  }, [m?.title, session.collaborative]);
  return (
    <div class="page" aria-busy={meeting.loading}>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={href('/governance', {}, asOf)}>Governance</a> <span aria-hidden="true">›</span> <span aria-current="page">{m?.title ?? id}</span>
      </nav>
      {meeting.error !== undefined && (
        <>
          <h1>Meeting</h1>
          <ErrorNote error={meeting.error} />
        </>
      )}
      {!m && meeting.loading && <Loading what="the meeting" />}
      {m && (
        <>
          <div class="page-head">
            <h1>{m.title}</h1>
            <p class="status-line muted">
              Held on <DateText date={m.heldOn} />, recorded by <OrgLink id={m.recordedBy} />
            </p>
          </div>
          <div class="grid-2">
            <Section title="Attendees" id="attendees">
              <ul class="plain" data-attendees={m.attendees.length}>
                {m.attendees.map((org) => (
                  <li key={org}>
                    <OrgLink id={org} />
                  </li>
                ))}
              </ul>
            </Section>
            <Section title="Resolutions taken up" id="meeting-resolutions">
              {m.resolutions.length === 0 ? (
                <p class="muted">None.</p>
              ) : (
                <ul class="plain">
                  {m.resolutions.map((r) => (
                    <li key={r.id} data-resolution={r.id}>
                      <a href={href(`/resolutions/${encodeURIComponent(r.id)}`, {}, asOf)}>{r.title ?? r.id}</a> {r.status ? <ResolutionBadge status={r.status} /> : <span class="muted">(not proposed by then)</span>}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </div>
          {(m.minutesSummary || m.minutesSha256) && (
            <Section title="Minutes" id="minutes">
              {m.minutesSummary && <p>{m.minutesSummary}</p>}
              {m.minutesSha256 && (
                <p class="small">
                  SHA-256 of the minutes: <code class="hash">{m.minutesSha256}</code>
                </p>
              )}
            </Section>
          )}
        </>
      )}
    </div>
  );
}
