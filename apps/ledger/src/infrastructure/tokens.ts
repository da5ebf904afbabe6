/** Injection tokens for the ledger's infrastructure. */
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const SUPPORT_STORE = Symbol('SUPPORT_STORE');
/** The ledger's clock (`Clock` from @ledger/event-store): the system clock except in `ledger demo`. */
export const LEDGER_CLOCK = Symbol('LEDGER_CLOCK');
