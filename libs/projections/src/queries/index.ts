/**
 * The queries of LEDGER.md: the moment answered for (moment.ts), the facade the HTTP layer and
 * `ledger replay` use (read-model-queries.ts), and the pure scorecard and summary.
 */
export { answerAt, momentAt, type Moment } from './moment';
export type { Page, PageRequest } from './sql';
export { COMMITMENT_STATUS_FILTERS, type CommitmentFilter } from './commitments';
export type { PledgeFilter, FundsTotal } from './pledges';
export type { ResolutionFilter } from './governance';
export { StateReader, type RecordAt } from './state-reader';
export { scorecardOf, type Scorecard, type ScorecardFigures } from './scorecard';
export { summaryOf, type Summary, type SummaryFigures } from './summary';
export { ReadModelQueries } from './read-model-queries';
export type { InboxCandidate, InboxCandidates } from './inbox';
