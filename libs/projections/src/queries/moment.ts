/**
 * The moment a query answers for. A moment is an instant T: the answer is the ledger as it stood at
 * T — versions recorded at or before T and still in force at T — with derived statuses (overdue,
 * overdue installments) computed for T by the domain.
 *
 * When every event the read models hold was recorded at or before T (the usual "now"), the
 * versions in force at T are simply the open ones (recorded_to IS NULL, which every index puts
 * first), and the records' stored states are theirs at T. That shortcut is checked again after
 * answering (answerAt): if the projector applied a later event meanwhile, the answer is computed
 * again the general way.
 */
import { utcDateOf } from '@ledger/domain';
import type { Checkpoint } from '../storage';

export interface Moment {
  /** The instant answered for, ISO 8601 UTC with milliseconds. */
  readonly iso: string;
  /** The same, epoch milliseconds. */
  readonly ms: number;
  /** Its UTC calendar date (due dates are calendar dates). */
  readonly date: string;
  /** Every event in the read models was recorded at or before it: read the open versions. */
  readonly current: boolean;
}

export function momentAt(ms: number, checkpoint: Pick<Checkpoint, 'recordedAt'>): Moment {
  const iso = new Date(ms).toISOString();
  return { iso, ms, date: utcDateOf(iso), current: checkpoint.recordedAt <= ms };
}

/**
 * Answers for a moment, consistently: takes the open-versions shortcut when the read models hold
 * nothing recorded after the moment, and answers again the general way if the projector applied a
 * later event while the answer was being read.
 */
export async function answerAt<T>(
  checkpoint: () => Promise<Pick<Checkpoint, 'recordedAt'>>,
  ms: number,
  answer: (m: Moment) => Promise<T>,
  /** The checkpoint, when the caller has just read it. */
  current?: Pick<Checkpoint, 'recordedAt'>,
): Promise<T> {
  const moment = momentAt(ms, current ?? (await checkpoint()));
  const value = await answer(moment);
  if (!moment.current || (await checkpoint()).recordedAt <= ms) return value;
  return answer({ ...moment, current: false });
}
