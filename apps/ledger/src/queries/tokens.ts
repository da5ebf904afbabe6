/** The read models' storage (ReadModelStorage from @ledger/projections). */
export const READ_MODELS = Symbol('READ_MODELS');
