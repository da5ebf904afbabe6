/**
 * Every query of LEDGER.md over the read models, for a moment (moment.ts): one door for the HTTP
 * controllers and `ledger replay`, delegating to one module per view area — commitments.ts,
 * pledges.ts, agreements.ts, organizations.ts, governance.ts — over a StateReader (records' states at the moment),
 * and composing the scorecard (scorecard.ts) and the collaborative summary (summary.ts) from their
 * figures.
 */
import type { StreamReader } from '../history';
import type { ReadDb } from '../read-db';
import type { CharterView, MeetingView, ResolutionListItem, ResolutionView } from '../governance-views';
import type { CommitmentListItem, CommitmentView, OrganizationView, PartnershipView, PledgeListItem, PledgeView, RiskAgreementView } from '../views';
import type { RecordKind } from '../records';
import * as agreements from './agreements';
import * as commitments from './commitments';
import * as governance from './governance';
import * as inbox from './inbox';
import type { Moment } from './moment';
import * as organizations from './organizations';
import * as pledges from './pledges';
import { scorecardOf, type Scorecard } from './scorecard';
import type { Page, PageRequest } from './sql';
import { StateReader, type RecordAt } from './state-reader';
import { goalView, summaryOf, type GoalView, type Summary } from './summary';

export class ReadModelQueries {
  private readonly states: StateReader;

  /** Over a ReadModelStorage: its tables, and its log for past versions. */
  constructor(source: { readonly db: ReadDb; readonly streams: StreamReader | null }, options: { decodedStateBytes?: number } = {}) {
    this.states = new StateReader(source.db, source.streams, options);
  }

  listCommitments(filter: commitments.CommitmentFilter, page: PageRequest, m: Moment): Promise<Page<CommitmentListItem>> {
    return commitments.list(this.states, filter, page, m);
  }

  commitment(id: string, m: Moment): Promise<CommitmentView | null> {
    return commitments.one(this.states, id, m);
  }

  listPledges(filter: pledges.PledgeFilter, page: PageRequest, m: Moment): Promise<Page<PledgeListItem>> {
    return pledges.list(this.states, filter, page, m);
  }

  pledge(id: string, m: Moment): Promise<PledgeView | null> {
    return pledges.one(this.states, id, m);
  }

  partnership(id: string, m: Moment): Promise<PartnershipView | null> {
    return agreements.partnership(this.states, id, m);
  }

  riskAgreement(id: string, m: Moment): Promise<RiskAgreementView | null> {
    return agreements.riskAgreement(this.states, id, m);
  }

  organization(id: string, m: Moment): Promise<OrganizationView | null> {
    return organizations.organization(this.states, id, m);
  }

  collaborative(id: string, m: Moment) {
    return organizations.collaborative(this.states, id, m);
  }

  /** Ids of the collaboratives at the moment. */
  collaborativeIds(m: Moment): Promise<string[]> {
    return organizations.collaborativeIds(this.states, m);
  }

  /**
   * `/organizations/:id/accountability`: what the organization promised, and what became of it —
   * `within` these collaboratives only when given (what the reader may read), all otherwise.
   */
  async scorecard(organizationId: string, m: Moment, within?: readonly string[]): Promise<Scorecard | null> {
    const organization = await this.organization(organizationId, m);
    if (!organization) return null;
    const [made, received, funds, fundsReceived, riskAgreements, partnerships, resolutions] = await Promise.all([
      commitments.counts(this.states, [['promisor', organizationId]], m, within),
      commitments.counts(this.states, [['promisee_kind', 'organization'], ['promisee_id', organizationId]], m, within),
      pledges.funds(this.states, 'funder', organizationId, m, within),
      pledges.funds(this.states, 'recipient_id', organizationId, m, within),
      agreements.involving(this.states, 'risk_agreement', organizationId, m, within),
      agreements.involving(this.states, 'partnership', organizationId, m, within),
      governance.involving(this.states, organizationId, m, within),
    ]);
    return scorecardOf({
      organization,
      asOf: m.iso,
      within,
      commitments: made,
      commitmentsReceived: received,
      funds,
      fundsReceived,
      agreements: riskAgreements.map((a) => a.state),
      partnerships: partnerships.map((p) => p.state),
      resolutions: resolutions.map((r) => r.state),
    });
  }

  /** `/collaboratives/:id/charter`: every matter's rule in force at the moment, from the charter or the default charter. */
  charter(collaborativeId: string, m: Moment): Promise<CharterView | null> {
    return governance.charter(this.states, collaborativeId, m);
  }

  /** `/resolutions`: filtered, newest first, each with its status at the moment, tally and outcome. */
  listResolutions(filter: governance.ResolutionFilter, page: PageRequest, m: Moment): Promise<Page<ResolutionListItem>> {
    return governance.list(this.states, filter, page, m);
  }

  /**
   * `/resolutions/:id`: the resolution with its electorate, recusals, tally, outcome and acts' events;
   * with each organization's vote when `votes(collaborativeId)` is true (the reader may see who voted how).
   */
  resolution(id: string, m: Moment, votes: (collaborativeId: string) => boolean): Promise<ResolutionView | null> {
    return governance.one(this.states, id, m, votes);
  }

  /** `/collaboratives/:id/decisions`: its adopted resolutions, newest decision first. */
  decisions(collaborativeId: string, page: PageRequest, m: Moment): Promise<Page<ResolutionListItem>> {
    return governance.decisions(this.states, collaborativeId, page, m);
  }

  /** `/meetings/:id`. */
  meeting(id: string, m: Moment): Promise<MeetingView | null> {
    return governance.meeting(this.states, id, m);
  }

  /** `/collaboratives/:id/meetings`: its meetings, the latest held first. */
  meetings(collaborativeId: string, page: PageRequest, m: Moment): Promise<Page<MeetingView>> {
    return governance.meetings(this.states, collaborativeId, page, m);
  }

  /** A record's state (the domain's) as it stood at the moment, and the event that made it; null when there was none. */
  recordState<S = unknown>(kind: RecordKind, id: string, m: Moment): Promise<RecordAt<S> | null> {
    return this.states.one<S>(kind, id, m);
  }

  /** `/organizations/:id/inbox`: the records that may hold something waiting on the organization at the moment (inbox.ts). */
  inboxCandidates(organizationId: string, m: Moment, horizon: string): Promise<inbox.InboxCandidates> {
    return inbox.inboxCandidates(this.states, organizationId, m, horizon);
  }

  /** `/collaboratives/:id/goals/:goalId`: one shared goal with its series of measurements, as it stood at the moment; null when it did not exist. */
  async goal(collaborativeId: string, goalId: string, m: Moment): Promise<GoalView | null> {
    const collaborative = await this.collaborative(collaborativeId, m);
    const goal = collaborative?.state.goals.get(goalId);
    return goal ? goalView(goal) : null;
  }

  /** `/collaboratives/:id/summary`: the same for the whole collaborative, with its shared goals. */
  async summary(collaborativeId: string, m: Moment): Promise<Summary | null> {
    const collaborative = await this.collaborative(collaborativeId, m);
    if (!collaborative) return null;
    const [counts, funds, riskAgreements, partnerships] = await Promise.all([
      commitments.counts(this.states, [['collaborative_id', collaborativeId]], m),
      pledges.funds(this.states, 'collaborative_id', collaborativeId, m),
      agreements.inCollaborative(this.states, 'risk_agreement', collaborativeId, m),
      agreements.inCollaborative(this.states, 'partnership', collaborativeId, m),
    ]);
    return summaryOf({
      collaborative,
      asOf: m.iso,
      commitments: counts,
      funds,
      agreements: riskAgreements.map((a) => a.state),
      partnerships: partnerships.map((p) => p.state),
    });
  }
}
