/**
 * Where "now" comes from. The server always uses the system clock; `ledger demo` alone passes a
 * simulated clock so that its partnership has a year of history to travel back through. Stores
 * never let recordedAt go backwards, whatever the clock says.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
