/**
 * Acting: the commands a record's GET says the signed-in organization may send now
 * (`allowedActions`, LEDGER.md "Acting in the web app"), and sending one — with `If-Match` holding
 * the record's revision as the page showed it, so that a record someone else changed meanwhile is
 * refused (409) rather than acted on blind.
 */
import { ApiError, authHeaders, type Problem } from './api';

/** One command the caller may send now, as the ledger describes it. */
export interface AllowedAction {
  command: string;
  method: string;
  /** The request's path; null when the ledger named the command only and no route is known here. */
  path: string | null;
  /** The sub-record it acts on (`{ revisionId }`, `{ disbursementId }`, `{ settlementId }`, `{ goalId }`...). */
  target?: Record<string, string>;
  /** For a field the caller chooses (a role, a matter, a phase): the values the rules accept now. */
  choices?: Record<string, ReadonlyArray<string | number>>;
  /** Fields the request carries as given (a new record's collaborativeId, a proposal's matter and act target). */
  body?: Record<string, unknown>;
}

/**
 * The route of each command, for a ledger that names its allowed actions without their paths
 * (`:id` the record, `:subId` the sub-record the action targets). The ledger's own `path` wins.
 */
const ROUTES: Record<string, string> = {
  MakeCommitment: '/commitments',
  AcceptCommitment: '/commitments/:id/acceptance',
  DeclineCommitment: '/commitments/:id/declination',
  ReportCommitmentProgress: '/commitments/:id/progress',
  ProposeCommitmentRevision: '/commitments/:id/revisions',
  AcceptCommitmentRevision: '/commitments/:id/revisions/:subId/acceptance',
  ClaimCommitmentDelivery: '/commitments/:id/delivery',
  ConfirmCommitmentDelivery: '/commitments/:id/delivery-confirmation',
  DisputeCommitmentDelivery: '/commitments/:id/disputes',
  ResolveCommitmentDispute: '/commitments/:id/dispute-resolution',
  WithdrawCommitment: '/commitments/:id/withdrawal',
  CloseCommitmentAsMissed: '/commitments/:id/closure',
  MakePledge: '/pledges',
  AcknowledgePledge: '/pledges/:id/acknowledgement',
  RecordDisbursement: '/pledges/:id/disbursements',
  ConfirmDisbursementReceipt: '/pledges/:id/disbursements/:subId/receipt',
  AmendPledge: '/pledges/:id/amendments',
  CancelPledge: '/pledges/:id/cancellation',
  DraftDeclaration: '/partnerships',
  SignDeclaration: '/partnerships/:id/signatures',
  WithdrawFromDeclaration: '/partnerships/:id/withdrawals',
  TerminateDeclaration: '/partnerships/:id/termination',
  ProposeRiskAgreement: '/risk-agreements',
  SignRiskAgreement: '/risk-agreements/:id/signatures',
  RecordPeriodResult: '/risk-agreements/:id/results',
  RecordSettlementPayment: '/risk-agreements/:id/settlements/:subId/payments',
  ProposeResolution: '/resolutions',
  CastVote: '/resolutions/:id/votes',
  RecuseFromResolution: '/resolutions/:id/recusals',
  CloseResolution: '/resolutions/:id/closure',
  WithdrawResolution: '/resolutions/:id/withdrawal',
  AdmitMember: '/collaboratives/:id/members',
  AdoptSharedGoal: '/collaboratives/:id/goals',
  RecordMeasurement: '/collaboratives/:id/goals/:subId/measurements',
  ReviseSharedGoal: '/collaboratives/:id/goals/:subId/revisions',
  ChangePathwayPhase: '/collaboratives/:id/phase',
  ChangeMemberRole: '/collaboratives/:id/members/:subId/role',
  RecordMemberDeparture: '/collaboratives/:id/members/:subId/departure',
  RecordMeeting: '/meetings',
};

/** A command name as the server may give it: a plain string, or an object carrying `command` (or `type`, `name`). */
function commandOf(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (raw && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    for (const field of ['command', 'type', 'name']) if (typeof o[field] === 'string') return o[field] as string;
  }
  return null;
}

/** The allowed actions of a record's GET, whatever form each takes; none when the answer has none (asOf, an older ledger). */
export function allowedActionsOf(record: unknown, recordId: string): AllowedAction[] {
  const list = record && typeof record === 'object' ? (record as { allowedActions?: unknown }).allowedActions : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw): AllowedAction[] => {
    const command = commandOf(raw);
    if (!command) return [];
    const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const target = o.target && typeof o.target === 'object' ? (o.target as Record<string, string>) : undefined;
    const template = ROUTES[command];
    const subId = target ? Object.values(target)[0] : undefined;
    const path =
      typeof o.path === 'string'
        ? o.path
        : template && (!template.includes(':subId') || subId)
          ? template.replace(':id', encodeURIComponent(recordId)).replace(':subId', encodeURIComponent(subId ?? ''))
          : null;
    return [
      {
        command,
        method: typeof o.method === 'string' ? o.method : 'POST',
        path,
        ...(target && { target }),
        ...(o.choices && typeof o.choices === 'object' ? { choices: o.choices as AllowedAction['choices'] } : {}),
        ...(o.body && typeof o.body === 'object' ? { body: o.body as Record<string, unknown> } : {}),
      },
    ];
  });
}

/** What the ledger answers a command: the record, its new revision, the events appended. */
export interface CommandAnswer {
  id: string;
  streamRevision: number;
  position: number;
  events: Array<{ eventId: string; type: string }>;
}

/**
 * Sends a command. `revision` (the record's stream revision as the page showed it) goes as
 * `If-Match`; a new record is created without it. Refusals throw an ApiError carrying the
 * problem document (its `code`, and `errors[]` field by field for a 400).
 */
export async function sendCommand(key: string, action: AllowedAction, body: Record<string, unknown>, revision: number | null): Promise<CommandAnswer> {
  if (!action.path) throw new ApiError(0, `no route known for ${action.command}`);
  let response: Response;
  try {
    response = await fetch(action.path, {
      method: action.method || 'POST',
      headers: {
        ...authHeaders(key),
        accept: 'application/json',
        'content-type': 'application/json',
        // A command that creates a record (POST /commitments, /resolutions...) has no revision to match.
        ...(revision !== null && !/^\/[a-z-]+$/.test(action.path) && { 'if-match': `"${revision}"` }),
      },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'The ledger could not be reached.');
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' ? (parsed as Problem) : null;
    throw new ApiError(response.status, problem?.detail ?? problem?.title ?? `The ledger answered ${response.status}.`, problem);
  }
  return parsed as CommandAnswer;
}

/** A problem's field path as the form names its fields: `schedule[0].dueDate` → `schedule.0.dueDate`. */
export function fieldPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}
