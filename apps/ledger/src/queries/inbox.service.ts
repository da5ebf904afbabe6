import { Injectable } from '@nestjs/common';
import { Actions, RECORDS, type Actor, type RecordName } from '@ledger/domain';
import type { Moment } from '@ledger/projections';
import { toAllowedActions, type AllowedAction } from '../actions/allowed-actions.service';
import { dryRun } from '../actions/dry-run';
import type { LoadedState, LoadState } from '../commands/decision';
import { QueryService } from './query.service';

/** One thing waiting on the organization, with what it may do about it. */
export interface InboxItem {
  kind: Actions.InboxKind;
  record: RecordName;
  id: string;
  collaborativeId: string;
  title: string;
  target?: Record<string, string>;
  dueDate?: string;
  overdue?: boolean;
  amount?: { currency: string; amount: string };
  /** The record's stream revision the item was read at: send it as If-Match. */
  streamRevision: number;
  /** The commands of the item's kind the organization may send now (none with asOf), as allowedActions. */
  actions: AllowedAction[];
}

const KIND_ORDER = new Map(Actions.INBOX_KIND_NAMES.map((kind, i) => [kind, i]));

/**
 * What waits on an organization at a moment (LEDGER.md, "Acting in the web app"): the one place it is
 * computed, for GET /organizations/:id/inbox and for the e-mail reminders alike. The candidates come
 * by index from the read models (inboxCandidates); each is kept where the domain says it waits on the
 * organization (Actions.inboxEntries), given what the dry run of the record's probes permits it.
 */
@Injectable()
export class InboxService {
  constructor(private readonly service: QueryService) {}

  /** The items at `m`, overdue first, then by due date; `withActions`: each item's allowed actions (none for a past moment). */
  async itemsAt(organizationId: string, m: Moment, withActions: boolean): Promise<InboxItem[]> {
    const queries = this.service.queries;
    const horizon = Actions.daysAfter(m.date, Actions.INBOX_HORIZON_DAYS);
    const { records } = await queries.inboxCandidates(organizationId, m, horizon);
    // What waits on the organization is what it may do, whoever reads its inbox.
    const actor: Actor = { kind: 'organization', organizationId };
    const loaded = new Map<string, Promise<LoadedState>>();
    const load: LoadState = (record, id) => {
      const key = `${record}-${id}`;
      let state = loaded.get(key);
      if (!state) {
        state = queries.recordState(RECORDS[record].kind, id, m).then((at) => ({ state: at?.state ?? null, revision: at?.last.streamRevision ?? null }));
        loaded.set(key, state);
      }
      return state;
    };
    const items: InboxItem[] = [];
    for (const candidate of records) {
      const { state, last } = candidate.at;
      loaded.set(`${candidate.record}-${candidate.id}`, Promise.resolve({ state, revision: last.streamRevision }));
      const probes = Actions.actionProbes(candidate.record, state, { actor, now: m.iso, today: m.date });
      const permitted = await dryRun(probes, load, actor, m.iso);
      for (const entry of Actions.inboxEntries(candidate.record, state, organizationId, permitted, m.iso)) {
        const { commands, target, ...rest } = entry;
        items.push({
          ...rest,
          ...(target && { target: { [target.field]: target.id } }),
          streamRevision: last.streamRevision,
          actions: withActions ? toAllowedActions(commands) : [],
        });
      }
    }
    return items.sort(byUrgency);
  }
}

/** Overdue first, then by due date (undated last), then by kind and record. */
function byUrgency(a: InboxItem, b: InboxItem): number {
  return (
    Number(b.overdue === true) - Number(a.overdue === true) ||
    (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    a.id.localeCompare(b.id)
  );
}
