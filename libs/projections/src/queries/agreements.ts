/**
 * Partnerships (declarations) and risk agreements: one of each, those an organization takes part in
 * (the scorecard's), and those of a collaborative (the summary's).
 */
import type { PartnershipState, ResolutionState, RiskAgreementState } from '@ledger/domain';
import { PARTICIPANTS_TABLE } from '../tables';
import { partnershipView, riskAgreementView, type PartnershipView, type RiskAgreementView } from '../views';
import type { Moment } from './moment';
import { inCollaboratives, Params, visible } from './sql';
import { ROW_COLUMNS, type RecordAt, type StateReader, type StateRow } from './state-reader';

type AgreementKind = 'partnership' | 'risk_agreement';
/** The kinds whose organizations the participants table keeps (records.ts, KINDS_WITH_PARTICIPANTS). */
type ParticipantKind = AgreementKind | 'resolution';
type StateOf<K extends ParticipantKind> = K extends 'partnership' ? PartnershipState : K extends 'risk_agreement' ? RiskAgreementState : ResolutionState;

export async function partnership(states: StateReader, id: string, m: Moment): Promise<PartnershipView | null> {
  const found = await states.one<PartnershipState>('partnership', id, m);
  return found && partnershipView(found.state, found.last);
}

export async function riskAgreement(states: StateReader, id: string, m: Moment): Promise<RiskAgreementView | null> {
  const found = await states.one<RiskAgreementState>('risk_agreement', id, m);
  return found && riskAgreementView(found.state, found.last);
}

/**
 * Records of a kind an organization takes part in at the moment, by id (the participants table:
 * parties, for risk agreements whoever paid or received a settlement payment, for resolutions the
 * electorate and the proposer), within these collaboratives if given.
 */
export async function involving<K extends ParticipantKind>(
  states: StateReader,
  kind: K,
  organizationId: string,
  m: Moment,
  within?: readonly string[],
): Promise<Array<RecordAt<StateOf<K>>>> {
  const q = new Params();
  const since = m.current ? '' : ` AND p.recorded_from <= ${q.p(m.ms)}`;
  const rows = await states.db.all<StateRow>(
    `SELECT ${ROW_COLUMNS}
     FROM ${states.db.table(PARTICIPANTS_TABLE)} p JOIN ${states.table(kind)} v ON v.id = p.record_id
       ${states.joinState(kind)}
     WHERE p.organization_id = ${q.p(organizationId)} AND p.kind = ${q.p(kind)}${since} AND ${visible(m, q, 'v.')} AND ${inCollaboratives(q, 'v.', within)}
     ORDER BY v.id`,
    q.values,
  );
  return states.states<StateOf<K>>(kind, rows, m);
}

/** Records of a kind in a collaborative at the moment, by id. */
export async function inCollaborative<K extends AgreementKind>(states: StateReader, kind: K, collaborativeId: string, m: Moment): Promise<Array<RecordAt<StateOf<K>>>> {
  const q = new Params();
  const rows = await states.db.all<StateRow>(
    `SELECT ${ROW_COLUMNS} FROM ${states.withState(kind)} WHERE v.collaborative_id = ${q.p(collaborativeId)} AND ${visible(m, q, 'v.')} ORDER BY v.id`,
    q.values,
  );
  return states.states<StateOf<K>>(kind, rows, m);
}
