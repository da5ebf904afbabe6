/** Organizations and collaboratives: one of each at a moment, and the collaboratives there are. */
import type { CollaborativeState, OrganizationState } from '@ledger/domain';
import { collaborativeView, organizationView, type CollaborativeView, type OrganizationView } from '../views';
import type { Moment } from './moment';
import { Params, visible } from './sql';
import type { StateReader } from './state-reader';

export async function organization(states: StateReader, id: string, m: Moment): Promise<OrganizationView | null> {
  const found = await states.one<OrganizationState>('organization', id, m);
  return found && organizationView(found.state, found.last);
}

/** The collaborative's view, and its state (the summary reads its shared goals). */
export async function collaborative(states: StateReader, id: string, m: Moment): Promise<{ view: CollaborativeView; state: CollaborativeState } | null> {
  const found = await states.one<CollaborativeState>('collaborative', id, m);
  return found && { view: collaborativeView(found.state, found.last), state: found.state };
}

/** Ids of the collaboratives at the moment. */
export async function collaborativeIds(states: StateReader, m: Moment): Promise<string[]> {
  const q = new Params();
  const rows = await states.db.all<{ id: string }>(`SELECT id FROM ${states.table('collaborative')} WHERE ${visible(m, q)} ORDER BY id`, q.values);
  return rows.map((r) => r.id);
}
