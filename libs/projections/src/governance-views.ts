/**
 * What the governance queries answer (LEDGER.md, "Governance"): the charter in force, resolutions
 * with their tally and outcome, meetings. The status, the tally and the charter come from the
 * domain's own functions (resolutionStatus, currentTally, charterOf) for the moment asked about.
 */
import { charterOf, currentTally, resolutionStatus, type CollaborativeState, type MeetingState, type ResolutionState } from '@ledger/domain';
import type { LastEvent } from './views';

/** The statuses a resolution listing filters on: resolutionStatus's vocabulary. */
export const RESOLUTION_STATUS_FILTERS = ['voting', 'awaiting_closure', 'adopted', 'rejected', 'lapsed', 'withdrawn'] as const;
export type ResolutionStatusFilter = (typeof RESOLUTION_STATUS_FILTERS)[number];

/** An event an adopted resolution's act appended to the record it acts on, where it is on the log. */
export interface ActEventView {
  position: number;
  streamId: string;
  type: string;
  recordedAt: string;
}

/**
 * A resolution in a list (and in the decisions register): what it decides, where it stands at the
 * moment, its tally and outcome, and the positions of its acts' events. Who voted how is not here:
 * only `/resolutions/:id` shows the votes, to the members who may read them.
 */
export function resolutionListItem(state: ResolutionState, asOf: string, last: LastEvent, actEvents: readonly ActEventView[]) {
  return {
    id: state.id,
    collaborativeId: state.collaborativeId,
    title: state.title,
    ...(state.text !== undefined && { text: state.text }),
    matter: state.matter,
    proposedBy: state.proposedBy,
    proposedAt: state.proposedAt,
    votingClosesAt: state.votingClosesAt,
    ...(state.meetingId !== undefined && { meetingId: state.meetingId }),
    /** The rule it is decided by, as it stood when voting opened. */
    rule: state.rule,
    /** voting | awaiting_closure | adopted | rejected | lapsed | withdrawn, at the moment. */
    status: resolutionStatus(state, asOf),
    /** The votes in force at the moment; the final tally once closed. */
    tally: currentTally(state),
    /** adopted | rejected | lapsed once a steward closed it; null before (and when withdrawn). */
    outcome: state.closure?.outcome ?? null,
    ...(state.closure && { closure: { closedBy: state.closure.closedBy, closedAt: state.closure.closedAt, early: state.closure.early } }),
    ...(state.withdrawal && { withdrawal: { reason: state.withdrawal.reason, withdrawnBy: state.withdrawal.withdrawnBy } }),
    acts: state.acts,
    /** The events its acts appended to the records they act on (none until adopted), in log order. */
    actEvents: [...actEvents],
    lastEvent: last,
  };
}
export type ResolutionListItem = ReturnType<typeof resolutionListItem>;

/**
 * One resolution: the list item's answer, its electorate and recusals, and — when `votes` — each
 * organization's vote in force (who, choice, reason, when), by the time it was cast.
 */
export function resolutionView(state: ResolutionState, asOf: string, last: LastEvent, actEvents: readonly ActEventView[], options: { votes: boolean }) {
  const votes = [...state.votes]
    .map(([organizationId, vote]) => ({ organizationId, choice: vote.choice, ...(vote.reason !== undefined && { reason: vote.reason }), castAt: vote.castAt }))
    .sort((a, b) => (a.castAt === b.castAt ? compare(a.organizationId, b.organizationId) : compare(a.castAt, b.castAt)));
  return {
    ...resolutionListItem(state, asOf, last, actEvents),
    /** The organizations entitled to vote, fixed when voting opened. */
    electorate: [...state.electorate],
    recusals: [...state.recusals].map(([organizationId, recusal]) => ({ organizationId, reason: recusal.reason, automatic: recusal.automatic })),
    ...(options.votes && { votes }),
  };
}
export type ResolutionView = ReturnType<typeof resolutionView>;

/** A resolution a meeting took up, as it stood at the moment (null fields: not found then). */
export interface MeetingResolution {
  id: string;
  title: string | null;
  status: string | null;
  outcome: string | null;
}

export function meetingView(state: MeetingState, last: LastEvent, resolutions: readonly MeetingResolution[]) {
  return {
    id: state.id,
    collaborativeId: state.collaborativeId,
    heldOn: state.heldOn,
    title: state.title,
    attendees: [...state.attendees],
    resolutionIds: [...state.resolutionIds],
    /** The resolutions it took up, where each stood at the moment. */
    resolutions: [...resolutions],
    ...(state.minutesSha256 !== undefined && { minutesSha256: state.minutesSha256 }),
    ...(state.minutesSummary !== undefined && { minutesSummary: state.minutesSummary }),
    recordedBy: state.recordedBy,
    lastEvent: last,
  };
}
export type MeetingView = ReturnType<typeof meetingView>;

/** The charter in force: every matter's rule, from the charter or the default charter. */
export function charterView(state: CollaborativeState, last: LastEvent) {
  return {
    collaborativeId: state.id,
    /** Whether a charter was ever set; until then every rule is the default charter's. */
    charterAdopted: state.charterAdopted,
    rules: charterOf(state).map((entry) => ({ ...entry, ...(entry.forRoles && { forRoles: [...entry.forRoles] }) })),
    /** The witnesses of the ledger's log the charter names (organization ids) and their quorum; null: none. */
    witnesses: state.witnessPolicy ? { organizations: [...state.witnessPolicy.witnesses], quorum: state.witnessPolicy.quorum } : null,
    /** The collaborative's last event by then. */
    lastEvent: last,
  };
}
export type CharterView = ReturnType<typeof charterView>;

/** The pathway phases, in order, from the formation: when each began and the resolution that decided it. */
export function phaseHistoryOf(state: CollaborativeState) {
  return state.phaseHistory.map((entry) => ({
    pathwayPhase: entry.pathwayPhase,
    /** null only for a formation recorded before its instant was kept. */
    from: entry.from ?? null,
    ...(entry.resolutionId !== undefined && { resolutionId: entry.resolutionId }),
  }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
