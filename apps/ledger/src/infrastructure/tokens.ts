/** Injection tokens for the ledger's infrastructure. */
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const SUPPORT_STORE = Symbol('SUPPORT_STORE');
