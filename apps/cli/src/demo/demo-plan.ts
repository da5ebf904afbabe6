import type { Collaborative, Command, Commitment, Meeting, Organization, Partnership, Pledge, RECORDS, Resolution, RiskAgreement } from '@ledger/domain';

/**
 * A plan of demo steps, each done on a simulated day by one actor: a command of the domain sent to
 * one record, through the ledger's command handler. Steps are written record by record (easy to
 * read), then run in the order of their days (so the history recorded is in time order, as a real
 * one would be).
 */

/** Who acts: the operator, or one organization speaking for itself. */
export type DemoActor = 'operator' | { org: string };

/** What a step needs from earlier ones: the ids the demo chose or the ledger answered with, by label. */
export interface DemoIds {
  get(label: string): string;
  set(label: string, id: string): void;
}

type Records = typeof RECORDS;
/** A kind of record of the domain's registry: `RECORDS.commitment`, `RECORDS['risk-agreement']`, ... */
export type DemoRecord = Records[keyof Records];

/** The commands of a kind of record (the registry's entries are not typed by their commands). */
export type CommandOf<R extends DemoRecord> = R extends Records['organization']
  ? Organization.OrganizationCommand
  : R extends Records['collaborative']
    ? Collaborative.CollaborativeCommand
    : R extends Records['partnership']
      ? Partnership.PartnershipCommand
      : R extends Records['commitment']
        ? Commitment.CommitmentCommand
        : R extends Records['pledge']
          ? Pledge.PledgeCommand
          : R extends Records['risk-agreement']
            ? RiskAgreement.RiskAgreementCommand
            : R extends Records['resolution']
              ? Resolution.ResolutionCommand
              : R extends Records['meeting']
                ? Meeting.MeetingCommand
                : never;

/**
 * The record a step acts on: an id the scenario names (an organization's or the collaborative's
 * slug); a record an earlier step created, by the label its id was remembered under; or a new
 * record, whose id the demo chooses (as the ledger's HTTP API does for commitments, pledges, ...)
 * and remembers under a label.
 */
export type DemoTarget = string | { readonly label: string } | { readonly newRecord: string };

/** A record an earlier step created, by its label. */
export const idOf = (label: string): DemoTarget => ({ label });
/** A new record: the demo chooses its id and remembers it as `label`. */
export const newRecord = (label: string): DemoTarget => ({ newRecord: label });

/** Sub-record ids a command's answer holds beside the record's id (a revision, a disbursement, ...). */
export type SubRecordId = 'revisionId' | 'disbursementId' | 'settlementId' | 'goalId';

export interface DemoStep {
  /** Days relative to the day the demo is loaded (negative: in the past). */
  day: number;
  actor: DemoActor;
  record: DemoRecord;
  target: DemoTarget;
  /** The command, given the ids remembered by earlier steps and the id of the record it is sent to. */
  command: (ids: DemoIds, id: string) => Command;
  /** Remember sub-record ids from the answer under labels, e.g. { revisionId: 'revision:chw' }. */
  keep?: Partial<Record<SubRecordId, string>>;
  /** Order within a plan, to keep steps of the same day in the order written. */
  seq: number;
  /**
   * Why the step needs time to have passed since earlier ones (e.g. closing a resolution once its
   * voting period is over): such a step is recorded only in a simulated history, and left out when
   * the demo is recorded now (see loadDemo).
   */
  needsElapsedTime?: string;
}

export class DemoPlan {
  private readonly steps: DemoStep[] = [];

  /** Adds one step: on `day`, `actor` sends `command` to the record `target` of kind `record`. */
  send<R extends DemoRecord>(
    day: number,
    actor: DemoActor,
    record: R,
    target: DemoTarget,
    command: CommandOf<R> | ((ids: DemoIds, id: string) => CommandOf<R>),
    keep?: Partial<Record<SubRecordId, string>>,
  ): this {
    if (day >= 0) throw new Error(`demo steps happen in the past; day ${day} is not`);
    this.steps.push({
      day,
      actor,
      record,
      target,
      command: typeof command === 'function' ? command : () => command,
      keep,
      seq: this.steps.length,
    });
    return this;
  }

  /**
   * Adds a step that only a simulated history can hold, because it needs the days between the
   * earlier steps and this one to have passed (`why`, e.g. a resolution closed once its voting
   * period is over, some eligible organizations not having voted). Recorded now, when every step
   * happens at the same moment, the demo leaves it out.
   */
  sendOnceTimeHasPassed<R extends DemoRecord>(
    why: string,
    day: number,
    actor: DemoActor,
    record: R,
    target: DemoTarget,
    command: CommandOf<R> | ((ids: DemoIds, id: string) => CommandOf<R>),
  ): this {
    this.send(day, actor, record, target, command);
    this.steps[this.steps.length - 1].needsElapsedTime = why;
    return this;
  }

  /** The steps in time order (stable within a day). */
  ordered(): DemoStep[] {
    return [...this.steps].sort((a, b) => a.day - b.day || a.seq - b.seq);
  }
}

/** Days → a `YYYY-MM-DD` date relative to `today`. */
export function dateOf(today: Date, days: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
