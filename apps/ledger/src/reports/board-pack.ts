/**
 * The board pack: what a steering committee reads about its collaborative as of a moment — its
 * shared goals with their measurement series, commitments by status with every overdue and disputed
 * one listed, funds per funder and currency, risk settlements, the decisions adopted in the period,
 * and each member's participation — with the tree size and root hash of the ledger it was made
 * from. Only data: board-pack-pdf.ts and board-pack-html.ts write it out.
 */
import type { CommitmentCounts } from '@ledger/projections';
import type { Language } from './i18n';

export interface ExternalMoney {
  currency: string;
  amount: string;
}

export interface BoardPackCommitment {
  id: string;
  title: string;
  promisor: string;
  /** An organization's id, or the collaborative's. */
  promisee: string;
  dueDate: string;
  status: string;
}

export interface BoardPack {
  language: Language;
  collaborativeId: string;
  /** null when the collaborative did not exist yet at `asOf` (an empty report). */
  collaborative: { name: string; region: string; pathwayPhase: number } | null;
  asOf: string;
  /** Decisions adopted from this instant on are in the period. */
  from: string;
  generatedAt: string;
  /** The ledger the report was made from: every event recorded by `asOf`, as a Merkle tree. */
  integrity: { treeSize: number; rootHash: string; origin: string; keyId: string };
  goals: Array<{
    goalId: string;
    title: string;
    indicator: { name: string; unit: string; polarity: string };
    baseline: { value: string; date: string };
    target: { value: string; date: string };
    /** In period order, each value in force; `firstRecorded`: the value first recorded, when a correction replaced it. */
    measurements: Array<{ periodEnd: string; value: string; firstRecorded?: string }>;
    achieved: string | null;
  }>;
  commitments: { counts: CommitmentCounts; overdue: BoardPackCommitment[]; disputed: BoardPackCommitment[] };
  funds: Array<{ funder: string; currency: string; pledged: string; disbursed: string; outstanding: string; overdue: string }>;
  settlements: Array<{ agreement: string; periodEnd: string; pool: ExternalMoney; paid: ExternalMoney; parts: Array<{ organizationId: string; amount: ExternalMoney }> }>;
  decisions: Array<{ id: string; title: string; matter: string; adoptedAt: string; for: number; against: number; abstain: number }>;
  participation: Array<{
    organizationId: string;
    role: string;
    eligibleVotes: number;
    votesCast: number;
    participationRate: string | null;
    commitmentsMade: number;
    delivered: number;
    overdue: number;
  }>;
}

/** The counts the report shows by status, in this order (keys of CommitmentCounts, with the status word they stand for). */
export const STATUS_ROWS: ReadonlyArray<[keyof CommitmentCounts, string]> = [
  ['proposed', 'proposed'],
  ['active', 'active'],
  ['overdue', 'overdue'],
  ['deliveryClaimed', 'delivery_claimed'],
  ['disputed', 'disputed'],
  ['deliveredOnTime', 'delivered'],
  ['deliveredLate', 'delivered_late'],
  ['partiallyDelivered', 'partially_delivered'],
  ['missed', 'missed'],
  ['withdrawn', 'withdrawn'],
  ['declined', 'declined'],
];

/** The file name a board pack is served under. */
export function boardPackFileName(pack: Pick<BoardPack, 'collaborativeId' | 'asOf' | 'language'>, extension: 'pdf' | 'html'): string {
  return `board-pack-${pack.collaborativeId}-${pack.asOf.slice(0, 10)}-${pack.language}.${extension}`;
}
